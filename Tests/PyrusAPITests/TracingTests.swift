import APIRuntime
import APITracing
import Foundation
import HTTPTypes
import InMemoryTracing
import PyrusKitTestSupport
import Testing
import Tracing

@testable import PyrusAPI

/// `TracingInstrumentation`: one client span per call, retries included, with the W3C context carried to the server,
/// and nothing a request carries (token, query value) in any attribute.
@Suite struct TracingTests {
    static let member = #"{"id": 7, "first_name": "Bruce"}"#

    /// A Pyrus client with a token, retries without real sleeps, and `tracer`.
    func client(_ transport: ScriptedTransport, tracer: W3CTestTracer) -> PyrusClient {
        let retry = RetryMiddleware(sleep: { _ in }, random: { $0.upperBound })
        var configuration = APIClient.Configuration(retry: retry, logger: nil)
        configuration.instrumentation = TracingInstrumentation(tracer: tracer)
        return PyrusClient(accessToken: "secret-token-123", transport: transport, configuration: configuration)
    }

    func attributes(_ span: FinishedInMemorySpan) -> [String: String] {
        span.attributes.texts
    }

    @Test func aCallIsOneClientSpanWhoseContextTheRequestCarries() async throws {
        let tracer = W3CTestTracer()
        let transport = ScriptedTransport([ScriptedTransport.json(.ok, Self.member)])
        _ = try await client(transport, tracer: tracer).members.get(id: 7)
        let span = try #require(tracer.finishedSpans.only)
        #expect(span.operationName == "getMember")
        #expect(span.kind == .client)
        #expect(
            attributes(span) == [
                "openapi.operation_id": "getMember", "http.request.method": "GET", "url.template": "/v4/members/{id}",
                "url.scheme": "https", "server.address": "api.pyrus.com", "server.port": "443",
                "http.response.status_code": "200",
            ])
        #expect(span.status == nil)
        #expect(
            transport.requests.map { $0.headers[HTTPField.Name("traceparent")!] } == [
                "00-00000000000000000000000000000001-0000000000000001-01"
            ])
        #expect(span.traceID == "00000000000000000000000000000001" && span.spanID == "0000000000000001")
    }

    @Test func aRetriedCallIsStillOneSpanWithItsResendCount() async throws {
        let tracer = W3CTestTracer()
        let transport = ScriptedTransport([
            ScriptedTransport.json(.serviceUnavailable, "{}"), ScriptedTransport.json(.ok, #"{"members": []}"#),
        ])
        _ = try await client(transport, tracer: tracer).members.list()
        let span = try #require(tracer.finishedSpans.only)
        #expect(attributes(span)["http.request.resend_count"] == "1")
        #expect(attributes(span)["http.response.status_code"] == "200")
        // Both attempts carry the one span's context.
        let carried = transport.requests.map { $0.headers[HTTPField.Name("traceparent")!] }
        #expect(carried.count == 2 && Set(carried).count == 1)
    }

    @Test func aFailedCallIsAnErrorSpanNamingTheStatusOnly() async throws {
        let tracer = W3CTestTracer()
        let body = #"{"error": "no member secret-token-123", "error_code": "invalid_person_id"}"#
        let transport = ScriptedTransport([ScriptedTransport.json(.notFound, body)])
        await #expect(throws: APIError.self) { try await client(transport, tracer: tracer).members.get(id: 9) }
        let span = try #require(tracer.finishedSpans.only)
        #expect(attributes(span)["http.response.status_code"] == "404")
        #expect(attributes(span)["error.type"] == "404")
        #expect(span.status?.code == .error)
    }

    @Test func noAttributeHoldsATokenAQueryValueOrAPathValue() async throws {
        let tracer = W3CTestTracer()
        let transport = ScriptedTransport(fallback: ScriptedTransport.json(.ok, Self.member))
        let pyrus = client(transport, tracer: tracer)
        _ = try await pyrus.members.list(includeFired: true)
        _ = try await pyrus.members.get(id: 424_242)
        _ = try await pyrus.roles.update(id: 515_151, .init(name: "secret-role-name"))
        let values = tracer.finishedSpans.flatMap { attributes($0).values }
        for forbidden in ["secret-token-123", "Bearer", "include_fired", "424242", "515151", "secret-role-name", "?"] {
            #expect(!values.contains { $0.contains(forbidden) }, "an attribute holds \(forbidden)")
        }
        #expect(tracer.finishedSpans.map(\.operationName) == ["listMembers", "getMember", "updateRole"])
    }

    @Test func pyrusClientsTraceByDefault() {
        #expect(PyrusClient.defaultConfiguration.instrumentation is TracingInstrumentation)
        let plain = PyrusClient(accessToken: "t")
        #expect(plain.apiClient.configuration.instrumentation is TracingInstrumentation)
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
