import APIRuntime
import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import OpenAPIRuntime

/// An HTTP/1.1 server on 127.0.0.1 for the streaming round trips: it hands each request to a generated router and
/// writes the answer, streaming both ways with back-pressure (SwiftNIO's `NIOAsyncChannel`: a part is read only when
/// the handler asks for it, and a write waits while the socket is full).
///
/// A request whose media type streams (`StreamFormat(mediaType:)`) reaches the handler unread, as
/// `ServerRequest.bodyStream`; others are read whole, as generated routes expect. It counts the answers that the client cut
/// short, so a test can see a client close a connection mid-stream.
final class LoopbackServer: Sendable {
    typealias Handler = @Sendable (ServerRequest) async throws -> ServerResponse?

    let url: URL
    private let channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    private let acceptor: Task<Void, Never>
    private let counters = NIOLockedValueBox(Counters())

    struct Counters: Sendable {
        var answersCutShort = 0
        var answersCompleted = 0
    }

    /// Answers that failed because the client went away before their end.
    var answersCutShort: Int { counters.withLockedValue { $0.answersCutShort } }
    var answersCompleted: Int { counters.withLockedValue { $0.answersCompleted } }

    private init(
        url: URL, channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>,
        handler: @escaping Handler
    ) {
        self.url = url
        self.channel = channel
        let counters = counters
        acceptor = Task {
            try? await channel.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await Self.serve(connection, handler: handler, counters: counters) }
                        }
                    } catch {}
                }
            }
        }
    }

    static func start(basePath: String = "/v1", handler: @escaping Handler) async throws -> LoopbackServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let port = channel.channel.localAddress?.port ?? 0
        let url = URL(string: "http://127.0.0.1:\(port)\(basePath)")!
        return LoopbackServer(url: url, channel: channel) { request in
            var request = request
            guard request.path.hasPrefix(basePath) else { return nil }
            request.path.removeFirst(basePath.count)
            return try await handler(request)
        }
    }

    func shutdown() async {
        acceptor.cancel()
        try? await channel.channel.close()
    }

    /// A server answering with `handler` for the time `test` runs, shut down after it, whether it throws or not.
    static func with(
        _ handler: @escaping Handler, _ test: (LoopbackServer) async throws -> Void
    ) async throws {
        let server = try await start(handler: handler)
        do {
            try await test(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Waits, at most 10 seconds, until the server has seen a client go away before an answer ended: it finds out
    /// when it next writes. Writes with `nudge` first, when the answer may be stalled.
    func waitUntilAnAnswerIsCutShort(nudge: (@Sendable () -> Void)? = nil) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while answersCutShort == 0 && ContinuousClock.now < deadline {
            nudge?()
            try await Task.sleep(for: .milliseconds(20))
        }
        return answersCutShort > 0
    }

    /// Reads a connection's requests one at a time, answering each before reading the next.
    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler,
        counters: NIOLockedValueBox<Counters>
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            let parts = InboundParts(inbound.makeAsyncIterator())
            while let head = try await parts.nextHead() {
                var fields = HTTPFields()
                for (name, value) in head.headers {
                    if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
                }
                let contentType = head.headers.first(name: "Content-Type") ?? ""
                let streams = StreamFormat(mediaType: contentType) != nil
                var request = ServerRequest(
                    method: HTTPRequest.Method(head.method.rawValue) ?? .get, pathAndQuery: head.uri, headers: fields)
                if streams {
                    request.bodyStream = HTTPBody(
                        RequestBodyChunks(parts: parts), length: .unknown, iterationBehavior: .single)
                } else {
                    request.body = try await parts.collectBody()
                }
                let response: ServerResponse
                do {
                    response = try await handler(request) ?? ServerResponse(status: .notFound)
                } catch {
                    response = try ServerResponse(answering: error) ?? ServerResponse(status: .internalServerError)
                }
                var headers = HTTPHeaders()
                for field in response.headers { headers.add(name: field.name.rawName, value: field.value) }
                if response.bodyStream == nil {
                    headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
                } else {
                    headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
                }
                // A body handed over as a stream may be left half read: the connection cannot be used again.
                if streams { headers.replaceOrAdd(name: "Connection", value: "close") }
                let status = HTTPResponseStatus(statusCode: response.status.code)
                do {
                    try await outbound.write(
                        .head(HTTPResponseHead(version: .http1_1, status: status, headers: headers)))
                    if let stream = response.bodyStream {
                        for try await chunk in stream {
                            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk))))
                        }
                    } else if !response.body.isEmpty {
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                    }
                    try await outbound.write(.end(nil))
                    counters.withLockedValue { $0.answersCompleted += 1 }
                } catch {
                    counters.withLockedValue { $0.answersCutShort += 1 }
                    throw error
                }
                if streams { return }
            }
        }
    }
}

/// The parts of one connection, read by one reader at a time: the connection's loop between requests, a request's
/// body stream while its handler runs.
private final class InboundParts: @unchecked Sendable {
    private var iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    private let lock = NIOLock()
    var bodyEnded = true

    init(_ iterator: NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator) {
        self.iterator = iterator
    }

    private func next() async throws -> HTTPServerRequestPart? {
        var iterator = lock.withLock { self.iterator }
        defer { lock.withLock { self.iterator = iterator } }
        return try await iterator.next()
    }

    func nextHead() async throws -> HTTPRequestHead? {
        while let part = try await next() {
            if case .head(let head) = part {
                bodyEnded = false
                return head
            }
        }
        return nil
    }

    func nextBodyChunk() async throws -> ByteBuffer? {
        guard !bodyEnded else { return nil }
        switch try await next() {
        case .body(let buffer): return buffer
        case .end, .head, nil:
            bodyEnded = true
            return nil
        }
    }

    func collectBody() async throws -> Data {
        var data = Data()
        while let chunk = try await nextBodyChunk() { data.append(contentsOf: chunk.readableBytesView) }
        return data
    }
}

private struct RequestBodyChunks: AsyncSequence, Sendable {
    let parts: InboundParts

    func makeAsyncIterator() -> Iterator { Iterator(parts: parts) }

    struct Iterator: AsyncIteratorProtocol {
        let parts: InboundParts
        mutating func next() async throws -> ArraySlice<UInt8>? {
            try await parts.nextBodyChunk().map { ArraySlice($0.readableBytesView) }
        }
    }
}
