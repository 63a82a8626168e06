// What a spec generates, keyed by Swift name, and the structure of its types for comparing two of them.
import APICodegen
import APISpecCore
import OpenAPIDocument

/// The generated API of one spec, flattened for comparison.
struct Surface {
    struct Property {
        var swiftName: String
        var type: SwiftType
        var declaredType: String
        var isOptional: Bool
        var isRequiredOnWire: Bool
        var location: SourceLocation?
    }

    enum Shape {
        case structure(properties: [String: Property], order: [String])
        case openEnum(cases: [String: String])
        case choice(cases: [String: String])
        case alias(String)
    }

    struct TypeInfo {
        var shape: Shape
        var location: SourceLocation?
    }

    struct Operation {
        /// The method as callers write it: `PetsAPI.list(limit:)`.
        var declaration: String
        var operationID: String
        var httpMethod: String
        var path: String
        var parameters: [String: (swiftName: String, type: String, isRequired: Bool)]
        var body: (type: String, isRequired: Bool)?
        var responseType: String
        var statuses: Set<String>
        var mediaTypes: Set<String>
        /// The security requirement that applies (the operation's, else the document's): alternatives, each the
        /// schemes sent together; `[]` when none applies.
        var security: [[String]]
        var location: SourceLocation?
    }

    var types: [String: TypeInfo] = [:]
    var operations: [String: Operation] = [:]
    /// What each security scheme puts on the wire (`an API key in the header 'X-Key'`), by name.
    var schemes: [String: String] = [:]
    /// Types that appear in request bodies, and in responses (directly or through other types).
    var requestTypes: Set<String> = []
    var responseTypes: Set<String> = []

    init(_ document: Document, moduleName: String) throws(SpecError) {
        let mapped = try Generator.map(document, moduleName: moduleName)
        for declaration in mapped.declarations { add(declaration, prefix: "", document: document) }
        var requestRoots: [String] = []
        var responseRoots: [String] = []
        for group in mapped.groups {
            for operation in group.operations {
                let owner = group.isUntagged ? mapped.clientName : group.names.apiName
                let parameters = operation.parameters
                let labels =
                    operation.pathParameters.map { $0.swiftName + ":" } + (operation.body == nil ? [] : ["_:"])
                    + operation.trailingParameters.map { $0.swiftName + ":" }
                let key = "\(owner).\(operation.methodName)"
                let specOperation = document.operation(id: operation.operationID)
                var statuses = Set(specOperation?.responses.map(\.status) ?? [])
                if statuses.isEmpty { statuses = [String(operation.successStatus)] }
                var mediaTypes = Set(
                    specOperation?.responses.compactMap { response in
                        response.contentType.map { "\($0) (status \(response.status))" }
                    } ?? [])
                if let body = specOperation?.requestBody { mediaTypes.insert("\(body.contentType) (request)") }
                operations[key] = Operation(
                    declaration: "\(key)(\(labels.joined()))", operationID: operation.operationID,
                    httpMethod: operation.httpMethod,
                    path: operation.pathTemplate,
                    parameters: Dictionary(
                        parameters.map { ($0.name, ($0.swiftName, $0.type.text, $0.isRequired)) },
                        uniquingKeysWith: { first, _ in first }),
                    body: operation.body.map { ($0.type.text, $0.isRequired) },
                    responseType: operation.responseType.text, statuses: statuses, mediaTypes: mediaTypes,
                    security: specOperation?.securityRequirements ?? document.securityRequirements,
                    location: specOperation?.location)
                if let body = operation.body { requestRoots.append(contentsOf: Self.names(in: body.type)) }
                responseRoots.append(contentsOf: Self.names(in: operation.responseType))
            }
        }
        requestTypes = reachable(from: requestRoots)
        responseTypes = reachable(from: responseRoots)
        for scheme in document.securitySchemes { schemes[scheme.name] = Self.wireForm(of: scheme) }
    }

    /// What a client sends for `scheme`: two schemes of one wire form are the same credential to a server.
    static func wireForm(of scheme: Document.SecurityScheme) -> String {
        switch scheme.type {
        case "apiKey": "an API key in the \(scheme.keyLocation ?? "header") '\(scheme.keyName ?? "")'"
        case "http": "HTTP \((scheme.scheme ?? "").lowercased()) credentials"
        case "mutualTLS": "a client certificate"
        default: "a bearer token (\(scheme.type))"
        }
    }

    static func names(in type: SwiftType) -> [String] {
        switch type {
        case .named(let name): [name]
        case .array(let element): names(in: element)
        case .dictionary(let value): names(in: value)
        case .optional(let wrapped): names(in: wrapped)
        case .generic(_, let arguments): arguments.flatMap(names(in:))
        }
    }

    /// The named types `roots` use, following properties, cases and aliases.
    private func reachable(from roots: [String]) -> Set<String> {
        var seen: Set<String> = []
        var queue = roots
        while let name = queue.popLast() {
            guard let info = resolve(name), seen.insert(info.name).inserted else { continue }
            switch info.type.shape {
            case .structure(let properties, _): queue += properties.values.flatMap { Self.names(in: $0.type) }
            case .choice(let cases): queue += cases.values
            case .alias(let target): queue.append(target)
            case .openEnum: break
            }
        }
        return seen
    }

