import Foundation
import HTTPTypes

/// One operation of an API as a value: what to send and how to read the answer.
///
/// Generated code makes these (`Endpoints.Members.get(id:)`); an `APIClient` executes them. Tests can inspect
/// them without sending anything.
/// `Response` is `Decodable`, `EmptyResponse`, `String` or `Data` as `responseFormat` says, or a `StatusAnswer`
/// that reads itself by status.
public struct Endpoint<Response: Sendable>: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path below the server URL, with path parameters already percent-encoded (`/members/42`).
    public var path: String
    /// The spec's template of the path (`/members/{id}`) when it has parameters: what instrumentation records
    /// instead of the values. Nil when the path has none (it is its own template).
    public var pathTemplate: String?
    /// Query items in order; items whose value is nil are not sent.
    public var query: [ParameterItem]
    /// Header parameters in order; items whose value is nil are not sent.
    public var headers: [ParameterItem]
    /// Cookie parameters in order, sent together in one `Cookie` header; items whose value is nil are not sent.
    public var cookies: [ParameterItem]
    /// The request body, if the operation sends one.
    public var content: RequestContent?
    /// How the success answer is read: JSON unless the spec documents text or bytes.
    public var responseFormat: ResponseFormat
    /// The spec's `operationId`, passed to transports and middlewares and used in log lines.
    public var operationID: String
    /// The type of the documented error body, decoded from non-success answers when possible.
    public var errorType: (any (Codable & Sendable).Type)?
    /// A server URL that replaces the client's for this operation (an operation-level `servers` entry).
    public var serverURL: URL?

    /// Creates an endpoint.
    public init(
        method: HTTPRequest.Method,
        path: String,
        pathTemplate: String? = nil,
        query: [ParameterItem] = [],
        headers: [ParameterItem] = [],
        cookies: [ParameterItem] = [],
        content: RequestContent? = nil,
        responseFormat: ResponseFormat = .json,
        operationID: String,
        errorType: (any (Codable & Sendable).Type)? = nil,
        serverURL: URL? = nil
    ) {
        self.method = method
        self.path = path
        self.pathTemplate = pathTemplate
        self.query = query
        self.headers = headers
        self.cookies = cookies
        self.content = content
        self.responseFormat = responseFormat
        self.operationID = operationID
        self.errorType = errorType
        self.serverURL = serverURL
    }

    /// The path and query as sent: `/members?include_fired=true`.
    public var pathAndQuery: String {
        let items = query.compactMap { item in
            item.encodedValue.map { "\(ParameterItem.encode(item.name))=\($0)" }
        }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }
}

/// A query or header parameter: its name on the wire and its value, if the caller gave one. (`Endpoint.query` and
/// `Endpoint.headers` both hold these, hence the name that says neither.)
public struct ParameterItem: Sendable, Hashable {
    /// The name on the wire.
    public var name: String
    /// The value, already formatted; nil leaves the parameter out.
    public var value: String?
    /// For an array sent as one item: the elements and how they are joined, so that the separator stays a
    /// separator on the wire while a separator inside an element is percent-encoded (`tags=a%2Cb,c`).
    var elements: Elements?

    struct Elements: Sendable, Hashable {
        var values: [String]
        var style: ArrayStyle
    }

    /// The value as written in a query string, percent-encoded.
    var encodedValue: String? {
        guard let elements else { return value.map(Self.encode) }
        return elements.values.map(Self.encode).joined(separator: elements.style.encodedSeparator)
    }

    /// Creates an item from any value that prints itself (`Bool`, `Int64`, `String`, open enums).
    public init(_ name: String, _ value: (some CustomStringConvertible)?) {
        self.name = name
        self.value = value.map { TextValues.text($0) }
    }

    /// Creates an item from a date and time, written as RFC 3339 (`2026-11-23T12:00:00Z`), as `format: date-time`
    /// says.
    public init(_ name: String, _ value: Date?) {
        self.name = name
        self.value = value.map(TextValues.text)
    }

    /// Creates an item whose value is the JSON text of `value`, keys sorted: a parameter the spec describes with
    /// `content: application/json` (`filter={"color":"red"}`, percent-encoded in a query). Nil leaves it out; a
    /// value that does not encode (a non-finite number) makes sending fail with `APIError.invalidRequest`.
    public init(_ name: String, json value: (some Encodable & Sendable)?) {
        self.name = name
        guard let value else {
            self.value = nil
            return
        }
        do {
            let encoder = JSONCoding.makeEncoder(leavingOutDefaults: true)
            self.value = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            self.value = nil
            self.encodingFailure = "\(error)"
        }
    }

    /// Why the value could not be written, for an item made from a value that does not encode as JSON.
    var encodingFailure: String?

    /// How the elements of an array parameter are joined when they are sent as one item (OpenAPI `style`).
    public enum ArrayStyle: String, Sendable, Hashable {
        /// `a,b` (`form` in a query, `simple` in a header).
        case form
        /// `a b`, sent as `a%20b`.
        case spaceDelimited
        /// `a|b`.
        case pipeDelimited

        /// The text between two elements.
        public var separator: String {
            switch self {
            case .form: ","
            case .spaceDelimited: " "
            case .pipeDelimited: "|"
            }
        }

        /// The separator as written in a query string.
        var encodedSeparator: String {
            switch self {
            case .form: ","
            case .spaceDelimited: "%20"
            case .pipeDelimited: "%7C"
            }
        }
    }

