import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The fixtures of `Tests/Fixtures/` against the spec: every docs example validates, every invalid fixture fails
/// for the reason its name gives.
@Suite struct FixtureTests {
    static let document: Document = {
        do {
            return try Document.load(contentsOf: Repository.spec)
        } catch {
            Issue.record("Spec/pyrus-api.yaml does not load:\n\(error)")
            return try! Document.load(yaml: "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n")
        }
    }()

    static let validFixtures = Repository.files(in: Repository.fixtures, withExtension: "json")
    static let invalidFixtures = Repository.files(
        in: Repository.fixtures.appendingPathComponent("invalid"), withExtension: "json")

    /// `listMembers.200.json` → the 200 response of `listMembers`; `createRole.request.json` → its request body.
    static func reference(for fixture: URL) -> SchemaRef? {
        try? FixtureSet.reference(forFileNamed: fixture.lastPathComponent, in: document).get()
    }

    /// Fixtures written from `real-api-notes.md` (errors and sign-in), which the docs pages do not print.
    static let fromRealAPINotes: Set<String> = [
        "authenticate.request.json", "authenticate.200.json", "createMember.400.json", "listMembers.401.json",
        "getMember.404.json", "listRoles.429.json",
    ]

    @Test func everyBodyOfTheSpecHasAFixtureOrSharesItsSchemaWithOne() throws {
        let set = try FixtureSet(directory: Repository.fixtures, displayName: "Fixtures", document: Self.document)
        #expect(set.unmatched.isEmpty, "\(set.unmatched)")
        #expect(set.fixtures.filter { !$0.mustBeValid }.count == Self.invalidFixtures.count)
        let coverage = FixtureCoverage(document: Self.document, fixtures: set.fixtures)
        #expect(coverage.missing.map(\.reference.description) == [])
        let notFound = try #require(
            coverage.bodies.first { $0.reference == .response(operationID: "getRole", status: "404") })
        #expect(notFound.fixture == "Fixtures/createMember.400.json")
        #expect(!notFound.isDirect)
        #expect(notFound.schemaPath == "#/components/schemas/Error")
    }

    /// What an answer's status is declared as: the exact code wins over its range, the range over `default`.
    @Test func anAnswersStatusIsDeclaredExactlyThenByRangeThenByDefault() throws {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    "200": {description: ok}
                    4XX: {description: client}
                    default: {description: other}
              /b:
                get:
                  operationId: b
                  responses:
                    2XX: {description: ok}
            """
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        let a = try #require(document.operation(id: "a"))
        #expect(
            [200, 404, 503, 201].map { a.declaredResponse(forStatus: $0)?.status } == [
                "200", "4XX", "default", "default",
            ])
        let b = try #require(document.operation(id: "b"))
        #expect([204, 500].map { b.declaredResponse(forStatus: $0)?.status } == ["2XX", nil])
    }

    @Test func fixtureNamesThatPickNoSchemaSayWhy() {
        func problem(_ name: String) -> String? {
            if case .failure(let error) = FixtureSet.reference(forFileNamed: name, in: Self.document) {
                return error.message
            }
            return nil
        }
        #expect(problem("getMembr.200.json") == "no operation or schema named 'getMembr' (did you mean 'getMember'?)")
        #expect(
            problem("getMember.201.json")
                == "operation 'getMember' has no '201' response (it has 200, 400, 401, 404, 429, default)")
        #expect(problem("listMembers.request.json") == "operation 'listMembers' has no request body")
        #expect(
            problem("Member.json")
                == "name it <operationId>.<status>.json, <operationId>.request.json or <Schema>.<anything>.json")
        #expect(problem("Member.a-member.json") == nil)
    }

    @Test func everyDocumentedOperationIsInTheSpecExactlyOnce() {
        let documented: [(String, String)] = [
            ("get", "/members"), ("post", "/members"), ("get", "/members/{id}"), ("put", "/members/{id}"),
            ("delete", "/members/{id}"), ("get", "/roles"), ("post", "/roles"), ("get", "/roles/{id}"),
            ("put", "/roles/{id}"), ("delete", "/roles/{id}"),
        ]
        for (method, path) in documented {
            let matching = Self.document.operations.filter { $0.method.rawValue == method && $0.path == path }
            #expect(matching.count == 1, "\(method.uppercased()) \(path)")
        }
    }

    @Test func thereIsAFixtureForEverySuccessResponseOfTheDocs() {
        let names = Set(Self.validFixtures.map(\.lastPathComponent))
        for id in [
            "listMembers", "getMember", "createMember", "updateMember", "blockMember", "listRoles", "getRole",
            "createRole", "updateRole", "deleteRole",
        ] {
            #expect(names.contains("\(id).200.json"), "\(id).200.json")
        }
        #expect(Self.invalidFixtures.count >= 8)
    }

    @Test(arguments: validFixtures)
    func fixtureValidatesAgainstItsSchema(_ fixture: URL) throws {
        let reference = try #require(Self.reference(for: fixture), "name does not say which schema")
        let json = try JSON.parse(Data(contentsOf: fixture))
        let violations = try Self.document.validate(json, against: reference)
        #expect(violations.isEmpty, "\(violations.map(\.description))")
    }

    /// What each invalid fixture must fail with: the instance path and keyword, and nothing else.
    static let expectedViolations: [String: (schema: String, pointer: String, keyword: String)] = [
        "Member.banned-is-a-string.json": ("Member", "/banned", "type"),
        "Member.id-is-a-string.json": ("Member", "/id", "type"),
        "Member.messenger-is-not-an-object.json": ("Member", "/messenger", "type"),
        "Member.missing-id.json": ("Member", "", "required"),
        "Member.negative-life-span.json": ("Member", "/web_session_settings/life_span_hours", "minimum"),
        "MemberCreate.curl-sends-phone_number.json": ("MemberCreate", "/phone_number", "additionalProperties"),
        "MemberCreate.empty-first_name.json": ("MemberCreate", "/first_name", "minLength"),
        "MemberList.members-is-not-an-array.json": ("MemberList", "/members", "type"),
        "Role.banned-is-maybe.json": ("Role", "/banned", "enum"),
        "Role.member-id-is-fractional.json": ("Role", "/member_ids/0", "type"),
        "Role.member_ids-has-a-string.json": ("Role", "/member_ids/1", "type"),
        "RoleCreate.curl-sends-member_ids.json": ("RoleCreate", "/member_ids", "additionalProperties"),
        "RoleDelete.missing-task_receiver_id.json": ("RoleDelete", "", "required"),
        "RoleUpdate.member_add-is-null.json": ("RoleUpdate", "/member_add", "type"),
    ]

    @Test(arguments: invalidFixtures)
    func invalidFixtureFailsForTheReasonInItsName(_ fixture: URL) throws {
        let name = fixture.lastPathComponent
        let expected = try #require(Self.expectedViolations[name], "add \(name) to expectedViolations")
        #expect(name.hasPrefix(expected.schema + "."))
        let json = try JSON.parse(Data(contentsOf: fixture))
        let violations = try Self.document.validate(json, against: .component(expected.schema))
        #expect(violations.map(\.instancePath) == [expected.pointer])
        #expect(violations.map(\.keyword) == [expected.keyword])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Repository.apiDocs.path), "needs ../shared/api-docs"))
    func fixturesAreTheDocsExamplesByteForByte() throws {
        let docs = try ["members.txt", "roles.txt"].map {
            try String(contentsOf: Repository.apiDocs.appendingPathComponent($0), encoding: .utf8)
        }.joined(separator: "\n")
        let repairs = [
            // The docs' "/*...*/" placeholder is not JSON; the fixture leaves it out.
            "listMembers.200.json": { (text: String) in text.replacingOccurrences(of: "} ] }", with: "}, /*...*/ ] }")
            },
            // The docs' example lacks its opening brace; the fixture adds it.
            "createMember.200.json": { (text: String) in String(text.dropFirst(2)) },
        ]
        for fixture in Self.validFixtures + Self.invalidFixtures.filter({ $0.lastPathComponent.contains("curl") })
        where !Self.fromRealAPINotes.contains(fixture.lastPathComponent) {
            var text = try String(contentsOf: fixture, encoding: .utf8)
            #expect(text.hasSuffix("\n"))
            text.removeLast()
            if let repair = repairs[fixture.lastPathComponent] { text = repair(text) }
            #expect(docs.contains(text), "\(fixture.lastPathComponent) is not printed in the docs")
        }
    }
}
