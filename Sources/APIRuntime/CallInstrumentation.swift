import HTTPTypes
import Synchronization

/// What instrumentation (a tracing span, a metric) may know of a call: its operation and where it goes, never a query
/// value, a header or a body, so nothing it records can hold a credential.
public struct CallInfo: Sendable, Hashable {
    /// The spec's `operationId`.
    public var operationID: String
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path template below the server URL (`/members/{id}`): the path the endpoint names, without its values.
    public var pathTemplate: String
    /// `https`, `http`.
    public var scheme: String?
    /// The server's host.
    public var host: String?
    /// The server's port, when the URL names one.
    public var port: Int?

    /// Creates the description of a call.
    public init(
        operationID: String, method: HTTPRequest.Method, pathTemplate: String, scheme: String?, host: String?,
        port: Int?
    ) {
        self.operationID = operationID
        self.method = method
        self.pathTemplate = pathTemplate
        self.scheme = scheme
        self.host = host
        self.port = port
    }
}

/// What one call did, filled in while it runs; instrumentation reads it when the call ends.
public final class CallRecord: Sendable {
    /// Headers every attempt of the call carries to the server (`traceparent`, `tracestate`), set by the
    /// instrumentation before the call starts.
    public let propagationHeaders: HTTPFields
    private let state = Mutex<(attempts: Int, status: HTTPResponse.Status?)>((0, nil))

    /// A record whose attempts will carry `propagationHeaders`.
    public init(propagationHeaders: HTTPFields = [:]) {
        self.propagationHeaders = propagationHeaders
    }

    /// How many times the request went to the transport (retries and redirects included).
    public var attempts: Int { state.withLock { $0.attempts } }
    /// The status of the last answer, when one arrived.
    public var status: HTTPResponse.Status? { state.withLock { $0.status } }

    func attemptStarted() { state.withLock { $0.attempts += 1 } }
    func answered(_ status: HTTPResponse.Status) { state.withLock { $0.status = status } }
}

/// Something that wraps every call of an `APIClient`, retries included (`APIClient.Configuration.instrumentation`):
/// `TracingInstrumentation` of the `APITracing` module makes a client span of each call and propagates its context.
/// `APIRuntime` itself depends on no tracing library.
public protocol CallInstrumentation: Sendable {
    /// Runs `perform`, the whole call, with a record it fills in; the instrumentation decides the record's
    /// propagation headers and reads what the call did when `perform` returns or throws.
    func instrument<Result: Sendable>(
        _ call: CallInfo, _ perform: (CallRecord) async throws -> Result
    ) async throws -> Result
}
