// The intermediate representation of operations: parameters, bodies, answers, groups and the module they make.
import APISpecCore
import OpenAPIDocument

/// One operation, ready to render as an endpoint, a client method and a service requirement.
package struct SwiftOperation: Sendable {
    package var operationID: String
    package var methodName: String
    package var httpMethod: String
    /// The spec's path key, which the server's route matches: `/members/{id}`, or with the query items or header
    /// that tell operations apart, `/{container}?restype=container` (Azure's `x-ms-paths`), `/#X-Amz-Target=…`.
    package var pathTemplate: String
    /// The path the client writes: `pathTemplate` without its query string and fragment.
    package var pathWithoutQuery: String { String(APIOperation.pathWithoutQuery(pathTemplate)) }
    /// The query items `pathTemplate` fixes, which the client sends before the parameters.
    package var fixedQuery: [(name: String, value: String)] { APIOperation.fixedQuery(pathTemplate) }
    /// Whether a path parameter's value may span segments (`{+name}`, `{Key+}`).
    package var pathParameterSpansSegments: Bool {
        var rest = Substring(pathWithoutQuery)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if APIOperation.spansSegments(rest[rest.index(after: open)..<close]) { return true }
            rest = rest[rest.index(after: close)...]
        }
        return false
    }
    /// How many query items and header fields the route asks for (`?restype=container&comp=list` is two).
    package var routeConditionCount: Int {
        fixedQuery.count + APIOperation.fixedHeaders(pathTemplate).count
    }
    /// The header fields `pathTemplate`'s fragment fixes (`#X-Amz-Target=…`), which the client sends unless a
    /// header parameter of the same name does.
    package var fixedHeaders: [(name: String, value: String)] {
        APIOperation.fixedHeaders(pathTemplate).filter { fixed in
            !headerParameters.contains { $0.name.lowercased() == fixed.name.lowercased() }
        }
    }
    package var summary: String?
    package var documentation: String?
    package var isDeprecated: Bool
    /// Every parameter in signature order: path parameters in template order, then query, header and cookie
    /// parameters in spec order.
    package var parameters: [SwiftParameter]
    package var body: SwiftBody?
    /// The success response type (`EmptyResponse` when the answer has no body).
    package var responseType: SwiftType
    /// How the success answer is read.
    package var responseFormat: SwiftResponseFormat = .json
    package var successStatus: Int
    /// A success status without a body besides `successStatus`: the answer is then optional, nil for this status.
    package var emptySuccessStatus: Int? = nil
    package var errorType: SwiftType?
    package var serverURL: String?
    /// Set when the success statuses have bodies of different types: `responseType` names this enum.
    package var statusAnswer: SwiftStatusAnswer? = nil
    /// Set when the success responses document headers.
    package var responseHeaders: SwiftResponseHeaders? = nil
    /// For an answer of bytes: the client's method that reads it as an `IncomingStream` of chunks (`downloadStream`).
    package var streamMethodName: String? = nil

    /// The methods only clients get besides the operation's own, as operations of their own: with a body of bytes,
    /// one that sends an `OutgoingStream` of chunks (an overload of the same name); with an answer of bytes, one named
    /// `streamMethodName` that reads it as it arrives.
    package var clientVariants: [SwiftOperation] {
        var variants: [SwiftOperation] = []
        if let body, case .data(let contentType) = body.kind {
            var upload = self
            upload.body = SwiftBody(
                type: .stream(.named("ArraySlice<UInt8>"), incoming: false), isRequired: body.isRequired,
                kind: .stream(.bytes, contentType: contentType))
            upload.streamMethodName = nil
            variants.append(upload)
        }
        if let streamMethodName, case .data(let contentType) = responseFormat {
            var download = self
            download.methodName = streamMethodName
            download.responseType = .stream(.named("ArraySlice<UInt8>"), incoming: true)
            download.responseFormat = .stream(.bytes, contentType: contentType)
            download.emptySuccessStatus = nil
            download.responseHeaders = nil
            download.streamMethodName = nil
            variants.append(download)
        }
        return variants
    }

    /// Whether the answer has no body: client methods return nothing, services `EmptyResponse`. (An operation with a
    /// `statusAnswer` always has one: its enum.)
    package var hasNoBody: Bool { responseFormat == .none }

    package var pathParameters: [SwiftParameter] { parameters.filter { $0.location == .path } }
    package var queryParameters: [SwiftParameter] { parameters.filter { $0.location == .query } }
    package var headerParameters: [SwiftParameter] { parameters.filter { $0.location == .header } }
    package var cookieParameters: [SwiftParameter] { parameters.filter { $0.location == .cookie } }
    /// The parameters that follow the body in signatures: query, header and cookie, in that order.
    package var trailingParameters: [SwiftParameter] { parameters.filter { $0.location != .path } }

    /// Every type the operation's signature, answers and body fields name.
    package var types: [SwiftType] {
        [responseType, body?.type, errorType].compactMap { $0 } + parameters.map(\.type)
            + (statusAnswer?.cases.compactMap(\.type) ?? []) + (responseHeaders?.fields.map(\.type) ?? [])
            + (body?.fields ?? []).map(\.type)
    }

    /// Whether the operation's signature or answers name the type.
    package func mentions(_ typeName: String) -> Bool {
        types.contains { $0.mentions(typeName) }
    }
}

