import Foundation
import HTTPTypes
import OpenAPIRuntime

extension ServerRequest {
    /// The request body's elements as they arrive: from `bodyStream` when the server streams the body, else from the
    /// body it read whole. What generated routes hand a service for a request body that streams.
    public func incomingStream<Element: Sendable>(
        of type: Element.Type, format: StreamFormat, limits: StreamLimits = StreamLimits(), operationID: String = ""
    ) -> IncomingStream<Element> {
        IncomingStream(body: bodyStream ?? HTTPBody(body), format: format, limits: limits, operationID: operationID)
    }
}

extension ServerResponse {
    /// An answer whose body is written as the elements are produced, framed as `format` says, under the media type
    /// `contentType` (the format's own by default).
    public init<Element>(
        status: HTTPResponse.Status, stream: OutgoingStream<Element>, format: StreamFormat, contentType: String? = nil
    ) {
        self.init(status: status, headers: [.contentType: contentType ?? format.contentType])
        bodyStream = stream.body(format)
    }
}

extension ServerResponse {
    /// The answer for what a route or a service threw: a `ServiceError` as its status, headers and JSON body, a
    /// `ServerRequestError` as 400 with `{"error": "<description>"}`; nil for any other error (the server's own).
    public init?(answering error: any Error) throws {
        switch error {
        case let error as ServiceError:
            try self.init(status: error.status, json: error.body)
            headers.append(contentsOf: error.headers)
        case let error as ServerRequestError:
            try self.init(status: .badRequest, json: ["error": error.description])
        default:
            return nil
        }
    }
}
