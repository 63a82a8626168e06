import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import Synchronization

/// Executes `Endpoint`s: builds the HTTP request, sends it through the middlewares and the transport, checks the
/// status and decodes the answer.
///
/// Any `ClientTransport` of the swift-openapi ecosystem works (URLSession, AsyncHTTPClient, an in-process fake),
/// and so does any `ClientMiddleware`.
public struct APIClient: Sendable {
    /// Limits and defaults of a client.
    public struct Configuration: Sendable {
        /// The most bytes of an answer that are read into memory; larger answers fail with
        /// `APIError.responseTooLarge`. The default (64 MiB) holds a list of 10,000 members many times over.
        public var maximumResponseBytes: Int
        /// How long one call may take, middlewares (and so retries) included; nil waits as long as the transport.
        public var timeout: Duration?
        /// Retries of 429 and 502/503/504, outermost around every call. `RetryMiddleware(policy: .never)` turns
        /// them off.
        public var retry: RetryMiddleware
        /// Where request and answer lines go (debug level; never headers or bodies); nil logs nothing.
        public var logger: Logger?
        /// The limits of reading an answer that streams (`IncomingStream`): the bytes and the time of one element.
        /// `timeout` covers such a call until its answer's status and headers arrive; each element then has its own.
        public var streamLimits: StreamLimits
        /// What wraps every call, retries included: `TracingInstrumentation` (module `APITracing`) makes a span of
        /// each and propagates its context. Nil adds nothing.
        public var instrumentation: (any CallInstrumentation)?

        /// Creates a configuration.
        public init(
            maximumResponseBytes: Int = 64 << 20,
            timeout: Duration? = .seconds(120),
            retry: RetryMiddleware = RetryMiddleware(),
            logger: Logger? = Logger(label: "PyrusKit.APIClient"),
            streamLimits: StreamLimits = StreamLimits(),
            instrumentation: (any CallInstrumentation)? = nil
        ) {
            self.maximumResponseBytes = maximumResponseBytes
            self.timeout = timeout
            self.retry = retry
            self.logger = logger
            self.streamLimits = streamLimits
            self.instrumentation = instrumentation
        }
    }

