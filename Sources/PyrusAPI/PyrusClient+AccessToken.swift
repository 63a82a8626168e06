import APIRuntime
import APITracing
import Foundation
import OpenAPIRuntime

extension PyrusClient {
    /// The configuration a client gets unless given another: `APIClient.Configuration`'s defaults, and
    /// `TracingInstrumentation`, which makes a client span of every call and propagates its context (`traceparent`)
    /// once a tracer is bootstrapped into swift-distributed-tracing's `InstrumentationSystem`, and costs next to
    /// nothing before. Start from it to change one setting and keep the rest.
    public static var defaultConfiguration: APIClient.Configuration {
        APIClient.Configuration(instrumentation: TracingInstrumentation())
    }

    /// Creates a client that authenticates every call with `accessToken`.
    ///
    /// - Parameters:
    ///   - accessToken: The token from `POST /auth` (`pyrus.auth.authenticate`); sent as a bearer token and never
    ///     logged or put into an error.
    ///   - serverURL: The API's base URL; `https://api.pyrus.com/v4` by default, `{host}/api/v4` on premises.
    ///   - transport: What sends requests; `makeDefaultTransport()` by default (streams answers, never carries a
    ///     request to another origin). Any swift-openapi `ClientTransport` works.
    ///   - middlewares: Run around every request, after the bearer token is added.
    ///   - configuration: Timeout, retries, logging, response-size limit and tracing; `defaultConfiguration` by
    ///     default, which makes a span of every call when a tracer is bootstrapped.
    public init(
        accessToken: String,
        serverURL: URL = PyrusClient.defaultServerURL,
        transport: any ClientTransport = PyrusClient.makeDefaultTransport(),
        middlewares: [any ClientMiddleware] = [],
        configuration: APIClient.Configuration = PyrusClient.defaultConfiguration
    ) {
        self.init(
            apiClient: APIClient(
                serverURL: serverURL,
                transport: transport,
                middlewares: [BearerTokenMiddleware(token: accessToken)] + middlewares,
                configuration: configuration))
    }
}
