import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A `ClientTransport` on URLSession that streams answers and never hands a request to another origin.
///
/// - Answers stream: the body is an `HTTPBody` that yields bytes as they arrive, so `APIClient` enforces its size
///   limit while reading, and a body that never ends costs no more memory than the limit.
/// - Back-pressure on Apple platforms: when more than `highWaterMark` bytes wait to be read, the URLSession task is
///   suspended, and it is resumed once the reader brings them under `lowWaterMark`, so a server faster than its reader
///   cannot grow the client's memory. Linux's URLSession (swift-corelibs-foundation, on libcurl) stops with a fatal
///   error when a task that is receiving is suspended (`_NativeProtocol.stopLoading()`), so there it reads ahead
///   without bound, which is why AsyncHTTPClient is the default transport on Linux.
/// - Redirects are followed only within the request's origin (same scheme, host and port). A redirect anywhere
///   else is not followed: the 3xx answer itself is returned, so neither the `Authorization` header nor a request
///   body (which may hold a password or a security key) ever reaches a host it was not sent to.
/// - Cancelling the calling task cancels the URLSession task at once, so a timeout ends the exchange.
/// - The session keeps no cookies and no cache: every call carries exactly what the client put into it.
///
/// swift-openapi-urlsession's `URLSessionTransport` buffers whole answers and follows every redirect on Linux;
/// any `ClientTransport` still plugs into `APIClient`, but this one is the default of generated clients.
public final class StreamingURLSessionTransport: ClientTransport {
    private let session: URLSession
    private let delegate: SessionDelegate
    /// Above this many bytes waiting to be read, the task is suspended.
    public let highWaterMark: Int
    /// Below this many bytes waiting to be read, a suspended task is resumed.
    public let lowWaterMark: Int

    /// Creates a transport with its own URLSession (ephemeral, no cookies, no cache) that suspends a task while more
    /// than `highWaterMark` bytes of its answer wait to be read (1 MiB), and resumes it under `lowWaterMark` (256 KiB).
    public init(highWaterMark: Int = 1 << 20, lowWaterMark: Int = 256 << 10) {
        self.highWaterMark = max(1, highWaterMark)
        self.lowWaterMark = min(max(0, lowWaterMark), self.highWaterMark)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        delegate = SessionDelegate()
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends the request and returns as soon as the answer's head has arrived; the body streams.
    public func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var urlRequest = try Self.urlRequest(request, baseURL: baseURL)
        if let body {
            // Request bodies are the client's own encoded values, already in memory.
            urlRequest.httpBody = try await Data(collecting: body, upTo: .max)
        }
        let task = session.dataTask(with: urlRequest)
        let exchange = Exchange(task: task, owner: self, highWaterMark: highWaterMark, lowWaterMark: lowWaterMark)
        delegate.register(exchange)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                exchange.start(continuation)
            }
        } onCancel: {
            exchange.cancel()
        }
    }

    static func urlRequest(_ request: HTTPRequest, baseURL: URL) throws -> URLRequest {
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + (request.path ?? "")) else {
            throw TransportError(description: "'\(base)' and '\(request.path ?? "")' do not make a URL")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method.rawValue
        for field in request.headerFields {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name.rawName)
        }
        return urlRequest
    }

    struct TransportError: Error, CustomStringConvertible {
        var description: String
    }
}

/// Whether two URLs are the same origin: scheme, host and port (default ports filled in).
func isSameOrigin(_ lhs: URL, _ rhs: URL) -> Bool {
    func origin(_ url: URL) -> (String, String, Int)? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return (scheme, host, port)
    }
    guard let left = origin(lhs), let right = origin(rhs) else { return false }
    return left == right
}

/// One request in flight: the continuation waiting for the answer's head, then the body's buffer.
private final class Exchange: Sendable {
    typealias Head = (HTTPResponse, HTTPBody?)

    private enum Phase {
        /// Created; neither started nor cancelled.
        case idle
        /// Started; waiting for the head.
        case waitingForHead(CheckedContinuation<Head, any Error>)
        /// The head was delivered; the body streams through the buffer.
        case streaming(ReceivedBytes)
        /// Over: finished, failed or cancelled.
        case done
    }

    let task: URLSessionDataTask
    /// The transport, kept alive while its answer streams: releasing it invalidates its session, cancelling the task.
    private let owner: StreamingURLSessionTransport
    private let highWaterMark: Int
    private let lowWaterMark: Int
    private let phase = Mutex(Phase.idle)

