import APISpecCore
import Foundation

/// An OpenAPI document, loaded, checked and with every non-schema `$ref` resolved.
public struct Document: Sendable {
    /// `info`.
    public struct Info: Sendable, Hashable {
        /// The API's title.
        public var title: String
        /// The API's version.
        public var version: String
        /// A longer description.
        public var description: String?
    }

    /// One entry of `servers`.
    public struct Server: Sendable, Hashable {
        /// A `{name}` of the URL template and what may stand for it.
        public struct Variable: Sendable, Hashable {
            /// The name in braces.
            public var name: String
            /// `default`: the value when nothing else is given.
            public var defaultValue: String
            /// `enum`: the values allowed, when the spec lists them.
            public var allowedValues: [String]?
            /// What it is.
            public var description: String?
        }

        /// The base URL; a template when `variables` is not empty (`https://{region}.example.com/v1`).
        public var url: String
        /// The template's variables, in spec order.
        public var variables: [Variable] = []
        /// What the server is.
        public var description: String?
        /// Where the URL stands in the spec.
        public var location: SourceLocation
        /// The URL's path in the document.
        public var path: String

        /// The URL with every variable at its default.
        public var defaultURL: String {
            variables.reduce(url) { $0.replacingOccurrences(of: "{\($1.name)}", with: $1.defaultValue) }
        }
    }

    /// An entry of `components.securitySchemes`.
    public struct SecurityScheme: Sendable, Hashable {
        /// The scheme's name under `securitySchemes`.
        public var name: String
        /// `http`, `apiKey`, `oauth2`, `openIdConnect` or `mutualTLS`.
        public var type: String
        /// For `http`: `bearer`, `basic`, ….
        public var scheme: String?
        /// For `http` bearer: a hint about the token format.
        public var bearerFormat: String?
        /// What the scheme is for.
        public var description: String?
        /// For `apiKey`: the header, query item or cookie name.
        public var keyName: String? = nil
        /// For `apiKey`: `header`, `query` or `cookie`.
        public var keyLocation: String? = nil
    }

    /// The source file name as given to the loader.
    public var file: String
    /// The OpenAPI version (`3.1.0`, `3.0.3`).
    public var openAPIVersion: String
    /// `info`.
    public var info: Info
    /// `servers`.
    public var servers: [Server]
    /// `components.securitySchemes`, in spec order.
    public var securitySchemes: [SecurityScheme]
    /// The top-level `security` requirement: names of schemes, every one that any alternative names, in spec order.
    public var security: [String]
    /// The top-level `security` requirement as the spec writes it: alternatives, in spec order, each the names of the
    /// schemes sent together (`[{key: [], token: []}]` is one alternative of two schemes; `{}` is an empty one, which
    /// lets a request go without a credential).
    public var securityRequirements: [[String]] = []
    /// `tags` with their descriptions, in spec order (tags used by operations but not declared come after).
    public var tags: [Tag]
    /// Every operation, in spec order: path by path, and within a path in the order its methods are written.
    public var operations: [APIOperation]
    /// `components.schemas`, in spec order.
    public var schemas: [NamedSchema]
    /// The document's top-level `x-` extensions.
    public var extensions: [String: JSON]
    /// Warnings found while loading (suspicious but valid things), and notes about parts left out of generation.
    public var warnings: [Diagnostic]
    /// How many bytes the spec and the files its `$ref`s name came to: what the generator splits its models by.
    public var sourceBytes = 0
    /// The spec's path under the root its files were read from, when that root is above the spec's directory
    /// (`spec/openapi.yaml`): the validator knows every file by its place under the root.
    package var pathUnderRoot: String?
    /// The documents a `$ref` may name by URI, as given to the loader (the 2020-12 meta-schemas always among them).
    public internal(set) var schemaRegistry = SchemaRegistry()
    /// The files the document was read from (the spec first, then those its `$ref`s name), kept so that the
    /// validator reads them without parsing them again.
    var sourceFiles = SourceFiles([])
    /// Values derived from the document on first use (its located form, the validator), shared by its copies.
    package let derived = DerivedValues()

