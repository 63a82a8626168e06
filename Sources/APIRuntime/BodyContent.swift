import Foundation
import OpenAPIRuntime

/// A request body as an endpoint carries it, by media type.
public enum RequestContent: Sendable {
    /// JSON, encoded with the spec's key names (`application/json`).
    case json(any Encodable & Sendable)
    /// `application/x-www-form-urlencoded`: the fields in order, written like a query string.
    case form([ParameterItem])
    /// `multipart/form-data`: the parts in order.
    case multipart([MultipartPart])
    /// Text as it is, with its media type (`text/plain`), sent as UTF-8.
    case text(String, contentType: String)
    /// Bytes as they are, with their media type (`application/octet-stream`, `image/png`).
    case data(Data, contentType: String)
    /// A body sent as it is produced, never held whole: an `OutgoingStream`'s elements framed as the media type says
    /// (`OutgoingStream.body(_:)`), or the chunks of a file.
    case stream(HTTPBody, contentType: String)

    /// The `Content-Type` and the body; `boundary` separates multipart parts.
    func encoded(boundary: String) throws -> (contentType: String, body: HTTPBody) {
        switch self {
        case .json(let value):
            return ("application/json", HTTPBody(try JSONCoding.makeEncoder(leavingOutDefaults: true).encode(value)))
        case .form(let fields):
            if let field = fields.first(where: { $0.encodingFailure != nil }), let failure = field.encodingFailure {
                throw FormFieldError(description: "form field '\(field.name)' does not encode: \(failure)")
            }
            let pairs = fields.compactMap { field in
                field.encodedValue.map { "\(ParameterItem.encode(field.name))=\($0)" }
            }
            return ("application/x-www-form-urlencoded", HTTPBody(pairs.joined(separator: "&")))
        case .multipart(let parts):
            return (
                "multipart/form-data; boundary=\(boundary)",
                HTTPBody(try MultipartPart.encode(parts, boundary: boundary))
            )
        case .text(let text, let contentType):
            return (contentType, HTTPBody(text))
        case .data(let data, let contentType):
            return (contentType, HTTPBody(data))
        case .stream(let body, let contentType):
            return (contentType, body)
        }
    }
}

/// A form field whose value does not encode (a non-finite number in its JSON).
struct FormFieldError: Error, CustomStringConvertible {
    var description: String
}

/// How the success answer of an endpoint is read.
public enum ResponseFormat: Sendable, Hashable {
    /// JSON, decoded as the endpoint's response type.
    case json
    /// Text (`text/plain`): the endpoint's response type is `String`, read as UTF-8.
    case text(contentType: String)
    /// Bytes (`application/octet-stream`, `image/png`): the endpoint's response type is `Data`.
    case data(contentType: String)
    /// Elements read as they arrive, framed as `format` says: the endpoint's response type is an `IncomingStream`
    /// (of `ServerEvent`s, JSON values or chunks of bytes), and the body is never held whole.
    case stream(StreamFormat, contentType: String)

    /// The `Accept` header for it.
    var accept: String {
        switch self {
        case .json: "application/json"
        case .text(let contentType), .data(let contentType), .stream(_, let contentType): contentType
        }
    }
}

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable {
    /// The form field's name.
    public var name: String
    /// The file name, for a file part.
    public var filename: String?
    /// The part's media type.
    public var contentType: String
    /// The part's bytes.
    public var body: Data
    /// A value still to be encoded as the part's JSON body, when the request is made.
    var pendingJSON: (any Encodable & Sendable)?

    /// Creates a part.
    public init(name: String, filename: String? = nil, contentType: String, body: Data) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.body = body
    }

    /// A text part for each value (none for nil): scalars and open enums as they print themselves.
    public static func text(_ name: String, _ value: (some CustomStringConvertible)?) -> [MultipartPart] {
        value.map { [MultipartPart(name: name, contentType: "text/plain", body: Data(TextValues.text($0).utf8))] } ?? []
    }

    /// A text part for a date and time (none for nil), written as RFC 3339 (`2026-11-23T12:00:00Z`), as
    /// `format: date-time` says.
    public static func text(_ name: String, _ value: Date?) -> [MultipartPart] {
        text(name, value.map(TextValues.text))
    }

    /// One text part per element (none for nil), as OpenAPI writes an array field of a multipart body.
    public static func texts(_ name: String, _ values: [some CustomStringConvertible]?) -> [MultipartPart] {
        (values ?? []).flatMap { text(name, $0) }
    }

    /// A file part (none for nil), named after the field.
    public static func file(
        _ name: String, _ data: Data?, contentType: String = "application/octet-stream"
    ) -> [MultipartPart] {
        data.map { [MultipartPart(name: name, filename: name, contentType: contentType, body: $0)] } ?? []
    }

    /// A file part per element (none for nil), each named after the field: how OpenAPI writes an array of files.
    public static func files(
        _ name: String, _ data: [Data]?, contentType: String = "application/octet-stream"
    ) -> [MultipartPart] {
        (data ?? []).flatMap { file(name, $0, contentType: contentType) }
    }

    /// A JSON part (none for nil), encoded when the request is made.
    public static func json(_ name: String, _ value: (some Encodable & Sendable)?) -> [MultipartPart] {
        guard let value else { return [] }
        var part = MultipartPart(name: name, contentType: "application/json", body: Data())
        part.pendingJSON = value
        return [part]
    }

    /// The body of `parts` between `boundary` lines (RFC 7578), with CRLF line ends. A name or file name has its
    /// quotes and line breaks percent-encoded, so a part cannot forge a header or another part.
    static func encode(_ parts: [MultipartPart], boundary: String) throws -> Data {
        var data = Data()
        for var part in parts {
            if let value = part.pendingJSON {
                part.body = try JSONCoding.makeEncoder(leavingOutDefaults: true).encode(value)
            }
            var disposition = "form-data; name=\"\(quoted(part.name))\""
            if let filename = part.filename { disposition += "; filename=\"\(quoted(filename))\"" }
            data.append(contentsOf: Array("--\(boundary)\r\n".utf8))
            data.append(contentsOf: Array("Content-Disposition: \(disposition)\r\n".utf8))
            data.append(contentsOf: Array("Content-Type: \(quoted(part.contentType))\r\n\r\n".utf8))
            data.append(part.body)
            data.append(contentsOf: Array("\r\n".utf8))
        }
        data.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return data
    }

    private static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
