import APISpec

/// What a spec change does to Swift callers and to clients already deployed, found by mapping both specs through
/// the same IR the generator uses and comparing what each generates.
public struct SpecDiff: Sendable {
    /// How a change affects those who depend on the spec.
    public enum Impact: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Swift code written against the old generated API no longer compiles, or means something else.
        case sourceBreaking = "source-breaking"
        /// A client already deployed with the old spec can fail against a server that follows the new one.
        case wireBreaking = "wire-breaking"
        /// Something new that nothing written before can notice.
        case additive

        /// Orders by severity: source-breaking first.
        public static func < (lhs: Impact, rhs: Impact) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// The semantic-version bump a change set calls for.
    public enum Bump: String, Sendable {
        /// Something breaks: callers' code or deployed clients.
        case major
        /// Only additions.
        case minor
        /// Nothing changed that callers or clients can notice.
        case none
    }

    /// One change.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// How it affects callers.
        public var impact: Impact
        /// The Swift declaration affected: `Member.email`, `PetsAPI.list(limit:)`, `Kind.bot`.
        public var declaration: String
        /// What changed, in a sentence.
        public var message: String
        /// Where the changed part stands in the old spec, if it is there.
        public var old: SourceLocation?
        /// Where it stands in the new spec, if it is there.
        public var new: SourceLocation?

        /// `impact: declaration: message (old → new)`.
        public var description: String {
            "\(impact.rawValue): \(declaration): \(message) (\(old?.description ?? "—") → \(new?.description ?? "—"))"
        }
    }

    /// Every change, most severe first, then by declaration.
    public var changes: [Change]

    /// The bump the changes call for: major for anything breaking, minor for additions only.
    public var bump: Bump {
        if changes.contains(where: { $0.impact != .additive }) { return .major }
        return changes.isEmpty ? .none : .minor
    }

    /// Compares `old` with `new`.
    ///
    /// - Throws: `SpecError` with located errors when either spec has no Swift form.
    public init(old: Document, new: Document, moduleName: String = "API") throws(SpecError) {
        let before = try Surface(old, moduleName: moduleName)
        let after = try Surface(new, moduleName: moduleName)
        var comparison = Comparison(old: before, new: after)
        comparison.compareTypes()
        comparison.compareOperations()
        changes = comparison.changes.sorted {
            ($0.impact, $0.declaration, $0.message) < ($1.impact, $1.declaration, $1.message)
        }
    }
}

// MARK: - What a spec generates, keyed by Swift name

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
        var location: SourceLocation?
    }

    var types: [String: TypeInfo] = [:]
    var operations: [String: Operation] = [:]
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
                    location: specOperation?.location)
                if let body = operation.body { requestRoots.append(contentsOf: Self.names(in: body.type)) }
                responseRoots.append(contentsOf: Self.names(in: operation.responseType))
            }
        }
        requestTypes = reachable(from: requestRoots)
        responseTypes = reachable(from: responseRoots)
    }

    static func names(in type: SwiftType) -> [String] {
        switch type {
        case .named(let name): [name]
        case .array(let element): names(in: element)
        case .dictionary(let value): names(in: value)
        case .optional(let wrapped): names(in: wrapped)
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
private final class Signatures {
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
        }
    }

    /// A short stand-in for `signature`: equal signatures, and only those, get equal numbers.
    private func number(_ signature: String) -> String {
        if let number = numbers[signature] { return "#\(number)" }
        numbers[signature] = numbers.count
        return "#\(numbers.count - 1)"
    }
}

// MARK: - Comparing two surfaces

private struct Comparison {
    let old: Surface
    let new: Surface
    var changes: [SpecDiff.Change] = []
    private let signatures: Signatures

    init(old: Surface, new: Surface) {
        self.old = old
        self.new = new
        signatures = Signatures(old: old, new: new)
    }

    mutating func record(
        _ impact: SpecDiff.Impact, _ declaration: String, _ message: String, old: SourceLocation?,
        new: SourceLocation?
    ) {
        changes.append(SpecDiff.Change(impact: impact, declaration: declaration, message: message, old: old, new: new))
    }

    private var oldSignatures: Set<String> { Set(old.types.keys.map { signatures.of($0, on: .old) }) }

    mutating func compareTypes() {
        let known = oldSignatures
        for name in Set(old.types.keys).union(new.types.keys).sorted() {
            switch (old.types[name], new.types[name]) {
            case (let before?, nil):
                record(.sourceBreaking, name, "type removed", old: before.location, new: nil)
            case (nil, let after?):
                // A type that only moved (an equal inline schema replacing a `$ref`) is not new to anyone.
                if name.contains("."), known.contains(signatures.of(name, on: .new)) { continue }
                record(.additive, name, "type added", old: nil, new: after.location)
            case (let before?, let after?):
                compare(name, before, after)
            case (nil, nil):
                continue
            }
        }
    }

