import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Checks every request a client sends and every answer it receives against the spec, and reports what disagrees.
///
/// Add it to a client's middlewares in tests, staging and debug builds:
///
/// ```swift
/// let checker = SpecCheckingMiddleware(document: try Document.load(contentsOf: specURL)) { print($0) }
/// let pyrus = PyrusClient(accessToken: token, middlewares: [checker])
/// ```
///
/// What it checks, by the call's `operationId`: required query, header and cookie parameters; a JSON request body
/// against its schema (or its absence when required); the answer's status against the declared ones (exact,
/// `2XX`-style ranges, `default`); its `Content-Type` against the declared media type; required response headers;
/// a JSON answer's body against its schema. Each violation carries the operation, the JSON pointer, the spec location
/// and the value, with credentials redacted.
///
/// `.lenient` (the default) reports and leaves the call's result alone. `.strict` also throws
/// `ContractViolationError`: before sending, for a request the spec rejects (nothing is sent), and after the answer
/// for an answer it rejects; the client wraps it as `APIError.transportFailed`.
///
/// Bounded: it reads only bodies the client reads anyway (JSON bodies, never a stream), at most `maximumBodyBytes`
/// of each (a larger body passes unchecked and unchanged), and validation stops at `ValidationOptions`' budgets.
/// Which spec to pass: the one the client was generated from; for `PyrusClient`, `PyrusFake.specURL` (a copy of
/// `Spec/pyrus-api.yaml` that a test keeps byte-identical, so it cannot drift from the generated code).
public struct SpecCheckingMiddleware: ClientMiddleware {
    /// What happens when an exchange breaks the spec.
    public enum Mode: Sendable, Hashable {
        /// Report, and return the call's result unchanged.
        case lenient
        /// Report, and throw `ContractViolationError`.
        case strict
    }

    /// The spec checked against.
    public let document: Document
    /// Report only, or throw too.
    public let mode: Mode
    /// The largest body checked; larger ones pass unchecked.
    public let maximumBodyBytes: Int
    /// The validator's budgets for one body.
    public let options: ValidationOptions
    private let report: @Sendable (ContractViolation) -> Void

    /// Creates a checker.
    ///
    /// - Parameters:
    ///   - document: The spec the client was generated from.
    ///   - mode: `.lenient` reports only; `.strict` throws too.
    ///   - maximumBodyBytes: The largest body read for checking (16 MiB by default, as `validate`).
    ///   - options: The validator's budgets for one body.
    ///   - report: Called once per violation, on the calling task: log it, collect it, or record a test issue.
    public init(
        document: Document, mode: Mode = .lenient, maximumBodyBytes: Int = 16 << 20,
        options: ValidationOptions = .init(), report: @escaping @Sendable (ContractViolation) -> Void
    ) {
        self.document = document
        self.mode = mode
        self.maximumBodyBytes = maximumBodyBytes
        self.options = options
        self.report = report
    }

    /// Checks the request, sends it, checks the answer.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let secrets = Secrets()
        for name in [HTTPField.Name.authorization, .proxyAuthorization] {
            guard let value = request.headerFields[name] else { continue }
            secrets.insert(value)
            if let space = value.firstIndex(of: " ") { secrets.insert(String(value[value.index(after: space)...])) }
        }
        var check = ExchangeCheck(
            document: document, operationID: operationID, options: options, secrets: secrets)
        guard let operation = document.operation(id: operationID) else {
            check.add(
                .unknownOperation, location: SourceLocation(file: document.file, line: 1, column: 1),
                value: operationID, "the spec has no operation with this operationId")
            try finish(check)
            return try await next(request, body, baseURL)
        }
        var body = body
        try await checkRequest(request, body: &body, operation: operation, into: &check)
        try finish(check)

