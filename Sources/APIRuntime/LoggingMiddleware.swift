import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime

/// Logs one line per request and one per answer through swift-log, at debug level.
///
/// Lines carry the operation, method, path, status and duration. Header values and bodies are never logged, so
/// the access token and other credentials never reach a log.
public struct LoggingMiddleware: ClientMiddleware {
    /// Where lines go.
    public var logger: Logger
    /// Hidden from every line (a path may carry a key in its query).
    public var secrets: Secrets

    /// Creates the middleware.
    public init(logger: Logger = Logger(label: "PyrusKit.APIClient"), secrets: Secrets = Secrets()) {
        self.logger = logger
        self.secrets = secrets
    }

    /// Logs the request, passes it on, logs the answer or the failure.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let path = secrets.redact(request.path ?? "")
        logger.debug(
            "request", metadata: ["operation": "\(operationID)", "method": "\(request.method)", "path": "\(path)"])
        let start = ContinuousClock.now
        do {
            let (response, responseBody) = try await next(request, body, baseURL)
            logger.debug(
                "response",
                metadata: [
                    "operation": "\(operationID)", "status": "\(response.status.code)",
                    "duration": "\(ContinuousClock.now - start)",
                ])
            return (response, responseBody)
        } catch {
            logger.debug(
                "request failed",
                metadata: [
                    "operation": "\(operationID)", "error": "\(type(of: error))",
                    "duration": "\(ContinuousClock.now - start)",
                ])
            throw error
        }
    }
}
