/// Every name the generated code relies on, in one table: a name from the spec that would shadow one of these is
/// renamed by the naming pass (or, when the spec insists through `x-swift-name`, refused with a located error).
enum ReservedNames {
    /// Types and modules generated code refers to by name, from any scope: the standard library's and Foundation's,
    /// APIRuntime's, and the modules themselves. A generated type of one of these names — top level or nested —
    /// would capture every use of it in that scope.
    static let types: Set<String> = [
        // Swift and Foundation.
        "Swift", "Foundation", "String", "Substring", "Character", "Int", "Int8", "Int16", "Int32", "Int64", "UInt",
        "UInt8", "UInt16", "UInt32", "UInt64", "Double", "Float", "Bool", "Array", "Dictionary", "Set", "Optional",
        "Result", "Error", "Never", "Void", "Any", "AnyObject", "Sendable", "Codable", "Decodable", "Encodable",
        "Hashable", "Hasher", "Equatable", "Identifiable", "CustomStringConvertible", "LosslessStringConvertible",
        "RawRepresentable", "CaseIterable", "Decoder", "Encoder", "CodingKey", "CodingKeys", "DecodingError",
        "EncodingError", "KeyedDecodingContainer", "KeyedEncodingContainer", "Data", "Date", "URL", "UUID", "Decimal",
        "Duration", "Task", "Actor", "Self", "Type", "Protocol",
        // APIRuntime and the modules generated code imports.
        "APIRuntime", "APIClient", "APIError", "Endpoint", "Endpoints", "ParameterItem", "EmptyResponse", "Nullable",
        "OpenStringEnum", "JSONValue", "JSONObject", "JSONCoding", "ServerRequest", "ServerResponse",
        "ServerRequestError", "ServiceError", "StatusFailure", "DecodingFailure", "HTTPTypes", "OpenAPIRuntime",
        "SecurityScheme", "Credential", "SecurityMiddleware", "Secrets", "ClientTransport", "ClientMiddleware",
        "RequestContent", "ResponseFormat", "MultipartPart", "MultipartBody", "DiscriminatorKey", "APITransport",
        "APIMiddleware", "Indirect", "ServerRoute", "RouteTable", "ResponseHeaders", "ResponseHeaderError",
        "HeaderReader", "HeaderWriter", "StatusAnswer", "UndocumentedStatus", "IncomingStream", "OutgoingStream",
        "ServerEvent", "ArraySlice",
    ]

    /// Functions of APIRuntime that generated bodies call unqualified.
    static let functions: Set<String> = ["pathSegment"]

    /// Names generated function bodies use for their own parameters and locals (`request`, `service` and `path` in
    /// routers, `body` for request bodies, `container`, `decoder`, `encoder` and `value` in coding code) and the
    /// client's stored `apiClient`: a spec parameter of one of these names would shadow them.
    static let locals: Set<String> = [
        "body", "request", "service", "path", "apiClient", "container", "decoder", "encoder", "value", "self",
        "pathSegment", "form", "parts", "built", "answer", "headers", "response", "fields", "found",
    ]

    /// Members every generated struct or enum has or inherits (`CodingKeys`, `init`, `hashValue`, `hash(into:)`,
    /// `encode(to:)`): a property of one of these names would clash with them.
    static let structMembers: Set<String> = ["CodingKeys", "init", "hashValue", "hash", "encode", "self", "Type"]

    /// Members of generated open enums besides their cases.
    static let openEnumMembers: Set<String> = ["unknown", "rawValue", "description", "init", "hashValue", "hash"]

    /// Members of the generated client besides its groups.
    static let clientMembers: Set<String> = [
        "apiClient", "defaultServerURL", "serverURL", "securitySchemes", "securityRequirements", "init", "self",
    ]
}