/// A path, query or header parameter.
package struct SwiftParameter: Sendable {
    /// Where the parameter is sent.
    package enum Location: Sendable, Comparable {
        case path, query, header, cookie
    }

    /// How an array parameter's elements are sent: `ParameterItem.ArrayStyle`'s case name and `explode`.
    /// How an array is sent: `form`, `spaceDelimited` or `pipeDelimited`, exploded or not, or `deepObject`, which
    /// OpenAPI defines for objects only, one `name[]` item per element.
    package struct ArrayEncoding: Sendable, Hashable {
        package var style: String
        package var explode: Bool

        /// `deepObject`: sent as `name[]=…` per element, read in bracket notation (`name[0]=…` too).
        package var isDeepObject: Bool { style == "deepObject" }

        /// What a path parameter's elements are joined with in its segment (`name` is the parameter's): `,`, or,
        /// exploded, `.` in style `label` and `;name=` in style `matrix`.
        package func pathSeparator(name: String) -> String {
            guard explode else { return "," }
            switch style {
            case "label": return "."
            case "matrix": return ";" + name + "="
            default: return ","
            }
        }
    }

    package var name: String
    package var swiftName: String
    package var type: SwiftType
    package var isRequired: Bool
    package var documentation: String?
    package var location: Location
    /// Set for an array parameter; `type` is then `.array(element)`.
    package var arrayEncoding: ArrayEncoding?
    /// Set for an object parameter: its style (`deepObject` or `form`), `explode`, and the struct's properties.
    package var objectEncoding: ObjectEncoding? = nil
    /// Set for a map query parameter (`additionalProperties` of scalars; `type` is then `.dictionary(value)`): its
    /// style (`deepObject` or `form`) and `explode`, which say how its entries are sent as an object's properties are.
    package var mapEncoding: ArrayEncoding? = nil
    /// Whether the value is sent as its JSON text (`content: application/json`).
    package var isJSON = false
    /// Whether the value is sent in bracket notation (`filter[tags][0]=a`): a `deepObject` of a shape OpenAPI does
    /// not define.
    package var isBracketed = false
    /// For a path parameter in `label` or `matrix` style, what its value follows in the segment (`.`, `;id=`).
    package var pathPrefix: String? = nil

    /// How an object parameter's properties are sent: `ParameterItem.ObjectStyle`'s case name and `explode`.
    package struct ObjectEncoding: Sendable {
        package var style: String
        package var explode: Bool
        package var fields: [SwiftBodyField]
    }

    /// The element type of an array parameter, else the type.
    package var elementType: SwiftType {
        type.element
    }
}

