import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime

extension PyrusClient {
    /// Where Pyrus's cloud signs in: `https://accounts.pyrus.com/api/v4`.
    public static let defaultAuthURL = URL(checkedLiteral: "https://accounts.pyrus.com/api/v4")

    /// Creates a client that signs in with a login and security key when it is first used.
    ///
    /// The client exchanges the credentials for a token at `POST {authURL}/auth`, then sends its calls to the
    /// `api_url` that answer names. Concurrent first calls share one authentication. When a call answers 401, the
    /// client signs in again once and repeats the call — except for `account_blocked`, which signing in cannot
    /// fix. The security key and the token never appear in a log line or an error description.
    ///
    /// The token goes only where the sign-in answer's `api_url` points, and only if that is an `https` URL (or
    /// `http` on a loopback address, for tests against a local fake); any other `api_url` fails the call with
    /// `APIError.untrustedServer` before the token is sent.
    ///
    /// - Parameters:
    ///   - login: The user's email.
    ///   - securityKey: The security key from the user's settings.
    ///   - personID: Needed only when several accounts share one email.
    ///   - authURL: Where to sign in; `https://accounts.pyrus.com/api/v4` by default, `{host}/api/v4` on premises.
    ///   - transport: What sends requests; `makeDefaultTransport()` by default.
    ///   - middlewares: Run around every call, after the token is added.
    ///   - configuration: Timeout, retries, logging, response-size limit and tracing (for the sign-in call too);
    ///     `defaultConfiguration` by default.
    public init(
        login: String,
        securityKey: String,
        personID: Int64? = nil,
        authURL: URL = PyrusClient.defaultAuthURL,
        transport: any ClientTransport = PyrusClient.makeDefaultTransport(),
        middlewares: [any ClientMiddleware] = [],
        configuration: APIClient.Configuration = PyrusClient.defaultConfiguration
    ) {
        // One set of secrets for both clients: the key and every token are hidden from both clients' errors and logs.
        let secrets = Secrets()
        secrets.insert(securityKey)
        let authenticator = PyrusAuthenticator(
            request: AuthRequest(login: login, securityKey: securityKey, personID: personID),
            client: APIClient(serverURL: authURL, transport: transport, configuration: configuration, secrets: secrets),
            authURL: authURL)
        self.init(
            apiClient: APIClient(
                serverURL: PyrusClient.defaultServerURL,
                transport: transport,
                middlewares: [PyrusAuthMiddleware(authenticator: authenticator)] + middlewares,
                configuration: configuration,
                secrets: secrets))
    }
}

/// Signs in lazily, remembers the token and the API URL, and lets concurrent callers share one sign-in.
actor PyrusAuthenticator {
    /// A token and the base URL it is valid for.
    struct Session: Sendable {
        var token: String
        var apiURL: URL
    }

    private let request: AuthRequest
    private let client: APIClient
    private let authURL: URL
    private var current: Session?
    private var pending: Task<Session, any Error>?

    init(request: AuthRequest, client: APIClient, authURL: URL) {
        self.request = request
        self.client = client
        self.authURL = authURL
    }

    /// The current session, signing in first when there is none.
    func session() async throws -> Session {
        if let current { return current }
        if let pending { return try await pending.value }
        let task = Task { [client, request, authURL] in
            var endpoint = Endpoints.Auth.authenticate(request)
            endpoint.serverURL = authURL
            let answer: AuthResponse
            do {
                answer = try await client.send(endpoint)
            } catch APIError.decodingFailed(var failure) {
                // The answer holds the token, which is not known to the secrets until it decodes.
                failure.bodyExcerpt = ""
                throw APIError.decodingFailed(failure)
            }
            client.secrets.insert(answer.accessToken)
            return Session(
                token: answer.accessToken,
                apiURL: try Self.trustedAPIURL(answer.apiURL, operationID: endpoint.operationID))
        }
        pending = task
        defer { pending = nil }
        let session = try await task.value
        current = session
        return session
    }

    /// The base URL an `api_url` names, one trailing `/` trimmed, if a token may be sent there: `https`, or
    /// `http` to a loopback address.
    static func trustedAPIURL(_ text: String, operationID: String) throws(APIError) -> URL {
        var trimmed = text
        if trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw .untrustedServer(operationID: operationID, url: text, reason: "it is not an absolute URL")
        }
        if scheme == "https" { return url }
        if scheme == "http", isLoopback(host) { return url }
        throw .untrustedServer(
            operationID: operationID, url: text,
            reason: "the token would travel unencrypted; only https (or http to a loopback address) is accepted")
    }

    private static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Forgets `token` if it is still the current one, so the next call signs in again.
    func invalidate(_ token: String) {
        if current?.token == token { current = nil }
    }
}

/// Adds the Pyrus token and base URL to every call, and signs in again once on a 401.
struct PyrusAuthMiddleware: ClientMiddleware {
    let authenticator: PyrusAuthenticator

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let session = try await authenticator.session()
        let (response, responseBody) = try await next(
            Self.authorized(request, session), body, session.apiURL)
        guard response.status == .unauthorized, (body?.iterationBehavior ?? .multiple) == .multiple else {
            return (response, responseBody)
        }
        var data = Data()
        if let responseBody { data = try await Data(collecting: responseBody, upTo: 1 << 20) }
        let code = (try? JSONDecoder().decode(ErrorBody.self, from: data))?.errorCode
        guard code != "account_blocked" else { return (response, HTTPBody(data)) }
        await authenticator.invalidate(session.token)
        let fresh = try await authenticator.session()
        return try await next(Self.authorized(request, fresh), body, fresh.apiURL)
    }

    private static func authorized(_ request: HTTPRequest, _ session: PyrusAuthenticator.Session) -> HTTPRequest {
        var request = request
        request.headerFields[.authorization] = "Bearer \(session.token)"
        return request
    }
}
