import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// Each operation puts exactly the expected bytes on the wire.
@Suite struct RequestEncodingTests {
    let transport = ScriptedTransport(fallback: { request in
        // Answer each operation with a body its response type accepts.
        let body =
            request.url.contains("/roles")
            ? #"{"id": 1, "name": "R", "banned": false, "roles": []}"#
            : #"{"id": 1, "first_name": "a", "last_name": "b", "email": "e", "type": "user", "banned": false, "#
                + #""members": []}"#
        return (.ok, [.contentType: "application/json"], Data(body.utf8))
    })

    func sent(_ call: (PyrusClient) async throws -> Void) async throws -> RecordedRequest {
        try await call(makeClient(transport))
        let requests = transport.requests
        #expect(requests.count == 1)
        return try #require(requests.last)
    }

    func expectHeaders(_ request: RecordedRequest, json: Bool) {
        #expect(request.headers[.authorization] == "Bearer secret-token-123")
        #expect(request.headers[.accept] == "application/json")
        #expect(request.headers[.contentType] == (json ? "application/json" : nil))
    }

    @Test func listMembers() async throws {
        let request = try await sent { _ = try await $0.members.list() }
        #expect(request.method == .get)
        #expect(request.url == "https://api.pyrus.com/v4/members")
        #expect(request.body == nil)
        expectHeaders(request, json: false)
    }

    /// A request body leaves out an optional property that holds its spec `default` (unset means absent); anything
    /// else, and every other encoding, writes every property. `Role` has defaults for `name`, `banned`, `fired` and
    /// `member_ids`.
    @Test func aRequestBodyLeavesOutPropertiesThatHoldTheirDefaults() async throws {
        let role = Role(id: 7, banned: true)
        let client = makeClient(transport)
        _ = try await client.apiClient.send(
            Endpoint<EmptyResponse>(method: .post, path: "/roles/probe", content: .json(role), operationID: "probe"))
        #expect(transport.requests.last?.body == #"{"banned":true,"id":7}"#)
        let everything = try JSONCoding.makeEncoder().encode(role)
        let all = #"{"banned":true,"fired":false,"id":7,"member_ids":[],"name":""}"#
        #expect(String(decoding: everything, as: UTF8.self) == all)
        let decoded = try JSONCoding.makeDecoder().decode(Role.self, from: Data(#"{"id": 7, "banned": true}"#.utf8))
        #expect(decoded == role)
    }

    @Test func listMembersIncludingFired() async throws {
        let request = try await sent { _ = try await $0.members.list(includeFired: true) }
        #expect(request.url == "https://api.pyrus.com/v4/members?include_fired=true")
    }

    @Test func getMember() async throws {
        let request = try await sent { _ = try await $0.members.get(id: 664768) }
        #expect(request.method == .get)
        #expect(request.url == "https://api.pyrus.com/v4/members/664768")
        expectHeaders(request, json: false)
    }

    @Test func createMember() async throws {
        let request = try await sent {
            _ = try await $0.members.create(
                .init(
                    firstName: "Bruce", lastName: "Brown", email: "bruce.brown@company.com", position: "developer",
                    departmentID: 123, messenger: .init(type: .telegram, nickname: "Jester"), phone: "+11235678910",
                    status: "😷Got sick"))
        }
        #expect(request.method == .post)
        #expect(request.url == "https://api.pyrus.com/v4/members")
        #expect(
            request.body
                == #"{"department_id":123,"email":"bruce.brown@company.com","first_name":"Bruce","last_name":"Brown","#
                + #""messenger":{"nickname":"Jester","type":"Telegram"},"phone":"+11235678910","position":"developer","#
                + #""status":"😷Got sick"}"#
        )
        expectHeaders(request, json: true)
    }

    @Test func updateMemberSendsOnlyTheFieldsThatWereSet() async throws {
        let request = try await sent { _ = try await $0.members.update(id: 123456, .init(position: "lead")) }
        #expect(request.method == .put)
        #expect(request.url == "https://api.pyrus.com/v4/members/123456")
        #expect(request.body == #"{"position":"lead"}"#)
        expectHeaders(request, json: true)
    }

    @Test func blockMember() async throws {
        let request = try await sent { _ = try await $0.members.block(id: 123456) }
        #expect(request.method == .delete)
        #expect(request.url == "https://api.pyrus.com/v4/members/123456")
        #expect(request.body == nil)
        expectHeaders(request, json: false)
    }

    @Test func listRoles() async throws {
        let request = try await sent { _ = try await $0.roles.list(includeFired: false) }
        #expect(request.method == .get)
        #expect(request.url == "https://api.pyrus.com/v4/roles?include_fired=false")
        expectHeaders(request, json: false)
    }

    @Test func getRole() async throws {
        let request = try await sent { _ = try await $0.roles.get(id: 32568) }
        #expect(request.method == .get)
        #expect(request.url == "https://api.pyrus.com/v4/roles/32568")
    }

    @Test func createRole() async throws {
        let request = try await sent {
            _ = try await $0.roles.create(.init(name: "TechSupport", memberAdd: [1732, 4487]))
        }
        #expect(request.method == .post)
        #expect(request.url == "https://api.pyrus.com/v4/roles")
        #expect(request.body == #"{"member_add":[1732,4487],"name":"TechSupport"}"#)
        expectHeaders(request, json: true)
    }

    @Test func updateRole() async throws {
        let request = try await sent {
            _ = try await $0.roles.update(
                id: 9364, .init(name: "InternalTechSupport", memberAdd: [3796], memberRemove: [1732], banned: false))
        }
        #expect(request.method == .put)
        #expect(request.url == "https://api.pyrus.com/v4/roles/9364")
        #expect(
            request.body == #"{"banned":false,"member_add":[3796],"member_remove":[1732],"name":"InternalTechSupport"}"#
        )
    }

    @Test func deleteRoleSendsItsBody() async throws {
        let request = try await sent { _ = try await $0.roles.delete(id: 199829, .init(taskReceiverID: 12711)) }
        #expect(request.method == .delete)
        #expect(request.url == "https://api.pyrus.com/v4/roles/199829")
        #expect(request.body == #"{"task_receiver_id":12711}"#)
        expectHeaders(request, json: true)
    }

    @Test func endpointValuesCanBeInspectedWithoutSending() {
        let endpoint = Endpoints.Members.update(id: 42, .init(position: "lead"))
        #expect(endpoint.method == .put)
        #expect(endpoint.path == "/members/42")
        #expect(endpoint.operationID == "updateMember")
        #expect(Endpoints.Members.list(includeFired: true).pathAndQuery == "/members?include_fired=true")
    }
}
