import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

/// The credentials a client holds — tokens it sent, keys it was given — so that none of them appears in an error
/// description or a log line.
///
/// `APIClient` records the `Authorization` and `Proxy-Authorization` values of every request it sends, whichever
/// middleware added them; code that holds other secrets (a security key sent in a body) adds them with
/// `insert(_:)`. Every `APIError` and every log line of the client passes through `redact(_:)`.
public final class Secrets: Sendable {
    private let values = Mutex<Set<String>>([])

    /// What stands in a text where a secret was.
    public static let placeholder = "<redacted>"

    /// Creates an empty set.
    public init() {}

    /// Adds a secret. Strings shorter than 4 characters are ignored: hiding them would garble every message
    /// without protecting anything.
    public func insert(_ secret: String) {
        guard secret.count >= 4 else { return }
        values.withLock { _ = $0.insert(secret) }
    }

    /// `text` with every held secret, and the value of every JSON member named like a credential
    /// (`access_token`, `security_key`, `password`, …), replaced by `Secrets.placeholder`.
    public func redact(_ text: String) -> String {
        // Longest first, so a secret that contains another is hidden whole.
        let secrets = values.withLock { $0 }.sorted { $0.count > $1.count }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        return Self.redactingCredentialMembers(result)
    }

    /// The bytes as text with `redact(_:)` applied, or unchanged when they hold nothing to hide.
    func redact(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        let redacted = redact(text)
        return redacted == text ? data : Data(redacted.utf8)
    }

    /// Remembers the credentials of a request's authorization headers: the whole value and the part after the
    /// scheme (`Bearer abc` → `abc`).
    public func record(_ request: HTTPRequest) {
        for name in [HTTPField.Name.authorization, .proxyAuthorization] {
            guard let value = request.headerFields[name] else { continue }
            insert(value)
            if let space = value.firstIndex(of: " ") {
                insert(String(value[value.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            }
        }
    }

    /// The JSON member names whose values are credentials, lower-cased; `redact(_:)` hides their string values.
    public static let credentialNames: Set<String> = [
        "access_token", "refresh_token", "id_token", "security_key", "password", "client_secret", "api_key", "apikey",
        "secret", "token",
    ]

    /// Whether a JSON member of this name holds a credential (case ignored).
    public static func isCredentialName(_ name: String) -> Bool {
        credentialNames.contains(name.lowercased())
    }

    private static func redactingCredentialMembers(_ text: String) -> String {
        guard text.contains("\"") else { return text }
        // Extended syntax: the whitespace of the literal is not part of the pattern. The names are
        // `credentialNames` (a test keeps the two lists equal).
        let member =
            #/
            (?i)"(access_token|refresh_token|id_token|security_key|password|client_secret|api_key|apikey|secret|token)"
            (\s*:\s*)"(?:[^"\\]|\\.)*"
            /#
        return text.replacing(member) { match in "\"\(match.1)\"\(match.2)\"\(placeholder)\"" }
    }
}

/// Records the credentials of every request, just before the transport sends it.
struct CredentialRecorder: ClientMiddleware {
    let secrets: Secrets

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        secrets.record(request)
        return try await next(request, body, baseURL)
    }
}

/// An error whose description held a secret: the description with the secret hidden, and the original's type.
public struct RedactedError: Error, Sendable, CustomStringConvertible {
    /// The original error's description, redacted.
    public var description: String
    /// The original error's type, e.g. `URLError`.
    public var originalType: String
}