    /// The items of an array parameter: with `explode`, one item per element (`tags=a&tags=b`); without, one item
    /// whose value joins the elements (`tags=a,b`). Nil or an empty array sends nothing.
    public static func array(
        _ name: String, _ values: [some CustomStringConvertible]?, style: ArrayStyle = .form, explode: Bool = true
    ) -> [ParameterItem] {
        guard let values, !values.isEmpty else { return [] }
        if explode { return values.map { ParameterItem(name, $0) } }
        let texts = values.map { TextValues.text($0) }
        var item = ParameterItem(name, texts.joined(separator: style.separator))
        item.elements = Elements(values: texts, style: style)
        return [item]
    }

    /// How an object parameter's properties are written (OpenAPI `style`).
    public enum ObjectStyle: String, Sendable, Hashable {
        /// `filter[color]=red&filter[size]=2`.
        case deepObject
        /// Exploded, `color=red&size=2`; not exploded, `filter=color,red,size,2`.
        case form
    }

    /// The items of an object parameter from its properties in order, those without a value left out; nothing
    /// when no property has one.
    public static func object(
        _ name: String, _ properties: [(name: String, value: (any CustomStringConvertible)?)], style: ObjectStyle,
        explode: Bool
    ) -> [ParameterItem] {
        let present = properties.compactMap { property in property.value.map { (property.name, TextValues.text($0)) } }
        guard !present.isEmpty else { return [] }
        switch (style, explode) {
        case (.deepObject, _): return present.map { ParameterItem("\(name)[\($0.0)]", $0.1) }
        case (.form, true): return present.map { ParameterItem($0.0, $0.1) }
        case (.form, false):
            let texts = present.flatMap { [$0.0, $0.1] }
            var item = ParameterItem(name, texts.joined(separator: ","))
            item.elements = Elements(values: texts, style: .form)
            return [item]
        }
    }

    /// The items of a map parameter (`additionalProperties` of scalars: names the spec does not list), its entries
    /// in the order of their keys, as an object's properties are sent: `deepObject` as `labels[tier]=gold`, exploded
    /// `form` as `tier=gold`, unexploded as `labels=tier,gold`. Nothing when the map is nil or empty.
    public static func map(
        _ name: String, _ values: [String: some CustomStringConvertible]?, style: ObjectStyle, explode: Bool
    ) -> [ParameterItem] {
        guard let values else { return [] }
        let entries: [(name: String, value: (any CustomStringConvertible)?)] = values.sorted { $0.key < $1.key }.map {
            ($0.key, $0.value)
        }
        return object(name, entries, style: style, explode: explode)
    }

    /// Letters, digits and `-._~` stay; everything else is percent-encoded (RFC 3986 unreserved characters).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// Percent-encodes a value for one segment of a path, so `a/b` stays one segment (`a%2Fb`).
///
/// `.` and `..` are written `%2E` and `%2E%2E`: as they are, they are dot-segments, which URL normalization removes
/// with the segment before them, so `/users/{id}/delete` with the id `..` would reach `/delete`.
public func pathSegment(_ value: some CustomStringConvertible) -> String {
    encodedSegment(TextValues.text(value)[...], keeping: ParameterItem.unreserved)
}

/// The elements of an array path parameter in one segment, each percent-encoded as `pathSegment(_:)` encodes a
/// value, and `.` too where it separates them (`label` style, exploded): `1,2,3`, `.1.2.3`, `;id=1;id=2`. The prefix
/// of `label` and `matrix` (`.`, `;id=`) is the generated path's, before this.
public func pathSegment(_ values: [some CustomStringConvertible], separator: String) -> String {
    values.map { value in
        let encoded = pathSegment(value)
        return separator.contains(".") ? encoded.replacingOccurrences(of: ".", with: "%2E") : encoded
    }.joined(separator: separator)
}

/// Percent-encodes a value that may be several segments of a path: for `{+name}` (RFC 6570's reserved expansion,
/// as Google writes `/v1/{+name}:cancel` for a `name` such as `projects/p/operations/o`) `/`, `:`, `@` and the
/// sub-delimiters stay; for `{Key+}` (AWS's greedy label, `keepingReserved: false`) only `/`. `?`, `#` and
/// everything else are encoded, and so is each dot-segment (`projects/../admin` is `projects/%2E%2E/admin`), as
/// `pathSegment(_:)` encodes one.
public func pathSegments(_ value: some CustomStringConvertible, keepingReserved: Bool = true) -> String {
    TextValues.text(value).split(separator: "/", omittingEmptySubsequences: false)
        .map { encodedSegment($0, keeping: keepingReserved ? reservedInPath : ParameterItem.unreserved) }
        .joined(separator: "/")
}

/// Unreserved characters and those RFC 3986 allows in a path segment as they are (`pchar`).
private let reservedInPath = ParameterItem.unreserved.union(CharacterSet(charactersIn: ":@!$&'()*+,;="))

private func encodedSegment(_ text: Substring, keeping allowed: CharacterSet) -> String {
    if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? String(text)
}

extension URL {
    /// A URL from a literal in generated code, which the generator checked parses as an absolute URL.
    ///
    /// The check at generation time is what makes this safe: a literal that does not parse stops here with a
    /// message naming it, the one failure a generated client can have that no input at run time causes.
    public init(checkedLiteral literal: StaticString) {
        guard let url = URL(string: "\(literal)") else {
            preconditionFailure("generated code holds a URL that does not parse: \(literal)")
        }
        self = url
    }
}

/// The response type of operations whose success answer has no body.
public struct EmptyResponse: Decodable, Sendable, Hashable {
    /// Creates the empty response.
    public init() {}
}
