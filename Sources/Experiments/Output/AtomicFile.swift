import Foundation

/// Writes whole files so that a reader sees either the old file or the complete new one, never a torn one:
/// the bytes go to a temporary file beside the target, are flushed with `fsync`, then renamed over it.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: "cannot create \(temporary): \(errnoText())") }
        do {
            try FileDescriptorWriter.writeAll(fd: fd, text, path: path)
            guard fsync(fd) == 0 else { throw OutputError(path: path, reason: "fsync failed: \(errnoText())") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw OutputError(path: path, reason: "cannot rename the finished file into place: \(reason)")
        }
    }
}

/// Raw `write(2)` loops, so a full disk or a closed pipe is an error we report, not a silent short write.
enum FileDescriptorWriter {
    static func writeAll(fd: Int32, _ text: String, path: String) throws {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: path, reason: "write failed after \(offset) of \(bytes.count) bytes: \(errnoText())")
            }
            offset += n
        }
        bytes.removeAll()
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }

/// Creates the output folder (and parents), refusing a path that exists as a file.
public func prepareOutputDirectory(_ path: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else { throw OutputError(path: path, reason: "exists and is not a directory, expected an output folder") }
    } else {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw OutputError(path: path, reason: "cannot create the output folder: \(error.localizedDescription)")
        }
    }
    guard access(path, W_OK) == 0 else { throw OutputError(path: path, reason: "the output folder is not writable") }
}
