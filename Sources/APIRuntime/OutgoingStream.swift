import Foundation
import OpenAPIRuntime

/// A body sent as a sequence of elements as they are produced, never held whole: a request body that streams
/// (JSON Lines to upload, the chunks of a large file) or a server's streamed answer (server-sent events).
///
/// ```swift
/// let lines = OutgoingStream([Greeting(message: "a"), Greeting(message: "b")])   // from values at hand
/// let live = OutgoingStream(greetings)                   // from any AsyncSequence of them, read as it is sent
/// let file = OutgoingStream(body: HTTPBody(…))           // bytes: chunks of a file or another stream
/// ```
///
/// Elements are framed as the operation's media type says (`StreamFormat`). A stream made from an `AsyncSequence`
/// can be sent once, so a call that sends one is not retried, and a redirect that would send it again is not
/// followed.
public struct OutgoingStream<Element: Sendable>: Sendable {
    private let makeBody: @Sendable (StreamFormat) -> HTTPBody

    /// Elements read from `elements` while they are sent.
    public init<Elements: AsyncSequence & Sendable>(_ elements: Elements) where Elements.Element == Element {
        makeBody = { format in
            HTTPBody(
                elements.map { try StreamElementCoding.encode($0, as: format) }, length: .unknown,
                iterationBehavior: .single)
        }
    }

    /// Elements at hand; such a stream can be sent again (on a retry or a 307 redirect).
    public init(_ elements: some Sequence<Element> & Sendable) {
        makeBody = { format in
            HTTPBody(
                ReplayableElements(elements: elements).map { try StreamElementCoding.encode($0, as: format) },
                length: .unknown, iterationBehavior: .multiple)
        }
    }

    /// The body as it goes on the wire: each element framed in `format`.
    public func body(_ format: StreamFormat) -> HTTPBody {
        makeBody(format)
    }
}

extension OutgoingStream where Element == ArraySlice<UInt8> {
    /// The chunks of a body as they are (its length and whether it can be sent twice kept).
    public init(body: HTTPBody) {
        makeBody = { _ in body }
    }

    /// The bytes of a file, read a chunk at a time as they are sent (64 KiB by default), so that a file of any size
    /// is sent in the memory of one chunk. The file is opened when the body is first read.
    public static func file(at url: URL, chunkSize: Int = 64 << 10) -> OutgoingStream {
        OutgoingStream(FileChunks(url: url, chunkSize: max(1, chunkSize)))
    }
}

/// A sequence at hand as an `AsyncSequence` that can be iterated again.
private struct ReplayableElements<Elements: Sequence & Sendable>: AsyncSequence, Sendable
where Elements.Element: Sendable {
    let elements: Elements

    func makeAsyncIterator() -> Iterator { Iterator(base: elements.makeIterator()) }

    struct Iterator: AsyncIteratorProtocol {
        var base: Elements.Iterator
        mutating func next() async -> Elements.Element? { base.next() }
    }
}

/// The chunks of a file, read as they are asked for.
private struct FileChunks: AsyncSequence, Sendable {
    let url: URL
    let chunkSize: Int

    func makeAsyncIterator() -> Iterator { Iterator(url: url, chunkSize: chunkSize) }

    struct Iterator: AsyncIteratorProtocol {
        let url: URL
        let chunkSize: Int
        var handle: FileHandle?
        var isDone = false

        init(url: URL, chunkSize: Int) {
            self.url = url
            self.chunkSize = chunkSize
        }

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard !isDone else { return nil }
            if handle == nil { handle = try FileHandle(forReadingFrom: url) }
            guard let handle, let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                isDone = true
                try handle?.close()
                return nil
            }
            return ArraySlice(data)
        }
    }
}
