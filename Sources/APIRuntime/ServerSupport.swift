import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A request as a server-side implementation of generated service protocols sees it.
///
/// Generated `route` functions match it against the spec's operations, decode its parameters and body, and call
/// the service; they are independent of any HTTP server library.
public struct ServerRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path without the query, as received (percent-encoded), relative to the API's base path.
    public var path: String
    /// The query items, decoded, in order.
    public var query: [(name: String, value: String)]
    /// The header fields.
    public var headers: HTTPFields
    /// The body, when the server read it whole (empty when it hands it over as `bodyStream`).
    public var body: Data
    /// The body as it arrives, when the server streams it (a request whose media type streams, see
    /// `StreamFormat(mediaType:)`); generated routes read it with `incomingStream(of:format:limits:)`.
    public var bodyStream: HTTPBody?
    /// The query items as received, still percent-encoded, when the request was made from a query string: an
    /// array sent as one item (`tags=a%2Cb,c`) is split at its separators before its elements are decoded.
    private var encodedQuery: [(name: String, value: String)]?

    /// Creates a request.
    public init(
        method: HTTPRequest.Method, path: String, query: [(name: String, value: String)] = [],
        headers: HTTPFields = [:], body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a path with a query string (`/members?include_fired=true`).
    public init(method: HTTPRequest.Method, pathAndQuery: String, headers: HTTPFields = [:], body: Data = Data()) {
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var query: [(name: String, value: String)] = []
        var encoded: [(name: String, value: String)] = []
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = String(nameAndValue[0]).removingPercentEncoding ?? String(nameAndValue[0])
                let raw = nameAndValue.count > 1 ? String(nameAndValue[1]) : ""
                query.append((name, Self.decodeQueryText(raw)))
                encoded.append((name, raw))
            }
        }
        self.init(method: method, path: String(parts[0]), query: query, headers: headers, body: body)
        encodedQuery = encoded
    }

    /// `+` as a space, then percent-decoding.
    private static func decodeQueryText(_ raw: String) -> String {
        raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
    }

    /// A path parameter converted to its type.
    public func pathParameter<T: LosslessStringConvertible>(
        _ name: String, in parameters: [String: String], as type: T.Type
    ) throws(ServerRequestError) -> T {
        try pathParameter(name, in: parameters, as: type, after: "")
    }

    /// A path parameter in `label` or `matrix` style: its segment is `prefix` (`.`, `;id=`) and the value.
    public func pathParameter<T: LosslessStringConvertible>(
        _ name: String, in parameters: [String: String], as type: T.Type, after prefix: String
    ) throws(ServerRequestError) -> T {
        guard let segment = parameters[name], segment.hasPrefix(prefix),
            let value = T(String(segment.dropFirst(prefix.count)))
        else {
            throw .invalidParameter(name: name, reason: "'\(parameters[name] ?? "")' is not a valid \(T.self)")
        }
        return value
    }

    /// An array path parameter: its segment is `prefix` (empty, `.` or `;id=`) and the elements, joined by
    /// `separator` (`,`, `.` or `;id=`). The segment was percent-decoded when the route matched, so an element that
    /// holds the separator itself is split there, as servers that read such arrays (Spring's `List` path variables)
    /// split it; an empty segment is no elements.
    public func pathParameters<T: LosslessStringConvertible>(
        _ name: String, in parameters: [String: String], as type: T.Type, after prefix: String = "",
        separator: String
    ) throws(ServerRequestError) -> [T] {
        guard let segment = parameters[name], segment.hasPrefix(prefix) else {
            throw .invalidParameter(name: name, reason: "'\(parameters[name] ?? "")' does not start with '\(prefix)'")
        }
        let text = segment.dropFirst(prefix.count)
        return try Self.elements(text.isEmpty ? [] : text.components(separatedBy: separator), name: name, as: T.self)
    }

    /// A query parameter converted to its type; nil when absent, an error when present but invalid. Booleans are
    /// read without regard to case (`True`, `TRUE`), as servers on .NET and Java read them.
    public func queryParameter<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ServerRequestError) -> T? {
        guard var text = query.last(where: { $0.name == name })?.value else { return nil }
        if T.self == Bool.self { text = text.lowercased() }
        guard let value = T(text) else {
            throw .invalidParameter(name: name, reason: "'\(text)' is not a valid \(T.self)")
        }
        return value
    }

    /// A date-time query parameter (RFC 3339); nil when absent, an error when present but not a date and time.
    public func queryParameter(_ name: String, as type: Date.Type) throws(ServerRequestError) -> Date? {
        guard let text = query.last(where: { $0.name == name })?.value else { return nil }
        return try Self.date(text, name: name)
    }

    /// An array query parameter: every item of that name when `explode` (`tags=a&tags=b`), else the last item split
    /// at the style's separator (`tags=a,b`). Nil when no item has the name; an error when an element is invalid.
    public func queryParameters<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type, style: ParameterItem.ArrayStyle = .form, explode: Bool = true
    ) throws(ServerRequestError) -> [T]? {
        let texts: [String]
        if explode {
            texts = query.filter { $0.name == name }.map(\.value)
            if texts.isEmpty { return nil }
        } else if let encodedQuery {
            guard let joined = encodedQuery.last(where: { $0.name == name })?.value else { return nil }
            // Split where the separator was sent as a separator; an element's own separators came encoded.
            let separators: [String] =
                switch style {
                case .form: [","]
                case .spaceDelimited: ["%20", "+", " "]
                case .pipeDelimited: ["%7C", "%7c", "|"]
                }
            var pieces = [joined]
            for separator in separators { pieces = pieces.flatMap { $0.components(separatedBy: separator) } }
            texts = joined.isEmpty ? [] : pieces.map(Self.decodeQueryText)
        } else {
            guard let joined = query.last(where: { $0.name == name })?.value else { return nil }
            texts = joined.isEmpty ? [] : joined.components(separatedBy: style.separator)
        }
        return try Self.elements(texts, name: name, as: T.self)
    }

    /// The properties of an object query parameter, as text by property name: `deepObject` reads
    /// `filter[color]=red`, exploded `form` the properties' own names, unexploded `form` `filter=color,red`. Nil when
    /// none is present.
    public func objectParameter(
        _ name: String, style: ParameterItem.ObjectStyle, explode: Bool, properties: [String]
    ) throws(ServerRequestError) -> [String: String]? {
        var fields: [String: String] = [:]
        switch (style, explode) {
        case (.deepObject, _):
            for property in properties {
                if let value = query.last(where: { $0.name == "\(name)[\(property)]" })?.value {
                    fields[property] = value
                }
            }
        case (.form, true):
            for property in properties {
                if let value = query.last(where: { $0.name == property })?.value { fields[property] = value }
            }
        case (.form, false):
            guard let texts = try queryParameters(name, as: String.self, style: .form, explode: false) else {
                return nil
            }
            guard texts.count.isMultiple(of: 2) else {
                throw .invalidParameter(name: name, reason: "expected property,value pairs")
            }
            for index in stride(from: 0, to: texts.count, by: 2) where properties.contains(texts[index]) {
                fields[texts[index]] = texts[index + 1]
            }
        }
        return fields.isEmpty ? nil : fields
    }

    /// A map query parameter (`additionalProperties` of scalars), each value converted to `T`: `deepObject` reads
    /// every `labels[key]=value`; exploded `form` every query item not named by one of the operation's other
    /// parameters (`besides`, their `name[…]` forms too), since the map's keys are the items' names; unexploded
    /// `form` the pairs of `labels=key,value,…`. A key sent twice keeps its last value. Nil when no entry is present.
    ///
    /// - Throws: `ServerRequestError.invalidParameter` naming the entry (`labels[tier]`) when a value is not a `T`, or
    ///   the parameter when an unexploded one is not key,value pairs.
    public func mapParameter<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type, style: ParameterItem.ObjectStyle, explode: Bool, besides: Set<String> = []
    ) throws(ServerRequestError) -> [String: T]? {
        var texts: [(key: String, value: String)] = []
        switch (style, explode) {
        case (.deepObject, _):
            let prefix = name + "["
            // Everything between `name[` and the last `]` is the key, brackets too: a key may be any text.
            for item in query
            where item.name.count > prefix.count && item.name.hasPrefix(prefix)
                && item.name.hasSuffix("]")
            {
                texts.append((String(item.name.dropFirst(prefix.count).dropLast()), item.value))
            }
        case (.form, true):
            for item in query {
                let base = item.name.firstIndex(of: "[").map { String(item.name[..<$0]) } ?? item.name
                if !besides.contains(base) { texts.append((item.name, item.value)) }
            }
        case (.form, false):
            guard let pairs = try queryParameters(name, as: String.self, style: .form, explode: false) else {
                return nil
            }
            guard pairs.count.isMultiple(of: 2) else {
                throw .invalidParameter(name: name, reason: "expected key,value pairs")
            }
            for index in stride(from: 0, to: pairs.count, by: 2) { texts.append((pairs[index], pairs[index + 1])) }
        }
        guard !texts.isEmpty else { return nil }
        var values: [String: T] = [:]
        for (key, text) in texts {
            values[key] = try Self.elements([text], name: "\(name)[\(key)]", as: T.self).first
        }
        return values
    }

    /// A property of an object parameter converted to its type; nil when absent, an error when invalid.
    public static func property<T: LosslessStringConvertible>(
        _ fields: [String: String], _ property: String, of parameter: String, as type: T.Type
    ) throws(ServerRequestError) -> T? {
        guard let text = fields[property] else { return nil }
        return try elements([text], name: "\(parameter).\(property)", as: T.self).first
    }

    /// A header parameter converted to its type; nil when absent, an error when present but invalid.
    public func headerParameter<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ServerRequestError) -> T? {
        guard let fieldName = HTTPField.Name(name), let text = headers[fieldName] else { return nil }
        guard let value = T(text) else {
            throw .invalidParameter(name: name, reason: "'\(text)' is not a valid \(T.self)")
        }
        return value
    }

    /// A cookie parameter converted to its type, from the `Cookie` header (`a=1; b=2`, values percent-decoded); nil
    /// when absent, an error when present but invalid.
    public func cookieParameter<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ServerRequestError) -> T? {
        guard let header = headers[.cookie] else { return nil }
        for pair in header.split(separator: ";") {
            let nameAndValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = nameAndValue[0].trimmingCharacters(in: .whitespaces)
            guard key.removingPercentEncoding ?? key == name, nameAndValue.count == 2 else { continue }
            let raw = String(nameAndValue[1]).trimmingCharacters(in: .whitespaces)
            let text = raw.removingPercentEncoding ?? raw
            return try Self.elements([text], name: name, as: T.self).first
        }
        return nil
    }

    /// A parameter sent as JSON text (`content: application/json`) from the query, a header or the `Cookie` header,
    /// decoded as `type`; nil when absent, an error naming the parameter when the text is not that JSON.
    public func jsonParameter<T: Decodable>(
        _ name: String, in location: JSONParameterLocation, as type: T.Type
    ) throws(ServerRequestError) -> T? {
        let text: String?
        switch location {
        case .query: text = query.last(where: { $0.name == name })?.value
        case .header: text = HTTPField.Name(name).flatMap { headers[$0] }
        case .cookie: text = try cookieParameter(name, as: String.self)
        }
        guard let text else { return nil }
        do {
            return try JSONCoding.makeDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw .invalidParameter(name: name, reason: "'\(text)' is not JSON for \(T.self)")
        }
    }

    /// Where a JSON parameter is sent.
    public enum JSONParameterLocation: Sendable {
        /// In the query string.
        case query
        /// In a header.
        case header
        /// In the `Cookie` header.
        case cookie
    }

    /// A date-time header parameter (RFC 3339); nil when absent, an error when present but not a date and time.
    public func headerParameter(_ name: String, as type: Date.Type) throws(ServerRequestError) -> Date? {
        guard let fieldName = HTTPField.Name(name), let text = headers[fieldName] else { return nil }
        return try Self.date(text, name: name)
    }

    /// A date-time cookie parameter (RFC 3339, percent-decoded); nil when absent, an error when present but not a
    /// date and time.
    public func cookieParameter(_ name: String, as type: Date.Type) throws(ServerRequestError) -> Date? {
        guard let text = try cookieParameter(name, as: String.self) else { return nil }
        return try Self.date(text, name: name)
    }

    /// An array header parameter: the field's value split at commas (`simple` style), spaces around them dropped.
    public func headerParameters<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ServerRequestError) -> [T]? {
        guard let fieldName = HTTPField.Name(name), let text = headers[fieldName] else { return nil }
        let texts = text.isEmpty ? [] : text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return try Self.elements(texts, name: name, as: T.self)
    }

    private static func elements<T: LosslessStringConvertible>(
        _ texts: [String], name: String, as type: T.Type
    ) throws(ServerRequestError) -> [T] {
        var values: [T] = []
        for text in texts {
            guard let value = TextValues.parse(text, as: T.self) else {
                throw .invalidParameter(name: name, reason: "'\(text)' is not a valid \(T.self)")
            }
            values.append(value)
        }
        return values
    }

    /// `text` as a date and time (RFC 3339), or the error that names the parameter or part it came from.
    static func date(_ text: String, name: String) throws(ServerRequestError) -> Date {
        guard let date = TextValues.date(text) else {
            throw .invalidParameter(name: name, reason: "'\(text)' is not a date and time (RFC 3339)")
        }
        return date
    }

    /// An `application/x-www-form-urlencoded` body as a request whose query holds its fields, so that they are read
    /// with `queryParameter(_:as:)` and `queryParameters(_:as:style:explode:)`.
    public func formBody() throws(ServerRequestError) -> ServerRequest {
        guard let text = String(bytes: body, encoding: .utf8) else {
            throw .invalidBody(jsonPath: "", reason: "a form body must be UTF-8 text")
        }
        return ServerRequest(method: method, pathAndQuery: "?" + text)
    }

    /// The text body (UTF-8).
    public func textBody() throws(ServerRequestError) -> String {
        guard let text = String(bytes: body, encoding: .utf8) else {
            throw .invalidBody(jsonPath: "", reason: "a text body must be UTF-8")
        }
        return text
    }

    /// A `multipart/form-data` body split into its parts, by the boundary its `Content-Type` names.
    public func multipartBody() throws(ServerRequestError) -> MultipartBody {
        guard let contentType = headers[.contentType],
            let boundary = HeaderParameters.value(of: "boundary", in: contentType), !boundary.isEmpty
        else {
            throw .invalidBody(jsonPath: "", reason: "a multipart body needs a Content-Type with a boundary")
        }
        return try MultipartBody(body, boundary: boundary)
    }

    /// The JSON body decoded as `T`.
    public func decodeBody<T: Decodable>(_ type: T.Type) throws(ServerRequestError) -> T {
        guard !body.isEmpty else { throw .missingBody }
        do {
            return try JSONCoding.makeDecoder().decode(T.self, from: body)
        } catch {
            let (path, expected, reason) = DecodingFailure.describe(error)
            throw .invalidBody(jsonPath: path, reason: "expected \(expected): \(reason)")
        }
    }
}

