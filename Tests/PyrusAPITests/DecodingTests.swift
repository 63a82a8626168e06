import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// Every response example of the docs decodes through the client, into the values it shows.
@Suite struct DecodingTests {
    func client(answering fixture: String) throws -> PyrusClient {
        let data = try Fixtures.data(fixture)
        return makeClient(ScriptedTransport(fallback: { _ in (.ok, [.contentType: "application/json"], data) }))
    }

    @Test func everyResponseFixtureDecodesForItsOperation() async throws {
        _ = try await client(answering: "listMembers.200.json").members.list()
        _ = try await client(answering: "getMember.200.json").members.get(id: 664768)
        _ = try await client(answering: "createMember.200.json").members.create(
            .init(firstName: "a", lastName: "b", email: "c"))
        _ = try await client(answering: "updateMember.200.json").members.update(id: 1, .init())
        _ = try await client(answering: "blockMember.200.json").members.block(id: 1)
        _ = try await client(answering: "listRoles.200.json").roles.list()
        _ = try await client(answering: "getRole.200.json").roles.get(id: 1)
        _ = try await client(answering: "createRole.200.json").roles.create(.init(name: "x"))
        _ = try await client(answering: "updateRole.200.json").roles.update(id: 1, .init())
        _ = try await client(answering: "deleteRole.200.json").roles.delete(id: 1, .init(taskReceiverID: 2))
    }

    @Test func theFullMemberExampleDecodesIntoExactValues() async throws {
        let member = try await client(answering: "getMember.200.json").members.get(id: 664768)
        #expect(
            member
                == Member(
                    id: 664768, firstName: "mna", lastName: "nas", email: "test.pyrus.account@gmail.com", type: .user,
                    status: "😷Got sick", banned: true, fired: true, position: "", externalID: "",
                    messenger: Messenger(type: .telegram, nickname: "Jester"), phone: "", loginPhone: "", rights: 0,
                    webSessionSettings: SessionSettings(lifeSpanHours: 8760), mobileSessionSettings: SessionSettings(),
                    webSessionInactiveSettings: SessionSettings(), mobileSessionInactiveSettings: SessionSettings()))
    }

    @Test func theListExampleKeepsTheEmailsLeadingSpace() async throws {
        let list = try await client(answering: "listMembers.200.json").members.list()
        #expect(list.members.map(\.email) == [" bruce.brown@company.com"])
    }

    @Test func bannedAsTheStringFalseDecodesAsFalse() async throws {
        let created = try await client(answering: "createRole.200.json").roles.create(.init(name: "TechSupport"))
        #expect(created == Role(id: 9364, name: "TechSupport", banned: false, memberIDs: [1732, 4487]))
        let deleted = try await client(answering: "deleteRole.200.json").roles.delete(id: 1, .init(taskReceiverID: 2))
        #expect(deleted == Role(id: 199829, name: "MyRole", banned: false, fired: true))
    }

    @Test func unknownEnumValueRoundTrips() throws {
        let json = #"{"id":1,"first_name":"a","last_name":"b","email":"e","type":"bot2","banned":false}"#
        let member = try JSONDecoder().decode(Member.self, from: Data(json.utf8))
        #expect(member.type == .unknown("bot2"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = String(decoding: try encoder.encode(member), as: UTF8.self)
        // Absent fields come back as their defaults; the unknown type comes back unchanged.
        #expect(
            again
                == #"{"banned":false,"email":"e","external_id":"","fired":false,"first_name":"a","id":1,"#
                + #""last_name":"b","login_phone":"","phone":"","position":"","status":"","type":"bot2"}"#
        )
    }

    @Test func unknownFieldsAreIgnored() throws {
        let json = #"{"id":1,"first_name":"a","last_name":"b","email":"e","type":"role","banned":false,"avatar_id":9}"#
        #expect(try JSONDecoder().decode(Member.self, from: Data(json.utf8)).type == .role)
    }

    // MARK: - What the live API sends: empty fields left out, bots and roles among members, fields the docs omit

    @Test func aBotWithoutAnEmailDecodes() throws {
        let json = #"{"id": 7, "first_name": "Deploy", "last_name": "Bot", "type": "bot", "banned": false}"#
        let bot = try JSONDecoder().decode(Member.self, from: Data(json.utf8))
        #expect(bot == Member(id: 7, firstName: "Deploy", lastName: "Bot", email: "", type: .bot, banned: false))
    }

    @Test func aRoleTypeMemberWithOnlyAnIDAndANameDecodes() throws {
        let json = #"{"id": 32568, "first_name": "Accountant", "type": "role"}"#
        let role = try JSONDecoder().decode(Member.self, from: Data(json.utf8))
        #expect(role.id == 32568)
        #expect(role.firstName == "Accountant")
        #expect(role.type == .role)
        #expect(role.lastName == "" && role.email == "" && role.position == "")
    }

    @Test func aMemberWithEveryFieldAbsentButIDDecodesWithTheDefaults() throws {
        let member = try JSONDecoder().decode(Member.self, from: Data(#"{"id": 1}"#.utf8))
        #expect(member == Member(id: 1))
        #expect(member.banned == false && member.fired == false && member.email == "" && member.type == nil)
        let role = try JSONDecoder().decode(Role.self, from: Data(#"{"id": 2}"#.utf8))
        #expect(role == Role(id: 2, name: "", banned: false, fired: false, memberIDs: []))
        #expect(try JSONDecoder().decode(MemberList.self, from: Data("{}".utf8)).members == [])
        #expect(try JSONDecoder().decode(RoleList.self, from: Data("{}".utf8)).roles == [])
    }

    @Test func fieldsTheDocsDoNotShowAreIgnoredAndNullMeansEmpty() throws {
        let json = #"""
            {"members": [{"id": 1, "email": null, "native_first_name": "Брюс", "avatar_id": 9,
              "department_name": "R&D", "two_factor_auth": true, "task_receiver": {"id": 2},
              "messenger": {"type": "Signal", "nickname": "b"}}]}
            """#
        let list = try JSONDecoder().decode(MemberList.self, from: Data(json.utf8))
        #expect(list.members.count == 1)
        #expect(list.members[0].email == "")
        #expect(list.members[0].messenger?.type == .unknown("Signal"))
    }

    @Test func aWholeOrganizationDecodesWhenOneMemberIsSparse() throws {
        let json =
            #"{"members": [{"id": 1, "first_name": "A", "email": "a@x", "type": "user"}, {"id": 2, "type": "bot"}]}"#
        let list = try JSONDecoder().decode(MemberList.self, from: Data(json.utf8))
        #expect(list.members.map(\.id) == [1, 2])
        #expect(list.members.map(\.email) == ["a@x", ""])
    }
}
