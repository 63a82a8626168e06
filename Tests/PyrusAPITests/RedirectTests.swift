import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// `APIClient` follows redirects within the origin and returns the others as they are, whatever the transport.
@Suite struct RedirectTests {
    static let role = #"{"id": 1, "name": "R"}"#

    func client(_ transport: ScriptedTransport) -> PyrusClient {
        PyrusClient(
            accessToken: "token-1234", serverURL: URL(string: "https://api.example.com/v4")!, transport: transport,
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
    }

    static func redirect(_ status: HTTPResponse.Status, to location: String) -> ScriptedTransport.Answer {
        { _ in (status, [.location: location], Data()) }
    }

    @Test func a307WithinTheOriginRepeatsTheMethodAndBody() async throws {
        let transport = ScriptedTransport([
            Self.redirect(.temporaryRedirect, to: "/v4/roles/moved?x=1"), ScriptedTransport.json(.ok, Self.role),
        ])
        _ = try await client(transport).roles.create(.init(name: "R"))
        #expect(
            transport.requests.map(\.url) == [
                "https://api.example.com/v4/roles", "https://api.example.com/v4/roles/moved?x=1",
            ])
        #expect(transport.requests.map(\.method) == [.post, .post])
        #expect(transport.requests.map(\.body) == [#"{"name":"R"}"#, #"{"name":"R"}"#])
        #expect(transport.requests.last?.headers[.authorization] == "Bearer token-1234")
    }

    @Test func a303ContinuesWithAGetWithoutABody() async throws {
        let transport = ScriptedTransport([
            Self.redirect(.seeOther, to: "https://api.example.com/v4/roles/1"), ScriptedTransport.json(.ok, Self.role),
        ])
        _ = try await client(transport).roles.create(.init(name: "R"))
        #expect(transport.requests.map(\.method) == [.post, .get])
        #expect(transport.requests.last?.body == nil)
        #expect(transport.requests.last?.headers[.contentType] == nil)
    }

    /// Fetch and AsyncHTTPClient turn only a `POST` into a `GET` after a 301 or 302: a `PUT` or a `DELETE` is
    /// repeated as it was, body included (it used to become a `GET` without its body).
    @Test(arguments: [HTTPResponse.Status.movedPermanently, .found])
    func a301Or302KeepsAPutOrDeleteAndOnlyTurnsAPostIntoAGet(status: HTTPResponse.Status) async throws {
        let transport = ScriptedTransport([
            Self.redirect(status, to: "/v4/roles/2"), ScriptedTransport.json(.ok, Self.role),
            Self.redirect(status, to: "/v4/roles/2"), ScriptedTransport.json(.ok, Self.role),
            Self.redirect(status, to: "/v4/roles/moved"), ScriptedTransport.json(.ok, Self.role),
        ])
        let pyrus = client(transport)
        _ = try await pyrus.roles.update(id: 1, .init(name: "S"))
        _ = try await pyrus.roles.delete(id: 1, .init(taskReceiverID: 7))
        _ = try await pyrus.roles.create(.init(name: "R"))
        #expect(transport.requests.map(\.method) == [.put, .put, .delete, .delete, .post, .get])
        #expect(
            transport.requests.map(\.body) == [
                #"{"name":"S"}"#, #"{"name":"S"}"#, #"{"task_receiver_id":7}"#, #"{"task_receiver_id":7}"#,
                #"{"name":"R"}"#, nil,
            ])
        #expect(transport.requests[1].url == "https://api.example.com/v4/roles/2")
        #expect(transport.requests[3].headers[.contentType] == "application/json")
    }

    @Test(arguments: [
        "https://evil.example.com/v4/roles", "http://api.example.com/v4/roles", "https://api.example.com:8443/v4/roles",
        "//evil.example.com/v4/roles", "https://api.example.com/elsewhere",
    ])
    func aRedirectElsewhereIsReturnedNotFollowed(location: String) async throws {
        let transport = ScriptedTransport([Self.redirect(.temporaryRedirect, to: location)])
        let error = await #expect(throws: APIError.self) { try await client(transport).roles.list() }
        #expect(error?.status == .temporaryRedirect)
        #expect(transport.requests.count == 1)
    }

    @Test func redirectsStopAfterFive() async throws {
        let transport = ScriptedTransport(fallback: Self.redirect(.found, to: "/v4/roles"))
        let error = await #expect(throws: APIError.self) { try await client(transport).roles.list() }
        #expect(error?.status == .found)
        #expect(transport.requests.count == 6)
    }
}
