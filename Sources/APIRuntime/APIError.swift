import Foundation
import HTTPTypes

/// Every way a call can fail, as one type a caller can switch on.
///
/// Descriptions are sentences a person understands. They never contain the access token or any other credential
/// the client holds: `APIClient` passes every error through its `Secrets` before throwing it, so a server that
/// echoes a token in an error body shows `<redacted>` there.
public enum APIError: Error, Sendable, CustomStringConvertible {
    /// The server answered with a status that is not a success.
    case unexpectedStatus(StatusFailure)
    /// The server answered with a success, but the body is not what the spec says.
    case decodingFailed(DecodingFailure)
    /// The request never got an answer: the connection failed, or the transport threw.
    case transportFailed(operationID: String, underlying: any Error)
    /// The request could not be built (a body that does not encode, a server URL that is not a URL).
    case invalidRequest(operationID: String, reason: String)
    /// The answer's body is larger than the client reads into memory.
    case responseTooLarge(operationID: String, limit: Int)
    /// The call took longer than the client's per-request timeout.
    case timedOut(operationID: String, after: Duration)
    /// The calling task was cancelled.
    case cancelled(operationID: String)
    /// A server named a URL to send credentials to that the client does not trust (a sign-in answer's `api_url`
    /// that is not https); nothing was sent there.
    case untrustedServer(operationID: String, url: String, reason: String)

    /// The HTTP status, when the server answered.
    public var status: HTTPResponse.Status? {
        switch self {
        case .unexpectedStatus(let failure): failure.status
        case .decodingFailed(let failure): failure.status
        default: nil
        }
    }

    /// A sentence saying what went wrong.
    public var description: String {
        switch self {
        case .unexpectedStatus(let failure): failure.description
        case .decodingFailed(let failure): failure.description
        case .transportFailed(let operationID, let underlying):
            "\(operationID): the request failed before an answer arrived: \(underlying)"
        case .invalidRequest(let operationID, let reason):
            "\(operationID): the request could not be built: \(reason)"
        case .responseTooLarge(let operationID, let limit):
            "\(operationID): the answer is larger than \(limit) bytes, the most this client reads into memory"
        case .timedOut(let operationID, let duration):
            "\(operationID): no answer within \(duration)"
        case .cancelled(let operationID):
            "\(operationID): the call was cancelled"
        case .untrustedServer(let operationID, let url, let reason):
            "\(operationID): refused to send credentials to '\(url)': \(reason)"
        }
    }
}

extension APIError {
    /// The error with every text that came from outside (a server's body, a transport's message) redacted.
    func redacting(_ secrets: Secrets) -> APIError {
        switch self {
        case .unexpectedStatus(var failure):
            failure.bodyExcerpt = secrets.redact(failure.bodyExcerpt)
            return .unexpectedStatus(failure)
        case .decodingFailed(var failure):
            failure.bodyExcerpt = secrets.redact(failure.bodyExcerpt)
            failure.reason = secrets.redact(failure.reason)
            failure.jsonPath = secrets.redact(failure.jsonPath)
            return .decodingFailed(failure)
        case .transportFailed(let operationID, let underlying):
            let text = "\(underlying)"
            let redacted = secrets.redact(text)
            guard redacted != text else { return self }
            return .transportFailed(
                operationID: operationID,
                underlying: RedactedError(description: redacted, originalType: "\(type(of: underlying))"))
        case .invalidRequest(let operationID, let reason):
            return .invalidRequest(operationID: operationID, reason: secrets.redact(reason))
        case .untrustedServer(let operationID, let url, let reason):
            return .untrustedServer(operationID: operationID, url: secrets.redact(url), reason: reason)
        case .responseTooLarge, .timedOut, .cancelled:
            return self
        }
    }
}

/// A non-success answer: its status, headers, the documented error body when it decoded, and the raw text.
public struct StatusFailure: Sendable, CustomStringConvertible {
    /// The operation that was called.
    public var operationID: String
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The response headers.
    public var headers: HTTPFields
    /// The spec's error body, decoded, when the answer was one (cast it to the generated error type, or use
    /// `errorBody(as:)`). Nil when the body is not JSON of that shape or has none of its fields.
    public var errorBody: (any Codable & Sendable)?
    /// The start of the body as text (at most 512 characters), for bodies that are not the documented error.
    public var bodyExcerpt: String

    /// Creates a status failure.
    public init(
        operationID: String, status: HTTPResponse.Status, headers: HTTPFields, errorBody: (any Codable & Sendable)?,
        bodyExcerpt: String
    ) {
        self.operationID = operationID
        self.status = status
        self.headers = headers
        self.errorBody = errorBody
        self.bodyExcerpt = bodyExcerpt
    }

