import APIRuntime
import Foundation
import OpenAPIRuntime

extension PyrusClient {
    /// Creates a client that authenticates every call with `accessToken`.
    ///
    /// - Parameters:
    ///   - accessToken: The token from `POST /auth` (`pyrus.auth.authenticate`); sent as a bearer token and never
    ///     logged or put into an error.
    ///   - serverURL: The API's base URL; `https://api.pyrus.com/v4` by default, `{host}/api/v4` on premises.
    ///   - transport: What sends requests; `makeDefaultTransport()` by default (streams answers, never carries a
    ///     request to another origin). Any swift-openapi `ClientTransport` works.
    ///   - middlewares: Run around every request, after the bearer token is added.
    ///   - configuration: Timeout and response-size limit.
    public init(
        accessToken: String,
        serverURL: URL = PyrusClient.defaultServerURL,
        transport: any ClientTransport = PyrusClient.makeDefaultTransport(),
        middlewares: [any ClientMiddleware] = [],
        configuration: APIClient.Configuration = .init()
    ) {
        self.init(
            apiClient: APIClient(
                serverURL: serverURL,
                transport: transport,
                middlewares: [BearerTokenMiddleware(token: accessToken)] + middlewares,
                configuration: configuration))
    }
}