    private mutating func compare(_ name: String, _ before: Surface.TypeInfo, _ after: Surface.TypeInfo) {
        switch (before.shape, after.shape) {
        case (.structure(let oldProperties, let oldOrder), .structure(let newProperties, let newOrder)):
            compareProperties(name, oldProperties, newProperties)
            let kept = oldOrder.filter { newOrder.contains($0) }
            if kept != newOrder.filter({ oldOrder.contains($0) }) {
                record(
                    .sourceBreaking, "\(name).init", "the initializer's parameters are in a new order",
                    old: before.location, new: after.location)
            }
        case (.openEnum(let oldCases), .openEnum(let newCases)):
            for raw in Set(oldCases.keys).union(newCases.keys).sorted() {
                switch (oldCases[raw], newCases[raw]) {
                case (let caseName?, nil):
                    recordCase(name, caseName, added: false, before, after)
                    if old.responseTypes.contains(name) {
                        record(
                            .wireBreaking, "\(name).\(caseName)", "value \"\(raw)\" removed from a response",
                            old: before.location, new: after.location)
                    }
                case (nil, let caseName?):
                    recordCase(name, caseName, added: true, before, after)
                case (let oldName?, let newName?) where oldName != newName:
                    record(
                        .sourceBreaking, "\(name).\(oldName)", "enum case renamed to \(newName)", old: before.location,
                        new: after.location)
                default: continue
                }
            }
        case (.choice(let oldCases), .choice(let newCases)):
            for caseName in Set(oldCases.keys).union(newCases.keys).sorted() {
                switch (oldCases[caseName], newCases[caseName]) {
                case (_?, nil):
                    recordCase(name, caseName, added: false, before, after)
                case (nil, _?):
                    recordCase(name, caseName, added: true, before, after)
                case (let oldType?, let newType?) where oldType != newType:
                    record(
                        .sourceBreaking, "\(name).\(caseName)",
                        "associated value changed from \(oldType) to \(newType)",
                        old: before.location, new: after.location)
                default: continue
                }
            }
        case (.alias(let oldTarget), .alias(let newTarget)):
            if oldTarget != newTarget && signatures.of(oldTarget, on: .old) != signatures.of(newTarget, on: .new) {
                record(
                    .sourceBreaking, name, "now stands for \(newTarget) instead of \(oldTarget)", old: before.location,
                    new: after.location)
            }
        default:
            record(
                .sourceBreaking, name, "changed kind (struct, enum or alias)", old: before.location, new: after.location
            )
        }
    }

    /// An enum case added or removed: either way, switches over the enum stop compiling.
    private mutating func recordCase(
        _ type: String, _ caseName: String, added: Bool, _ before: Surface.TypeInfo, _ after: Surface.TypeInfo
    ) {
        let message = added ? "enum case added: exhaustive switches over \(type) must handle it" : "enum case removed"
        record(.sourceBreaking, "\(type).\(caseName)", message, old: before.location, new: after.location)
    }