    init(task: URLSessionDataTask, owner: StreamingURLSessionTransport, highWaterMark: Int, lowWaterMark: Int) {
        self.task = task
        self.owner = owner
        self.highWaterMark = highWaterMark
        self.lowWaterMark = lowWaterMark
    }

    func start(_ continuation: CheckedContinuation<Head, any Error>) {
        let wasCancelled = phase.withLock { phase in
            guard case .idle = phase else { return true }
            phase = .waitingForHead(continuation)
            return false
        }
        if wasCancelled {
            continuation.resume(throwing: CancellationError())
        } else {
            task.resume()
        }
    }

    func receive(_ response: URLResponse) {
        guard let http = response as? HTTPURLResponse, (100...999).contains(http.statusCode) else {
            fail(StreamingURLSessionTransport.TransportError(description: "the answer is not HTTP"))
            return
        }
        var fields = HTTPFields()
        for (name, value) in http.allHeaderFields {
            guard let text = name as? String, let name = HTTPField.Name(text), let value = value as? String else {
                continue
            }
            fields.append(HTTPField(name: name, value: value))
        }
        let task = task
        let owner = owner
        let buffer = ReceivedBytes(
            highWaterMark: highWaterMark, lowWaterMark: lowWaterMark,
            // Suspending a task that is receiving stops the process on Linux (`_NativeProtocol.stopLoading()`).
            pause: {
                #if canImport(Darwin)
                    task.suspend()
                #endif
            },
            resume: {
                #if canImport(Darwin)
                    task.resume()
                #endif
            },
            // The transport stays alive while the body is read: releasing it cancels its session's tasks.
            cancel: { withExtendedLifetime(owner) { task.cancel() } })
        let length: HTTPBody.Length = http.expectedContentLength >= 0 ? .known(http.expectedContentLength) : .unknown
        let body = HTTPBody(buffer, length: length, iterationBehavior: .single)
        let waiting = phase.withLock { phase -> CheckedContinuation<Head, any Error>? in
            guard case .waitingForHead(let continuation) = phase else { return nil }
            phase = .streaming(buffer)
            return continuation
        }
        waiting?.resume(returning: (HTTPResponse(status: .init(code: http.statusCode), headerFields: fields), body))
    }

    func receive(_ data: Data) {
        let buffer = phase.withLock { phase -> ReceivedBytes? in
            if case .streaming(let buffer) = phase { return buffer }
            return nil
        }
        buffer?.append(ArraySlice(data))
    }

    func complete(_ error: (any Error)?) {
        if let error {
            fail(error)
            return
        }
        let previous = phase.withLock { phase in
            defer { phase = .done }
            return phase
        }
        switch previous {
        case .streaming(let buffer): buffer.finish(nil)
        case .waitingForHead(let continuation):
            continuation.resume(throwing: StreamingURLSessionTransport.TransportError(description: "no answer arrived"))
        case .idle, .done: break
        }
    }

    func cancel() {
        fail(CancellationError())
        task.cancel()
    }

    private func fail(_ error: any Error) {
        let previous = phase.withLock { phase in
            defer { phase = .done }
            return phase
        }
        switch previous {
        case .waitingForHead(let continuation): continuation.resume(throwing: error)
        case .streaming(let buffer): buffer.finish(error)
        case .idle, .done: break
        }
    }
}

