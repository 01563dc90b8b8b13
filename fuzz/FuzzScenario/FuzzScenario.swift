import Experiments
import Foundation

/// One fuzz input = the bytes of a scenario file. Reading it may fail with any error; it must never trap,
/// hang or crash. The path is inside `Scenarios/` so relative `file` keys resolve against real data.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? Scenario.load(path: fuzzScenarioPath, data: data)
    return 0
}

private let fuzzScenarioPath: String = {
    let here = URL(fileURLWithPath: #filePath)  // fuzz/FuzzScenario/FuzzScenario.swift
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios/fuzz-input.toml").path
}()
