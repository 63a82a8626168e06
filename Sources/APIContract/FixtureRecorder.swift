import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

/// Writes each JSON answer a client receives (and, if asked, each JSON request body) as a fixture that
/// `api-codegen validate --fixtures` reads: `<operationId>.<status>.json`, then `<operationId>.<status>.2.json`, … for
/// further answers of the same status, where `<status>` is the status as the spec declares it (`200`, `2XX`,
/// `default`).
///
/// Each file is pretty-printed with sorted keys, so the same answers make the same bytes. Values of credential
/// members (`access_token`, `security_key`, `password`, …) become `<redacted>`; values of the members named in
/// `replacing` (emails, phones, names by default) become stable fakes: the n-th distinct value of a member in this
/// recording is `first_name-n` (`person-n@example.com` for an email, `+1000000000n` for a phone), so two runs with
/// the same data write identical files and relations between values survive. An existing file is never overwritten
/// unless `overwrite` is set: the answer is then left unrecorded and reported.
///
/// Reads only what the client reads anyway (JSON bodies, never a stream), at most `maximumBodyBytes` of each.
public final class FixtureRecorder: ClientMiddleware, Sendable {
    /// What a recording did, for a test to check or a log to show.
    public enum Event: Sendable, Hashable {
        /// A fixture was written.
        case wrote(URL)
        /// A fixture was not written because the file exists and `overwrite` is off.
        case kept(URL)
        /// A body was not recorded: its status is not declared, or it is not JSON or too large. `status` is the
        /// answer's, nil for a request body.
        case skipped(operationID: String, status: Int?, reason: String)
        /// Writing failed.
        case failed(URL, String)
    }

    /// The directory fixtures are written to.
    public let directory: URL
    /// Whether request bodies are recorded too (`<operationId>.request.json`).
    public let recordsRequests: Bool
    /// Whether existing files may be replaced.
    public let overwrite: Bool
    /// Member names whose values are replaced by stable fakes.
    public let replacing: Set<String>
    /// The largest body recorded.
    public let maximumBodyBytes: Int
    private let document: Document
    private let state = Mutex(State())
    private let onEvent: @Sendable (Event) -> Void

    private struct State {
        var counts: [String: Int] = [:]
        var fakes: [String: [String: Int]] = [:]
        var events: [Event] = []
    }

    /// The members replaced by default: what names, reaches or identifies a person.
    public static let personalMembers: Set<String> = [
        "email", "phone", "login_phone", "first_name", "last_name", "name", "nickname", "login", "skype",
    ]

    /// Creates a recorder.
    ///
    /// - Parameters:
    ///   - directory: Where fixtures go; created when missing.
    ///   - document: The spec, to name files by the declared status and operation.
    ///   - recordsRequests: Record JSON request bodies too.
    ///   - overwrite: Replace existing files (off by default: an existing file is kept and reported).
    ///   - replacing: Members whose values become stable fakes (`personalMembers` by default).
    ///   - maximumBodyBytes: The largest body recorded (16 MiB by default).
    ///   - onEvent: Called for every file written, kept or failed, and every answer skipped.
    public init(
        directory: URL, document: Document, recordsRequests: Bool = false, overwrite: Bool = false,
        replacing: Set<String> = FixtureRecorder.personalMembers, maximumBodyBytes: Int = 16 << 20,
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.directory = directory
        self.document = document
        self.recordsRequests = recordsRequests
        self.overwrite = overwrite
        self.replacing = replacing
        self.maximumBodyBytes = maximumBodyBytes
        self.onEvent = onEvent
    }

    /// Every event so far, in order.
    public var events: [Event] { state.withLock { $0.events } }

