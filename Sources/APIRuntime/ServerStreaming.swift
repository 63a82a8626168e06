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