    /// The files the document was read from, as diagnostics name them: the spec first, then every file its `$ref`s
    /// name, in the order first named.
    public var fileNames: [String] { sourceFiles.names }

    /// The schema component named `name`.
    public func schema(named name: String) -> NamedSchema? {
        schemas.first { $0.name == name }
    }

    /// The operation whose `operationId` is `id`.
    public func operation(id: String) -> APIOperation? {
        operations.first { $0.operationID == id }
    }
}

/// A tag: a group of operations.
public struct Tag: Sendable, Hashable {
    /// The tag's name.
    public var name: String
    /// What the group is for.
    public var description: String?
}

/// A schema under `components.schemas`.
public struct NamedSchema: Sendable, Hashable {
    /// The component's name.
    public var name: String
    /// Its schema.
    public var schema: Schema
    /// Where the name stands in the spec.
    public var location: SourceLocation
}

/// An HTTP method an operation can have.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    /// GET.
    case get
    /// PUT.
    case put
    /// POST.
    case post
    /// DELETE.
    case delete
    /// OPTIONS.
    case options
    /// HEAD.
    case head
    /// PATCH.
    case patch
    /// TRACE.
    case trace
}

/// One operation: a method on a path.
public struct APIOperation: Sendable, Hashable {
    /// The method.
    public var method: HTTPMethod
    /// The path template, e.g. `/members/{id}`.
    public var path: String
    /// `operationId`, when the spec gives one.
    public var operationID: String?
    /// `tags`.
    public var tags: [String]
    /// `summary`.
    public var summary: String?
    /// `description`.
    public var description: String?
    /// Path-level and operation-level parameters, merged (the operation's win), in spec order.
    public var parameters: [Parameter]
    /// The JSON request body.
    public var requestBody: RequestBody?
    /// Responses by status, in spec order; `default` has the status `default`.
    public var responses: [Response]
    /// `deprecated`.
    public var deprecated: Bool
    /// Operation-level `servers`, which replace the document's for this operation.
    public var servers: [Document.Server]
    /// Operation-level `security`: `nil` when the document's applies, `[]` when none does. Every scheme any
    /// alternative names.
    public var security: [String]?
    /// Operation-level `security` as alternatives, each the schemes sent together (see
    /// `Document.securityRequirements`): `nil` when the document's apply.
    public var securityRequirements: [[String]]?
    /// `x-` extensions.
    public var extensions: [String: JSON]
    /// Where each `x-` extension's value stands in the spec.
    public var extensionLocations: [String: SourceLocation] = [:]
    /// Where the method key stands in the spec.
    public var location: SourceLocation

    /// The names of the `{parameters}` of the path template, in order (in the path, not in a query string the
    /// key may carry), without the `+` of a parameter that spans segments (`{+name}`, `{Key+}`).
    public var templateParameterNames: [String] {
        var names: [String] = []
        var current: String?
        for character in Self.pathWithoutQuery(path) {
            switch character {
            case "{": current = ""
            case "}":
                if let name = current { names.append(Self.parameterName(name)) }
                current = nil
            default: current?.append(character)
            }
        }
        return names
    }

    /// A path key without the query string or fragment it may carry (`/{container}?restype=container`, as Azure's
    /// `x-ms-paths` writes keys that differ only in their query; `/#X-Amz-Target=S3.GetObject`, as the AWS specs of
    /// APIs.guru write keys that differ only in a header): the part before `?` or `#`. Generated routes keep the whole
    /// key, and the runtime reads its query and fragment alike (`ServerRequest.match`, which cannot use this module).
    public static func pathWithoutQuery(_ key: String) -> Substring {
        key.prefix { $0 != "?" && $0 != "#" }
    }

    /// The query items a path key fixes (`?restype=container&comp=list`), percent-decoded, in order; an item without
    /// `=` has the value "". Empty for a key without `?`.
    public static func fixedQuery(_ key: String) -> [(name: String, value: String)] {
        guard let start = key.firstIndex(of: "?") else { return [] }
        return items(key[key.index(after: start)...].prefix { $0 != "#" })
    }

