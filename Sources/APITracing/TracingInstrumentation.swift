import APIRuntime
import HTTPTypes
import Tracing

/// A client span for every call of an `APIClient`, on swift-distributed-tracing: set it as the client's
/// `APIClient.Configuration.instrumentation` (`PyrusClient` does by default).
///
/// The span is named after the operation (`listMembers`) and covers the whole call, retries included; each attempt
/// carries its context to the server in the headers the tracer's instrument writes (`traceparent` and `tracestate`
/// with a W3C propagator). Its attributes follow OpenTelemetry's HTTP client conventions and hold nothing a request
/// carries: the method, the scheme, host and port, the path template (`/v4/members/{id}`, never the values or the
/// query), the status, and the resend count. A status of 400 or more, or a failure, marks the span as an error; a
/// failure is recorded by its `APIError` case only, since a description may quote the server.
///
/// Until a tracer is bootstrapped (`InstrumentationSystem.bootstrap`), the global tracer is a no-op one and the
/// instrumentation costs next to nothing.
public struct TracingInstrumentation: CallInstrumentation {
    private let tracer: (any Tracer)?

    /// Instrumentation with `tracer`, or with the one bootstrapped into `InstrumentationSystem` when nil (read at
    /// each call, so a tracer bootstrapped after the client was made is used).
    public init(tracer: (any Tracer)? = nil) {
        self.tracer = tracer
    }

    /// Runs the call in a client span.
    public func instrument<Result: Sendable>(
        _ call: CallInfo, _ perform: (CallRecord) async throws -> Result
    ) async throws -> Result {
        let tracer = self.tracer ?? InstrumentationSystem.tracer
        return try await tracer.withSpan(call.operationID, ofKind: .client) { span in
            span.attributes["openapi.operation_id"] = call.operationID
            span.attributes["http.request.method"] = call.method.rawValue
            span.attributes["url.template"] = call.pathTemplate
            if let scheme = call.scheme { span.attributes["url.scheme"] = scheme }
            if let host = call.host { span.attributes["server.address"] = host }
            if let port = call.port ?? Self.defaultPort(call.scheme) { span.attributes["server.port"] = port }
            var headers = HTTPFields()
            tracer.inject(span.context, into: &headers, using: HTTPFieldsInjector())
            let record = CallRecord(propagationHeaders: headers)
            defer {
                if let status = record.status {
                    span.attributes["http.response.status_code"] = status.code
                    if status.code >= 400 { span.setStatus(SpanStatus(code: .error)) }
                }
                if record.attempts > 1 { span.attributes["http.request.resend_count"] = record.attempts - 1 }
            }
            do {
                return try await perform(record)
            } catch let error as APIError {
                span.attributes["error.type"] = Self.errorType(error)
                span.setStatus(SpanStatus(code: .error))
                throw error
            }
        }
    }

    /// The port a scheme implies, for `server.port` when the URL names none.
    static func defaultPort(_ scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "https": 443
        case "http": 80
        default: nil
        }
    }

    /// The `APIError` case, or the status of an unexpected one: what `error.type` says, without any text a server or
    /// a credential could have put into a description.
    static func errorType(_ error: APIError) -> String {
        switch error {
        case .unexpectedStatus(let failure): String(failure.status.code)
        case .decodingFailed: "decodingFailed"
        case .transportFailed: "transportFailed"
        case .invalidRequest: "invalidRequest"
        case .responseTooLarge: "responseTooLarge"
        case .timedOut: "timedOut"
        case .cancelled: "cancelled"
        case .untrustedServer: "untrustedServer"
        }
    }
}

/// Writes a tracer's propagation headers (`traceparent`, `tracestate`) into `HTTPFields`.
public struct HTTPFieldsInjector: Injector {
    /// Creates the injector.
    public init() {}

    /// Sets the header `key` to `value`; a key that is not a valid header name is left out.
    public func inject(_ value: String, forKey key: String, into carrier: inout HTTPFields) {
        if let name = HTTPField.Name(key) { carrier[name] = value }
    }
}

/// Reads a tracer's propagation headers from `HTTPFields`: what a server uses to continue a client's trace.
public struct HTTPFieldsExtractor: Extractor {
    /// Creates the extractor.
    public init() {}

    /// The value of the header `key`, when the request has it.
    public func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
