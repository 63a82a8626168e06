import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Follows redirects within the request's origin (same scheme, host and port), and no others.
///
/// `APIClient` runs it just before the transport, so transports that do not follow redirects themselves
/// (AsyncHTTPClient as PyrusKit configures it) behave like `StreamingURLSessionTransport`: a redirect to another
/// origin comes back to the caller as the 3xx answer, and neither the `Authorization` header nor the body ever
/// reaches a host the caller did not address. 307 and 308 repeat the method and body (when the body can be sent
/// twice); 303 continues with a `GET` without a body, and so do 301 and 302 after a `POST`, as Fetch and
/// AsyncHTTPClient do — a `PUT` or `DELETE` after a 301 or 302 keeps its method and body. At most five redirects.
struct SameOriginRedirects: ClientMiddleware {
    static let maximumRedirects = 5

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        var body = body
        var (response, responseBody) = try await next(request, body, baseURL)
        var current = Self.url(of: request, baseURL: baseURL)
        for _ in 0..<Self.maximumRedirects {
            guard [301, 302, 303, 307, 308].contains(response.status.code),
                let location = response.headerFields[.location], let from = current,
                let target = URL(string: location, relativeTo: from)?.absoluteURL, isSameOrigin(from, target)
            else { break }
            let code = response.status.code
            let becomesGET = code == 303 || ((code == 301 || code == 302) && request.method == .post)
            let keepsBody = !becomesGET
            if keepsBody, let body, body.iterationBehavior == .single { break }
            // The origin is the same, so the base URL stays; only the path and query change.
            guard let path = Self.path(of: target, below: baseURL) else { break }
            request.path = path
            if !keepsBody, request.method != .get, request.method != .head {
                request.method = .get
                body = nil
                request.headerFields[.contentType] = nil
                request.headerFields[.contentLength] = nil
            }
            current = target
            (response, responseBody) = try await next(request, body, baseURL)
        }
        return (response, responseBody)
    }

    private static func url(of request: HTTPRequest, baseURL: URL) -> URL? {
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + (request.path ?? ""))
    }

    /// The target's path and query relative to the base URL's path, or nil when the target lies outside it.
    private static func path(of target: URL, below baseURL: URL) -> String? {
        var basePath = baseURL.path
        if basePath.hasSuffix("/") { basePath.removeLast() }
        let components = URLComponents(url: target, resolvingAgainstBaseURL: false)
        guard let targetPath = components?.percentEncodedPath, targetPath.hasPrefix(basePath) else { return nil }
        let query = components?.percentEncodedQuery.map { "?" + $0 } ?? ""
        return String(targetPath.dropFirst(basePath.count)) + query
    }
}
