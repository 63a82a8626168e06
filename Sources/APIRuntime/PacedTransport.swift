import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A transport whose request bodies are read no faster than `pace` lets them: once a body has given `interval`
/// bytes since it last waited (1 MiB by default), it waits for `pace()` to return before its next chunk.
///
/// AsyncHTTPClient writes a streamed request body by queueing each chunk on its event loop and asking for the next
/// one at once; it stops asking only once the event loop has run the queued writes and found the socket full. While
/// the event loop is busy (a loaded machine, a slow reader), the queue of chunks grows without bound: a 1 GiB upload
/// took a client to 264 MiB here while another build ran. With `pace` waiting until the event loops have run what was
/// queued before it, at most `interval` bytes (and a chunk) wait beyond the socket's own buffer.
/// `PyrusClient.makeDefaultTransport()` on Linux is paced so; wrap your own AsyncHTTPClient transport the same way:
///
/// ```swift
/// let group = HTTPClient.defaultEventLoopGroup
/// let transport = PacedTransport(AsyncHTTPClientTransport(configuration: .init(client: client))) {
///     for loop in group.makeIterator() { try await loop.submit {}.get() }
/// }
/// ```
///
/// The cost is one wait per `interval` bytes: a wait per 64 KiB chunk made a 1 GiB upload on loopback 3.5× slower,
/// one per MiB costs a few percent (RESULTS.md §13).
public struct PacedTransport: ClientTransport {
    private let base: any ClientTransport
    private let interval: Int
    private let pace: @Sendable () async throws -> Void

    /// Wraps `base` so that a request body waits for `pace` after every `interval` bytes (at least one byte).
    public init(
        _ base: any ClientTransport, interval: Int = 1 << 20, pace: @escaping @Sendable () async throws -> Void
    ) {
        self.base = base
        self.interval = max(1, interval)
        self.pace = pace
    }

    /// Sends the request through the wrapped transport, its body paced.
    public func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let paced = body.map { body in
            HTTPBody(
                PacedChunks(body: body, interval: interval, pace: pace), length: body.length,
                iterationBehavior: body.iterationBehavior)
        }
        return try await base.send(request, body: paced, baseURL: baseURL, operationID: operationID)
    }
}

/// A body's chunks with a wait for `pace` before the next chunk once `interval` bytes went since the last wait.
private struct PacedChunks: AsyncSequence, Sendable {
    typealias Element = HTTPBody.ByteChunk

    let body: HTTPBody
    let interval: Int
    let pace: @Sendable () async throws -> Void

    func makeAsyncIterator() -> Iterator {
        Iterator(base: body.makeAsyncIterator(), interval: interval, pace: pace)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: HTTPBody.AsyncIterator
        let interval: Int
        let pace: @Sendable () async throws -> Void
        var sinceLastWait = 0

        mutating func next() async throws -> HTTPBody.ByteChunk? {
            if sinceLastWait >= interval {
                try await pace()
                sinceLastWait = 0
            }
            let chunk = try await base.next()
            sinceLastWait += chunk?.count ?? 0
            return chunk
        }
    }
}
