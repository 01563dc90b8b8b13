import Dispatch
import Foundation

/// Runs the runs of a sweep (or of one shard) on worker threads and streams their rows to `runs.csv`.
///
/// Workers claim runs in run_id order and a reorder buffer writes each row only when every earlier row of
/// this shard has been written, so the file is always a prefix of the shard's runs in run_id order: the
/// bytes do not depend on the number of threads, a kill loses at most the rows in flight, and `--resume`
/// continues exactly where the prefix ends. Memory is bounded by the reorder window, not the run count.
///
/// A study with detail tables (``SweepLayout/details``) also gets their files beside runs.csv, in the same
/// run_id order: each batch's detail rows are written before its runs.csv rows, so every run in runs.csv has
/// its detail rows on disk, and `--resume` cuts each detail file back to the runs runs.csv holds.
public enum SweepExecutor {
    public struct Report: Sendable {
        /// Runs finished by this invocation.
        public var completed: Int
        /// Runs found already finished in runs.csv (resume).
        public var skipped: Int
        /// Runs of this shard not run because the sweep was asked to stop.
        public var remaining: Int
        public var failed: Int
        public var droppedTornLine: Bool
    }

    /// - Parameters:
    ///   - shouldStop: polled before each run is started (set by SIGINT/SIGTERM handling).
    ///   - progress: called (under the writer's lock) after each finished run with (done, total).
    ///   - run: executes one run; must be deterministic in its job and thread-safe.
    /// - Parameter detailPaths: where each of the layout's detail tables goes, in order (empty: not written).
    public static func execute(
        layout: SweepLayout, shard: Shard, jobs: Int, runsPath: String, detailPaths: [String] = [], resume: Bool,
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: ((Int, Int) -> Void)? = nil,
        run: @escaping @Sendable (SweepJob) -> RunOutcome
    ) throws -> Report {
        let header = layout.header
        var finished = Set<Int>()
        var torn = false
        if resume {
            if let existing = try RunsFile.recover(path: runsPath, header: header) {
                finished = existing.finishedRunIDs
                torn = existing.droppedTornLine
            }
        } else if RunsFile.holdsResults(path: runsPath) {
            throw OutputError(path: runsPath, reason: "already holds results; pass --resume to continue that sweep, or choose another --out folder")
        }
        precondition(detailPaths.isEmpty || detailPaths.count == layout.details.count, "one path per detail table")
        var detailFiles: [RunsFile] = []
        for (k, detailPath) in detailPaths.enumerated() {
            if resume {
                try RunsFile.recoverDetails(path: detailPath, header: layout.detailHeader(k), keeping: finished)
            } else if RunsFile.holdsResults(path: detailPath) {
                throw OutputError(path: detailPath, reason: "already holds results; pass --resume to continue that sweep, or choose another --out folder")
            }
            detailFiles.append(try RunsFile(path: detailPath, header: layout.detailHeader(k)))
        }
        let todo = (0..<layout.runCount).filter { shard.contains(runID: $0) && !finished.contains($0) }
        let file = try RunsFile(path: runsPath, header: header)
        let state = ExecutorState(total: todo.count, file: file, detailFiles: detailFiles, progress: progress)
        let workers = max(1, min(jobs, todo.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = state.claim(stop: shouldStop) {
                let job = layout.job(runID: todo[k])
                let outcome = run(job)
                let line = layout.line(for: job, outcome: outcome)
                let details = (0..<state.detailCount).map { layout.detailLines($0, for: job, outcome: outcome) }
                state.finish(k, line: line, details: details, failed: { if case .failed = outcome { return true }; return false }())
            }
        }
        if let error = state.error {
            // Whatever is reported as finished must be on disk: flush the whole rows that made it.
            let synced = (try? file.sync()) != nil
            throw OutputError(path: runsPath, reason: "\(error.reason); \(state.written) run(s) of this invocation were saved "
                + "in it before the failure\(finished.isEmpty ? "" : " (plus \(finished.count) from before)")"
                + (synced ? "" : ", but it could not be flushed to disk"))
        }
        for f in detailFiles { try f.sync() }
        try file.sync()
        return Report(completed: state.written, skipped: finished.count, remaining: todo.count - state.written,
                      failed: state.failedCount, droppedTornLine: torn)
    }
}

/// The executor's shared state, guarded by one lock: the claim counter, the reorder buffer, and the file and
/// progress callback, which are only used with the lock held (so the workers can share them).
private final class ExecutorState: @unchecked Sendable {
    private let lock = NSLock()
    let total: Int
    private let file: RunsFile
    private let detailFiles: [RunsFile]
    /// How many detail files are written (set once, read by the workers without the lock).
    let detailCount: Int
    private let progress: ((Int, Int) -> Void)?
    private var next = 0
    private var pending: [Int: (line: String, details: [String])] = [:]
    private var nextToWrite = 0
    private(set) var written = 0
    private(set) var failedCount = 0
    private(set) var error: OutputError?

    init(total: Int, file: RunsFile, detailFiles: [RunsFile], progress: ((Int, Int) -> Void)?) {
        self.total = total
        self.file = file
        self.detailFiles = detailFiles
        detailCount = detailFiles.count
        self.progress = progress
    }

    func claim(stop: () -> Bool) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard error == nil, next < total, !stop() else { return nil }
        defer { next += 1 }
        return next
    }

    func finish(_ k: Int, line: String, details: [String], failed: Bool) {
        lock.lock(); defer { lock.unlock() }
        if failed { failedCount += 1 }
        pending[k] = (line, details)
        guard error == nil else { return }
        var batch = ""
        var detailBatches = Array(repeating: "", count: detailCount)
        var count = 0
        while let l = pending.removeValue(forKey: nextToWrite) {
            batch += l.line
            for t in 0..<detailCount { detailBatches[t] += l.details[t] }
            nextToWrite += 1
            count += 1
        }
        guard count > 0 else { return }
        do {
            // Details first: a run in runs.csv always has its detail rows on disk.
            for (t, f) in detailFiles.enumerated() where !detailBatches[t].isEmpty { try f.append(detailBatches[t]) }
            try file.append(batch)
            written += count
            progress?(written, total)
        } catch {
            self.error = error as? OutputError ?? OutputError(path: file.path, reason: "\(error)")
        }
    }
}
