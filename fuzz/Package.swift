// swift-tools-version:6.0
//
// libFuzzer targets for Cascade's input readers (see fuzz/README.md). Built by fuzz/run.sh with
// `swift build -c release --sanitize=fuzzer`, which instruments every target (ours, TOMLKit's toml++) and
// links libFuzzer's main; each target's only function is `LLVMFuzzerTestOneInput`.
import Foundation
import PackageDescription

// A path dependency's identity is its folder name (e.g. the worktree's), so compute it rather than spell it.
let cascadeRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let cascade = cascadeRoot.lastPathComponent

let package = Package(
    name: "CascadeFuzz",
    dependencies: [.package(path: cascadeRoot.path)],
    targets: [
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "Experiments", package: cascade)],
                          path: "FuzzScenario"),
        .executableTarget(name: "FuzzPriceCSV", dependencies: [.product(name: "Stochastic", package: cascade)],
                          path: "FuzzPriceCSV"),
    ],
    swiftLanguageModes: [.v5]
)
