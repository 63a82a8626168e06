import APIContract
import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import OpenAPIRuntime
import PyrusAPI
import PyrusFake
import Synchronization
import Testing

/// `SpecCheckingMiddleware` against a transport that answers what a test says (the live API's mistakes, played),
/// and against the fake (a conforming exchange).
@Suite struct ContractTests {
    /// One canned answer for every call, and how many requests reached it.
    final class CannedTransport: ClientTransport {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        private let sent = Mutex(0)
        var requestsSent: Int { sent.withLock { $0 } }

        init(_ status: HTTPResponse.Status, contentType: String = "application/json", _ body: String) {
            self.status = status
            self.headers = [.contentType: contentType]
            self.body = body
        }

        func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (
            HTTPResponse, HTTPBody?
        ) {
            sent.withLock { $0 += 1 }
            return (HTTPResponse(status: status, headerFields: headers), HTTPBody(self.body))
        }
    }

    /// Replaces the request body, as a client with a bug would send it.
    struct BodyRewriter: ClientMiddleware {
        let body: String
        func intercept(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
            next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
        ) async throws -> (HTTPResponse, HTTPBody?) {
            try await next(request, HTTPBody(self.body), baseURL)
        }
    }

    final class Reports: Sendable {
        private let all = Mutex<[ContractViolation]>([])
        var violations: [ContractViolation] { all.withLock { $0 } }
        func add(_ violation: ContractViolation) { all.withLock { $0.append(violation) } }
    }

    static let document: Document = {
        do {
            return try Document.load(contentsOf: PyrusFake.specURL, displayName: "pyrus-api.yaml")
        } catch {
            fatalError("the bundled spec does not load: \(error)")
        }
    }()

    /// The spec without its `default` responses, so that a status can be undeclared (with `default`, every status
    /// is declared). Each removed block is two lines, one of them before `listMembers`.
    static let withoutDefaults: Document = {
        do {
            let text = try String(contentsOf: PyrusFake.specURL, encoding: .utf8)
            let block = "        default:\n          $ref: \"#/components/responses/Error\"\n"
            return try Document.load(yaml: text.replacingOccurrences(of: block, with: ""), file: "pyrus-api.yaml")
        } catch {
            fatalError("the bundled spec does not load: \(error)")
        }
    }()

    static func location(_ line: Int, _ column: Int) -> APISpec.SourceLocation {
        APISpec.SourceLocation(file: "pyrus-api.yaml", line: line, column: column)
    }

    static let member =
        #"{"id":1,"first_name":"Bruce","last_name":"Brown","email":"bruce@company.com","type":"user","banned":false}"#

