import Foundation
import Synchronization

/// An exclusive lock on a results file for the life of one batch: `flock` on `FILE.lock` beside
/// it, which names its holder (process, host, start time) for whoever is refused.
///
/// The kernel drops the lock when the holder exits, however it exits, so a killed batch never
/// leaves a stale lock; the `.lock` file it may leave behind is taken over by the next batch.
/// After locking, the lock file must still be the one at the path (a holder that finished
/// removes it), or the lock is taken again.
public final class ResultFileLock: Sendable {
    /// The lock file's path (beside the results).
    public let path: String
    /// The locked descriptor; `nil` once released.
    private let descriptor: Mutex<Int32?>

    /// Another batch holds the lock.
    public struct Held: Error, Sendable, CustomStringConvertible {
        /// The results file another batch is writing.
        public var resultsPath: String
        /// Who holds the lock (host and process).
        public var holder: String
        /// The results file, its holder, and what to do.
        public var description: String {
            """
            \(resultsPath) is being written by another batch \
            (\(holder.isEmpty ? "holder unknown" : holder)); wait for it to finish or choose \
            another --out
            """
        }
    }

    /// Locks `resultsPath` (creating `resultsPath.lock`); throws ``Held`` when another batch has
    /// it.
    public init(resultsPath: String) throws {
        path = resultsPath + ".lock"
        for _ in 0..<8 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw ResultFile.OpenError.unreadable(
                    resultsPath,
                    "cannot create its lock file \(path) (\(String(cString: strerror(errno))))")
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let holder = Self.read(fd)
                close(fd)
                throw Held(resultsPath: resultsPath, holder: holder)
            }
            // Still the file at the path? A finishing holder may have removed it meanwhile.
            var opened = stat()
            var current = stat()
            if fstat(fd, &opened) == 0, stat(path, &current) == 0, opened.st_ino == current.st_ino,
                opened.st_dev == current.st_dev
            {
                let holder =
                    """
                    pid \(getpid()) on \(ProcessInfo.processInfo.hostName) since \
                    \(ISO8601DateFormatter().string(from: Date()))
                    """
                _ = ftruncate(fd, 0)
                _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
                descriptor = Mutex(fd)
                return
            }
            close(fd)
        }
        throw ResultFile.OpenError.unreadable(
            resultsPath, "cannot lock \(path): it keeps being replaced")
    }

    /// Removes the lock file and drops the lock, now rather than whenever the last reference goes
    /// (a worker thread may hold one a moment longer). Releasing twice does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            unlink(path)
            close(held)
            fd = nil
        }
    }

    deinit {
        release()
    }

    private static func read(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(fd, &buffer, buffer.count, 0)
        return count > 0
            ? String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(
                in: .whitespacesAndNewlines) : ""
    }
}
