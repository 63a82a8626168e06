import APISpec
import Foundation

/// One way an exchange disagreed with the spec: which call, where in the message, where in the spec, and the value.
public struct ContractViolation: Sendable, Hashable, CustomStringConvertible {
    /// What kind of disagreement it is.
    public enum Kind: String, Sendable, Hashable {
        /// The client called an operation the spec does not have.
        case unknownOperation
        /// A required query, header or cookie parameter was not sent.
        case missingParameter
        /// The request's body, or its absence, is not what the spec asks for.
        case requestBody
        /// The server answered a status the operation does not declare (no exact code, range or `default`).
        case undeclaredStatus
        /// The answer's `Content-Type` is not the media type the spec declares for that status.
        case wrongContentType
        /// A header the spec marks required for that answer is missing.
        case missingHeader
        /// The answer's body is not what the spec declares for that status.
        case responseBody
    }

    /// The operation's `operationId`.
    public var operationID: String
    /// What kind of disagreement it is.
    public var kind: Kind
    /// The failing value's JSON pointer in the body (`/members/3/type`; `""` is the whole body); nil for what is
    /// not in a body (a status, a header, a parameter).
    public var pointer: String?
    /// Where the rule that failed stands in the spec: the schema keyword's schema, the parameter, the header, or
    /// the operation.
    public var specLocation: SourceLocation
    /// The offending value as compact JSON (or the status, the media type, the parameter's name), credentials
    /// replaced by `<redacted>`, cut at 200 characters; nil when nothing was sent.
    public var value: String?
    /// A plain sentence.
    public var message: String

    /// Creates a violation.
    public init(
        operationID: String, kind: Kind, pointer: String? = nil, specLocation: SourceLocation, value: String?,
        message: String
    ) {
        self.operationID = operationID
        self.kind = kind
        self.pointer = pointer
        self.specLocation = specLocation
        self.value = value
        self.message = message
    }

    /// `operationId <pointer>: message (value …; spec at file:line:col)`.
    public var description: String {
        let place = pointer.map { " " + ($0.isEmpty ? "/" : $0) } ?? ""
        let shown = value.map { "value \($0); " } ?? ""
        return "\(operationID)\(place): \(message) (\(shown)spec at \(specLocation))"
    }
}

/// Thrown by `SpecCheckingMiddleware` in `.strict` mode: what the exchange broke. The client wraps it as
/// `APIError.transportFailed(operationID:underlying:)`.
public struct ContractViolationError: Error, Sendable, CustomStringConvertible {
    /// Every violation of the request (then nothing was sent) or of the answer.
    public var violations: [ContractViolation]

    /// One line per violation.
    public var description: String {
        "the exchange breaks the spec: " + violations.map(\.description).joined(separator: "; ")
    }
}
