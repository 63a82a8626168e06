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

    /// Creates a transport with its own URLSession (ephemeral, no cookies, no cache).
    public init() {
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
        let exchange = Exchange(task: task)
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

/// One request in flight: the continuation waiting for the answer's head, then the body's stream.
private final class Exchange: Sendable {
    typealias Head = (HTTPResponse, HTTPBody?)

    private enum Phase {
        /// Created; neither started nor cancelled.
        case idle
        /// Started; waiting for the head.
        case waitingForHead(CheckedContinuation<Head, any Error>)
        /// The head was delivered; the body streams.
        case streaming(AsyncThrowingStream<HTTPBody.ByteChunk, any Error>.Continuation)
        /// Over: finished, failed or cancelled.
        case done
    }

    let task: URLSessionDataTask
    private let phase = Mutex(Phase.idle)

    init(task: URLSessionDataTask) {
        self.task = task
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
        let (stream, streamContinuation) = AsyncThrowingStream<HTTPBody.ByteChunk, any Error>.makeStream()
        streamContinuation.onTermination = { [task] termination in
            // The reader stopped early (a size limit, cancellation): stop receiving.
            if case .cancelled = termination { task.cancel() }
        }
        let length: HTTPBody.Length = http.expectedContentLength >= 0 ? .known(http.expectedContentLength) : .unknown
        let body = HTTPBody(stream, length: length, iterationBehavior: .single)
        let waiting = phase.withLock { phase -> CheckedContinuation<Head, any Error>? in
            guard case .waitingForHead(let continuation) = phase else { return nil }
            phase = .streaming(streamContinuation)
            return continuation
        }
        waiting?.resume(returning: (HTTPResponse(status: .init(code: http.statusCode), headerFields: fields), body))
    }

    func receive(_ data: Data) {
        phase.withLock { phase in
            if case .streaming(let continuation) = phase { continuation.yield(ArraySlice(data)) }
        }
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
        case .streaming(let continuation): continuation.finish()
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
        case .streaming(let continuation): continuation.finish(throwing: error)
        case .idle, .done: break
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
