// Built with the `FakeServer` trait only: it is what needs SwiftNIO, which packages without the trait never resolve.
#if FakeServer
    import APIRuntime
    import APITracing
    import Foundation
    import HTTPTypes
    import NIOCore
    import NIOHTTP1
    import NIOPosix
    import PyrusAPI
    import Tracing

    /// A `PyrusFake` served over HTTP/1.1 on the loopback interface, by SwiftNIO.
    ///
    /// ```swift
    /// let server = try await PyrusFakeServer.start(fake: PyrusFake())   // an ephemeral port on 127.0.0.1
    /// let pyrus = PyrusClient(accessToken: "x", serverURL: server.url)
    /// …
    /// try await server.shutdown()
    /// ```
    ///
    /// It stays up whatever a client sends: request bodies are limited (413), a request must arrive whole within a
    /// time limit (408, then the connection closes), requests are read one at a time and not at all while answers wait
    /// to be read (a client that pipelines without reading stalls only itself), malformed HTTP gets a JSON 400 and a
    /// closed connection, and running out of file descriptors makes it refuse the connections that wait, one by one,
    /// rather than spin.
    public final class PyrusFakeServer: Sendable {
        /// What one connection may cost.
        public struct Limits: Sendable {
            /// The most bytes of a request body; larger requests are answered 413 and the connection is closed.
            public var maximumRequestBytes: Int
            /// How long a request may take to arrive, from the first byte to its end; slower ones are answered 408 and
            /// closed. An idle keep-alive connection is closed after the same time.
            public var requestTimeout: TimeAmount

            /// Creates limits; the defaults (1 MiB, 10 s) are far above what the Pyrus API's requests need.
            public init(maximumRequestBytes: Int = 1 << 20, requestTimeout: TimeAmount = .seconds(10)) {
                self.maximumRequestBytes = maximumRequestBytes
                self.requestTimeout = requestTimeout
            }
        }

        /// The fake that answers.
        public let fake: PyrusFake
        /// The port the server listens on.
        public let port: Int
        private let channel: any Channel

        /// The base URL to point a client at: `http://127.0.0.1:PORT/v4`.
        public let url: URL

        private init(fake: PyrusFake, port: Int, url: URL, channel: any Channel) {
            self.fake = fake
            self.port = port
            self.url = url
            self.channel = channel
        }

        /// Starts listening on 127.0.0.1 (and only there); port 0 picks a free port.
        ///
        /// Each request is answered in a server span of `tracer` (the one bootstrapped into `InstrumentationSystem`
        /// when nil) that continues the trace the request's `traceparent` carries, named after the operation's route
        /// (`GET /v4/members/{id}`).
        public static func start(
            fake: PyrusFake, port: Int = 0, limits: Limits = Limits(), tracer: (any Tracer)? = nil
        ) async throws -> PyrusFakeServer {
            // With no file descriptor left, a connection that waits is accepted into the reserve and closed, so the
            // event loop does not spin on a socket it cannot accept from (DescriptorReserve.swift says why). The
            // listening socket and its connections share one event loop, so a connection to be shed is closed, and
            // the reserve taken again, before the next `accept`: with connections on other threads, the loop that
            // accepts called `accept` again and again until another thread had closed the one shed.
            let reserve = DescriptorReserve()
            let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton.next())
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DescriptorExhaustionHandler(reserve: reserve))
                        try channel.pipeline.syncOperations.addHandler(AcceptBackoffHandler())
                    }
                }
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.writeBufferWaterMark, value: .init(low: 32 << 10, high: 64 << 10))
                .childChannelInitializer { channel in
                    if reserve.shedsNext() {
                        return channel.close().always { _ in reserve.retake() }
                    }
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                            withPipeliningAssistance: false, withErrorHandling: false)
                        try channel.pipeline.syncOperations.addHandler(
                            FakeHTTPHandler(fake: fake, limits: limits, tracer: tracer))
                    }
                }
                .bind(host: "127.0.0.1", port: port)
                .get()
            guard let boundPort = channel.localAddress?.port, let url = URL(string: "http://127.0.0.1:\(boundPort)/v4")
            else {
                try await channel.close()
                throw ServerError(description: "the server did not report the port it listens on")
            }
            let server = PyrusFakeServer(fake: fake, port: boundPort, url: url, channel: channel)
            fake.apiURL = url.absoluteString + "/"
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

    /// Reads HTTP requests one at a time, has the fake answer each, writes the answers in order.
    ///
    /// Back-pressure: reading stops while a request is being answered, while parsed requests wait their turn, and
    /// while the socket does not take more output, and the next answer is made only once the socket takes more; so
    /// neither a pipelining client nor one that never reads can make the server hold more than one read's worth of
    /// requests and one answer, however large the answers.
    private final class FakeHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundIn = Never
        typealias OutboundOut = HTTPServerResponsePart

        private struct Pending {
            var head: HTTPRequestHead
            var body: Data
        }

        let fake: PyrusFake
        let limits: PyrusFakeServer.Limits
        let tracer: (any Tracer)?
        /// The request being read.
        private var head: HTTPRequestHead?
        private var body = ByteBuffer()
        /// Set after an answer that ends the connection: nothing more is read or answered.
        private var isClosing = false
        /// Complete requests not yet answered, in order.
        private var queue: [Pending] = []
        private var isAnswering = false
        private var readIsPending = false
        private var inputIsClosed = false
        private var requestDeadline: Scheduled<Void>?

        init(fake: PyrusFake, limits: PyrusFakeServer.Limits, tracer: (any Tracer)?) {
            self.fake = fake
            self.limits = limits
            self.tracer = tracer
        }

        // MARK: - Reading

        func channelActive(context: ChannelHandlerContext) {
            armDeadline(context: context)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            requestDeadline?.cancel()
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !isClosing else { return }
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
                if let length = head.headers.first(name: "Content-Length").flatMap(Int.init),
                    length > limits.maximumRequestBytes
                {
                    refuse(.contentTooLarge, tooLargeMessage, code: "limit_exceeded", context: context)
                }
            case .body(var chunk):
                guard head != nil else { return }
                if body.readableBytes + chunk.readableBytes > limits.maximumRequestBytes {
                    refuse(.contentTooLarge, tooLargeMessage, code: "limit_exceeded", context: context)
                    return
                }
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                self.head = nil
                requestDeadline?.cancel()
                queue.append(Pending(head: head, body: Data(body.readableBytesView)))
                body = ByteBuffer()
                answerNext(context: context)
            }
        }

        private var tooLargeMessage: String {
            "the request is larger than \(limits.maximumRequestBytes) bytes, the most this server reads"
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case ChannelEvent.inputClosed = event {
                // A client that half-closed still gets the answers to what it sent; then the connection ends.
                inputIsClosed = true
                if !isAnswering && queue.isEmpty { context.close(promise: nil) }
                return
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if error is HTTPParserError {
                refuse(
                    .badRequest, "the request is not valid HTTP/1.1: \(error)", code: "invalid_request",
                    context: context)
            } else {
                context.close(promise: nil)
            }
        }

        /// Reads only when nothing waits to be answered and the socket takes more output.
        func read(context: ChannelHandlerContext) {
            if isClosing { return }
            if isAnswering || !queue.isEmpty || !context.channel.isWritable {
                readIsPending = true
            } else {
                context.read()
            }
        }

        func channelWritabilityChanged(context: ChannelHandlerContext) {
            if context.channel.isWritable, !isAnswering, !queue.isEmpty {
                answerNext(context: context)
            } else {
                resumeReading(context: context)
            }
            context.fireChannelWritabilityChanged()
        }

        private func resumeReading(context: ChannelHandlerContext) {
            guard readIsPending, !isAnswering, queue.isEmpty, context.channel.isWritable, !isClosing else { return }
            readIsPending = false
            context.read()
        }

        /// Closes connections whose next request does not arrive whole in time.
        private func armDeadline(context: ChannelHandlerContext) {
            requestDeadline?.cancel()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            requestDeadline = context.eventLoop.scheduleTask(in: limits.requestTimeout) {
                let (handler, context) = loopBound.value
                guard !handler.isClosing else { return }
                if handler.head != nil {
                    handler.refuse(
                        .requestTimeout, "the request did not arrive within the server's time limit", code: "timeout",
                        context: context)
                } else {
                    context.close(promise: nil)
                }
            }
        }

        // MARK: - Answering

        private func answerNext(context: ChannelHandlerContext) {
            guard !isAnswering, !isClosing, !queue.isEmpty else { return }
            let pending = queue.removeFirst()
            isAnswering = true
            let request = Self.serverRequest(pending.head, body: pending.body)
            let keepAlive = pending.head.isKeepAlive
            let version = pending.head.version
            let promise = context.eventLoop.makePromise(of: ServerResponse.self)
            let fake = fake
            let tracer = tracer
            promise.completeWithTask { await Self.answer(request, by: fake, tracer: tracer) }
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            promise.futureResult.whenSuccess { response in
                let (handler, context) = loopBound.value
                handler.isAnswering = false
                let closes = !keepAlive || (handler.inputIsClosed && handler.queue.isEmpty)
                handler.write(response, version: version, close: closes, context: context)
                guard !closes else { return }
                if handler.queue.isEmpty {
                    handler.armDeadline(context: context)
                    handler.resumeReading(context: context)
                } else if context.channel.isWritable {
                    handler.answerNext(context: context)
                }
                // Else the next answer waits until the client has read this one (`channelWritabilityChanged`): one
                // read can hold a thousand pipelined requests, and their answers must not pile up unread.
            }
        }

        /// Answers with an error and closes the connection: what comes after a refused request cannot be trusted.
        private func refuse(
            _ status: HTTPResponse.Status, _ message: String, code: String, context: ChannelHandlerContext
        ) {
            guard !isClosing else { return }
            head = nil
            queue.removeAll()
            requestDeadline?.cancel()
            write(PyrusFake.error(status, message, code: code), version: .http1_1, close: true, context: context)
        }

        private func write(
            _ response: ServerResponse, version: HTTPVersion, close: Bool, context: ChannelHandlerContext
        ) {
            var headers = HTTPHeaders()
            for field in response.headers { headers.add(name: field.name.rawName, value: field.value) }
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            if close {
                isClosing = true
                headers.replaceOrAdd(name: "Connection", value: "close")
            }
            let status = HTTPResponseStatus(
                statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase)
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if close {
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.whenComplete { _ in loopBound.value.close(promise: nil) }
            }
        }

        /// The fake's answer, in a server span that continues the trace the request carries.
        private static func answer(_ request: ServerRequest, by fake: PyrusFake, tracer: (any Tracer)?) async
            -> ServerResponse
        {
            let tracer = tracer ?? InstrumentationSystem.tracer
            var context = ServiceContext.topLevel
            tracer.extract(request.headers, into: &context, using: HTTPFieldsExtractor())
            let route = fake.route(of: request)
            let name = "\(request.method.rawValue) \(route?.template ?? "unknown route")"
            return await tracer.withSpan(name, context: context, ofKind: .server) { span in
                span.attributes["http.request.method"] = request.method.rawValue
                if let route {
                    span.attributes["http.route"] = route.template
                    if let operationID = route.operationID { span.attributes["openapi.operation_id"] = operationID }
                }
                let response = await fake.handle(request)
                span.attributes["http.response.status_code"] = response.status.code
                if response.status.code >= 500 { span.setStatus(SpanStatus(code: .error)) }
                return response
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
#endif