    /// Sends the request, recording its body if asked, then records the answer.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let operation = document.operation(id: operationID)
        var body = body
        if recordsRequests, let sent = body, operation?.requestBody?.kind == .json {
            let (data, passed) = try await BoundedBody.read(sent, upTo: maximumBodyBytes)
            body = passed
            if let data { record(data, name: "\(operationID).request", operationID: operationID, status: nil) }
        }
        let (response, responseBody) = try await next(request, body, baseURL)
        let code = response.status.code
        guard let operation, let declared = operation.declaredResponse(forStatus: code) else {
            note(.skipped(operationID: operationID, status: code, reason: "the status is not declared"))
            return (response, responseBody)
        }
        guard declared.kind == .json, let received = responseBody else {
            note(.skipped(operationID: operationID, status: code, reason: "the answer has no JSON body"))
            return (response, responseBody)
        }
        let (data, passed) = try await BoundedBody.read(received, upTo: maximumBodyBytes)
        if let data {
            record(data, name: "\(operationID).\(declared.status)", operationID: operationID, status: code)
        } else {
            note(.skipped(operationID: operationID, status: code, reason: "the body is over \(maximumBodyBytes) bytes"))
        }
        return (response, passed)
    }

    private func note(_ event: Event) {
        state.withLock { $0.events.append(event) }
        onEvent(event)
    }

    /// Writes `data`, made safe and pretty, as the next file for `name`.
    private func record(_ data: Data, name: String, operationID: String, status: Int?) {
        // The name comes from the spec (`operationId`): it must stay one file inside `directory`.
        guard !name.hasPrefix("."), !name.contains(where: { $0 == "/" || $0 == "\\" || $0 == "\0" }) else {
            note(.skipped(operationID: operationID, status: status, reason: "the operationId cannot be a file name"))
            return
        }
        guard let json = try? JSON.parse(data) else {
            note(.skipped(operationID: operationID, status: status, reason: "the body is not JSON"))
            return
        }
        let (file, text) = state.withLock { state in
            let number = state.counts[name, default: 0] + 1
            state.counts[name] = number
            let file = directory.appendingPathComponent(
                number == 1 ? "\(name).json" : "\(name).\(number).json", isDirectory: false)
            return (file, Self.pretty(anonymized(json, key: nil, fakes: &state.fakes), indent: "") + "\n")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if !overwrite, FileManager.default.fileExists(atPath: file.path) {
                note(.kept(file))
                return
            }
            try Data(text.utf8).write(to: file, options: .atomic)
            note(.wrote(file))
        } catch {
            note(.failed(file, "\(error)"))
        }
    }

    /// `json` with credentials redacted and personal members replaced by their stable fakes.
    private func anonymized(_ json: JSON, key: String?, fakes: inout [String: [String: Int]]) -> JSON {
        switch json {
        case .object(let members):
            var result: [String: JSON] = [:]
            for (name, value) in members { result[name] = anonymized(value, key: name, fakes: &fakes) }
            return .object(result)
        case .array(let elements):
            return .array(elements.map { anonymized($0, key: key, fakes: &fakes) })
        case .string(let text):
            guard let key else { return json }
            if Secrets.isCredentialName(key) { return .string(Secrets.placeholder) }
            guard replacing.contains(key), !text.isEmpty else { return json }
            let number =
                fakes[key, default: [:]][text]
                ?? {
                    let next = (fakes[key]?.count ?? 0) + 1
                    fakes[key, default: [:]][text] = next
                    return next
                }()
            return .string(Self.fake(for: key, number: number))
        default:
            return json
        }
    }

    /// The stand-in for the `number`-th distinct value of a member: still an email, a phone or a name.
    static func fake(for key: String, number: Int) -> String {
        let lowered = key.lowercased()
        if lowered.contains("email") { return "person-\(number)@example.com" }
        if lowered.contains("phone") { return "+1" + String(1_000_000_000 + number) }
        return "\(key)-\(number)"
    }

    /// JSON text, two spaces per level, object keys sorted: the same value always prints the same bytes.
    static func pretty(_ json: JSON, indent: String) -> String {
        let inner = indent + "  "
        switch json {
        case .array(let elements) where !elements.isEmpty:
            return "[\n" + elements.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members) where !members.isEmpty:
            return "{\n"
                + members.keys.sorted().map { key in
                    inner + JSON.string(key).jsonText + ": " + pretty(members[key] ?? .null, indent: inner)
                }.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return json.jsonText
        }
    }
}
