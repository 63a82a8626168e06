import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// The code of the design document's "generated Swift API" section (`../shared/DESIGN.md`, beside this repository,
/// with generated names in Swift's acronym casing: `taskReceiverID`), against an in-process transport.
@Suite struct DesignSnippetTests {
    @Test func designSnippetRuns() async throws {
        let transport = ScriptedTransport(fallback: { request in
            let body: String
            switch (request.method, request.url) {
            case (.get, _): body = #"{"members": []}"#
            case (_, let url) where url.contains("/members"):
                body =
                    #"{"id": 42, "first_name": "Bruce", "last_name": "Brown", "email": "bruce.brown@company.com", "type": "user", "banned": false}"#
            default: body = #"{"id": 9364, "name": "TechSupport", "banned": "false", "member_ids": [1732, 4487]}"#
            }
            return (.ok, [.contentType: "application/json"], Data(body.utf8))
        })
        let token = "token"

        // From DESIGN.md, with the transport added:
        let pyrus = PyrusClient(accessToken: token, transport: transport)
        let list = try await pyrus.members.list()
        let bruce = try await pyrus.members.create(
            .init(
                firstName: "Bruce", lastName: "Brown",
                email: "bruce.brown@company.com"))
        let moved = try await pyrus.members.update(id: bruce.id, .init(position: "lead"))
        let blocked = try await pyrus.members.block(id: bruce.id)
        let role = try await pyrus.roles.create(.init(name: "TechSupport", memberAdd: [1732, 4487]))
        _ = try await pyrus.roles.update(id: role.id, .init(memberAdd: [3796], memberRemove: [1732]))
        _ = try await pyrus.roles.delete(id: role.id, .init(taskReceiverID: 12711))

        #expect(list.members.isEmpty)
        #expect(moved.id == 42 && blocked.id == 42 && role.id == 9364 && role.banned == false)
        #expect(
            transport.requests.map { "\($0.method) \($0.url) \($0.body ?? "")" } == [
                "GET https://api.pyrus.com/v4/members ",
                #"POST https://api.pyrus.com/v4/members {"email":"bruce.brown@company.com","first_name":"Bruce","last_name":"Brown"}"#,
                #"PUT https://api.pyrus.com/v4/members/42 {"position":"lead"}"#,
                "DELETE https://api.pyrus.com/v4/members/42 ",
                #"POST https://api.pyrus.com/v4/roles {"member_add":[1732,4487],"name":"TechSupport"}"#,
                #"PUT https://api.pyrus.com/v4/roles/9364 {"member_add":[3796],"member_remove":[1732]}"#,
                #"DELETE https://api.pyrus.com/v4/roles/9364 {"task_receiver_id":12711}"#,
            ])
    }
}
