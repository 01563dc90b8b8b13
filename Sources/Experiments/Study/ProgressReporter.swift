import Foundation

/// Progress of a long job on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise
/// (logs, CI). Never written to result files.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private var lastPrint = Date.distantPast
    private let interval: TimeInterval

    public init(label: String, interval: TimeInterval = 5) {
        self.label = label
        self.interval = interval
    }

    public func update(done: Int, total: Int) {
        let now = Date()
        let finished = done == total
        guard finished || now.timeIntervalSince(lastPrint) >= (isTerminal ? 0.2 : interval) else { return }
        lastPrint = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let stats = String(format: "%d/%d runs  %.1f runs/s  ETA %@", done, total, rate, Self.clock(eta))
        if isTerminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(stats)\u{1B}[K\(finished ? "\n" : "")".utf8))
        } else {
            FileHandle.standardError.write(Data("\(label): \(stats)\n".utf8))
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s / 60 % 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
