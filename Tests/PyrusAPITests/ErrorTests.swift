import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

@testable import PyrusAPI

/// Every way a call fails ends in the documented `APIError` case, with what a person needs.
@Suite struct ErrorTests {
    func failure(
        _ transport: ScriptedTransport, timeout: Duration? = .seconds(30), maximumResponseBytes: Int = 64 << 20,
        _ call: (PyrusClient) async throws(APIError) -> Void = { _ = try await $0.members.get(id: 7) }
    ) async -> APIError? {
        do {
            try await call(
                makeClient(
                    transport, policy: .never, timeout: timeout, maximumResponseBytes: maximumResponseBytes))
            return nil
        } catch {
            return error
        }
    }

    @Test func pyrusErrorBodyIsDecoded() async throws {
        let body = #"{"error": "Person not found", "error_code": "not_found"}"#
        let error = await failure(ScriptedTransport([ScriptedTransport.json(.notFound, body)]))
        guard case .unexpectedStatus(let status) = error else {
            Issue.record("expected unexpectedStatus, got \(String(describing: error))")
            return
        }
        #expect(status.status == .notFound)
        #expect(status.errorBody(as: ErrorBody.self) == ErrorBody(error: "Person not found", errorCode: "not_found"))
        #expect(status.headers[.contentType] == "application/json")
        #expect(
            error?.description
                == #"getMember: the server answered 404 Not Found: {"error":"Person not "#
                + #"found","error_code":"not_found"}"#
        )
    }

    @Test func htmlProxyPageYieldsStatusAndExcerpt() async throws {
        let page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
        let error = await failure(
            ScriptedTransport([{ _ in (.badGateway, [.contentType: "text/html"], Data(page.utf8)) }]))
        guard case .unexpectedStatus(let status) = error else {
            Issue.record("expected unexpectedStatus, got \(String(describing: error))")
            return
        }
        #expect(status.errorBody == nil)
        #expect(status.bodyExcerpt == page)
        #expect(
            error?.description
                == "getMember: the server answered 502 Bad Gateway with a body that is not the documented error: "
                + "\(page)"
        )
    }

    @Test func messageShapedNotFoundIsNotMistakenForTheErrorBody() async throws {
        let error = await failure(
            ScriptedTransport([ScriptedTransport.json(.notFound, #"{"Message": "No HTTP resource"}"#)]))
        guard case .unexpectedStatus(let status) = error else {
            Issue.record("expected unexpectedStatus, got \(String(describing: error))")
            return
        }
        #expect(status.errorBody == nil)
        #expect(status.bodyExcerpt == #"{"Message": "No HTTP resource"}"#)
    }

    @Test func bodyThatDoesNotDecodeNamesTheJSONPath() async throws {
        let body = #"{"roles": [{"id": 1, "name": "A", "banned": "maybe"}]}"#
        let error = await failure(ScriptedTransport([ScriptedTransport.json(.ok, body)])) { client throws(APIError) in
            _ = try await client.roles.list()
        }
        guard case .decodingFailed(let decoding) = error else {
            Issue.record("expected decodingFailed, got \(String(describing: error))")
            return
        }
        #expect(decoding.jsonPath == "/roles/0/banned")
        #expect(decoding.reason == #"expected true, false, "true" or "false", found "maybe""#)
        #expect(decoding.bodyExcerpt == body)
    }

    @Test func missingRequiredFieldNamesIt() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(.ok, #"{"members": [{"first_name": "x"}]}"#)])
        let error = await failure(transport) { client throws(APIError) in _ = try await client.members.list() }
        guard case .decodingFailed(let decoding) = error else {
            Issue.record("expected decodingFailed, got \(String(describing: error))")
            return
        }
        #expect(decoding.jsonPath == "/members/0/id")
        #expect(decoding.expected == "a value for required key 'id'")
    }

    @Test func transportFailureKeepsTheUnderlyingError() async throws {
        struct ConnectionRefused: Error {}
        let error = await failure(ScriptedTransport([{ _ in throw ConnectionRefused() }]))
        guard case .transportFailed(let operationID, let underlying) = error else {
            Issue.record("expected transportFailed, got \(String(describing: error))")
            return
        }
        #expect(operationID == "getMember")
        #expect(underlying is ConnectionRefused)
    }

    @Test func answerLargerThanTheLimitIsRefused() async throws {
        let error = await failure(
            ScriptedTransport([ScriptedTransport.json(.ok, String(repeating: " ", count: 2000) + "{}")]),
            maximumResponseBytes: 1000)
        guard case .responseTooLarge(_, let limit) = error else {
            Issue.record("expected responseTooLarge, got \(String(describing: error))")
            return
        }
        #expect(limit == 1000)
    }

    @Test func callThatNeverAnswersTimesOut() async throws {
        let error = await failure(
            ScriptedTransport([
                { _ in
                    try await Task.sleep(for: .seconds(3600))
                    return (.ok, [:], Data())
                }
            ]), timeout: .milliseconds(20))
        guard case .timedOut(let operationID, let after) = error else {
            Issue.record("expected timedOut, got \(String(describing: error))")
            return
        }
        #expect(operationID == "getMember")
        #expect(after == .milliseconds(20))
    }

    @Test func cancelledCallSaysSo() async throws {
        let transport = ScriptedTransport([
            { _ in
                try await Task.sleep(for: .seconds(3600))
                return (.ok, [:], Data())
            }
        ])
        let task = Task { await failure(transport, timeout: nil) }
        while transport.requests.isEmpty { await Task.yield() }
        task.cancel()
        let error = await task.value
        guard case .cancelled(let operationID) = error else {
            Issue.record("expected cancelled, got \(String(describing: error))")
            return
        }
        #expect(operationID == "getMember")
    }
}
