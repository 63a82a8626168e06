import Foundation
import HTTPTypes
import OpenAPIRuntime

/// swift-openapi's `ClientTransport`, named in APIRuntime so that generated code needs no other import.
public typealias APITransport = ClientTransport

/// swift-openapi's `ClientMiddleware`, named in APIRuntime so that generated code needs no other import.
public typealias APIMiddleware = ClientMiddleware

/// A way an API accepts credentials: an entry of the spec's `securitySchemes`.
public enum SecurityScheme: Sendable, Hashable {
    /// Where an API key goes.
    public enum KeyLocation: String, Sendable, Hashable {
        case header, query, cookie
    }

    /// `Authorization: Bearer <token>` (HTTP bearer, and the access tokens of OAuth 2 and OpenID Connect).
    case bearer
    /// `Authorization: Basic <base64 of user:password>`.
    case basic
    /// An API key in a header, a query item or a cookie of that name.
    case apiKey(name: String, in: KeyLocation)
}

/// A credential for one security scheme.
public enum Credential: Sendable, Hashable {
    /// A token or API key.
    case token(String)
    /// A user name and password, for HTTP basic authentication.
    case basic(user: String, password: String)
}

/// Adds to each request the credentials its operation accepts: of the alternatives the spec lists for the operation
/// (`security: [{key: [], token: []}, {bearer: []}]` is two: a key and a token together, or a bearer token), the
/// first that names schemes and whose every scheme a credential was given for, all of that alternative's
/// credentials. Operations the spec marks as open (`security: []`) get none, and so does one none of whose
/// alternatives can be met.
///
/// Every credential is added to the client's `Secrets`, so none appears in an error description or a log line.
public struct SecurityMiddleware: ClientMiddleware {
    /// The spec's schemes, by name.
    public var schemes: [String: SecurityScheme]
    /// The security each operation accepts, by `operationId`: alternatives in spec order, each the names of the
    /// schemes sent together.
    public var alternatives: [String: [[String]]]
    /// The credentials, by scheme name.
    public var credentials: [String: Credential]

    /// Each operation's schemes, every one an alternative of its own (the form before alternatives of several
    /// schemes were kept).
    @available(*, deprecated, renamed: "alternatives", message: "an alternative may need several schemes together")
    public var requirements: [String: [String]] {
        get { alternatives.mapValues { Array($0.joined()) } }
        set { alternatives = newValue.mapValues { $0.map { [$0] } } }
    }

    /// Creates the middleware and hides every credential through `secrets`.
    public init(
        schemes: [String: SecurityScheme], alternatives: [String: [[String]]], credentials: [String: Credential],
        secrets: Secrets
    ) {
        self.schemes = schemes
        self.alternatives = alternatives
        self.credentials = credentials
        for credential in credentials.values {
            switch credential {
            case .token(let token):
                // An API key in a query or cookie travels percent-encoded: hide that spelling too.
                secrets.insert(token)
                secrets.insert(ParameterItem.encode(token))
            case .basic(_, let password): secrets.insert(password)
            }
        }
    }

    /// Creates the middleware with each scheme an alternative of its own, and hides every credential.
    @available(*, deprecated, message: "use init(schemes:alternatives:credentials:secrets:)")
    public init(
        schemes: [String: SecurityScheme], requirements: [String: [String]], credentials: [String: Credential],
        secrets: Secrets
    ) {
        self.init(
            schemes: schemes, alternatives: requirements.mapValues { $0.map { [$0] } }, credentials: credentials,
            secrets: secrets)
    }

    /// Adds the credentials, then hands the request on.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        for alternative in alternatives[operationID] ?? [] where !alternative.isEmpty {
            let usable = alternative.compactMap { name in
                schemes[name].flatMap { scheme in credentials[name].map { (scheme, $0) } }
            }
            guard usable.count == alternative.count else { continue }
            for (scheme, credential) in usable { Self.apply(credential, as: scheme, to: &request) }
            break
        }
        return try await next(request, body, baseURL)
    }

    static func apply(_ credential: Credential, as scheme: SecurityScheme, to request: inout HTTPRequest) {
        let value: String
        switch credential {
        case .token(let token): value = token
        case .basic(let user, let password): value = Data("\(user):\(password)".utf8).base64EncodedString()
        }
        switch scheme {
        case .bearer: request.headerFields[.authorization] = "Bearer \(value)"
        case .basic: request.headerFields[.authorization] = "Basic \(value)"
        case .apiKey(let name, .header):
            if let field = HTTPField.Name(name) { request.headerFields[field] = value }
        case .apiKey(let name, .query):
            let path = request.path ?? "/"
            let item = "\(ParameterItem.encode(name))=\(ParameterItem.encode(value))"
            request.path = path + (path.contains("?") ? "&" : "?") + item
        case .apiKey(let name, .cookie):
            let cookie = "\(ParameterItem.encode(name))=\(ParameterItem.encode(value))"
            request.headerFields[.cookie] = request.headerFields[.cookie].map { $0 + "; " + cookie } ?? cookie
        }
    }
}
