import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Adds `Authorization: Bearer <token>` to every request that does not carry an `Authorization` header yet.
///
/// The token is never logged and never part of an error description.
public struct BearerTokenMiddleware: ClientMiddleware {
    private let token: @Sendable () async throws -> String

    /// Sends a fixed token.
    public init(token: String) {
        self.token = { token }
    }

    /// Asks `token` for the token before every request (for tokens that are obtained or refreshed lazily).
    public init(token: @escaping @Sendable () async throws -> String) {
        self.token = token
    }

    /// Adds the header and passes the request on.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        if request.headerFields[.authorization] == nil {
            request.headerFields[.authorization] = "Bearer \(try await token())"
        }
        return try await next(request, body, baseURL)
    }
}