    /// Runs `call` on a client whose answers come from `transport`, once lenient and once strict; returns the
    /// violations reported in lenient mode, after checking that strict mode throws exactly those.
    static func check(
        _ transport: CannedTransport, document: Document = document, before: [any ClientMiddleware] = [],
        _ call: @Sendable (PyrusClient) async throws -> Void
    ) async throws -> [ContractViolation] {
        let lenient = Reports()
        let checker = SpecCheckingMiddleware(document: document) { lenient.add($0) }
        let client = PyrusClient(
            accessToken: "secret-token-123", transport: transport, middlewares: before + [checker],
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        try? await call(client)
        await checker.waitForPendingChecks()
        let strict = Reports()
        let strictClient = PyrusClient(
            accessToken: "secret-token-123", transport: transport,
            middlewares: before + [SpecCheckingMiddleware(document: document, mode: .strict) { strict.add($0) }],
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        do {
            try await call(strictClient)
            #expect(lenient.violations.isEmpty, "strict mode did not throw")
        } catch let error as APIError {
            if case .transportFailed(_, let underlying) = error, let thrown = underlying as? ContractViolationError {
                #expect(thrown.violations == lenient.violations)
            } else {
                // Without a violation, the call fails as it would without the checker (an error status, say).
                #expect(lenient.violations.isEmpty, "strict mode threw \(error), not a ContractViolationError")
            }
        }
        #expect(strict.violations == lenient.violations)
        return lenient.violations
    }

    @Test func anUndeclaredStatusIsReportedWithTheOperation() async throws {
        let transport = CannedTransport(.init(code: 418), #"{"error":"teapot"}"#)
        let found = try await Self.check(transport, document: Self.withoutDefaults) { _ = try await $0.members.list() }
        #expect(
            found == [
                ContractViolation(
                    operationID: "listMembers", kind: .undeclaredStatus, specLocation: Self.location(61, 5),
                    value: "418", message: "the operation declares 200, 400, 401, 429, not 418")
            ])
        // With `default`, 418 is declared: its body is checked against the error schema, and conforms.
        #expect(try await Self.check(transport) { _ = try await $0.members.list() } == [])
    }

    @Test func aWrongTypeDeepInAListIsReportedAtItsPointer() async throws {
        let wrong = Self.member.replacingOccurrences(of: #""id":1"#, with: #""id":"two""#)
        let transport = CannedTransport(.ok, #"{"members":[\#(Self.member),\#(wrong)]}"#)
        let found = try await Self.check(transport) { _ = try await $0.members.list() }
        #expect(found.map(\.pointer) == ["/members/1/id"])
        #expect(found.map(\.value) == [#""two""#])
        #expect(found.map(\.kind) == [.responseBody])
        // Member.id's schema (`type: integer`), and the validator's sentence.
        #expect(found.first?.specLocation == Self.location(481, 11))
        #expect(found.first?.message == #"expected integer, found string "two""#)
    }

    /// Lenient mode validates answers in the background up to its limit; with no room, before the call returns.
    @Test func withNoRoomInTheBackgroundTheAnswerIsCheckedBeforeTheCallReturns() async throws {
        let wrong = Self.member.replacingOccurrences(of: #""id":1"#, with: #""id":"two""#)
        let reports = Reports()
        let pyrus = PyrusClient(
            accessToken: "token", transport: CannedTransport(.ok, wrong),
            middlewares: [
                SpecCheckingMiddleware(document: Self.document, maximumBackgroundChecks: 0) { reports.add($0) }
            ],
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        _ = try? await pyrus.members.get(id: 1)
        #expect(reports.violations.map(\.pointer) == ["/id"])
    }

    @Test func aMissingRequiredFieldIsReportedAtItsObject() async throws {
        let transport = CannedTransport(.ok, #"{"first_name":"Bruce","last_name":"Brown"}"#)
        let found = try await Self.check(transport) { _ = try await $0.members.get(id: 1) }
        #expect(found.map(\.pointer) == [""])
        #expect(found.map(\.value) == [#"{"first_name":"Bruce","last_name":"Brown"}"#])
        // Member's schema, whose `required: [id]` failed.
        #expect(found.first?.specLocation == Self.location(469, 7))
        #expect(found.first?.message == "missing required property 'id'")
    }

    @Test func anUnknownValueOfAnOpenEnumIsAllowedAndOfAClosedOneIsNot() async throws {
        let open = Self.member.replacingOccurrences(of: #""type":"user""#, with: #""type":"robot""#)
        #expect(try await Self.check(CannedTransport(.ok, open)) { _ = try await $0.members.get(id: 1) } == [])
        let closed = Self.member.replacingOccurrences(of: #""banned":false"#, with: #""banned":"maybe""#)
        let found = try await Self.check(CannedTransport(.ok, closed)) { _ = try await $0.members.get(id: 1) }
        #expect(found.map(\.pointer) == ["/banned"])
        #expect(found.map(\.value) == [#""maybe""#])
        #expect(found.first?.specLocation == Self.location(506, 11))  // banned: type: boolean
    }

    /// A required object in exploded `form` style is sent as its properties' items (`size=20`), not under its own
    /// name, and a map as items no other parameter names: such a request was reported as missing them.
    @Test func aRequiredObjectSentAsItsMembersIsNotMissing() async throws {
        let document = try Document.load(
            yaml: """
                openapi: 3.1.0
                info: {title: T, version: '1'}
                paths:
                  /items:
                    get:
                      operationId: listItems
                      parameters:
                        - name: page
                          in: query
                          required: true
                          schema: {type: object, properties: {size: {type: integer}}}
                        - name: labels
                          in: query
                          required: true
                          schema: {type: object, additionalProperties: {type: string}}
                        - {name: limit, in: query, schema: {type: integer}}
                      responses: {'204': {description: ok}}
                """, file: "spec.yaml")
        func messages(_ path: String) async throws -> [String] {
            let reports = Reports()
            let checker = SpecCheckingMiddleware(document: document) { reports.add($0) }
            let request = HTTPRequest(method: .get, scheme: "https", authority: "example.com", path: path)
            _ = try await checker.intercept(
                request, body: nil, baseURL: URL(string: "https://example.com")!, operationID: "listItems"
            ) { _, _, _ in (HTTPResponse(status: .noContent), nil) }
            await checker.waitForPendingChecks()
            return reports.violations.map(\.message)
        }
        #expect(try await messages("/items?size=20&tier=gold&limit=5") == [])
        #expect(
            try await messages("/items?limit=5") == [
                "the required query parameter 'page' was not sent",
                "the required query parameter 'labels' was not sent",
            ])
    }

    @Test func aWrongContentTypeIsReported() async throws {
        let transport = CannedTransport(.ok, contentType: "text/html", "<html>maintenance</html>")
        let found = try await Self.check(transport) { _ = try await $0.members.get(id: 1) }
        #expect(
            found == [
                ContractViolation(
                    operationID: "getMember", kind: .wrongContentType, specLocation: Self.location(140, 17),
                    value: "text/html",
                    message: "the 200 answer is declared as application/json, received text/html")
            ])
    }

    @Test func aRequestBodyTheSpecRejectsIsReportedAndInStrictModeNeverSent() async throws {
        let transport = CannedTransport(.ok, Self.member)
        let found = try await Self.check(
            transport, before: [BodyRewriter(body: #"{"first_name":5,"last_name":"Brown","email":"b@c.com"}"#)]
        ) {
            _ = try await $0.members.create(.init(firstName: "Bruce", lastName: "Brown", email: "b@c.com"))
        }
        #expect(found.map(\.kind) == [.requestBody])
        #expect(found.map(\.pointer) == ["/first_name"])
        #expect(found.map(\.value) == ["5"])
        #expect(found.first?.specLocation == Self.location(610, 11))  // MemberCreate.first_name: type: string
        #expect(transport.requestsSent == 1, "the lenient call was sent, the strict one was not")
    }

    /// A failing value is shown cut at 200 characters, and printed no further than that needs.
    @Test func aLargeOffendingValueIsShownCut() async throws {
        let long = String(repeating: "x", count: 100_000)
        let transport = CannedTransport(.ok, #"{"first_name":"\#(long)","last_name":"\#(long)"}"#)
        let found = try await Self.check(transport) { _ = try await $0.members.get(id: 1) }
        #expect(found.map(\.pointer) == [""])
        #expect(found.first?.value == #"{"first_name":""# + String(repeating: "x", count: 185) + "…")
    }

    @Test func aCredentialInAnOffendingValueIsRedacted() async throws {
        let transport = CannedTransport(.ok, #"{"access_token":12345,"api_url":"secret-token-123"}"#)
        let found = try await Self.check(transport) {
            _ = try await $0.auth.authenticate(.init(login: "a@b.c", securityKey: "key-42"))
        }
        #expect(found.compactMap(\.value).allSatisfy { !$0.contains("12345") && !$0.contains("secret-token-123") })
        #expect(found.map(\.pointer).contains("/access_token"))
    }

    @Test func aConformingExchangeWithTheFakeReportsNothing() async throws {
        let fake = try PyrusFake()
        let reports = Reports()
        let pyrus = PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: fake),
            middlewares: [SpecCheckingMiddleware(document: Self.document, mode: .strict) { reports.add($0) }],
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        let member = try await pyrus.members.create(.init(firstName: "Bruce", lastName: "Brown", email: "b@c.com"))
        _ = try await pyrus.members.get(id: member.id)
        _ = try await pyrus.members.update(id: member.id, .init(position: "lead"))
        _ = try await pyrus.members.list()
        let role = try await pyrus.roles.create(.init(name: "Leads", memberAdd: [member.id]))
        _ = try await pyrus.roles.update(id: role.id, .init(memberRemove: [member.id]))
        _ = try await pyrus.roles.list()
        _ = try await pyrus.members.block(id: member.id)
        #expect(reports.violations == [])
        #expect(fake.contractViolations == [])
    }

    /// Contract mode: a fake whose answer the spec does not allow answers 500 saying what broke, and keeps it.
    @Test func theFakeReportsItsOwnAnswerThatBreaksTheSpec() async throws {
        let text = try String(contentsOf: PyrusFake.specURL, encoding: .utf8)
        let stricter = text.replacingOccurrences(
            of: "      required: [id]\n      properties:\n        id:",
            with: "      required: [id, avatar_id]\n      properties:\n        id:")
        #expect(stricter != text)
        let spec = FileManager.default.temporaryDirectory.appendingPathComponent("stricter-\(UUID().uuidString).yaml")
        try Data(stricter.utf8).write(to: spec)
        defer { try? FileManager.default.removeItem(at: spec) }
        let fake = try PyrusFake(seed: .init(members: [Member(id: 7, firstName: "Ann")]), specURL: spec)
        let pyrus = PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: fake),
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        let error = await #expect(throws: APIError.self) { try await pyrus.members.get(id: 7) }
        guard case .unexpectedStatus(let failure)? = error else { return }
        #expect(failure.status == .internalServerError)
        #expect(failure.errorBody(as: ErrorBody.self)?.errorCode == "fake_broke_contract")
        #expect(
            fake.contractViolations == [
                "getMember 200: /: missing required property 'avatar_id' (schema at \(spec.lastPathComponent):469:7)"
            ])
        let unchecked = try PyrusFake(
            seed: .init(members: [Member(id: 7, firstName: "Ann")]), specURL: spec, checksAnswers: false)
        let trusting = PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: unchecked),
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        #expect(try await trusting.members.get(id: 7).firstName == "Ann")
    }
}
