import Foundation

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
    /// - Throws: `TooLarge` past the limit; what opening or reading the file throws.
    public static func read(_ url: URL, maximumBytes: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var data = Data()
        // A regular file says its size, refused before any byte is read; a pipe does not, and is read in chunks.
        if let size = try? handle.seekToEnd() {
            guard size <= UInt64(maximumBytes) else { throw TooLarge(size: Int(clamping: size), limit: maximumBytes) }
            try handle.seek(toOffset: 0)
            data.reserveCapacity(Int(size))
        }
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            data.append(chunk)
            guard data.count <= maximumBytes else { throw TooLarge(size: data.count, limit: maximumBytes) }
        }
        return data
    }
}
