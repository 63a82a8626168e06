import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Answers every request with the same bytes, in process: isolates decoding from networking.
struct StaticTransport: ClientTransport {
    let body: Data

    func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        (HTTPResponse(status: .ok, headerFields: [.contentType: "application/json"]), HTTPBody(self.body))
    }
}
