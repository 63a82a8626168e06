import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A transport whose request bodies are read no faster than `pace` lets them: before each chunk after the first,
/// the body waits for `pace()` to return.
///
/// AsyncHTTPClient writes a streamed request body by queueing each chunk on its event loop and asking for the next
/// one at once; it stops asking only once the event loop has run the queued writes and found the socket full. While
/// the event loop is busy (a loaded machine, a slow reader), the queue of chunks grows without bound: a 1 GiB upload
/// took a client to 264 MiB here while another build ran. With `pace` waiting until the event loops have run what was
/// queued before it, at most one chunk waits beyond the socket's own buffer. `PyrusClient.makeDefaultTransport()`
/// on Linux is paced so; wrap your own AsyncHTTPClient transport the same way:
///
/// ```swift
/// let group = HTTPClient.defaultEventLoopGroup
/// let transport = PacedTransport(AsyncHTTPClientTransport(configuration: .init(client: client))) {
///     for loop in group.makeIterator() { try await loop.submit {}.get() }
/// }
/// ```
///
/// Bodies whose length is known and small are paced too; the cost is one wait per chunk.
public struct PacedTransport: ClientTransport {
    private let base: any ClientTransport
    private let pace: @Sendable () async throws -> Void

    /// Wraps `base` so that each request body chunk after the first waits for `pace`.
    public init(_ base: any ClientTransport, pace: @escaping @Sendable () async throws -> Void) {
        self.base = base
        self.pace = pace
    }

    /// Sends the request through the wrapped transport, its body paced.
    public func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let paced = body.map { body in
            HTTPBody(
                PacedChunks(body: body, pace: pace), length: body.length, iterationBehavior: body.iterationBehavior)
        }
        return try await base.send(request, body: paced, baseURL: baseURL, operationID: operationID)
    }
}

/// A body's chunks with a wait for `pace` before each one after the first.
private struct PacedChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    let body: HTTPBody
    let pace: @Sendable () async throws -> Void

    func makeAsyncIterator() -> Iterator { Iterator(base: body.makeAsyncIterator(), pace: pace) }

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPBody.AsyncIterator
        let pace: @Sendable () async throws -> Void
        var isFirst = true

        mutating func next() async throws -> HTTPBody.ByteChunk? {
            if !isFirst { try await pace() }
            isFirst = false
            return try await base.next()
        }
    }
}