    private mutating func compareProperties(
        _ name: String, _ before: [String: Surface.Property], _ after: [String: Surface.Property]
    ) {
        let inRequests = old.requestTypes.contains(name) || new.requestTypes.contains(name)
        let inResponses = old.responseTypes.contains(name) || new.responseTypes.contains(name)
        for json in Set(before.keys).union(after.keys).sorted() {
            switch (before[json], after[json]) {
            case (let property?, nil):
                let declaration = "\(name).\(property.swiftName)"
                record(.sourceBreaking, declaration, "property removed", old: property.location, new: nil)
                if inResponses {
                    record(
                        .wireBreaking, declaration, "response field '\(json)' removed", old: property.location, new: nil
                    )
                }
            case (nil, let property?):
                let declaration = "\(name).\(property.swiftName)"
                if !property.isOptional {
                    record(
                        .sourceBreaking, declaration, "new property the initializer requires", old: nil,
                        new: property.location)
                } else {
                    record(.additive, declaration, "property added", old: nil, new: property.location)
                }
                if inRequests && property.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "required request field '\(json)' added", old: nil,
                        new: property.location)
                }
            case (let was?, let now?):
                let declaration = "\(name).\(was.swiftName)"
                if was.swiftName != now.swiftName {
                    record(
                        .sourceBreaking, declaration, "property renamed to \(now.swiftName)", old: was.location,
                        new: now.location)
                }
                // Same name, same type (changes inside it are reported on it); other names, compare structure.
                let sameType =
                    was.type == now.type
                    || signatures.of(was.type, on: .old, scope: name) == signatures.of(now.type, on: .new, scope: name)
                if !sameType {
                    record(
                        .sourceBreaking, declaration, "type changed from \(was.declaredType) to \(now.declaredType)",
                        old: was.location, new: now.location)
                    if inRequests || inResponses {
                        record(
                            .wireBreaking, declaration, "the JSON of '\(json)' changed type", old: was.location,
                            new: now.location)
                    }
                } else if was.isOptional == now.isOptional, was.declaredType != now.declaredType {
                    record(
                        .sourceBreaking, declaration,
                        "declared type changed from \(was.declaredType) to \(now.declaredType)",
                        old: was.location, new: now.location)
                } else if was.isOptional && !now.isOptional {
                    record(
                        .sourceBreaking, declaration,
                        "optional became required (\(was.declaredType) → \(now.declaredType))",
                        old: was.location, new: now.location)
                } else if !was.isOptional && now.isOptional {
                    record(
                        .sourceBreaking, declaration,
                        "required became optional (\(was.declaredType) → \(now.declaredType)): readers must unwrap it",
                        old: was.location, new: now.location)
                }
                if sameType, inRequests, !was.isRequiredOnWire, now.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "request field '\(json)' became required", old: was.location,
                        new: now.location)
                }
                if sameType, inResponses, was.isRequiredOnWire, !now.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "response field '\(json)' may now be absent", old: was.location,
                        new: now.location)
                }
            case (nil, nil):
                continue
            }
        }
    }

    mutating func compareOperations() {
        // The wire knows an operation by method and path; Swift callers by its declaration.
        let endpoints = Set(new.operations.values.map { $0.httpMethod.uppercased() + " " + $0.path })
        for key in Set(old.operations.keys).union(new.operations.keys).sorted() {
            switch (old.operations[key], new.operations[key]) {
            case (let before?, nil):
                record(.sourceBreaking, before.declaration, "method removed", old: before.location, new: nil)
                let endpoint = before.httpMethod.uppercased() + " " + before.path
                if !endpoints.contains(endpoint) {
                    record(.wireBreaking, before.declaration, "\(endpoint) removed", old: before.location, new: nil)
                }
            case (nil, let after?):
                record(.additive, after.declaration, "method added", old: nil, new: after.location)
            case (let before?, let after?):
                compare(after.declaration, before, after)
            case (nil, nil):
                continue
            }
        }
    }

    private mutating func compare(_ key: String, _ before: Surface.Operation, _ after: Surface.Operation) {
        let locations = (before.location, after.location)
        if before.httpMethod != after.httpMethod || before.path != after.path {
            record(
                .wireBreaking, key,
                "now \(after.httpMethod.uppercased()) \(after.path) instead of \(before.httpMethod.uppercased()) "
                    + "\(before.path)",
                old: locations.0, new: locations.1)
        }
        for name in Set(before.parameters.keys).union(after.parameters.keys).sorted() {
            switch (before.parameters[name], after.parameters[name]) {
            case (let was?, nil):
                record(.sourceBreaking, key, "parameter '\(was.swiftName)' removed", old: locations.0, new: locations.1)
            case (nil, let now?):
                if now.isRequired {
                    record(
                        .sourceBreaking, key, "new parameter '\(now.swiftName)' without a default",
                        old: locations.0, new: locations.1)
                    record(
                        .wireBreaking, key, "new required parameter '\(name)'", old: locations.0, new: locations.1)
                } else {
                    record(
                        .additive, key, "new optional parameter '\(now.swiftName)'", old: locations.0, new: locations.1)
                }
            case (let was?, let now?):
                if was.type != now.type {
                    record(
                        .sourceBreaking, key,
                        "parameter '\(was.swiftName)' changed type from \(was.type) to \(now.type)",
                        old: locations.0, new: locations.1)
                }
                if !was.isRequired && now.isRequired {
                    record(
                        .sourceBreaking, key, "parameter '\(was.swiftName)' became required", old: locations.0,
                        new: locations.1)
                    record(
                        .wireBreaking, key, "parameter '\(name)' became required", old: locations.0, new: locations.1)
                }
            case (nil, nil):
                continue
            }
        }
        switch (before.body, after.body) {
        case (let was?, let now?)
        where was.type != now.type && signatures.of(was.type, on: .old) != signatures.of(now.type, on: .new):
            record(
                .sourceBreaking, key, "request body changed from \(was.type) to \(now.type)", old: locations.0,
                new: locations.1)
        case (nil, let now?):
            record(.sourceBreaking, key, "new request body \(now.type)", old: locations.0, new: locations.1)
            if now.isRequired {
                record(.wireBreaking, key, "a request body is now required", old: locations.0, new: locations.1)
            }
        case (let was?, nil):
            record(.sourceBreaking, key, "request body \(was.type) removed", old: locations.0, new: locations.1)
        default:
            break
        }
        if before.responseType != after.responseType
            && signatures.of(before.responseType, on: .old) != signatures.of(after.responseType, on: .new)
        {
            record(
                .sourceBreaking, key, "returns \(after.responseType) instead of \(before.responseType)",
                old: locations.0, new: locations.1)
        }
        for status in before.statuses.subtracting(after.statuses).sorted() {
            record(.wireBreaking, key, "status \(status) removed", old: locations.0, new: locations.1)
        }
        for status in after.statuses.subtracting(before.statuses).sorted() {
            record(.additive, key, "status \(status) added", old: locations.0, new: locations.1)
        }
        let removedStatuses = before.statuses.subtracting(after.statuses)
        for mediaType in before.mediaTypes.subtracting(after.mediaTypes).sorted()
        where !removedStatuses.contains(where: { mediaType.hasSuffix("(status \($0))") }) {
            record(.wireBreaking, key, "media type \(mediaType) removed", old: locations.0, new: locations.1)
        }
    }
}
