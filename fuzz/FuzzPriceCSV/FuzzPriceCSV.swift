import Foundation
import Stochastic

/// One fuzz input = the bytes of a replay CSV, read with the default column names; any error is fine, a
/// trap or crash is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPriceCSV(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? PriceHistory.parse(data: data, file: "fuzz.csv", timeColumn: "unix_time_s", priceColumn: "close")
    return 0
}