    /// The header fields a path key's fragment fixes (`#X-Amz-Target=S3.GetObject`), in order: its `name=value`
    /// items whose name is a header name (`isHeaderName`). A fragment without `=` (`#stream`, as Speakeasy tells
    /// apart operations of one path) fixes none. Empty for a key without `#`.
    public static func fixedHeaders(_ key: String) -> [(name: String, value: String)] {
        guard let start = key.firstIndex(of: "#") else { return [] }
        return key[key.index(after: start)...].split(separator: "&").filter { $0.contains("=") }.flatMap(items)
            .filter { isHeaderName($0.name) }
    }

    /// Whether `name` is an HTTP field name: one or more of RFC 9110's `tchar`.
    public static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
    }

    /// `a=1&b`, percent-decoded: `[("a", "1"), ("b", "")]`.
    static func items(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { String(text).removingPercentEncoding ?? String(text) }
            return (decoded(pair[0]), pair.count > 1 ? decoded(pair[1]) : "")
        }
    }

    /// Whether a template's `{…}` text (`+name`, `Key+`) names a parameter whose value may span segments: RFC
    /// 6570's reserved expansion (`{+name}`, as Google writes it) or a greedy label (`{Key+}`, as AWS writes it).
    public static func spansSegments(_ placeholder: some StringProtocol) -> Bool {
        placeholder.count > 1 && (placeholder.first == "+" || placeholder.last == "+")
    }

    /// The parameter a template's `{…}` text names: without the `+` of `spansSegments`.
    public static func parameterName(_ placeholder: some StringProtocol) -> String {
        guard spansSegments(placeholder) else { return String(placeholder) }
        return String(placeholder.first == "+" ? placeholder.dropFirst() : placeholder.dropLast())
    }

    /// The response for `status` (`"200"`), or nil.
    public func response(status: String) -> Response? {
        responses.first { $0.status == status }
    }

    /// The response the spec declares for an answer with status `code`: the exact code, else its range (`2XX`),
    /// else `default`; nil when none applies.
    public func declaredResponse(forStatus code: Int) -> Response? {
        let range = "\(code / 100)XX"
        return response(status: String(code)) ?? response(status: range)
            ?? response(status: "default")
    }
}

/// A parameter in the path, the query or a header.
public struct Parameter: Sendable, Hashable {
    /// Where a parameter is sent.
    public enum Location: String, Sendable, Hashable, CaseIterable {
        /// In the path template.
        case path
        /// In the query string.
        case query
        /// In a header.
        case header
        /// In a cookie.
        case cookie
    }

    /// The name on the wire.
    public var name: String
    /// Where it is sent.
    public var location: Location
    /// Whether it must be sent (always true for path parameters).
    public var required: Bool
    /// What it is for.
    public var description: String?
    /// `deprecated`.
    public var deprecated: Bool
    /// Its schema.
    public var schema: Schema
    /// Where the parameter stands in the spec.
    public var sourceLocation: SourceLocation
    /// `style`, as written: how an array or object is serialized (`form`, `spaceDelimited`, `pipeDelimited`,
    /// `deepObject`, `simple`, …); nil for the location's default (`form` in a query, `simple` in a path or header).
    public var style: String? = nil
    /// `explode`, as written; nil for the style's default (true for `form`, false otherwise).
    public var explode: Bool? = nil
    /// The JSON media type of `content`, when the parameter has one instead of `schema`: the value is then sent as
    /// its JSON text (`filter={"color":"red"}`), and `schema` is the media type's.
    public var jsonContentType: String? = nil

    /// The style in force: `style`, or the location's default.
    public var effectiveStyle: String { style ?? (location == .query || location == .cookie ? "form" : "simple") }
    /// Whether arrays are sent one item per element: `explode`, or the style's default.
    public var effectiveExplode: Bool { explode ?? (effectiveStyle == "form") }
}

extension Document {
    /// Each file of the document as located JSON, the spec first: every value with where it stands, read from the
    /// parsed files once (the validator reads schemas in this form, and `location(of:)` looks parts up in it).
    ///
    /// - Throws: `SpecError` when a file nests deeper than the validator follows.
    package func locatedFiles() throws(SpecError) -> [LocatedFile] {
        try derived.value { () throws(SpecError) -> [LocatedFile] in
            var located: [LocatedFile] = []
            for file in sourceFiles.take() {
                let root =
                    try file.root.map { root throws(SpecError) in
                        try LocatedJSON(root, file: file.displayName)
                    } ?? LocatedJSON(.null, file: file.displayName)
                located.append(
                    LocatedFile(
                        relativePath: file.relativePath, isSpec: located.isEmpty, isSchema: file.isSchema, root: root))
            }
            return located
        }
    }

