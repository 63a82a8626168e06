import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

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
/// `.lenient` (the default) reports and leaves the call's result alone; it validates answer bodies in the background
/// (`maximumBackgroundChecks` at once), so a call returns as soon as without the checker, and
/// `waitForPendingChecks()` waits for their reports. `.strict` validates before the call returns and also throws
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
    private let background: BackgroundChecks

    /// Creates a checker.
    ///
    /// - Parameters:
    ///   - document: The spec the client was generated from.
    ///   - mode: `.lenient` reports only; `.strict` throws too.
    ///   - maximumBodyBytes: The largest body read for checking (16 MiB by default, as `validate`).
    ///   - maximumBackgroundChecks: In `.lenient` mode, how many answer bodies may be validated in the background
    ///     at once (2 by default); past that, a call validates its answer before it returns (back-pressure, so
    ///     the checks waiting never hold more than this many bodies).
    ///   - options: The validator's budgets for one body.
    ///   - report: Called once per violation: log it, collect it, or record a test issue. In `.lenient` mode an
    ///     answer body's violations may be reported after the call returned; `waitForPendingChecks()` waits for
    ///     them.
    public init(
        document: Document, mode: Mode = .lenient, maximumBodyBytes: Int = 16 << 20, maximumBackgroundChecks: Int = 2,
        options: ValidationOptions = .init(), report: @escaping @Sendable (ContractViolation) -> Void
    ) {
        self.document = document
        self.mode = mode
        self.maximumBodyBytes = maximumBodyBytes
        self.options = options
        self.report = report
        self.background = BackgroundChecks(limit: maximumBackgroundChecks)
    }

    /// Waits until every answer body being validated in the background has been, and its violations reported:
    /// call it before asserting on what was reported.
    public func waitForPendingChecks() async {
        await background.waitUntilIdle()
    }

    /// Checks the request, sends it, checks the answer.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let secrets = Secrets()
        secrets.record(request)
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
                case .query:
                    query.contains(parameter.name)
                        || sentAsMembers(parameter, query: query, besides: operation.parameters.map(\.name))
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

    /// Whether an object query parameter in exploded `form` style, whose items are named by its members rather than
    /// by itself, was sent: an item of one of its properties, or, for a map (`additionalProperties`), an item that no
    /// other parameter of the operation (`besides`) names.
    private func sentAsMembers(_ parameter: Parameter, query: Set<String>, besides: [String]) -> Bool {
        guard parameter.effectiveStyle == "form", parameter.effectiveExplode else { return false }
        let schema = parameter.schema.ref.flatMap { document.schema(named: $0)?.schema } ?? parameter.schema
        if schema.properties.contains(where: { query.contains($0.name) }) { return true }
        guard case .schema = schema.additionalProperties else { return false }
        return !query.subtracting(besides).isEmpty
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
        guard let declared = operation.declaredResponse(forStatus: code) else {
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
                    "the \(declared.status) answer is declared as \(declaredType), received "
                        + (contentType ?? "no Content-Type"))
                return
            }
        }
        guard kind == .json, let schema = declared.schema else { return }
        let (data, passed) = try await BoundedBody.read(received, upTo: maximumBodyBytes)
        body = passed
        guard let data else { return }
        let what = "\(declared.status) answer"
        if mode == .lenient {
            // Off the call's path: the answer goes back to the client while another core parses and validates it.
            let later = ExchangeCheck(
                document: document, operationID: check.operationID, options: options, secrets: check.secrets)
            let started = background.start { [report] in
                var later = later
                later.validate(data, against: schema, kind: .responseBody, what: what)
                for violation in later.violations { report(violation) }
            }
            if started { return }
        }
        check.validate(data, against: schema, kind: .responseBody, what: what)
    }
}

/// Answer bodies validated off the calls' path, at most `limit` at once.
final class BackgroundChecks: Sendable {
    private struct Running {
        var tasks: [Int: Task<Void, Never>] = [:]
        var next = 0
    }

    private let running = Mutex(Running())
    let limit: Int

    init(limit: Int) { self.limit = max(0, limit) }

    /// Starts `work` on another task unless `limit` are running; false when it did not start it.
    func start(_ work: @escaping @Sendable () -> Void) -> Bool {
        running.withLock { running in
            guard running.tasks.count < limit else { return false }
            let id = running.next
            running.next += 1
            // The task cannot remove itself before it is inserted: removing takes this lock.
            running.tasks[id] = Task.detached { [self] in
                work()
                _ = self.running.withLock { $0.tasks.removeValue(forKey: id) }
            }
            return true
        }
    }

    /// Returns when no work is running.
    func waitUntilIdle() async {
        while true {
            let tasks = running.withLock { Array($0.tasks.values) }
            if tasks.isEmpty { return }
            for task in tasks { await task.value }
        }
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
                value: hidden == true ? Secrets.placeholder : value.map(ValueExcerpt.text), violation.message)
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

    /// `json` as compact JSON text (keys sorted), printed only as far as a violation shows it plus a margin for
    /// redaction: a failing root object of a 16 MiB answer costs a few hundred characters, not 16 MiB.
    static func text(_ json: JSON) -> String {
        var printed = ""
        append(json, to: &printed, limit: maximumLength * 4)
        return printed
    }

    private static func append(_ json: JSON, to printed: inout String, limit: Int) {
        guard printed.utf8.count <= limit else { return }
        switch json {
        case .array(let elements):
            printed += "["
            for (index, element) in elements.enumerated() {
                if printed.utf8.count > limit { return }
                if index > 0 { printed += "," }
                append(element, to: &printed, limit: limit)
            }
            printed += "]"
        case .object(let members):
            printed += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if printed.utf8.count > limit { return }
                if index > 0 { printed += "," }
                printed += JSON.string(key).jsonText + ":"
                append(members[key] ?? .null, to: &printed, limit: limit)
            }
            printed += "}"
        case .string(let text) where text.utf8.count > limit:
            printed += JSON.string(String(text.prefix(limit))).jsonText
        default:
            printed += json.jsonText
        }
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