    /// The base URL that endpoint paths are appended to, e.g. `https://api.pyrus.com/v4`.
    public var serverURL: URL
    /// What sends requests.
    public var transport: any ClientTransport
    /// Run in order around every request: the first sees the request first and the response last.
    public var middlewares: [any ClientMiddleware]
    /// Limits and defaults.
    public var configuration: Configuration
    /// The rate-limit headers of the most recent answer (`X-RateLimit-Remaining`, …), shared by copies of the client.
    public let rateLimits = RateLimitObserver()
    /// The credentials this client has sent or was given: none of them appears in an `APIError` description or a
    /// log line. Shared by copies of the client.
    public let secrets: Secrets

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - serverURL: The base URL that endpoint paths are appended to, unless an endpoint names its own server.
    ///   - transport: What sends the HTTP requests: URLSession, AsyncHTTPClient or an in-process fake.
    ///   - middlewares: What sees every request and response, outermost first (retries, logging, credentials).
    ///   - configuration: The response-size limit, the time limit, retries and logging.
    ///   - secrets: Where the client records credentials to hide; pass one set to several clients that share
    ///     credentials (a sign-in client and the client it signs in for).
    public init(
        serverURL: URL,
        transport: any ClientTransport,
        middlewares: [any ClientMiddleware] = [],
        configuration: Configuration = .init(),
        secrets: Secrets = Secrets()
    ) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self.configuration = configuration
        self.secrets = secrets
    }

    /// Sends the endpoint's request and returns the decoded success body.
    ///
    /// - Throws: `APIError` for every failure: a non-success status (with the decoded error body), a body that does
    ///   not decode (with the JSON path), a transport failure, a timeout, cancellation.
    public func send<Response>(_ endpoint: Endpoint<Response>) async throws(APIError) -> Response {
        try await sendReturningResponse(endpoint).value
    }

    /// Sends the endpoint's request and returns the decoded success body with the raw status and headers.
    public func sendReturningResponse<Response>(
        _ endpoint: Endpoint<Response>
    ) async throws(APIError) -> (value: Response, response: HTTPResponse) {
        guard let instrumentation = configuration.instrumentation else {
            return try await send(endpoint, record: nil)
        }
        let baseURL = endpoint.serverURL ?? serverURL
        var basePath = baseURL.path
        if basePath.hasSuffix("/") { basePath.removeLast() }
        let call = CallInfo(
            operationID: endpoint.operationID, method: endpoint.method,
            pathTemplate: basePath + (endpoint.pathTemplate ?? endpoint.path), scheme: baseURL.scheme,
            host: baseURL.host, port: baseURL.port)
        do {
            return try await instrumentation.instrument(call) { record in
                try await send(endpoint, record: record)
            }
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.transportFailed(operationID: endpoint.operationID, underlying: error).redacting(secrets)
        }
    }

    /// The call itself: `record`, when instrumentation gave one, carries its headers to each attempt and learns
    /// how many there were and how the last was answered.
    private func send<Response>(
        _ endpoint: Endpoint<Response>, record: CallRecord?
    ) async throws(APIError) -> (value: Response, response: HTTPResponse) {
        let operationID = endpoint.operationID
        var (request, body, baseURL) = try makeRequest(endpoint)
        if let record { request.headerFields.append(contentsOf: record.propagationHeaders) }
        let streaming = Response.self as? any StreamingAnswer.Type
        let (response, received) = try await perform(
            request, body: body, baseURL: baseURL, operationID: operationID, streamsSuccess: streaming != nil,
            record: record)
        if case .stream(let stream) = received, let streaming {
            // A success answer that streams is handed over unread; its elements are read as the caller asks.
            let format: StreamFormat =
                if case .stream(let format, _) = endpoint.responseFormat { format } else { .bytes }
            let answer = streaming.init(
                body: stream ?? HTTPBody(), format: format, limits: configuration.streamLimits,
                context: StreamContext(operationID: operationID, status: response.status, secrets: secrets))
            if let answer = answer as? Response { return (answer, response) }
        }
        let data: Data = if case .data(let data) = received { data } else { Data() }
        guard (200..<300).contains(response.status.code) else {
            // The error body is read from redacted bytes: a server that echoes the token shows `<redacted>`.
            let visible = secrets.redact(data.prefix(Self.maximumErrorBodyBytes))
            throw .unexpectedStatus(
                StatusFailure(
                    operationID: operationID, status: response.status, headers: response.headerFields,
                    errorBody: endpoint.errorType.flatMap { ErrorBodyDecoding.decode($0, from: visible) },
                    bodyExcerpt: DecodingFailure.excerpt(visible)))
        }
        if Response.self == EmptyResponse.self, let empty = EmptyResponse() as? Response {
            return (empty, response)
        }
        if let answerType = Response.self as? any StatusAnswer.Type {
            let answer = try readAnswer(answerType, response: response, data: data, operationID: operationID)
            if let answer = answer as? Response { return (answer, response) }
        }
        // An optional answer (an operation with a success status that has no body) is nil when none came.
        if data.isEmpty, let optional = Response.self as? any ExpressibleByNilLiteral.Type,
            let none = optional.init(nilLiteral: ()) as? Response
        {
            return (none, response)
        }
        switch endpoint.responseFormat {
        case .json: break
        case .data:
            if let bytes = data as? Response { return (bytes, response) }
        case .text:
            if let text = String(decoding: data, as: UTF8.self) as? Response { return (text, response) }
        case .stream:
            break
        }
        do {
            guard let decodable = Response.self as? any Decodable.Type,
                let value = try JSONCoding.makeDecoder().decode(decodable, from: data) as? Response
            else {
                throw DecodingError.typeMismatch(
                    Response.self, .init(codingPath: [], debugDescription: "\(Response.self) is not Decodable"))
            }
            return (value, response)
        } catch {
            throw decodingFailure(error, response: response, data: data, operationID: operationID)
        }
    }

    /// Sends the endpoint's request and returns the decoded success body with the answer's documented headers:
    /// what generated `…WithHeaders` methods call.
    ///
    /// - Throws: `APIError` as `send(_:)` does; `.decodingFailed` naming the header when one does not read.
    public func send<Response, Headers: ResponseHeaders>(
        _ endpoint: Endpoint<Response>, headers: Headers.Type
    ) async throws(APIError) -> (value: Response, headers: Headers) {
        let (value, response) = try await sendReturningResponse(endpoint)
        do {
            return (value, try Headers(reading: HeaderReader(response.headerFields)))
        } catch {
            throw .decodingFailed(
                DecodingFailure(
                    operationID: endpoint.operationID, status: response.status, jsonPath: "",
                    expected: error.expected, reason: secrets.redact(error.reason), bodyExcerpt: "",
                    header: error.name))
        }
    }

    /// A `StatusAnswer` read by its status; an undocumented success status is an unexpected one.
    private func readAnswer<Answer: StatusAnswer>(
        _ type: Answer.Type, response: HTTPResponse, data: Data, operationID: String
    ) throws(APIError) -> Answer {
        do {
            return try Answer(status: response.status.code, body: data)
        } catch is UndocumentedStatus {
            let visible = secrets.redact(data.prefix(Self.maximumErrorBodyBytes))
            throw .unexpectedStatus(
                StatusFailure(
                    operationID: operationID, status: response.status, headers: response.headerFields,
                    errorBody: nil, bodyExcerpt: DecodingFailure.excerpt(visible)))
        } catch {
            throw decodingFailure(error, response: response, data: data, operationID: operationID)
        }
    }

    /// The `APIError` for a body that does not decode, with its JSON path, every credential redacted.
    private func decodingFailure(_ error: any Error, response: HTTPResponse, data: Data, operationID: String)
        -> APIError
    {
        let (path, expected, reason) = DecodingFailure.describe(error)
        return .decodingFailed(
            DecodingFailure(
                operationID: operationID, status: response.status, jsonPath: secrets.redact(path),
                expected: expected, reason: secrets.redact(reason),
                bodyExcerpt: DecodingFailure.excerpt(secrets.redact(data.prefix(Self.maximumErrorBodyBytes)))))
    }

    /// A multipart boundary that occurs in none of the parts (random, so a part cannot be written to end early).
    static func boundary(for content: RequestContent) -> String {
        guard case .multipart(let parts) = content else { return "" }
        while true {
            let boundary = "pyruskit-" + UUID().uuidString
            let marker = Data(boundary.utf8)
            if !parts.contains(where: { $0.body.range(of: marker) != nil }) { return boundary }
        }
    }

    /// Error bodies larger than this are shown by their start only and not decoded.
    static let maximumErrorBodyBytes = 1 << 20

    /// The request as it will be handed to the middlewares.
    public func makeRequest<Response>(
        _ endpoint: Endpoint<Response>
    ) throws(APIError) -> (HTTPRequest, HTTPBody?, URL) {
        let baseURL = endpoint.serverURL ?? serverURL
        for item in endpoint.query + endpoint.headers + endpoint.cookies {
            if let failure = item.encodingFailure {
                throw .invalidRequest(
                    operationID: endpoint.operationID, reason: "parameter '\(item.name)' does not encode: \(failure)")
            }
        }
        var request = HTTPRequest(method: endpoint.method, scheme: nil, authority: nil, path: endpoint.pathAndQuery)
        request.headerFields[.accept] = endpoint.responseFormat.accept
        for header in endpoint.headers {
            guard let value = header.value else { continue }
            guard let name = HTTPField.Name(header.name) else {
                throw .invalidRequest(
                    operationID: endpoint.operationID, reason: "'\(header.name)' is not a header name")
            }
            request.headerFields[name] = value
        }
        // `name=value; name=value`, each value percent-encoded so that it cannot end the cookie or start another.
        let cookies = endpoint.cookies.compactMap { cookie in
            cookie.encodedValue.map { "\(ParameterItem.encode(cookie.name))=\($0)" }
        }
        if !cookies.isEmpty { request.headerFields[.cookie] = cookies.joined(separator: "; ") }
        var body: HTTPBody?
        if let content = endpoint.content {
            do {
                let encoded = try content.encoded(boundary: Self.boundary(for: content))
                body = encoded.body
                request.headerFields[.contentType] = encoded.contentType
            } catch {
                throw .invalidRequest(operationID: endpoint.operationID, reason: "the body does not encode: \(error)")
            }
        }
        return (request, body, baseURL)
    }

    /// An answer's body: read whole, or (a success answer of a streaming operation) handed over unread.
    private enum ReceivedBody: Sendable {
        case data(Data)
        case stream(HTTPBody?)
    }

    /// Sends the request through the middlewares and the transport within the time limit, and reads the answer's
    /// body within the size limit, unless `streamsSuccess` and the answer is a success: that body is returned unread.
    private func perform(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String, streamsSuccess: Bool,
        record: CallRecord?
    ) async throws(APIError) -> (HTTPResponse, ReceivedBody) {
        let limit = configuration.maximumResponseBytes
        let transport = transport
        let secrets = secrets
        let middlewares =
            [configuration.retry as any ClientMiddleware] + middlewares
            + (configuration.logger.map { [LoggingMiddleware(logger: $0, secrets: secrets)] } ?? [])
            + [SameOriginRedirects(), CredentialRecorder(secrets: secrets)]
        let rateLimits = rateLimits
        let exchange: @Sendable () async throws -> (HTTPResponse, ReceivedBody) = {
            var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = {
                record?.attemptStarted()
                let (response, body) = try await transport.send($0, body: $1, baseURL: $2, operationID: operationID)
                record?.answered(response.status)
                return (response, body)
            }
            for middleware in middlewares.reversed() {
                let inner = next
                next = {
                    try await middleware.intercept($0, body: $1, baseURL: $2, operationID: operationID, next: inner)
                }
            }
            let (response, responseBody) = try await next(request, body, baseURL)
            rateLimits.record(response.headerFields)
            if streamsSuccess && (200..<300).contains(response.status.code) { return (response, .stream(responseBody)) }
            guard let responseBody else { return (response, .data(Data())) }
            return (response, .data(try await Self.collect(responseBody, upTo: limit)))
        }
        do {
            try Task.checkCancellation()
            if let timeout = configuration.timeout {
                return try await Deadline.run(
                    exchange, within: timeout, orThrow: APIError.timedOut(operationID: operationID, after: timeout))
            }
            return try await exchange()
        } catch let error as APIError {
            throw error.redacting(secrets)
        } catch is CancellationError {
            throw .cancelled(operationID: operationID)
        } catch is ResponseTooLarge {
            throw .responseTooLarge(operationID: operationID, limit: limit)
        } catch {
            if Task.isCancelled { throw .cancelled(operationID: operationID) }
            throw APIError.transportFailed(operationID: operationID, underlying: error).redacting(secrets)
        }
    }

    private struct ResponseTooLarge: Error {}

    /// Reads a body into memory, refusing more than `limit` bytes.
    private static func collect(_ body: HTTPBody, upTo limit: Int) async throws -> Data {
        if case .known(let length) = body.length, length > limit { throw ResponseTooLarge() }
        var data = Data()
        if case .known(let length) = body.length { data.reserveCapacity(Int(length)) }
        for try await chunk in body {
            guard data.count + chunk.count <= limit else { throw ResponseTooLarge() }
            // Appending the raw bytes copies in one go; appending the slice as a sequence goes byte by byte.
            chunk.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

}

/// Races work against a clock and returns as soon as either ends: work that ignores cancellation (a transport
/// stuck in a read) cannot hold its caller past the deadline. The work is cancelled when it loses.
///
/// The clock is a dispatch timer, cancelled the moment the work wins, not a task in `Task.sleep`: on Linux a
/// cancelled `Task.sleep` keeps its task and its dispatch timer until the original deadline, so every call held
/// about 300 bytes for the whole timeout (24,000 sleeping tasks in a soak at 200 calls a second, 120 s timeout;
/// heaptrack, Benchmarks/RESULTS.md §14).
enum Deadline {
    static func run<T: Sendable>(
        _ work: @escaping @Sendable () async throws -> T, within timeout: Duration, orThrow timeoutError: any Error
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation, work: work, timeout: timeout, timeoutError: timeoutError)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The continuation of the caller and the two tasks racing to resume it; the first to finish wins.
    final class Race<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, any Error>?
            var tasks: [Task<Void, Never>] = []
            var timer: Clock?
            var isFinished = false
        }
        private let state = Mutex(State())

        func start(
            _ continuation: CheckedContinuation<T, any Error>, work: @escaping @Sendable () async throws -> T,
            timeout: Duration, timeoutError: any Error
        ) {
            let alreadyFinished = state.withLock { state in
                if !state.isFinished { state.continuation = continuation }
                return state.isFinished
            }
            if alreadyFinished {
                continuation.resume(throwing: CancellationError())
                return
            }
            let worker = Task {
                do {
                    finish(.success(try await work()))
                } catch {
                    finish(.failure(error))
                }
            }
            let timer = Clock(DispatchSource.makeTimerSource(queue: .global()))
            timer.source.setEventHandler { [self] in finish(.failure(timeoutError)) }
            timer.source.schedule(deadline: .now() + Self.dispatchInterval(timeout))
            let cancelNow = state.withLock { state in
                state.tasks = [worker]
                state.timer = timer
                return state.isFinished
            }
            timer.source.resume()
            if cancelNow {
                worker.cancel()
                timer.source.cancel()
            }
        }

        /// The dispatch timer. `@unchecked Sendable`: dispatch sources may be used from any thread (libdispatch
        /// synchronises them), which the Dispatch overlay does not declare.
        final class Clock: @unchecked Sendable {
            let source: any DispatchSourceTimer
            init(_ source: any DispatchSourceTimer) { self.source = source }
        }

        /// `duration` as a dispatch interval, at most about 292 years (what fits in nanoseconds).
        static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
            let (seconds, attoseconds) = duration.components
            guard seconds < Int64.max / 1_000_000_000 - 1 else { return .seconds(Int.max / 1_000_000_000) }
            return .nanoseconds(Int(max(0, seconds) * 1_000_000_000 + max(0, attoseconds) / 1_000_000_000))
        }

        func finish(_ result: Result<T, any Error>) {
            let (continuation, tasks, timer) = state.withLock { state in
                defer {
                    state.isFinished = true
                    state.continuation = nil
                    state.tasks = []
                    state.timer = nil
                }
                return state.isFinished ? (nil, [], nil) : (state.continuation, state.tasks, state.timer)
            }
            for task in tasks { task.cancel() }
            // Cancelling frees the timer now; its handler, which holds this race, is released with it.
            timer?.source.cancel()
            continuation?.resume(with: result)
        }
    }
}
