// Needs the package's FakeServer trait (`swift test --enable-all-traits`); TraitTests fails without it.
#if FakeServer
    import APIRuntime
    import APITracing
    import InMemoryTracing
    import PyrusAPI
    import PyrusFake
    import PyrusKitTestSupport
    import Testing

    /// The fake server continues the trace a client's `traceparent` carries: its server span is the client span's
    /// child, over a real socket.
    @Suite struct TraceContinuationTests {
        @Test func theServerSpanIsTheChildOfTheClientSpan() async throws {
            let tracer = W3CTestTracer()
            let fake = try PyrusFake(seed: .init(members: [Member(id: 4487, firstName: "Ann")]))
            let server = try await PyrusFakeServer.start(fake: fake, tracer: tracer)
            var configuration = APIClient.Configuration(logger: nil)
            configuration.instrumentation = TracingInstrumentation(tracer: tracer)
            let pyrus = PyrusClient(
                accessToken: PyrusFake.defaultAccessToken, serverURL: server.url, configuration: configuration)
            let member = try await pyrus.members.get(id: 4487)
            try await server.shutdown()
            #expect(member.firstName == "Ann")
            let spans = tracer.finishedSpans
            let client = try #require(spans.first { $0.kind == .client })
            let served = try #require(spans.first { $0.kind == .server })
            #expect(client.operationName == "getMember")
            #expect(served.operationName == "GET /v4/members/{id}")
            #expect(served.traceID == client.traceID)
            #expect(served.parentSpanID == client.spanID)
            #expect(
                served.attributes.texts == [
                    "http.request.method": "GET", "http.route": "/v4/members/{id}", "openapi.operation_id": "getMember",
                    "http.response.status_code": "200",
                ])
        }
    }
#endif