/// A request body.
package struct SwiftBody: Sendable {
    /// How the body is written.
    package enum Kind: Sendable {
        case json
        /// `application/x-www-form-urlencoded`: the fields of the body's struct.
        case form([SwiftBodyField])
        /// `multipart/form-data`: one or more parts per field of the body's struct.
        case multipart([SwiftBodyField])
        /// `text/*` as a `String`.
        case text(contentType: String)
        /// Bytes as `Data`; clients also get an overload that sends an `OutgoingStream` of chunks.
        case data(contentType: String)
        /// Elements sent as they are produced (`OutgoingStream<T>`; a server reads an `IncomingStream<T>`).
        case stream(SwiftStreamFormat, contentType: String)
    }

    /// The body's type as clients send it.
    package var type: SwiftType
    package var isRequired: Bool
    package var kind: Kind = .json

    /// A form's or multipart body's fields, which the code that writes and reads them names; none for other kinds.
    package var fields: [SwiftBodyField] {
        switch kind {
        case .form(let fields), .multipart(let fields): fields
        case .json, .text, .data, .stream: []
        }
    }
}

/// A property of a form or multipart body's struct, and how it is written.
package struct SwiftBodyField: Sendable, Hashable {
    package enum Encoding: Sendable, Hashable {
        /// One value that prints itself.
        case text
        /// An array of values that print themselves: repeated fields (form) or parts (multipart).
        case texts
        /// `Data`: a file part.
        case file
        /// `[Data]`: a file part per element, as OpenAPI writes several files of one field.
        case files
        /// Anything else: a JSON part.
        case json
        /// An object of an object parameter (`deepObject`), written as `name[property][inner]`.
        case object([SwiftBodyField])
        /// A form field of any shape in style `deepObject`, written in bracket notation (`items[0][price]`).
        case brackets
    }

    /// The name on the wire.
    package var name: String
    /// The struct's property.
    package var swiftName: String
    /// The property's type, without the optional.
    package var type: SwiftType
    /// Whether the property is optional.
    package var isOptional: Bool
    /// Whether the property has the spec's default, so that it may be left out though it is not optional.
    package var hasDefault: Bool
    package var encoding: Encoding
    /// How a form field that is an array or an object is written (its style and `explode`), as the body's
    /// `encoding` says; nil for an array sent one field per element, OpenAPI's default.
    package var style: SwiftParameter.ArrayEncoding? = nil
    /// A multipart file part's media type, as the body's `encoding` says; nil for `application/octet-stream`.
    package var contentType: String? = nil

    /// The element type of an array field, else the type.
    package var elementType: SwiftType {
        type.element
    }
}

/// How an operation's success answer is read.
package enum SwiftResponseFormat: Sendable, Hashable {
    /// No body: the type is `EmptyResponse`, and client methods return nothing.
    case none
    case json
    case text(contentType: String)
    /// Bytes as `Data`; clients also get a method that reads them as an `IncomingStream` of chunks.
    case data(contentType: String)
    /// Elements read as they arrive: the type is `IncomingStream<T>` (a server answers with `OutgoingStream<T>`).
    case stream(SwiftStreamFormat, contentType: String)
}

/// An enum with a case per success status, for an operation whose success statuses have bodies of different types.
package struct SwiftStatusAnswer: Sendable {
    package struct Case: Sendable {
        /// `ok`, `created`, `noContent`; `success` for a `2XX` range.
        package var name: String
        /// The status; nil for a `2XX` range, which reads every success status not listed and is sent as 200.
        package var status: Int?
        /// The body's type; nil when the status has no body.
        package var type: SwiftType?
        package var format: SwiftResponseFormat
        package var documentation: String?
    }

    package var name: String
    package var operationID: String
    package var cases: [Case]
}

