import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

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

        /// Creates a configuration.
        public init(
            maximumResponseBytes: Int = 64 << 20,
            timeout: Duration? = .seconds(120),
            retry: RetryMiddleware = RetryMiddleware(),
            logger: Logger? = Logger(label: "PyrusKit.APIClient")
        ) {
            self.maximumResponseBytes = maximumResponseBytes
            self.timeout = timeout
            self.retry = retry
            self.logger = logger
        }
    }

    /// The base URL that endpoint paths are appended to, e.g. `https://api.pyrus.com/v4`.
    public var serverURL: String
    /// What sends requests.
    public var transport: any ClientTransport
    /// Run in order around every request: the first sees the request first and the response last.
    public var middlewares: [any ClientMiddleware]
    /// Limits and defaults.
    public var configuration: Configuration
    /// The rate-limit headers of the most recent answer (`X-RateLimit-Remaining`, …), shared by copies of the client.
    public let rateLimits = RateLimitObserver()

    /// Creates a client.
    public init(
        serverURL: String,
        transport: any ClientTransport,
        middlewares: [any ClientMiddleware] = [],
        configuration: Configuration = .init()
    ) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self.configuration = configuration
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
        let operationID = endpoint.operationID
        let (request, body, baseURL) = try makeRequest(endpoint)
        let (response, data) = try await perform(request, body: body, baseURL: baseURL, operationID: operationID)
        guard (200..<300).contains(response.status.code) else {
            throw .unexpectedStatus(
                StatusFailure(
                    operationID: operationID, status: response.status, headers: response.headerFields,
                    errorBody: endpoint.errorType.flatMap { ErrorBodyDecoding.decode($0, from: data) },
                    bodyExcerpt: DecodingFailure.excerpt(data)))
        }
        if Response.self == EmptyResponse.self, let empty = EmptyResponse() as? Response {
            return (empty, response)
        }
        do {
            return (try JSONCoding.makeDecoder().decode(Response.self, from: data), response)
        } catch {
            let (path, expected, reason) = DecodingFailure.describe(error)
            throw .decodingFailed(
                DecodingFailure(
                    operationID: operationID, status: response.status, jsonPath: path, expected: expected,
                    reason: reason, bodyExcerpt: DecodingFailure.excerpt(data)))
        }
    }

    /// The request as it will be handed to the middlewares.
    public func makeRequest<Response>(
        _ endpoint: Endpoint<Response>
    ) throws(APIError) -> (HTTPRequest, HTTPBody?, URL) {
        let base = endpoint.serverURL ?? serverURL
        guard let baseURL = URL(string: base), baseURL.scheme != nil else {
            throw .invalidRequest(operationID: endpoint.operationID, reason: "the server URL '\(base)' is not a URL")
        }
        var request = HTTPRequest(method: endpoint.method, scheme: nil, authority: nil, path: endpoint.pathAndQuery)
        request.headerFields[.accept] = "application/json"
        for header in endpoint.headers {
            guard let value = header.value else { continue }
            guard let name = HTTPField.Name(header.name) else {
                throw .invalidRequest(
                    operationID: endpoint.operationID, reason: "'\(header.name)' is not a header name")
            }
            request.headerFields[name] = value
        }
        var body: HTTPBody?
        if let payload = endpoint.body {
            do {
                let data = try JSONCoding.makeEncoder().encode(payload)
                body = HTTPBody(data)
                request.headerFields[.contentType] = "application/json"
            } catch {
                throw .invalidRequest(operationID: endpoint.operationID, reason: "the body does not encode: \(error)")
            }
        }
        return (request, body, baseURL)
    }

    private func perform(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws(APIError) -> (HTTPResponse, Data) {
        let limit = configuration.maximumResponseBytes
        let transport = transport
        let middlewares =
            [configuration.retry as any ClientMiddleware] + middlewares
            + (configuration.logger.map { [LoggingMiddleware(logger: $0)] } ?? [])
        let rateLimits = rateLimits
        let exchange: @Sendable () async throws -> (HTTPResponse, Data) = {
            var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = {
                try await transport.send($0, body: $1, baseURL: $2, operationID: operationID)
            }
            for middleware in middlewares.reversed() {
                let inner = next
                next = {
                    try await middleware.intercept($0, body: $1, baseURL: $2, operationID: operationID, next: inner)
                }
            }
            let (response, responseBody) = try await next(request, body, baseURL)
            rateLimits.record(response.headerFields)
            guard let responseBody else { return (response, Data()) }
            return (response, try await Self.collect(responseBody, upTo: limit))
        }
        do {
            try Task.checkCancellation()
            if let timeout = configuration.timeout {
                return try await Self.withTimeout(timeout, operationID: operationID, exchange)
            }
            return try await exchange()
        } catch let error as APIError {
            throw error
        } catch is CancellationError {
            throw .cancelled(operationID: operationID)
        } catch is ResponseTooLarge {
            throw .responseTooLarge(operationID: operationID, limit: limit)
        } catch {
            if Task.isCancelled { throw .cancelled(operationID: operationID) }
            throw .transportFailed(operationID: operationID, underlying: error)
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

    private static func withTimeout<T: Sendable>(
        _ timeout: Duration, operationID: String, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw APIError.timedOut(operationID: operationID, after: timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
