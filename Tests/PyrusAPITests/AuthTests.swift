import APIRuntime
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

@testable import PyrusAPI

/// The Pyrus token exchange, and that no credential leaks into logs or errors.
@Suite struct AuthTests {
    static let authAnswer = #"{"access_token": "tok-1", "api_url": "https://eu.pyrus.example/v4/", "files_url": "f"}"#
    static let role = #"{"id": 1, "name": "R", "banned": false}"#

    /// Answers sign-ins with tokens tok-1, tok-2, … and API calls with `api`.
    static func transport(api: @escaping ScriptedTransport.Answer) -> ScriptedTransport {
        let signIns = Mutex(0)
        return ScriptedTransport(fallback: { request in
            if request.url.hasSuffix("/auth") {
                let number = signIns.withLock { count -> Int in
                    count += 1
                    return count
                }
                let body = authAnswer.replacingOccurrences(of: "tok-1", with: "tok-\(number)")
                return (.ok, [.contentType: "application/json"], Data(body.utf8))
            }
            return try await api(request)
        })
    }

    func client(_ transport: ScriptedTransport, logger: Logger? = nil) -> PyrusClient {
        PyrusClient(
            login: "bruce@company.com", securityKey: "KEY-SECRET-42", transport: transport,
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: logger))
    }

    /// `Secrets.credentialNames` (what APIContract hides by name) and the pattern `redact(_:)` hides members by are
    /// the same list: every listed name is hidden, case ignored, and a name beside them is not.
    @Test func theCredentialNamesAreTheOnesRedactionHides() {
        let secrets = Secrets()
        for name in Secrets.credentialNames.sorted() {
            #expect(
                secrets.redact(#"{"\#(name.uppercased())": "v4lue"}"#) == #"{"\#(name.uppercased())": "<redacted>"}"#)
            #expect(Secrets.isCredentialName(name.uppercased()))
        }
        #expect(secrets.redact(#"{"tokens": "v4lue"}"#) == #"{"tokens": "v4lue"}"#)
        #expect(!Secrets.isCredentialName("tokens"))
    }

    @Test func signsInLazilyAndUsesTheAnsweredAPIURL() async throws {
        let transport = Self.transport { _ in (.ok, [:], Data(Self.role.utf8)) }
        let pyrus = client(transport)
        #expect(transport.requests.isEmpty)
        _ = try await pyrus.roles.get(id: 1)
        let requests = transport.requests
        #expect(
            requests.map(\.url) == ["https://accounts.pyrus.com/api/v4/auth", "https://eu.pyrus.example/v4/roles/1"])
        #expect(requests[0].method == .post)
        #expect(requests[0].body == #"{"login":"bruce@company.com","security_key":"KEY-SECRET-42"}"#)
        #expect(requests[0].headers[.authorization] == nil)
        #expect(requests[1].headers[.authorization] == "Bearer tok-1")
    }

    @Test func concurrentFirstCallsShareOneSignIn() async throws {
        let transport = Self.transport { _ in (.ok, [:], Data(Self.role.utf8)) }
        let pyrus = client(transport)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 1...20 { group.addTask { _ = try await pyrus.roles.get(id: Int64(id)) } }
            try await group.waitForAll()
        }
        #expect(transport.requests.filter { $0.url.hasSuffix("/auth") }.count == 1)
        #expect(transport.requests.count == 21)
    }

    @Test func signsInAgainOnceWhenATokenIsRejected() async throws {
        let transport = Self.transport { request in
            request.headers[.authorization] == "Bearer tok-1"
                ? (.unauthorized, [:], Data(#"{"error": "expired", "error_code": "expired_token"}"#.utf8))
                : (.ok, [:], Data(Self.role.utf8))
        }
        let role = try await client(transport).roles.get(id: 1)
        #expect(role.id == 1)
        #expect(
            transport.requests.map { $0.headers[.authorization] ?? "-" } == ["-", "Bearer tok-1", "-", "Bearer tok-2"])
    }

    @Test func doesNotSignInAgainForABlockedAccount() async throws {
        let transport = Self.transport { _ in
            (.unauthorized, [:], Data(#"{"error": "blocked", "error_code": "account_blocked"}"#.utf8))
        }
        do {
            _ = try await client(transport).roles.get(id: 1)
            Issue.record("expected an error")
        } catch {
            guard case .unexpectedStatus(let failure) = error else {
                Issue.record("expected unexpectedStatus, got \(error)")
                return
            }
            #expect(failure.errorBody(as: ErrorBody.self)?.errorCode == "account_blocked")
        }
        #expect(transport.requests.count == 2)
    }

    @Test func neverAgainAfterTheSecondRejection() async throws {
        let transport = Self.transport { _ in (.unauthorized, [:], Data(#"{"error_code": "invalid_token"}"#.utf8)) }
        await #expect(throws: APIError.self) { _ = try await client(transport).roles.get(id: 1) }
        #expect(transport.requests.count == 4)
    }

    @Test func credentialsNeverReachLogsOrErrorDescriptions() async throws {
        let lines = LogCapture()
        var logger = Logger(label: "test", factory: { _ in lines })
        logger.logLevel = .trace
        let transport = Self.transport { _ in
            (.unauthorized, [:], Data(#"{"error": "blocked", "error_code": "account_blocked"}"#.utf8))
        }
        var descriptions: [String] = []
        do {
            _ = try await client(transport, logger: logger).members.list()
        } catch {
            descriptions.append(error.description)
            descriptions.append(String(reflecting: error))
        }
        let tokenClient = PyrusClient(
            accessToken: "secret-token-123", transport: ScriptedTransport([ScriptedTransport.json(.forbidden, "{}")]),
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: logger))
        do {
            _ = try await tokenClient.members.list()
        } catch {
            descriptions.append(error.description)
        }
        #expect(lines.all.count >= 4)
        let everything = (lines.all + descriptions).joined(separator: "\n")
        for secret in ["KEY-SECRET-42", "tok-1", "tok-2", "secret-token-123"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
        #expect(everything.contains("listMembers"))
    }
}

extension AuthTests {
    @Test func secretsEchoedByAServerAreRedactedFromErrors() async throws {
        // The server repeats the token, the key and a credential member in its error and success bodies.
        let echo = #"{"error": "token tok-1 for key KEY-SECRET-42 is bad", "error_code": "invalid_token"}"#
        let transport = Self.transport { request in
            if request.url.hasSuffix("/roles") { return (.ok, [:], Data(#"{"roles": "tok-1"}"#.utf8)) }
            return (.forbidden, [:], Data(echo.utf8))
        }
        let pyrus = client(transport)
        var descriptions: [String] = []
        do { _ = try await pyrus.members.list() } catch { descriptions.append(error.description) }
        do { _ = try await pyrus.roles.list() } catch { descriptions.append(error.description) }
        #expect(descriptions.count == 2)
        #expect(
            descriptions.first
                == #"listMembers: the server answered 403 Forbidden: {"error":"token <redacted> for key "#
                + #"<redacted> is bad","error_code":"invalid_token"}"#
        )
        #expect(descriptions.last?.contains(#"body: {"roles": "<redacted>"}"#) == true)
        for description in descriptions {
            #expect(!description.contains("tok-1") && !description.contains("KEY-SECRET-42"))
        }
    }

    @Test func aSignInAnswerThatDoesNotDecodeShowsNoToken() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(.ok, #"{"access_token": "fresh-token-77"}"#)])
        do {
            _ = try await client(transport).members.list()
            Issue.record("expected a decoding failure")
        } catch {
            #expect(!error.description.contains("fresh-token-77"))
            guard case .decodingFailed(let failure) = error else { throw error }
            #expect(failure.jsonPath == "/api_url")
        }
    }

    @Test(arguments: [
        "http://eu.pyrus.example/v4/", "ftp://eu.pyrus.example/v4", "//eu.pyrus.example/v4", "not a url",
        "http://127.0.0.1.evil.example/v4",
    ])
    func anAPIURLThatIsNotHTTPSNeverReceivesTheToken(apiURL: String) async throws {
        let answer = #"{"access_token": "tok-9", "api_url": "\#(apiURL)"}"#
        let transport = ScriptedTransport([ScriptedTransport.json(.ok, answer)])
        do {
            _ = try await client(transport).members.list()
            Issue.record("expected the api_url to be refused")
        } catch {
            guard case .untrustedServer(let operationID, let url, _) = error else { throw error }
            #expect(operationID == "authenticate")
            #expect(url == apiURL)
        }
        #expect(transport.requests.count == 1, "only the sign-in was sent")
    }

    @Test(arguments: ["https://on-prem.example.com/api/v4/", "http://127.0.0.1:8080/v4/", "http://localhost/v4"])
    func httpsOrLoopbackAPIURLsAreUsed(apiURL: String) async throws {
        let answer = #"{"access_token": "tok-9", "api_url": "\#(apiURL)"}"#
        let transport = ScriptedTransport(
            [ScriptedTransport.json(.ok, answer), ScriptedTransport.json(.ok, #"{"roles": []}"#)])
        _ = try await client(transport).roles.list()
        var expected = apiURL
        if expected.hasSuffix("/") { expected.removeLast() }
        #expect(transport.requests.last?.url == expected + "/roles")
    }
}

/// A swift-log handler that keeps every line, metadata included.
final class LogCapture: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let metadata = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lines.withLock { $0.append("\(event.level) \(event.message) \(metadata.joined(separator: " "))") }
    }
}