    /// A type by the name a property uses: nested names are tried with every enclosing prefix.
    func resolve(_ name: String, from scope: String = "") -> (name: String, type: TypeInfo)? {
        var prefix = scope
        while true {
            let candidate = prefix.isEmpty ? name : prefix + "." + name
            if let type = types[candidate] { return (candidate, type) }
            if prefix.isEmpty { return nil }
            prefix = prefix.lastIndex(of: ".").map { String(prefix[..<$0]) } ?? ""
        }
    }

    private mutating func add(_ declaration: SwiftDeclaration, prefix: String, document: Document) {
        let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
        switch declaration {
        case .structure(let value):
            var properties: [String: Property] = [:]
            for property in value.properties {
                let location =
                    document.location(of: value.specPath + "/properties/" + JSONPointer.escape(property.jsonName))
                    ?? document.location(of: value.specPath)
                properties[property.jsonName] = Property(
                    swiftName: property.swiftName, type: property.type, declaredType: property.declaredType,
                    isOptional: property.declaredType.hasSuffix("?"), isRequiredOnWire: property.isRequired,
                    location: location)
            }
            types[name] = TypeInfo(
                shape: .structure(properties: properties, order: value.properties.map(\.swiftName)),
                location: document.location(of: value.specPath))
            for nested in value.nested { add(nested, prefix: name, document: document) }
        case .openEnum(let value):
            types[name] = TypeInfo(
                shape: .openEnum(
                    cases: Dictionary(value.cases.map { ($0.rawValue, $0.name) }, uniquingKeysWith: { a, _ in a })),
                location: document.location(of: value.specPath))
        case .choice(let value):
            types[name] = TypeInfo(
                shape: .choice(
                    cases: Dictionary(value.cases.map { ($0.name, $0.type.text) }, uniquingKeysWith: { a, _ in a })),
                location: document.location(of: value.specPath))
            for nested in value.nested { add(nested, prefix: name, document: document) }
        case .alias(_, let target, _, let specPath):
            types[name] = TypeInfo(shape: .alias(target.text), location: document.location(of: specPath))
        }
    }

}

/// The structure of the types of both surfaces, so that a `$ref` replaced by an equal inline schema compares equal.
///
/// A signature spells a type's properties, cases or target, and names each type it uses by the number of that
/// type's own signature. It is therefore as long as the type's declaration, and each type's signature is made once
/// (for each depth, the expansion stopping at 8): spelled out in full, types that each use the next many times would
/// take exponential time and space.
final class Signatures {
    enum Side: Int {
        case old, new
    }

    private struct Key: Hashable {
        var side: Side
        var name: String
        var depth: Int
    }

    private let surfaces: [Surface]
    private var numbers: [String: Int] = [:]
    private var made: [Key: String] = [:]

    init(old: Surface, new: Surface) {
        surfaces = [old, new]
    }

    /// The signature of the type `name` resolves to from `scope` on `side`, or `name` itself when it resolves to
    /// none (or lies 8 types deep).
    func of(_ name: String, on side: Side, scope: String = "", depth: Int = 0) -> String {
        guard depth < 8, let (resolved, info) = surfaces[side.rawValue].resolve(name, from: scope) else { return name }
        let key = Key(side: side, name: resolved, depth: depth)
        if let signature = made[key] { return signature }
        let signature: String
        switch info.shape {
        case .structure(let properties, _):
            let members = properties.keys.sorted().map { key -> String in
                let property = properties[key]
                let type = property.map { number(of($0.type, on: side, scope: resolved, depth: depth + 1)) } ?? ""
                return "\(key):\(type)\(property?.isOptional == true ? "?" : "")"
            }
            signature = "{" + members.joined(separator: ",") + "}"
        case .openEnum(let cases): signature = "enum(" + cases.keys.sorted().joined(separator: ",") + ")"
        case .choice(let cases):
            signature = "oneOf(" + cases.keys.sorted().map { "\($0):\(cases[$0] ?? "")" }.joined(separator: ",") + ")"
        case .alias(let target): signature = of(target, on: side, scope: resolved, depth: depth + 1)
        }
        made[key] = signature
        return signature
    }

    /// The signature of `type` on `side`, with the named types in it resolved from `scope`.
    func of(_ type: SwiftType, on side: Side, scope: String, depth: Int = 0) -> String {
        switch type {
        case .named(let name): of(name, on: side, scope: scope, depth: depth)
        case .array(let element): "[" + of(element, on: side, scope: scope, depth: depth) + "]"
        case .dictionary(let value): "[String:" + of(value, on: side, scope: scope, depth: depth) + "]"
        case .optional(let wrapped): of(wrapped, on: side, scope: scope, depth: depth) + "?"
        case .generic(let name, let arguments):
            name + "<" + arguments.map { of($0, on: side, scope: scope, depth: depth) }.joined(separator: ",") + ">"
        }
    }

    /// A short stand-in for `signature`: equal signatures, and only those, get equal numbers.
    private func number(_ signature: String) -> String {
        if let number = numbers[signature] { return "#\(number)" }
        numbers[signature] = numbers.count
        return "#\(numbers.count - 1)"
    }
}