/// The bytes of an answer between URLSession's delegate, which appends them as they arrive, and the reader of the
/// body: above the high-water mark the task is suspended, under the low one it is resumed, so what waits here stays
/// about the high-water mark plus what URLSession delivers at once. A reader that stops early cancels the task.
final class ReceivedBytes: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>

    private struct State {
        var chunks: [ArraySlice<UInt8>] = []
        var first = 0
        var bytes = 0
        var isSuspended = false
        var end: Result<Void, any Error>?
        var reader: CheckedContinuation<ArraySlice<UInt8>?, any Error>?
    }

    private let highWaterMark: Int
    private let lowWaterMark: Int
    /// Stops receiving (suspends the task), starts it again, stops it for good.
    private let pause: @Sendable () -> Void
    private let resume: @Sendable () -> Void
    private let cancel: @Sendable () -> Void
    private let state = Mutex(State())

    init(
        highWaterMark: Int, lowWaterMark: Int, pause: @escaping @Sendable () -> Void,
        resume: @escaping @Sendable () -> Void, cancel: @escaping @Sendable () -> Void
    ) {
        self.highWaterMark = highWaterMark
        self.lowWaterMark = lowWaterMark
        self.pause = pause
        self.resume = resume
        self.cancel = cancel
    }

    func append(_ chunk: ArraySlice<UInt8>) {
        enum Action {
            case deliver(CheckedContinuation<ArraySlice<UInt8>?, any Error>)
            case suspend
            case none
        }
        let action = state.withLock { state -> Action in
            guard state.end == nil else { return .none }
            if let reader = state.reader {
                state.reader = nil
                return .deliver(reader)
            }
            state.chunks.append(chunk)
            state.bytes += chunk.count
            if state.bytes > highWaterMark && !state.isSuspended {
                state.isSuspended = true
                return .suspend
            }
            return .none
        }
        switch action {
        case .deliver(let reader): reader.resume(returning: chunk)
        case .suspend: pause()
        case .none: break
        }
    }

    /// The end of the body: nil when it ended well, else why it did not.
    func finish(_ error: (any Error)?) {
        let reader = state.withLock { state -> CheckedContinuation<ArraySlice<UInt8>?, any Error>? in
            guard state.end == nil else { return nil }
            state.end = error.map { .failure($0) } ?? .success(())
            defer { state.reader = nil }
            return state.reader
        }
        if let error { reader?.resume(throwing: error) } else { reader?.resume(returning: nil) }
    }

    /// The next chunk, waiting for one; nil at the end.
    func next() async throws -> ArraySlice<UInt8>? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (reader: CheckedContinuation<ArraySlice<UInt8>?, any Error>) in
                enum Outcome {
                    case chunk(ArraySlice<UInt8>, resumesTask: Bool)
                    case end(Result<Void, any Error>)
                    case wait
                }
                let outcome = state.withLock { state -> Outcome in
                    if state.first < state.chunks.count {
                        let chunk = state.chunks[state.first]
                        state.first += 1
                        if state.first == state.chunks.count {
                            state.chunks.removeAll(keepingCapacity: true)
                            state.first = 0
                        }
                        state.bytes -= chunk.count
                        let resumes = state.isSuspended && state.bytes <= lowWaterMark
                        if resumes { state.isSuspended = false }
                        return .chunk(chunk, resumesTask: resumes)
                    }
                    if let end = state.end { return .end(end) }
                    state.reader = reader
                    return .wait
                }
                switch outcome {
                case .chunk(let chunk, let resumesTask):
                    if resumesTask { resume() }
                    reader.resume(returning: chunk)
                case .end(.success): reader.resume(returning: nil)
                case .end(.failure(let error)): reader.resume(throwing: error)
                case .wait: break
                }
            }
        } onCancel: {
            stop(CancellationError())
        }
    }

    /// The reader went away (cancelled, or it dropped the body): the transfer stops.
    func stop(_ error: any Error) {
        finish(error)
        cancel()
    }

    func makeAsyncIterator() -> Iterator { Iterator(bytes: self) }

    struct Iterator: AsyncIteratorProtocol {
        let bytes: ReceivedBytes
        /// Cancels the task when the reader drops the iterator before the end.
        private let guardian: Guardian

        init(bytes: ReceivedBytes) {
            self.bytes = bytes
            guardian = Guardian(bytes: bytes)
        }

        mutating func next() async throws -> ArraySlice<UInt8>? {
            let chunk = try await bytes.next()
            if chunk == nil { guardian.isDone = true }
            return chunk
        }
    }

    /// Stops the transfer when the last iterator goes away before the body's end.
    private final class Guardian: @unchecked Sendable {
        let bytes: ReceivedBytes
        /// Set once the body was read to its end; touched by the iterator's owner only.
        var isDone = false

        init(bytes: ReceivedBytes) { self.bytes = bytes }

        deinit {
            if !isDone { bytes.stop(CancellationError()) }
        }
    }
}

/// URLSession's delegate: routes each task's events to its exchange and decides redirects.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    private let exchanges = Mutex<[Int: Exchange]>([:])

    func register(_ exchange: Exchange) {
        exchanges.withLock { $0[exchange.task.taskIdentifier] = exchange }
    }

    private func exchange(_ task: URLSessionTask) -> Exchange? {
        exchanges.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        exchange(dataTask)?.receive(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        exchange(dataTask)?.receive(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let exchange = exchanges.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        exchange?.complete(error)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        // Only within the origin the caller addressed; nil hands the 3xx answer itself to the caller.
        guard let original = task.originalRequest?.url, let target = request.url, isSameOrigin(original, target)
        else {
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }
}
