import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PyrusKitTestSupport
import Synchronization

/// A server on a loopback address that answers as an attacker would: redirects elsewhere, bodies that never end,
/// answers that stall. It records every request it receives (method, path, headers), so a test can show what
/// reached it. Every stream it writes stops when the client goes away, and `shutdown()` ends it.
final class HostileServer: Sendable {
    /// What the server does with a request.
    enum Behavior: Sendable {
        /// An ordinary answer.
        case respond(status: Int, headers: [(String, String)], body: String)
        /// A 200 head without a length, then 64 KiB chunks for as long as the client reads.
        case endlessBody
        /// A 200 head with a length, a few bytes, then nothing.
        case stall
    }

    /// A request as it arrived.
    struct Received: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
    }

    let host: String
    let port: Int
    private let channel: any Channel
    private let log: Log

    /// Every request received so far.
    var requests: [Received] { log.received.withLock { $0 } }

    /// `http://host:port`.
    var url: String { "http://\(host):\(port)" }

    private init(host: String, port: Int, channel: any Channel, log: Log) {
        self.host = host
        self.port = port
        self.channel = channel
        self.log = log
    }

    /// Starts on `host` (a loopback address) and an ephemeral port; `behavior` picks the answer per request.
    static func start(
        host: String = "127.0.0.1", behavior: @escaping @Sendable (Received) -> Behavior
    ) async throws -> HostileServer {
        let log = Log()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(log: log, behavior: behavior))
                }
            }
            .bind(host: host, port: 0)
            .get()
        guard let port = channel.localAddress?.port else { throw CocoaError(.fileNoSuchFile) }
        return HostileServer(host: host, port: port, channel: channel, log: log)
    }

    func shutdown() async throws {
        try await channel.close()
    }

    private final class Log: Sendable {
        let received = Mutex<[Received]>([])
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let log: Log
        let behavior: @Sendable (Received) -> Behavior
        private var current: Received?

        init(log: Log, behavior: @escaping @Sendable (Received) -> Behavior) {
            self.log = log
            self.behavior = behavior
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                var headers: [String: String] = [:]
                for (name, value) in head.headers { headers[name.lowercased()] = value }
                current = Received(method: head.method.rawValue, uri: head.uri, headers: headers)
            case .body:
                break
            case .end:
                guard let request = current else { return }
                log.received.withLock { $0.append(request) }
                answer(behavior(request), context: context)
            }
        }

        private func answer(_ behavior: Behavior, context: ChannelHandlerContext) {
            switch behavior {
            case .respond(let status, let fields, let body):
                var headers = HTTPHeaders(fields)
                headers.replaceOrAdd(name: "Content-Length", value: String(body.utf8.count))
                let head = HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .endlessBody:
                let head = HTTPResponseHead(
                    version: .http1_1, status: .ok, headers: ["Content-Type": "application/json"])
                context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
                writeForever(context: context, chunk: ByteBuffer(repeating: UInt8(ascii: " "), count: 64 << 10))
            case .stall:
                let head = HTTPResponseHead(
                    version: .http1_1, status: .ok,
                    headers: ["Content-Type": "application/json", "Content-Length": "100"])
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(
                    wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{\"members\": [")))), promise: nil)
            }
        }

        /// Writes the next chunk once the previous one was taken by the socket; stops when the client is gone.
        private func writeForever(context: ChannelHandlerContext, chunk: ByteBuffer) {
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let eventLoop = context.eventLoop
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).whenSuccess {
                // A write can complete at once; going through the event loop keeps the stack flat.
                eventLoop.execute {
                    let (handler, context) = loopBound.value
                    guard context.channel.isActive else { return }
                    handler.writeForever(context: context, chunk: chunk)
                }
            }
        }
    }
}

/// A TCP connection for tests that speak raw bytes to a server: hostile requests, pipelining, half-close.
///
/// Its reads block a thread of their own, never one of Swift concurrency's few threads, which the server under test
/// needs.
final class RawConnection: @unchecked Sendable {
    private let socket: Int32

    /// Connects to `host:port` with receive timeouts of `timeout` seconds.
    ///
    /// The default is generous: `swift test` runs every suite at once, and on two cores a server under test can wait
    /// seconds for a thread before it answers. A read still returns as soon as the server answers or closes, so a test
    /// that expects the server to close takes as long as the server does.
    init(host: String = "127.0.0.1", port: Int, timeout: Int = 30) throws {
        socket = RawSocket.open()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            throw CocoaError(.fileReadUnknown)
        }
    }

    deinit { close(socket) }

    /// Sends all of `text`.
    func send(_ text: String) {
        send(Data(text.utf8))
    }

    /// Sends all of `data`; stops quietly when the peer has closed.
    func send(_ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = RawSocket.send(socket, buffer.baseAddress! + offset, buffer.count - offset)
                if sent <= 0 { return }
                offset += sent
            }
        }
    }

    /// Closes the sending side; the server sees end of input.
    func shutdownWriting() {
        shutdown(socket, Int32(SHUT_WR))
    }

    /// Reads until the peer closes or the timeout passes; returns what arrived and whether the peer closed.
    func readAll() async -> (text: String, closed: Bool) {
        await offThePool { self.blockingReadAll() }
    }

    /// Reads until `text` holds `count` HTTP answers (status lines) or the timeout passes.
    func readAnswers(_ count: Int) async -> String {
        await offThePool { self.blockingReadAnswers(count) }
    }

    private func blockingReadAll() -> (text: String, closed: Bool) {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            // A reset (the peer closed with input unread) ends the connection as surely as a close.
            if count == 0 || (count < 0 && errno == ECONNRESET) { return (String(decoding: data, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: data, as: UTF8.self), false) }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    private func blockingReadAnswers(_ count: Int) -> String {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while String(decoding: data, as: UTF8.self).components(separatedBy: "HTTP/1.1 ").count - 1 < count {
            let received = recv(socket, &buffer, buffer.count, 0)
            if received <= 0 { break }
            data.append(contentsOf: buffer[0..<received])
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The few socket calls that differ between Linux and Apple platforms: the stream type's spelling, and how a write to
/// a closed peer is kept from raising SIGPIPE (a flag per send on Linux, a socket option on Darwin).
enum RawSocket {
    /// A TCP socket.
    static func open() -> Int32 {
        #if canImport(Glibc)
            return Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #elseif canImport(Darwin)
            let descriptor = Darwin.socket(AF_INET, SOCK_STREAM, 0)
            var on: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
            return descriptor
        #else
            #error("RawSocket needs Glibc or Darwin")
        #endif
    }

    /// `send(2)` without SIGPIPE.
    static func send(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.send(descriptor, bytes, count, Int32(MSG_NOSIGNAL))
        #elseif canImport(Darwin)
            return Darwin.send(descriptor, bytes, count, 0)
        #else
            #error("RawSocket needs Glibc or Darwin")
        #endif
    }
}
