import Foundation

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads files whose size is bounded: a spec, a fixture. The size is checked before reading where the file has one,
/// and the bytes are counted while reading, so a file that grows, or a pipe, is refused at the limit too.
public enum BoundedFile {
    /// A file longer than the limit.
    public struct TooLarge: Error, Sendable, Hashable {
        /// The file's size, or how much was read when it passed the limit.
        public var size: Int
        /// The limit in bytes.
        public var limit: Int

        /// Creates the error for a file of `size` bytes (or more) against `limit`.
        public init(size: Int, limit: Int) {
            self.size = size
            self.limit = limit
        }
    }

    /// The bytes of the file at `url`, at most `maximumBytes` of them.
    ///
    /// - Throws: `TooLarge` past the limit; a `CocoaError` naming the file when it cannot be opened or read, or
    ///   `fileReadUnsupportedScheme` when `url` is not a file URL (its path is not read as a local file's).
    public static func read(_ url: URL, maximumBytes: Int) throws -> Data {
        guard url.isFileURL else {
            throw CocoaError(.fileReadUnsupportedScheme, userInfo: [NSURLErrorKey: url])
        }
        return try read(path: url.path, maximumBytes: maximumBytes)
    }

    /// The bytes of the file at `path`, at most `maximumBytes` of them.
    ///
    /// The file is read with the system's calls directly: a directory of fixtures is read file by file, and opening
    /// each through `FileHandle` cost several times what reading it does.
    ///
    /// - Throws: `TooLarge` past the limit; a `CocoaError` naming the file when it cannot be opened or read.
    public static func read(path: String, maximumBytes: Int) throws -> Data {
        // Opened without waiting: opening a named pipe waits for a writer, forever when none comes (a FIFO left in a
        // fixture directory held `validate --fixtures` for good). Reads wait again once it is open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw fileError(errno, path: path) }
        defer { close(descriptor) }
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        // A regular file says its size, refused before any byte is read; a pipe or a device does not, and is read in
        // chunks until it ends or passes the limit.
        var chunkSize = 1 << 16
        var data = Data()
        var status = stat()
        let kind = fstat(descriptor, &status) == 0 ? status.st_mode & S_IFMT : 0
        if kind == S_IFDIR { throw fileError(EISDIR, path: path) }
        if kind == S_IFREG {
            let size = Int(status.st_size)
            guard size <= maximumBytes else { throw TooLarge(size: size, limit: maximumBytes) }
            data.reserveCapacity(size)
            // One more byte than the size, so that a file read whole ends with a read of nothing.
            chunkSize = min(chunkSize, size + 1)
        }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw fileError(errno, path: path)
            }
            if count == 0 { return data }
            data.append(contentsOf: chunk[..<count])
            guard data.count <= maximumBytes else { throw TooLarge(size: data.count, limit: maximumBytes) }
        }
    }

    /// The absolute path of `path` with every symbolic link, `.` and `..` resolved, or nil when it does not exist:
    /// what a check that a file lies under a directory must compare.
    package static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The error Foundation's file APIs throw for `code`, naming the file; its description says why.
    private static func fileError(_ code: Int32, path: String) -> CocoaError {
        var userInfo: [String: Any] = [NSFilePathErrorKey: path]
        let reason: CocoaError.Code
        switch code {
        case ENOENT, ENOTDIR: reason = .fileReadNoSuchFile
        case EACCES, EPERM: reason = .fileReadNoPermission
        default:
            reason = .fileReadUnknown
            userInfo[NSLocalizedDescriptionKey] = String(cString: strerror(code))
        }
        if let posix = POSIXErrorCode(rawValue: code) { userInfo[NSUnderlyingErrorKey] = POSIXError(posix) }
        return CocoaError(reason, userInfo: userInfo)
    }

    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Darwin)
            Darwin.read(descriptor, buffer, count)
        #elseif canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
            Musl.read(descriptor, buffer, count)
        #endif
    }
}