    /// The usual reason phrases, for transports that do not pass the server's on (AsyncHTTPClient, URLSession).
    static let standardPhrases: [Int: String] = Dictionary(
        [
            HTTPResponse.Status.ok, .created, .accepted, .noContent, .movedPermanently, .found, .seeOther,
            .notModified, .temporaryRedirect, .permanentRedirect, .badRequest, .unauthorized, .forbidden, .notFound,
            .methodNotAllowed, .notAcceptable, .requestTimeout, .conflict, .gone, .preconditionFailed,
            .contentTooLarge, .unsupportedMediaType, .unprocessableContent, .tooManyRequests,
            .internalServerError, .notImplemented, .badGateway, .serviceUnavailable, .gatewayTimeout,
        ].map { ($0.code, $0.reasonPhrase) }, uniquingKeysWith: { first, _ in first })

    /// The decoded error body as the generated type `T`, if it is one.
    public func errorBody<T>(as type: T.Type) -> T? { errorBody as? T }

    /// "getMember: the server answered 404 Not Found: …".
    public var description: String {
        let phrase = status.reasonPhrase.isEmpty ? Self.standardPhrases[status.code] ?? "" : status.reasonPhrase
        var text = "\(operationID): the server answered \(status.code) \(phrase)"
        if let errorBody, let json = ErrorBodyDecoding.compactJSON(errorBody) {
            text += ": \(json)"
        } else if !bodyExcerpt.isEmpty {
            text += " with a body that is not the documented error: \(bodyExcerpt)"
        }
        return text
    }
}

/// A success answer whose body does not decode into the documented type.
public struct DecodingFailure: Sendable, CustomStringConvertible {
    /// The operation that was called.
    public var operationID: String
    /// The HTTP status of the answer.
    public var status: HTTPResponse.Status
    /// Where in the JSON decoding failed, as a JSON pointer (`/members/3/banned`; `""` is the whole body).
    public var jsonPath: String
    /// The Swift type that was expected there, or what was wrong.
    public var expected: String
    /// What the decoder said.
    public var reason: String
    /// The start of the body (at most 512 characters).
    public var bodyExcerpt: String
    /// The response header that did not read, when the failure is a header's rather than the body's.
    public var header: String?

    /// Creates a decoding failure.
    public init(
        operationID: String, status: HTTPResponse.Status, jsonPath: String, expected: String, reason: String,
        bodyExcerpt: String, header: String? = nil
    ) {
        self.operationID = operationID
        self.status = status
        self.jsonPath = jsonPath
        self.expected = expected
        self.reason = reason
        self.bodyExcerpt = bodyExcerpt
        self.header = header
    }

    /// "listMembers: the answer does not decode at /members/3/banned: expected Bool: …; body: …", or for a header
    /// "listPets: the answer's header 'X-Next' does not decode: expected Int: …".
    public var description: String {
        if let header {
            return "\(operationID): the answer's header '\(header)' does not decode: expected \(expected): \(reason)"
        }
        let place = jsonPath.isEmpty ? "the top level" : jsonPath
        return
            "\(operationID): the answer does not decode at \(place): expected \(expected): \(reason); body: "
            + "\(bodyExcerpt)"
    }

    /// Describes a `DecodingError` with its JSON pointer.
    static func describe(_ error: any Error) -> (path: String, expected: String, reason: String) {
        guard let error = error as? DecodingError else { return ("", "valid JSON", "\(error)") }
        func pointer(_ path: [any CodingKey]) -> String {
            path.map { key in
                "/"
                    + (key.intValue.map(String.init)
                        ?? key.stringValue.replacingOccurrences(of: "~", with: "~0")
                        .replacingOccurrences(of: "/", with: "~1"))
            }.joined()
        }
        switch error {
        case .typeMismatch(let type, let context):
            return (pointer(context.codingPath), "\(type)", context.debugDescription)
        case .valueNotFound(let type, let context):
            return (pointer(context.codingPath), "\(type)", context.debugDescription)
        case .keyNotFound(let key, let context):
            return (
                pointer(context.codingPath + [key]), "a value for required key '\(key.stringValue)'",
                "the key is missing"
            )
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (pointer(context.codingPath), "valid data", underlying ?? context.debugDescription)
        @unknown default:
            return ("", "valid JSON", "\(error)")
        }
    }

    /// The first `limit` characters of a body as text.
    static func excerpt(_ data: Data, limit: Int = 512) -> String {
        let text = String(decoding: data.prefix(limit * 4), as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}

/// Decodes documented error bodies, refusing ones that carry none of the documented fields.
enum ErrorBodyDecoding {
    /// The body as `Body`, or nil when it is empty, not JSON of that shape, or has none of its fields (a proxy's
    /// `{"Message": …}` decodes into an error type whose fields are all optional, and must not pass for one).
    static func decode<Body: Codable & Sendable>(_ type: Body.Type, from data: Data) -> (any Codable & Sendable)? {
        guard !data.isEmpty, let body = try? JSONCoding.makeDecoder().decode(Body.self, from: data) else { return nil }
        guard let json = compactJSON(body), json != "{}" else { return nil }
        return body
    }

    /// The value as compact JSON with sorted keys.
    static func compactJSON(_ value: any Encodable) -> String? {
        (try? JSONCoding.makeEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