        let (response, responseBody) = try await next(request, body, baseURL)
        var answer = ExchangeCheck(document: document, operationID: operationID, options: options, secrets: secrets)
        var checkedBody = responseBody
        try await checkResponse(response, body: &checkedBody, operation: operation, into: &answer)
        try finish(answer)
        return (response, checkedBody)
    }

    private func finish(_ check: ExchangeCheck) throws {
        for violation in check.violations { report(violation) }
        if mode == .strict, !check.violations.isEmpty { throw ContractViolationError(violations: check.violations) }
    }

    // MARK: - The request

    private func checkRequest(
        _ request: HTTPRequest, body: inout HTTPBody?, operation: APIOperation, into check: inout ExchangeCheck
    ) async throws {
        let query = Self.queryNames(request.path ?? "")
        let cookies = Self.cookieNames(request.headerFields[.cookie] ?? "")
        for parameter in operation.parameters where parameter.required {
            let sent: Bool =
                switch parameter.location {
                case .path: true  // the path matched the template, or the client could not have built it
                case .query: query.contains(parameter.name)
                case .header: HTTPField.Name(parameter.name).map { request.headerFields[$0] != nil } ?? false
                case .cookie: cookies.contains(parameter.name)
                }
            if !sent {
                check.add(
                    .missingParameter, location: parameter.sourceLocation, value: parameter.name,
                    "the required \(parameter.location.rawValue) parameter '\(parameter.name)' was not sent")
            }
        }
        guard let requestBody = operation.requestBody else { return }
        guard let sent = body else {
            if requestBody.required {
                check.add(
                    .requestBody, location: requestBody.schema.location, value: nil,
                    "the operation requires a \(requestBody.contentType) body and none was sent")
            }
            return
        }
        guard requestBody.kind == .json else { return }
        let contentType = request.headerFields[.contentType]
        if contentType.map({ MediaKind(mediaType: $0) }) != .json {
            check.add(
                .requestBody, location: requestBody.schema.location, value: contentType,
                "the body is sent as \(contentType ?? "no media type"), the spec asks for \(requestBody.contentType)")
            return
        }
        let (data, passed) = try await BoundedBody.read(sent, upTo: maximumBodyBytes)
        body = passed
        guard let data else { return }
        check.validate(data, against: requestBody.schema, kind: .requestBody, what: "request body")
    }

    /// The names of the query's parameters, percent-decoded; `filter[color]` also counts as `filter` (deepObject).
    static func queryNames(_ path: String) -> Set<String> {
        guard let mark = path.firstIndex(of: "?") else { return [] }
        var names: Set<String> = []
        for pair in path[path.index(after: mark)...].split(separator: "&") {
            let raw = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let name = String(raw).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(raw)
            names.insert(name)
            if let bracket = name.firstIndex(of: "[") { names.insert(String(name[..<bracket])) }
        }
        return names
    }

    /// The names in a `Cookie` header.
    static func cookieNames(_ header: String) -> Set<String> {
        Set(
            header.split(separator: ";").compactMap { pair in
                pair.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) }
            })
    }

    // MARK: - The answer

    private func checkResponse(
        _ response: HTTPResponse, body: inout HTTPBody?, operation: APIOperation, into check: inout ExchangeCheck
    ) async throws {
        let code = response.status.code
        guard let declared = Self.declaredResponse(for: code, in: operation) else {
            let statuses = operation.responses.map(\.status).joined(separator: ", ")
            check.add(
                .undeclaredStatus, location: operation.location, value: String(code),
                "the operation declares \(statuses), not \(code)")
            return
        }
        for header in declared.headers where header.required {
            let present = HTTPField.Name(header.name).map { response.headerFields[$0] != nil } ?? false
            if !present {
                check.add(
                    .missingHeader, location: header.location ?? operation.location, value: header.name,
                    "the \(declared.status) answer must carry the header '\(header.name)'")
            }
        }
        guard let declaredType = declared.contentType, let kind = declared.kind, !kind.isStream,
            let received = body
        else { return }
        let contentType = response.headerFields[.contentType]
        let receivedKind = contentType.map { MediaKind(mediaType: $0) }
        if receivedKind != kind {
            // An empty body with no media type is an answer without a body, which a schema may or may not allow;
            // the body check below says.
            if !(contentType == nil && received.length == .known(0)) {
                check.add(
                    .wrongContentType, location: declared.schema?.location ?? operation.location,
                    value: contentType ?? "none",
                    "the \(declared.status) answer is declared as \(declaredType), received \(contentType ?? "no Content-Type")"
                )
                return
            }
        }
        guard kind == .json, let schema = declared.schema else { return }
        let (data, passed) = try await BoundedBody.read(received, upTo: maximumBodyBytes)
        body = passed
        guard let data else { return }
        check.validate(data, against: schema, kind: .responseBody, what: "\(declared.status) answer")
    }

    /// The response the spec declares for a status: the exact code, else its range (`2XX`), else `default`.
    static func declaredResponse(for code: Int, in operation: APIOperation) -> Response? {
        let range = "\(code / 100)XX"
        return operation.response(status: String(code))
            ?? operation.responses.first { $0.status.uppercased() == range }
            ?? operation.response(status: "default")
    }
}

/// The violations of one request or one answer, as they are found.
struct ExchangeCheck {
    let document: Document
    let operationID: String
    let options: ValidationOptions
    let secrets: Secrets
    private(set) var violations: [ContractViolation] = []

    init(document: Document, operationID: String, options: ValidationOptions, secrets: Secrets) {
        self.document = document
        self.operationID = operationID
        self.options = options
        self.secrets = secrets
    }

    mutating func add(
        _ kind: ContractViolation.Kind, pointer: String? = nil, location: SourceLocation, value: String?,
        _ message: String
    ) {
        violations.append(
            ContractViolation(
                operationID: operationID, kind: kind, pointer: pointer, specLocation: location,
                value: value.map { ValueExcerpt.shown($0, secrets: secrets) }, message: secrets.redact(message)))
    }

    /// Parses `data` and validates it against `schema`, adding a violation per failing keyword.
    mutating func validate(_ data: Data, against schema: Schema, kind: ContractViolation.Kind, what: String) {
        let json: JSON
        do {
            json = try JSON.parse(data)
        } catch {
            add(kind, pointer: "", location: schema.location, value: nil, "the \(what) is not JSON: \(error.message)")
            return
        }
        let found: [Violation]
        do {
            found = try document.validate(json, against: schema, options: options)
        } catch {
            add(kind, pointer: "", location: schema.location, value: nil, "the spec cannot check it: \(error.message)")
            return
        }
        for violation in found {
            let value = ValueExcerpt.value(at: violation.instancePath, in: json)
            let hidden = violation.instancePath.split(separator: "/").last.map {
                Secrets.isCredentialName(ValueExcerpt.unescaped(String($0)))
            }
            add(
                kind, pointer: violation.instancePath, location: violation.schemaLocation,
                value: hidden == true ? Secrets.placeholder : value?.jsonText, violation.message)
        }
    }
}

/// A value as a violation shows it.
enum ValueExcerpt {
    /// The longest value shown, in characters.
    static let maximumLength = 200

    /// `text` with secrets hidden and cut at `maximumLength` characters.
    static func shown(_ text: String, secrets: Secrets) -> String {
        let redacted = secrets.redact(text)
        guard redacted.count > maximumLength else { return redacted }
        return String(redacted.prefix(maximumLength)) + "…"
    }

    /// The value a JSON pointer names, or nil when it names nothing.
    static func value(at pointer: String, in json: JSON) -> JSON? {
        var current = json
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = unescaped(String(token))
            switch current {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A pointer token with `~1` and `~0` read back as `/` and `~`.
    static func unescaped(_ token: String) -> String {
        token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
