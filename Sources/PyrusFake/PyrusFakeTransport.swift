import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A `ClientTransport` that hands requests straight to a `PyrusFake`, for fast tests without sockets.
public struct PyrusFakeTransport: ClientTransport {
    /// The fake that answers.
    public let fake: PyrusFake

    /// Creates a transport answering from `fake`.
    public init(fake: PyrusFake) {
        self.fake = fake
    }

    /// Passes the request to the fake and returns its answer.
    public func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var data = Data()
        if let body { data = try await Data(collecting: body, upTo: 64 << 20) }
        let serverRequest = ServerRequest(
            method: request.method, pathAndQuery: request.path ?? "/", headers: request.headerFields, body: data)
        let response = await fake.handle(serverRequest)
        return (HTTPResponse(status: response.status, headerFields: response.headers), HTTPBody(response.body))
    }
}
