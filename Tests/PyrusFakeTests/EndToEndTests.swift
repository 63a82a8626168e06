// Needs the package's FakeServer trait (`swift test --enable-all-traits`); TraitTests fails without it.
#if FakeServer
    import APIRuntime
    import Foundation
    import HTTPTypes
    import OpenAPIURLSession
    import PyrusAPI
    import PyrusFake
    import Testing

    /// The client over a real socket: URLSession against the fake served by SwiftNIO on an ephemeral port.
    @Suite(.serialized) struct EndToEndTests {
        /// Runs `body` with a fresh server and a client pointed at it, then checks every exchange against the spec.
        func withServer(
            seed: PyrusFake.Seed = .init(), token: String? = PyrusFake.defaultAccessToken,
            sleeps: RecordedSleeps = RecordedSleeps(),
            expectedViolations: [String] = [],
            _ body: (PyrusClient, PyrusFake) async throws -> Void
        ) async throws {
            let server = try await PyrusFakeServer.start(fake: PyrusFake(seed: seed))
            let recorder = ExchangeRecorder()
            let configuration = APIClient.Configuration(
                retry: RetryMiddleware(sleep: { try await sleeps.sleep($0) }), logger: nil)
            let pyrus =
                if let token {
                    PyrusClient(
                        accessToken: token, serverURL: server.url, middlewares: [recorder], configuration: configuration
                    )
                } else {
                    PyrusClient(
                        apiClient: APIClient(
                            serverURL: server.url, transport: URLSessionTransport(), middlewares: [recorder],
                            configuration: configuration))
                }
            do {
                try await body(pyrus, server.fake)
            } catch {
                try await server.shutdown()
                throw error
            }
            try await server.shutdown()
            #expect(!recorder.all.isEmpty)
            #expect(try recorder.violations() == expectedViolations)
        }

        static let staff = PyrusFake.Seed(
            members: (1...5).map {
                Member(
                    id: Int64($0), firstName: "Staff", lastName: "\($0)", email: "staff\($0)@company.com", type: .user,
                    banned: false)
            })

        @Test func onboardUpdateAndBlockAMember() async throws {
            try await withServer { pyrus, _ in
                let bruce = try await pyrus.members.create(
                    .init(
                        firstName: "Bruce", lastName: "Brown", email: "bruce.brown@company.com", position: "developer",
                        messenger: .init(type: .telegram, nickname: "Jester"), phone: "+11235678910"))
                let updated = try await pyrus.members.update(id: bruce.id, .init(position: "lead", status: "😷Got sick"))
                var expected = bruce
                expected.position = "lead"
                expected.status = "😷Got sick"
                #expect(updated == expected)
                let blocked = try await pyrus.members.block(id: bruce.id)
                #expect(blocked.banned == true)
                #expect(try await pyrus.members.get(id: bruce.id).banned == true)
                let unblocked = try await pyrus.members.update(id: bruce.id, .init(banned: false))
                #expect(unblocked.banned == false)
                #expect(try await pyrus.members.list().members.map(\.id) == [bruce.id])
            }
        }

        @Test func roleLifecycle() async throws {
            try await withServer(seed: Self.staff) { pyrus, _ in
                let support = try await pyrus.roles.create(.init(name: "TechSupport", memberAdd: [1, 2]))
                let managers = try await pyrus.roles.create(.init(name: "Managers", memberAdd: [3]))
                // Move member 2 from support to managers.
                _ = try await pyrus.roles.update(id: support.id, .init(memberRemove: [2]))
                let moved = try await pyrus.roles.update(id: managers.id, .init(memberAdd: [2]))
                #expect(moved.memberIDs == [2, 3])
                #expect(try await pyrus.roles.get(id: support.id).memberIDs == [1])
                #expect(try await pyrus.roles.update(id: support.id, .init(banned: true)).banned == true)
                #expect(
                    try await pyrus.roles.update(id: support.id, .init(name: "Support", banned: false)).banned == false)
                let deleted = try await pyrus.roles.delete(id: support.id, .init(taskReceiverID: 1))
                #expect(deleted == Role(id: support.id, name: "Support", banned: false, fired: true))
                #expect(try await pyrus.roles.list().roles.map(\.id) == [managers.id])
                #expect(try await pyrus.roles.list(includeFired: true).roles.map(\.id) == [support.id, managers.id])
            }
        }

        @Test func missingTokenIs401() async throws {
            try await withServer(token: nil) { pyrus, _ in
                await #expect {
                    _ = try await pyrus.members.list()
                } throws: { error in
                    (error as? APIError)?.status == .unauthorized
                }
            }
        }

        @Test func unknownIdIs404() async throws {
            try await withServer { pyrus, _ in
                do {
                    _ = try await pyrus.roles.get(id: 404)
                    Issue.record("expected an error")
                } catch let error as APIError {
                    #expect(error.status == .notFound)
                    guard case .unexpectedStatus(let failure) = error else { return }
                    #expect(failure.errorBody(as: ErrorBody.self)?.errorCode == "invalid_person_id")
                }
            }
        }

        @Test func invalidBodyIs400FromTheSpec() async throws {
            // The request is invalid on purpose; every response is still checked.
            try await withServer(expectedViolations: ["createRole request /name: expected string, found integer 5"]) {
                pyrus, _ in
                let endpoint = Endpoint<Role>(
                    method: .post, path: "/roles", content: .json(["name": 5]), operationID: "createRole",
                    errorType: ErrorBody.self)
                do {
                    _ = try await pyrus.apiClient.send(endpoint)
                    Issue.record("expected an error")
                } catch let error as APIError {
                    guard case .unexpectedStatus(let failure) = error else {
                        Issue.record("expected unexpectedStatus, got \(error)")
                        return
                    }
                    #expect(failure.status == .badRequest)
                    #expect(failure.errorBody(as: ErrorBody.self)?.error == "/name: expected string, found integer 5")
                }
            }
        }

        @Test func rateLimitedCallsAreRetriedEndToEnd() async throws {
            let sleeps = RecordedSleeps()
            try await withServer(seed: Self.staff, sleeps: sleeps) { pyrus, fake in
                fake.failNextRequests(2, retryAfter: 2)
                let members = try await pyrus.members.list()
                #expect(members.members.count == 5)
                #expect(fake.requestCount == 3)
            }
            #expect(sleeps.all == [.seconds(2), .seconds(2)])
        }

        @Test func signInWithLoginAndKeyThenCallTheAnsweredAPIURL() async throws {
            let server = try await PyrusFakeServer.start(fake: PyrusFake(seed: Self.staff))
            let recorder = ExchangeRecorder()
            let pyrus = PyrusClient(
                login: "bruce@company.com", securityKey: "key", authURL: server.url, middlewares: [recorder],
                configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
            let members = try await pyrus.members.list()
            try await server.shutdown()
            #expect(members.members.count == 5)
            #expect(recorder.all.map(\.operationID) == ["listMembers"])
            #expect(server.fake.requestCount == 2)
            #expect(try recorder.violations() == [])
        }

        /// The README's example: a test signs in against the fake, the token expires, the client signs in again.
        @Test func aTokenThatExpiresIsReplacedBySigningInAgain() async throws {
            let fake = try PyrusFake(seed: Self.staff)
            let server = try await PyrusFakeServer.start(fake: fake)
            let signedIn = PyrusClient(
                login: "bruce@company.com", securityKey: "any", authURL: server.url,
                configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
            _ = try await signedIn.members.list()
            #expect(fake.requestCount == 2)  // POST /auth, GET /members
            fake.expireTokens()
            let members = try await signedIn.members.list()
            #expect(members.members.count == 5)
            #expect(fake.requestCount == 5)  // GET /members (401 expired_token), POST /auth, GET /members

            let stale = PyrusClient(
                accessToken: "fake-token-1", serverURL: server.url,
                configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
            let error = await #expect(throws: APIError.self) { try await stale.members.list() }
            guard case .unexpectedStatus(let failure)? = error else { return }
            #expect(failure.errorBody(as: ErrorBody.self)?.errorCode == "expired_token")
            try await server.shutdown()
        }

        @Test func theFakeAnswersLikeTheLiveAPIAtItsEdges() async throws {
            let fake = try PyrusFake(seed: Self.staff)
            let token: HTTPFields = [.authorization: "Bearer \(PyrusFake.defaultAccessToken)"]
            func answer(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:]) async -> ServerResponse
            {
                await fake.handle(ServerRequest(method: method, pathAndQuery: path, headers: headers))
            }
            #expect(await answer(.get, "/members/?include_fired=True", headers: token).status == .ok)
            let trace = await answer(.trace, "/members", headers: token)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST")
            let unknownToken = await answer(.get, "/members", headers: [.authorization: "Bearer guessed"])
            #expect(unknownToken.status == .unauthorized)
            #expect(String(decoding: unknownToken.body, as: UTF8.self).contains(#""error_code":"invalid_token""#))
            let unknownPath = await answer(.get, "/tasks", headers: token)
            #expect(unknownPath.status == .notFound)
            #expect(String(decoding: unknownPath.body, as: UTF8.self).hasPrefix(#"{"Message":"#))
        }
    }
#endif
