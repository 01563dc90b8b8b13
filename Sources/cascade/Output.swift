import Foundation

/// Writes text to stdout or stderr unbuffered (progress and timings go to stderr, never into result files).
enum FileHandleOutput {
    case standardOutput, standardError

    func write(_ text: String) {
        let handle = self == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data(text.utf8))
    }
}