    /// The spec's own file as located JSON (see `locatedFiles()`).
    package func locatedRoot() throws(SpecError) -> LocatedJSON {
        try locatedFiles().first?.root ?? LocatedJSON(.null, file: file)
    }

    /// Where the part of the document at `fragment` starts — `#/components/schemas/Member/properties/email` in the
    /// spec, `schemas/user.yaml#/properties/id` in another of its files — or nil when nothing is there.
    public func location(of fragment: String) -> SourceLocation? {
        guard let hash = fragment.firstIndex(of: "#"), let files = try? locatedFiles() else { return nil }
        let filePart = fragment[..<hash]
        guard let file = filePart.isEmpty ? files.first : files.first(where: { $0.relativePath == filePart }) else {
            return nil
        }
        return file.root.descendant(JSONPointer.tokens(String(fragment[fragment.index(after: hash)...])))?.location
    }
}

/// A file of a spec as the loader read it.
package struct SpecFile: Sendable {
    /// How diagnostics name it.
    package var displayName: String
    /// Its path relative to the spec's directory (the spec's own file name for the spec); it starts with `../` when
    /// the file is above that directory, under the spec root.
    package var relativePath: String
    /// Its contents; nil when it holds nothing.
    package var root: SourceNode?

    /// What the places in this file start with: nothing in the spec itself, else the relative path.
    var prefix: String { isSpec ? "" : relativePath }
    /// Set by the loader for the spec's own file.
    var isSpec = false
    /// Whether the whole file is a schema (a `$ref` to the file names a schema), else it holds parts of an API
    /// description whose schemas are found by walking it.
    package var isSchema = false

    init(displayName: String, relativePath: String, root: SourceNode?, isSpec: Bool = false) {
        self.displayName = displayName
        self.relativePath = relativePath
        self.root = root
        self.isSpec = isSpec
    }
}

/// A file of a spec as located JSON.
package struct LocatedFile: Sendable {
    /// Its path relative to the spec's directory.
    package var relativePath: String
    /// Whether it is the spec itself (the first file).
    package var isSpec: Bool
    /// Whether the whole file is a schema.
    package var isSchema: Bool
    package var root: LocatedJSON
}

/// The spec's parsed files, kept until they are read again as located JSON, then let go.
final class SourceFiles: @unchecked Sendable {
    // `files` is only read and written under `lock`.
    private let lock = NSLock()
    private var files: [SpecFile]
    let names: [String]

    init(_ files: [SpecFile]) {
        self.files = files
        names = files.map(\.displayName)
    }

    /// The files, once; an empty list afterwards.
    func take() -> [SpecFile] {
        lock.lock()
        defer { lock.unlock() }
        let taken = files
        files = []
        return taken
    }
}

/// Values derived from a document on first use and kept across its copies, one per type. Other modules keep theirs
/// here too: the document cannot name their types (the validator's module depends on this one, not the other way).
package final class DerivedValues: @unchecked Sendable {
    // `values` is only read and written under `lock`, which is recursive: making one value may need another (the
    // validator is compiled from the located document).
    private let lock = NSRecursiveLock()
    private var values: [ObjectIdentifier: any Sendable] = [:]

    package init() {}

    /// The value of type `Value`, made by `make` on first use; an error it throws is kept and thrown again.
    package func value<Value: Sendable>(_ make: () throws(SpecError) -> Value) throws(SpecError) -> Value {
        lock.lock()
        defer { lock.unlock() }
        let key = ObjectIdentifier(Value.self)
        if let known = values[key] as? Result<Value, SpecError> { return try known.get() }
        let made: Result<Value, SpecError>
        do throws(SpecError) {
            made = .success(try make())
        } catch {
            made = .failure(error)
        }
        values[key] = made
        return try made.get()
    }
}