/// A struct of the headers an operation's success responses document, and the methods that return it.
package struct SwiftResponseHeaders: Sendable {
    package struct Field: Sendable {
        /// The header's name.
        package var name: String
        package var swiftName: String
        /// The type, without the optional; an array's elements print themselves.
        package var type: SwiftType
        /// Whether every success response must carry it: the property is then not optional.
        package var isRequired: Bool
        package var documentation: String?
        package var elementType: SwiftType {
            type.element
        }
    }

    package var name: String
    package var operationID: String
    /// `listWithHeaders`: the client method, and the service requirement, that include the headers.
    package var methodName: String
    package var fields: [Field]

    /// Whether some header is required: a service must then always give the headers, so `…WithHeaders` has no
    /// default that sends none.
    package var hasRequiredField: Bool { fields.contains(where: \.isRequired) }
}

/// A group of operations (one tag).
package struct SwiftGroup: Sendable {
    package var names: SwiftGroupNames
    package var documentation: String?
    package var operations: [SwiftOperation]

    /// Whether these are the operations without a tag, which live on the client and in `Endpoints` directly.
    package var isUntagged: Bool { names.tag == nil }

    /// Where the group's endpoint functions live: `Endpoints.Members`, or `Endpoints` for untagged operations.
    package var endpointsPath: String { isUntagged ? "Endpoints" : "Endpoints." + names.namespace }
}

/// The names of one group of operations (a tag), decided before any schema is named.
package struct SwiftGroupNames: Sendable {
    /// The first tag, or nil for untagged operations.
    package var tag: String?
    /// `Members`: the stem of inline type names.
    package var typeStem: String
    /// The enum inside `Endpoints` (`Members`; `MembersOperations` when a type is named `Members`).
    package var namespace: String
    /// `MembersAPI`, the client's group type.
    package var apiName: String
    /// `MembersService`, the server-side protocol.
    package var serviceName: String
    /// `members`, the client's property.
    package var propertyName: String
}

/// The first server's URL template, when it has variables: what `serverURL(…)` on the client fills in.
package struct SwiftServerTemplate: Sendable {
    package struct Variable: Sendable {
        package var name: String
        package var swiftName: String
        package var defaultValue: String
        package var allowedValues: [String]?
        package var documentation: String?
    }

    /// `https://{region}.example.com/v1`.
    package var template: String
    package var variables: [Variable]
}

/// The spec's security schemes as `SecurityScheme` expressions, and the schemes each operation accepts.
package struct SwiftSecurity: Sendable {
    /// Scheme name and its `SecurityScheme` expression (`.bearer`), in spec order.
    package var schemes: [(name: String, expression: String)]
    /// `operationId` and the alternatives it accepts, each the schemes sent together, in operation order; open
    /// operations are left out.
    package var requirements: [(operationID: String, alternatives: [[String]])]
}

/// Everything the renderers print for one spec, every name and type decided: `TypeMapper.map(_:moduleName:)`.
package struct SwiftModule: Sendable {
    /// The schemas' declarations, then the inline body types, with deprecations the generated code can keep.
    package var declarations: [SwiftDeclaration]
    /// The operations by first tag.
    package var groups: [SwiftGroup]
    /// `PyrusClient`.
    package var clientName: String
    /// The first server's URL with its variables at their defaults, when it is absolute.
    package var defaultServerURL: String?
    /// The first server's template, when it has variables.
    package var serverTemplate: SwiftServerTemplate?
    /// The security schemes a client can fill in, and which each operation accepts.
    package var security: SwiftSecurity?
    /// The protocol composition of every group's service, when there are several groups.
    package var serverName: String?
    /// Located warnings about fallbacks the mapping used.
    package var warnings: [Diagnostic]

    /// Whether any operation names `Date` or `Data`, which need Foundation wherever they appear.
    package var operationsUseFoundationTypes: Bool {
        groups.contains { $0.operations.contains { $0.mentions("Date") || $0.mentions("Data") || $0.mentions("UUID") } }
    }
}