/// Why a request could not be handed to a service.
public enum ServerRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A path or query parameter is not of its type.
    case invalidParameter(name: String, reason: String)
    /// The operation needs a body and none was sent.
    case missingBody
    /// The body is not JSON of the documented shape.
    case invalidBody(jsonPath: String, reason: String)

    /// A sentence for the error body of a 400 answer.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): "parameter '\(name)': \(reason)"
        case .missingBody: "the request needs a JSON body"
        case .invalidBody(let path, let reason):
            "the body is invalid at \(path.isEmpty ? "the top level" : path): \(reason)"
        }
    }
}

/// A service's answer, ready to be written by an HTTP server.
public struct ServerResponse: Sendable {
    /// The status.
    public var status: HTTPResponse.Status
    /// The header fields.
    public var headers: HTTPFields
    /// The body, when it is held whole.
    public var body: Data
    /// A body written as it is produced (server-sent events, JSON Lines, a download); when set, `body` is unused.
    public var bodyStream: HTTPBody?

    /// Creates a response.
    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A text response (UTF-8).
    public init(status: HTTPResponse.Status, text: String, contentType: String = "text/plain") {
        self.init(status: status, headers: [.contentType: contentType], body: Data(text.utf8))
    }

    /// A response of bytes.
    public init(status: HTTPResponse.Status, data: Data, contentType: String = "application/octet-stream") {
        self.init(status: status, headers: [.contentType: contentType], body: data)
    }

    /// A JSON response with `value` encoded as the body.
    public init(status: HTTPResponse.Status, json value: some Encodable) throws {
        let body = try JSONCoding.makeEncoder().encode(value)
        self.init(status: status, headers: [.contentType: "application/json"], body: body)
    }
}

/// Thrown by a service implementation to answer with a status other than the documented success.
public struct ServiceError: Error, Sendable {
    /// The status to answer with.
    public var status: HTTPResponse.Status
    /// The JSON body to answer with.
    public var body: any Encodable & Sendable
    /// Extra headers (`Retry-After`, rate limits).
    public var headers: HTTPFields

    /// Creates a service error.
    public init(status: HTTPResponse.Status, body: any Encodable & Sendable, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }
}
