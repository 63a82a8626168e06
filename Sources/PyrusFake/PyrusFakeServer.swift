import APIRuntime
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOPosix

/// A `PyrusFake` served over HTTP/1.1 on the loopback interface, by SwiftNIO.
///
/// ```swift
/// let server = try await PyrusFakeServer.start(fake: PyrusFake())   // an ephemeral port on 127.0.0.1
/// let pyrus = PyrusClient(accessToken: "x", serverURL: server.url)
/// …
/// try await server.shutdown()
/// ```
public final class PyrusFakeServer: Sendable {
    /// The fake that answers.
    public let fake: PyrusFake
    /// The port the server listens on.
    public let port: Int
    private let channel: any Channel

    /// The base URL to point a client at: `http://127.0.0.1:PORT/v4`.
    public var url: String { "http://127.0.0.1:\(port)/v4" }

    private init(fake: PyrusFake, port: Int, channel: any Channel) {
        self.fake = fake
        self.port = port
        self.channel = channel
    }

    /// Starts listening on 127.0.0.1 (and only there); port 0 picks a free port.
    public static func start(fake: PyrusFake, port: Int = 0) async throws -> PyrusFakeServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(FakeHTTPHandler(fake: fake))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        guard let boundPort = channel.localAddress?.port else {
            try await channel.close()
            throw ServerError(description: "the server did not report the port it listens on")
        }
        let server = PyrusFakeServer(fake: fake, port: boundPort, channel: channel)
        fake.apiURL = server.url + "/"
        return server
    }

    /// Stops listening and closes the listening socket.
    public func shutdown() async throws {
        try await channel.close()
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
    }
}

/// Collects one HTTP request, has the fake answer it, writes the answer.
private final class FakeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let fake: PyrusFake
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(fake: PyrusFake) {
        self.fake = fake
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            let request = Self.serverRequest(head, body: Data(body.readableBytesView))
            let keepAlive = head.isKeepAlive
            let version = head.version
            let promise = context.eventLoop.makePromise(of: ServerResponse.self)
            let fake = fake
            promise.completeWithTask { await fake.handle(request) }
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            promise.futureResult.whenSuccess { response in
                let (handler, context) = loopBound.value
                handler.write(response, version: version, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(
        _ response: ServerResponse, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext
    ) {
        var headers = HTTPHeaders()
        for field in response.headers { headers.add(name: field.name.rawName, value: field.value) }
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in loopBound.value.close(promise: nil) }
        }
    }

    private static func serverRequest(_ head: HTTPRequestHead, body: Data) -> ServerRequest {
        var fields = HTTPFields()
        for (name, value) in head.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        return ServerRequest(
            method: HTTPRequest.Method(head.method.rawValue) ?? .get, pathAndQuery: head.uri, headers: fields,
            body: body)
    }
}
