import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A `ClientTransport` that hands each request to a server-side handler in the same process, for tests and demos
/// without sockets: typically a generated `serve(_:with:)` with an implementation of the generated service
/// protocols.
///
/// ```swift
/// let transport = InProcessTransport { request in try await Endpoints.serve(request, with: MyService()) }
/// let client = PetStoreClient(apiClient: APIClient(serverURL: url, transport: transport))
/// ```
///
/// A handler that returns nil answers 404; a `ServiceError` becomes its status, headers and JSON body; a
/// `ServerRequestError` becomes 400 with `{"error": "<description>"}`. Bodies that stream (a media type of
/// `StreamFormat`) pass through unread both ways, as `ServerRequest.bodyStream` and `ServerResponse.bodyStream`.
public struct InProcessTransport: ClientTransport {
    /// Answers one request; nil when no operation matches it.
    public typealias Handler = @Sendable (ServerRequest) async throws -> ServerResponse?

    /// The most bytes of a request body that are read; a larger body fails the request.
    public var maximumBodyBytes: Int
    private let handler: Handler

    /// Creates a transport answering with `handler`.
    public init(maximumBodyBytes: Int = 16 << 20, _ handler: @escaping Handler) {
        self.maximumBodyBytes = maximumBodyBytes
        self.handler = handler
    }

    /// Hands the request to the handler and returns its answer.
    public func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var data = Data()
        let streams = request.headerFields[.contentType].flatMap(StreamFormat.init(mediaType:)) != nil
        if let body, !streams { data = try await Data(collecting: body, upTo: maximumBodyBytes) }
        // The request's path is relative to the server URL already, as generated routes expect.
        var serverRequest = ServerRequest(
            method: request.method, pathAndQuery: request.path ?? "/", headers: request.headerFields, body: data)
        if streams { serverRequest.bodyStream = body }
        let response: ServerResponse
        do {
            response = try await handler(serverRequest) ?? ServerResponse(status: .notFound)
        } catch {
            guard let answer = try ServerResponse(answering: error) else { throw error }
            response = answer
        }
        return (
            HTTPResponse(status: response.status, headerFields: response.headers),
            response.bodyStream ?? HTTPBody(response.body)
        )
    }
}
