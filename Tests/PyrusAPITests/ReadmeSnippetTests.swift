import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// The first code block of README.md runs as written, against an in-process transport, and sends exactly the
/// requests its comments describe.
@Suite struct ReadmeSnippetTests {
    @Test func readmeSnippetRuns() async throws {
        let transport = ScriptedTransport(fallback: { request in
            let body: String
            switch (request.method, request.url) {
            case (.get, _): body = #"{"members": []}"#
            case (_, let url) where url.contains("/members"):
                body =
                    #"{"id": 42, "first_name": "Bruce", "last_name": "Brown", "email": "bruce.brown@company.com", "#
                    + #""type": "user", "banned": false}"#
            default: body = #"{"id": 9364, "name": "TechSupport", "banned": "false", "member_ids": [1732, 4487]}"#
            }
            return (.ok, [.contentType: "application/json"], Data(body.utf8))
        })
        let token = "token"

        // README snippet begins (the transport added)
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
        // README snippet ends

        #expect(list.members.isEmpty)
        #expect(moved.id == 42 && blocked.id == 42 && role.id == 9364 && role.banned == false)
        #expect(
            transport.requests.map { "\($0.method) \($0.url) \($0.body ?? "")" } == [
                "GET https://api.pyrus.com/v4/members ",
                #"POST https://api.pyrus.com/v4/members "#
                    + #"{"email":"bruce.brown@company.com","first_name":"Bruce","last_name":"Brown"}"#,
                #"PUT https://api.pyrus.com/v4/members/42 {"position":"lead"}"#,
                "DELETE https://api.pyrus.com/v4/members/42 ",
                #"POST https://api.pyrus.com/v4/roles {"member_add":[1732,4487],"name":"TechSupport"}"#,
                #"PUT https://api.pyrus.com/v4/roles/9364 {"member_add":[3796],"member_remove":[1732]}"#,
                #"DELETE https://api.pyrus.com/v4/roles/9364 {"task_receiver_id":12711}"#,
            ])
    }

    /// The statements above are the README's, so the README cannot drift from code that compiles and runs.
    @Test func theSnippetAboveIsTheReadmes() throws {
        let here = try String(contentsOfFile: #filePath, encoding: .utf8)
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                "../../README.md"),
            encoding: .utf8)
        let test = here.components(separatedBy: "// README snippet begins")[1]
            .components(separatedBy: "// README snippet ends")[0]
            .drop { $0 != "\n" }  // the rest of the marker's line
            .replacingOccurrences(of: ", transport: transport", with: "")
        let block = readme.components(separatedBy: "```swift\n")[1].components(separatedBy: "```")[0]
        #expect("import PyrusAPI " + Self.statements(test) == Self.statements(block))
    }

    /// The code without comments and line breaks, as one line with single spaces.
    private static func statements(_ code: String) -> String {
        code.split(separator: "\n")
            .map { line in line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
    }
}
