import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

@testable import PyrusAPI

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }
}

/// A request as it reached the transport.
struct RecordedRequest: Sendable {
    var method: HTTPRequest.Method
    var url: String
    var headers: HTTPFields
    var body: String?
}

/// An in-process transport: records every request and answers from a script.
final class ScriptedTransport: ClientTransport {
    typealias Answer = @Sendable (RecordedRequest) async throws -> (HTTPResponse.Status, HTTPFields, Data)

    private let state = Mutex<(requests: [RecordedRequest], answers: [Answer])>(([], []))
    private let fallback: Answer

    /// Answers with the queued answers in order, then with `fallback` forever.
    init(_ answers: [Answer] = [], fallback: @escaping Answer = { _ in (.ok, [:], Data("{}".utf8)) }) {
        self.fallback = fallback
        state.withLock { $0.answers = answers }
    }

    /// An answer with a JSON body.
    static func json(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Answer {
        { _ in (status, headers.merging([.contentType: "application/json"]), Data(body.utf8)) }
    }

    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var text: String?
        if let body { text = String(decoding: try await Data(collecting: body, upTo: 1 << 24), as: UTF8.self) }
        let recorded = RecordedRequest(
            method: request.method, url: baseURL.absoluteString + (request.path ?? ""), headers: request.headerFields,
            body: text)
        let answer = state.withLock { state -> Answer in
            state.requests.append(recorded)
            return state.answers.isEmpty ? fallback : state.answers.removeFirst()
        }
        let (status, headers, data) = try await answer(recorded)
        return (HTTPResponse(status: status, headerFields: headers), HTTPBody(data))
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other where result[field.name] == nil { result.append(field) }
        return result
    }
}

/// Sleeps recorded instead of slept, for retry tests.
final class RecordedSleeps: Sendable {
    private let sleeps = Mutex<[Duration]>([])
    var all: [Duration] { sleeps.withLock { $0 } }
    func sleep(_ duration: Duration) async throws {
        sleeps.withLock { $0.append(duration) }
        try Task.checkCancellation()
    }
}

/// A client over `transport` with no real sleeping, no jitter and no logging unless asked.
func makeClient(
    _ transport: ScriptedTransport, sleeps: RecordedSleeps = RecordedSleeps(),
    policy: RetryMiddleware.RetryPolicy = .init(), timeout: Duration? = .seconds(30),
    maximumResponseBytes: Int = 64 << 20
) -> PyrusClient {
    let retry = RetryMiddleware(
        policy: policy, sleep: { try await sleeps.sleep($0) }, now: { Date(timeIntervalSince1970: 1_800_000_000) },
        random: { $0.upperBound })
    return PyrusClient(
        accessToken: "secret-token-123", transport: transport,
        configuration: .init(
            maximumResponseBytes: maximumResponseBytes, timeout: timeout, retry: retry, logger: nil))
}
