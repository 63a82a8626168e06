import APIRuntime
import Foundation
import HTTPTypes
import PyrusAPI
import PyrusFake
import PyrusKitTestSupport
import Testing

/// The fake's semantics, in process.
@Suite struct PyrusFakeTests {
    func client(_ fake: PyrusFake) -> PyrusClient {
        PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: fake),
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
    }

    @Test func membersGetIncreasingIds() async throws {
        let pyrus = client(try PyrusFake())
        let first = try await pyrus.members.create(.init(firstName: "A", lastName: "B", email: "a@x"))
        let second = try await pyrus.members.create(.init(firstName: "C", lastName: "D", email: "c@x"))
        #expect(first.id == 1001)
        #expect(second.id == 1002)
        #expect(first.type == .user && first.banned == false)
    }

    @Test func seedFromTheDocsFixtures() async throws {
        let members = try JSONDecoder().decode(
            MemberList.self, from: Data(contentsOf: Repository.fixtures.appendingPathComponent("listMembers.200.json")))
        let roles = try JSONDecoder().decode(
            RoleList.self, from: Data(contentsOf: Repository.fixtures.appendingPathComponent("listRoles.200.json")))
        let fake = try PyrusFake(seed: .init(members: members.members, roles: roles.roles))
        let pyrus = client(fake)
        #expect(try await pyrus.members.get(id: 123456).email == " bruce.brown@company.com")
        // Lists keep the order members and roles were added in, as Pyrus's do (not sorted by id).
        #expect(try await pyrus.roles.list().roles.map(\.name) == ["Accountant", "Managers"])
        let created = try await pyrus.roles.create(.init(name: "New"))
        #expect(created.id == 32569)
    }

    @Test func roleMembersAreAddedWithoutDuplicatesInOrderAndRemoved() async throws {
        let fake = try PyrusFake(
            seed: .init(
                members: (1...4).map {
                    Member(id: $0, firstName: "F", lastName: "L", email: "\($0)@x", type: .user, banned: false)
                }))
        let pyrus = client(fake)
        let role = try await pyrus.roles.create(.init(name: "R", memberAdd: [3, 1, 3]))
        #expect(role.memberIDs == [3, 1])
        let updated = try await pyrus.roles.update(id: role.id, .init(memberAdd: [2, 1, 4], memberRemove: [3]))
        #expect(updated.memberIDs == [2, 1, 4])
    }

    @Test func theDocsRoleUpdateReplaysExactly() async throws {
        let members = [1732, 4487, 3796].map {
            Member(id: Int64($0), firstName: "F", email: "\($0)@x", type: .user)
        }
        let pyrus = client(try PyrusFake(seed: .init(members: members)))
        let role = try await pyrus.roles.create(.init(name: "TechSupport", memberAdd: [1732, 4487]))
        #expect(role.memberIDs == [1732, 4487])
        let updated = try await pyrus.roles.update(
            id: role.id, .init(name: "InternalTechSupport", memberAdd: [3796], memberRemove: [1732], banned: false))
        #expect(updated == Role(id: role.id, name: "InternalTechSupport", banned: false, memberIDs: [3796, 4487]))
    }

    @Test func unknownIdsAnswer404WithAPyrusErrorBody() async throws {
        let pyrus = client(try PyrusFake())
        do {
            _ = try await pyrus.members.get(id: 5)
            Issue.record("expected an error")
        } catch {
            guard case .unexpectedStatus(let failure) = error else {
                Issue.record("expected unexpectedStatus, got \(error)")
                return
            }
            #expect(failure.status == .notFound)
            #expect(
                failure.errorBody(as: ErrorBody.self)
                    == ErrorBody(error: "there is no member with id 5", errorCode: "invalid_person_id"))
        }
    }

    @Test func bodiesTheSpecRejectsAnswer400SayingWhy() async throws {
        let fake = try PyrusFake()
        let request = ServerRequest(
            method: .post, pathAndQuery: "/roles", headers: [.authorization: "Bearer \(PyrusFake.defaultAccessToken)"],
            body: Data(#"{"name": 5, "member_ids": [1]}"#.utf8))
        let response = await fake.handle(request)
        #expect(response.status == .badRequest)
        let body = try JSONDecoder().decode(ErrorBody.self, from: response.body)
        #expect(body.errorCode == "validation_error")
        #expect(
            body.error
                == "/member_ids: property 'member_ids' is not allowed (did you mean 'member_add'?); /name: "
                + "expected string, found integer 5"
        )
    }

    @Test func requestsWithoutABearerTokenAnswer401() async throws {
        let response = await (try PyrusFake()).handle(ServerRequest(method: .get, pathAndQuery: "/members"))
        #expect(response.status == .unauthorized)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: response.body).errorCode == "token_not_specified")
    }

    @Test func forcedFailuresCarryRetryAfter() async throws {
        let fake = try PyrusFake()
        fake.failNextRequests(1, retryAfter: 3)
        let request = ServerRequest(
            method: .get, pathAndQuery: "/members", headers: [.authorization: "Bearer \(PyrusFake.defaultAccessToken)"])
        let first = await fake.handle(request)
        #expect(first.status == .tooManyRequests)
        #expect(first.headers[.retryAfter] == "3")
        #expect(await fake.handle(request).status == .ok)
    }
}
