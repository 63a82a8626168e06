import APIRuntime
import Foundation
import HTTPTypes
import PyrusAPI
import Testing

/// The client against servers on loopback addresses that try to take its token, its memory or its time.
@Suite struct HostileServerTests {
    static let token = "secret-token-123"
    static let memberList =
        #"{"members": [{"id": 1, "first_name": "A", "last_name": "B", "email": "a@b", "type": "user", "banned": "#
        + #"false}]}"#

    /// The default transport (AsyncHTTPClient on Linux) and the URLSession one.
    enum Transport: CaseIterable, Sendable {
        case standard
        case urlSession
    }

    func client(
        _ serverURL: String, transport: Transport = .standard,
        configuration: APIClient.Configuration = .init(retry: .init(policy: .never))
    ) -> PyrusClient {
        PyrusClient(
            accessToken: Self.token, serverURL: URL(string: serverURL)!,
            transport: transport == .standard ? PyrusClient.makeDefaultTransport() : StreamingURLSessionTransport(),
            configuration: configuration)
    }

    @Test(arguments: [301, 302, 303, 307, 308], Transport.allCases)
    func noRedirectCarriesTheTokenToAnotherOrigin(status: Int, transport: Transport) async throws {
        // 127.0.0.2 is another host on the loopback interface; another port on the same host is another origin too.
        let thief = try await HostileServer.start(host: "127.0.0.2") { _ in
            .respond(status: 200, headers: [], body: Self.memberList)
        }
        let samePortlessHost = try await HostileServer.start { _ in
            .respond(status: 200, headers: [], body: Self.memberList)
        }
        for target in [thief.url, samePortlessHost.url] {
            let server = try await HostileServer.start { _ in
                .respond(status: status, headers: [("Location", target + "/steal")], body: "")
            }
            let pyrus = client(server.url + "/v4", transport: transport)
            let list = await #expect(throws: APIError.self) { try await pyrus.members.list() }
            #expect(list?.status?.code == status)
            let create = await #expect(throws: APIError.self) {
                try await pyrus.members.create(.init(firstName: "A", lastName: "B", email: "a@b"))
            }
            #expect(create?.status?.code == status)
            #expect(server.requests.count == 2)
            try await server.shutdown()
        }
        #expect(thief.requests.isEmpty, "the other host received \(thief.requests)")
        #expect(samePortlessHost.requests.isEmpty, "the other port received \(samePortlessHost.requests)")
        try await thief.shutdown()
        try await samePortlessHost.shutdown()
    }

    @Test(arguments: Transport.allCases)
    func aRedirectWithinTheOriginIsFollowedWithTheToken(transport: Transport) async throws {
        let server = try await HostileServer.start { request in
            request.uri == "/v4/members"
                ? .respond(status: 307, headers: [("Location", "/v4/members/moved")], body: "")
                : .respond(status: 200, headers: [("Content-Type", "application/json")], body: Self.memberList)
        }
        let list = try await client(server.url + "/v4", transport: transport).members.list()
        #expect(list.members.map(\.id) == [1])
        #expect(server.requests.map(\.uri) == ["/v4/members", "/v4/members/moved"])
        #expect(
            server.requests.map { $0.headers["authorization"] } == ["Bearer \(Self.token)", "Bearer \(Self.token)"])
        try await server.shutdown()
    }

    @Test(arguments: Transport.allCases)
    func aBodyThatNeverEndsStopsAtTheSizeLimit(transport: Transport) async throws {
        let server = try await HostileServer.start { _ in .endlessBody }
        let pyrus = client(
            server.url, transport: transport,
            configuration: .init(maximumResponseBytes: 1 << 20, timeout: .seconds(30), retry: .init(policy: .never)))
        let start = ContinuousClock.now
        do {
            _ = try await pyrus.members.list()
            Issue.record("an endless body was accepted")
        } catch {
            guard case .responseTooLarge(_, let limit) = error else { throw error }
            #expect(limit == 1 << 20)
        }
        // Below the 30 s timeout, which is what would end a call that read on past the limit. Not tighter: the two
        // threads of this process's cooperative pool may be busy for seconds with the CPU-heavy suites beside it.
        #expect(ContinuousClock.now - start < .seconds(25))
        try await server.shutdown()
    }

    @Test(arguments: Transport.allCases)
    func anAnswerThatStallsEndsAtTheTimeout(transport: Transport) async throws {
        let server = try await HostileServer.start { _ in .stall }
        let pyrus = client(
            server.url, transport: transport,
            configuration: .init(timeout: .milliseconds(500), retry: .init(policy: .never)))
        let start = ContinuousClock.now
        do {
            _ = try await pyrus.members.list()
            Issue.record("a stalled answer was accepted")
        } catch {
            guard case .timedOut(_, let after) = error else { throw error }
            #expect(after == .milliseconds(500))
        }
        // The server never answers, so only the timeout ends the call; the bound leaves room for a pool busy with
        // the CPU-heavy suites beside this one (10 s was exceeded once that way, by a second).
        #expect(ContinuousClock.now - start < .seconds(25), "the 0.5 s timeout did not end the call")
        try await server.shutdown()
    }

    @Test func aTokenEchoedInAnErrorBodyIsRedacted() async throws {
        let server = try await HostileServer.start { request in
            .respond(
                status: 401, headers: [("Content-Type", "application/json")],
                body:
                    #"{"error": "\#(request.headers["authorization"] ?? "") is not valid", "error_code": "#
                    + #""invalid_token"}"#
            )
        }
        do {
            _ = try await client(server.url).members.list()
        } catch {
            #expect(
                error.description
                    == #"listMembers: the server answered 401 Unauthorized: {"error":"<redacted> is not "#
                    + #"valid","error_code":"invalid_token"}"#
            )
            #expect(!String(reflecting: error).contains(Self.token))
        }
        try await server.shutdown()
    }
}
