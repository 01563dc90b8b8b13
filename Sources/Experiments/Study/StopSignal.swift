import Dispatch
import Foundation

/// SIGINT/SIGTERM handling for long runs: the first signal asks the work to stop starting new runs (runs in
/// flight finish and are written whole); a second one exits at once with status 130. `runs.csv` is consistent
/// either way, because every row is appended with one `write(2)` and a torn tail is dropped on resume.
public final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "cascade.signals")

    public init() {}

    /// Whether a stop was requested.
    public var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requested
    }

    /// Starts listening; `onFirst` is called once with the signal's name (on a private queue).
    public func install(onFirst: @escaping @Sendable (String) -> Void) {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in  // the source lives as long as the process (it is kept in `sources`)
                guard let self else { return }
                // Signals that arrive together are coalesced into one event whose `data` counts them: a fast
                // double Ctrl-C is still a second signal.
                let count = source.data
                self.lock.lock()
                let second = self.requested || count >= 2
                self.requested = true
                self.lock.unlock()
                if second {
                    FileHandle.standardError.write(Data("\n\(name) again: stopping now. runs.csv holds every run reported finished.\n".utf8))
                    _exit(130)
                }
                onFirst(name)
            }
            source.resume()
            sources.append(source)
        }
    }
}
