import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// Bodies that stream, as spec → exact Swift: what the endpoint, the client method, the service requirement and the
/// route become for events, JSON Lines, JSON sequences and bytes.
@Suite struct StreamingSnippetTests {
    static let paths = """
          /events:
            get:
              operationId: watch
              responses:
                '200':
                  description: Events.
                  content:
                    text/event-stream:
                      schema: {type: object, required: [n], properties: {n: {type: integer}}}
          /log:
            get:
              operationId: tail
              responses:
                '200': {description: Lines of text., content: {text/event-stream: {}}}
          /echo:
            post:
              operationId: echo
              requestBody:
                required: true
                content: {application/x-ndjson: {schema: {type: string}}}
              responses:
                '200': {description: Echoes., content: {application/json-seq: {schema: {type: string}}}}
          /files/{id}:
            get:
              operationId: download
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                '200': {description: The file., content: {image/png: {schema: {type: string, format: binary}}}}
            put:
              operationId: upload
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              requestBody:
                required: true
                content: {application/octet-stream: {schema: {type: string, format: binary}}}
              responses:
                '204': {description: Stored.}
        """

    @Test func eventStreamsAreIncomingStreamsOfTypedEvents() throws {
        let files = try generate(spec(paths: Self.paths))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                """
                    public static func watch() -> Endpoint<IncomingStream<ServerEvent<WatchResponse>>> {
                        Endpoint(
                            method: .get,
                            path: "/events",
                            responseFormat: .stream(.serverSentEvents, contentType: "text/event-stream"),
                            operationID: "watch"
                        )
                    }
                """))
        #expect(endpoints.contains("public static func tail() -> Endpoint<IncomingStream<ServerEvent<String>>> {"))
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "    public func watch() async throws(APIError) -> IncomingStream<ServerEvent<WatchResponse>> {\n"
                    + "        try await apiClient.send(Endpoints.watch())\n"))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("    func watch() async throws -> OutgoingStream<ServerEvent<WatchResponse>>\n"))
        #expect(
            server.contains(
                "return ServerResponse(status: .ok, stream: try await service.watch(), format: .serverSentEvents, "
                    + "contentType: \"text/event-stream\")"))
    }

    @Test func aStreamedBodyIsAnOutgoingStreamForClientsAndAnIncomingOneForServices() throws {
        let files = try generate(spec(paths: Self.paths))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                """
                    public static func echo(_ body: OutgoingStream<String>) -> Endpoint<IncomingStream<String>> {
                        Endpoint(
                            method: .post,
                            path: "/echo",
                            content: .stream(body.body(.jsonLines), contentType: "application/x-ndjson"),
                            responseFormat: .stream(.jsonSequence, contentType: "application/json-seq"),
                            operationID: "echo"
                        )
                    }
                """))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains("    func echo(_ body: IncomingStream<String>) async throws -> OutgoingStream<String>\n"))
        #expect(server.contains("let body = request.incomingStream(of: String.self, format: .jsonLines)\n"))
    }

    @Test func bytesKeepTheirDataMethodsAndGainStreamingOnes() throws {
        let files = try generate(spec(paths: Self.paths))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("    public func download(id: String) async throws(APIError) -> Data {\n"))
        #expect(
            client.contains(
                "    public func downloadStream(id: String) async throws(APIError) -> IncomingStream<ArraySlice<UInt8>> {\n"
            ))
        #expect(client.contains("    public func upload(id: String, _ body: Data) async throws(APIError) {\n"))
        #expect(
            client.contains(
                "    public func upload(id: String, _ body: OutgoingStream<ArraySlice<UInt8>>) async throws(APIError) {\n"
            ))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            content: .stream(body.body(.bytes), contentType: \"application/octet-stream\"),\n"))
        #expect(endpoints.contains("            responseFormat: .stream(.bytes, contentType: \"image/png\"),\n"))
        // Services keep `Data`: only clients get the variants.
        let server = try #require(files["Server.swift"])
        #expect(!server.contains("downloadStream") && !server.contains("OutgoingStream<ArraySlice<UInt8>>"))
    }
}
