// Needs the package's FakeServer trait (`swift test --enable-all-traits`); TraitTests fails without it.
#if FakeServer
    import APIRuntime
    import Foundation
    import NIOCore
    import PyrusAPI
    import Testing

    @testable import PyrusFake

    /// The fake server against clients that attack it: after each attack it still answers a normal request.
    @Suite struct FakeServerAttackTests {
        static let get = "GET /v4/members HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fake-access-token\r\n\r\n"

        func withServer(
            limits: PyrusFakeServer.Limits = .init(), _ body: (PyrusFakeServer) async throws -> Void
        ) async throws {
            let server = try await PyrusFakeServer.start(fake: try PyrusFake(), limits: limits)
            try await body(server)
            // The attack is over; an ordinary client is still served.
            let normal = try RawConnection(port: server.port)
            normal.send(Self.get)
            let answer = await normal.readAnswers(1)
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"))
            try await server.shutdown()
        }

        @Test func aBodyOverTheLimitIsRefusedWith413BeforeItIsRead() async throws {
            try await withServer(limits: .init(maximumRequestBytes: 1000)) { server in
                let declared = try RawConnection(port: server.port)
                declared.send("POST /v4/members HTTP/1.1\r\nHost: x\r\nContent-Length: 3000000000\r\n\r\n")
                let answer = await declared.readAll()
                #expect(answer.text.hasPrefix("HTTP/1.1 413 "))
                #expect(answer.text.contains("connection: close") || answer.text.contains("Connection: close"))
                #expect(
                    answer.text.hasSuffix(
                        #"{"error":"the request is larger than 1000 bytes, the most this server "#
                            + #"reads","error_code":"limit_exceeded"}"#
                    ))
                #expect(answer.closed)

                let chunked = try RawConnection(port: server.port)
                chunked.send("POST /v4/members HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                for _ in 0..<5 { chunked.send("100\r\n" + String(repeating: "x", count: 256) + "\r\n") }
                let chunkedAnswer = await chunked.readAll()
                #expect(chunkedAnswer.text.hasPrefix("HTTP/1.1 413 "))
                #expect(chunkedAnswer.closed)
            }
        }

        @Test func malformedHTTPGetsAJSON400AndTheConnectionCloses() async throws {
            try await withServer { server in
                let connection = try RawConnection(port: server.port)
                connection.send("GARBAGE \u{1}\u{2} NOT HTTP\r\n\r\n")
                let answer = await connection.readAll()
                #expect(answer.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
                #expect(answer.text.contains(#""error_code":"invalid_request"}"#))
                #expect(answer.closed)
            }
        }

        @Test func aRequestThatArrivesTooSlowlyIsCut() async throws {
            try await withServer(limits: .init(requestTimeout: .seconds(1))) { server in
                let slowHead = try RawConnection(port: server.port)
                slowHead.send("GET /v4/members HTTP/1.1\r\nHost: x\r\n")
                let cut = await slowHead.readAll()
                #expect(cut.closed)

                let slowBody = try RawConnection(port: server.port)
                slowBody.send("POST /v4/members HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
                let answer = await slowBody.readAll()
                #expect(answer.text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
                #expect(answer.closed)

                let idle = try RawConnection(port: server.port)
                let idleAnswer = await idle.readAll()
                #expect(idleAnswer == ("", true))
            }
        }

        @Test func pipelinedRequestsAreAnsweredInOrderOneAtATime() async throws {
            try await withServer { server in
                let connection = try RawConnection(port: server.port)
                let paths = (1...50).map { "/v4/members/\($0)" }
                connection.send(
                    paths.map { "GET \($0) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fake-access-token\r\n\r\n" }
                        .joined())
                let answers = await connection.readAnswers(50)
                #expect(answers.components(separatedBy: "HTTP/1.1 404 Not Found").count - 1 == 50)
            }
        }

        @Test func aHalfClosedClientStillGetsItsAnswer() async throws {
            try await withServer { server in
                let connection = try RawConnection(port: server.port)
                connection.send(Self.get)
                connection.shutdownWriting()
                let answer = await connection.readAll()
                #expect(answer.text.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(answer.text.hasSuffix(#"{"members":[]}"#))
                #expect(answer.closed)
            }
        }

        @Test func seedIDsOutsideThe32BitRangeAreRefused() throws {
            let seed = PyrusFake.Seed(members: [
                Member(id: Int64.max - 1, firstName: "A", lastName: "B", email: "a@b", type: .user, banned: false)
            ])
            #expect(throws: PyrusFake.SeedError.self) { try PyrusFake(seed: seed) }
        }

        @Test func creatingPastTheLastIDIsA400NotACrash() async throws {
            let last = PyrusFake.validIDs.upperBound
            let seed = PyrusFake.Seed(members: [
                Member(id: last, firstName: "A", lastName: "B", email: "a@b", type: .user, banned: false)
            ])
            let fake = try PyrusFake(seed: seed)
            await #expect(throws: ServiceError.self) {
                try await fake.create(MemberCreate(firstName: "C", lastName: "D", email: "c@d"))
            }
        }

        /// A released reserve is taken again by the next connection accepted while a descriptor is free, and that
        /// connection is served. Before, release set a flag that shed the next connection whatever it held; when a
        /// connection on another thread took the descriptor a shed one had freed before the reserve was taken again,
        /// the reserve stayed released for good, the next exhaustion had nothing to free, and the event loop spun.
        @Test func aReleasedReserveIsTakenAgainByTheNextConnectionWhileADescriptorIsFree() {
            let reserve = DescriptorReserve()
            reserve.release()
            #expect(!reserve.shedsNext(), "a connection was shed while a descriptor was free")
            // Held again: a second exhaustion has a descriptor to free, and the next connection is served again.
            reserve.release()
            #expect(!reserve.shedsNext())
            reserve.retake()
            #expect(!reserve.shedsNext())
        }

        @Test func anUpdateCannotTakeAnotherMembersEmail() async throws {
            let fake = try PyrusFake()
            let first = try await fake.create(MemberCreate(firstName: "A", lastName: "B", email: "a@b"))
            let second = try await fake.create(MemberCreate(firstName: "C", lastName: "D", email: "c@d"))
            do {
                _ = try await fake.update(id: second.id, MemberUpdate(email: first.email))
                Issue.record("two members share an email")
            } catch let error as ServiceError {
                #expect(error.status == .badRequest)
                #expect((error.body as? ErrorBody)?.errorCode == "non_unique_email")
            }
            _ = try await fake.update(id: second.id, MemberUpdate(email: second.email))
        }
    }
#endif
