import APISpec
import Foundation

/// Decides, once, the Swift name and type of every schema, property, operation and parameter of a document.
///
/// The result is an intermediate representation (`SwiftDeclaration`, `SwiftOperation`) that the renderers turn
/// into text without making any decision of their own. Anything that cannot become compiling Swift is a located
/// error saying what to change in the spec.
struct TypeMapper {
    let document: Document
    private(set) var diagnostics: [Diagnostic] = []
    /// Component schema name → Swift type name.
    private var componentTypeNames: [String: String] = [:]
    private var componentSchemas: [String: Schema] = [:]
    /// Every top-level Swift name in use, so nested and inline types never shadow one.
    private var topLevelNames: SwiftNames = []
    /// Inline request and response body types, declared at top level.
    private var inlineDeclarations: [SwiftDeclaration] = []
    /// The type of each body schema already mapped, by the schema's place in the document.
    private var inlineBodyTypes: [String: SwiftType] = [:]
    /// The top-level structs, by Swift name, for the fields of form and multipart bodies.
    private var bodyStructs: [String: SwiftStruct] = [:]
    let clientName: String
    /// The protocol composition of every group's service (`PyrusServer`), when there are several groups.
    private(set) var serverName: String?
    /// Every open enum's Swift name: the components' from the start (a default may name one declared later), the
    /// nested ones as they are declared.
    private var openEnumNames: Set<String> = []
    /// The groups' names, decided once.
    private(set) var groupNames: [SwiftGroupNames] = []

    init(document: Document, moduleName: String) {
        self.document = document
        for named in document.schemas { componentSchemas[named.name] = named.schema }
        clientName = Self.clientName(document: document, moduleName: moduleName)
        topLevelNames = SwiftNames(ReservedNames.types.union(ReservedNames.functions))
        topLevelNames.insert(clientName)
        groupNames = Self.nameGroups(document, clientName: clientName, taken: &topLevelNames)
        if groupNames.count > 1 {
            serverName = SwiftNaming.unique(Self.stem(ofClient: clientName) + "Server", in: &topLevelNames)
        }
        // Names the spec asks for first, so a derived name never takes one of them.
        for named in document.schemas {
            guard let preferred = explicitName(of: named.schema, isTypeName: true) else { continue }
            guard topLevelNames.insert(SwiftNaming.bare(preferred)) else {
                error(
                    "x-swift-name '\(preferred)' is already the name of another generated declaration",
                    at: named.schema.extensionLocations["x-swift-name"] ?? named.schema.location,
                    path: named.schema.path)
                continue
            }
            componentTypeNames[named.name] = preferred
        }
        for named in document.schemas where componentTypeNames[named.name] == nil {
            componentTypeNames[named.name] = SwiftNaming.unique(SwiftNaming.typeName(named.name), in: &topLevelNames)
        }
        for named in document.schemas where stringEnumCases(named.schema) != nil {
            if let name = componentTypeNames[named.name] { openEnumNames.insert(name) }
        }
        // A group's namespace inside `Endpoints` hides every top-level type of its name from the endpoints.
        var namespaces: SwiftNames = []
        for index in groupNames.indices where !groupNames[index].typeStem.isEmpty {
            let stem = groupNames[index].typeStem
            let preferred = topLevelNames.contains(stem) ? stem + "Operations" : stem
            groupNames[index].namespace = SwiftNaming.unique(preferred, in: &namespaces, avoiding: topLevelNames)
        }
    }

    /// `x-swift-client-name`, else the module name without a trailing `API`, plus `Client`
    /// (`PyrusAPI` → `PyrusClient`).
    static func clientName(document: Document, moduleName: String) -> String {
        if case .string(let name)? = document.extensions["x-swift-client-name"] {
            return SwiftNaming.typeName(name)
        }
        var stem = SwiftNaming.typeName(moduleName)
        if stem.hasSuffix("API"), stem.count > 3 { stem.removeLast(3) }
        return stem + "Client"
    }

    /// `PyrusClient` → `Pyrus`: the stem of the names derived from the client's (`PyrusService`, `PyrusServer`).
    static func stem(ofClient clientName: String) -> String {
        clientName.hasSuffix("Client") ? String(clientName.dropLast(6)) : clientName
    }

    /// One set of names per first tag, in spec order, then the untagged operations' plan if there are any.
    static func nameGroups(_ document: Document, clientName: String, taken: inout SwiftNames) -> [SwiftGroupNames] {
        var plans: [SwiftGroupNames] = []
        var properties = SwiftNames(ReservedNames.clientMembers)
        var hasUntagged = false
        var tags: Set<String> = []
        for operation in document.operations {
            guard let tag = operation.tags.first else {
                hasUntagged = true
                continue
            }
            guard tags.insert(tag).inserted else { continue }
            let stem = SwiftNaming.typeName(tag)
            plans.append(
                SwiftGroupNames(
                    tag: tag, typeStem: stem, namespace: stem,
                    apiName: SwiftNaming.unique(stem + "API", in: &taken),
                    serviceName: SwiftNaming.unique(stem + "Service", in: &taken),
                    propertyName: SwiftNaming.unique(SwiftNaming.memberName(tag), in: &properties)))
        }
        if hasUntagged {
            plans.append(
                SwiftGroupNames(
                    tag: nil, typeStem: "", namespace: "", apiName: clientName,
                    serviceName: SwiftNaming.unique(stem(ofClient: clientName) + "Service", in: &taken),
                    propertyName: ""))
        }
        return plans
    }

    /// A declaration's `x-swift-name`, checked to be a usable identifier; a located error and nil when it is not.
    private mutating func explicitName(of schema: Schema, isTypeName: Bool) -> String? {
        explicitName(
            schema.extensions["x-swift-name"], at: schema.extensionLocations["x-swift-name"] ?? schema.location,
            path: schema.path, isTypeName: isTypeName)
    }

    private mutating func explicitName(_ value: JSON?, at location: SourceLocation, path: String, isTypeName: Bool)
        -> String?
    {
        guard let value else { return nil }
        guard case .string(let name) = value else {
            error("x-swift-name must be a string", at: location, path: path)
            return nil
        }
        if let problem = SwiftNaming.problem(withExplicitName: name, isTypeName: isTypeName) {
            error(problem, at: location, path: path)
            return nil
        }
        return SwiftNaming.safeIdentifier(name, reserved: [])
    }

    private mutating func error(_ message: String, at schema: Schema) {
        diagnostics.append(Diagnostic(.error, message, at: schema.location, path: schema.path))
    }

    private mutating func error(_ message: String, at location: SourceLocation, path: String) {
        diagnostics.append(Diagnostic(.error, message, at: location, path: path))
    }

    /// Located warnings: what generates, but not as the spec might expect (a fallback was used).
    private(set) var warnings: [Diagnostic] = []

    /// A server's URL when it is absolute (generated code needs one to default to); otherwise a located warning.
    /// The schemes a generated client can fill in (HTTP bearer and basic, API keys, and the bearer tokens of OAuth 2
    /// and OpenID Connect), and which of them each operation accepts; nil when the spec has none.
    func security(of groups: [SwiftGroup]) -> SwiftSecurity? {
        var schemes: [(name: String, expression: String)] = []
        for scheme in document.securitySchemes {
            let expression: String
            switch (scheme.type, scheme.scheme?.lowercased()) {
            case ("http", "bearer"), ("oauth2", _), ("openIdConnect", _): expression = ".bearer"
            case ("http", "basic"): expression = ".basic"
            case ("apiKey", _):
                guard let name = scheme.keyName, let location = scheme.keyLocation else { continue }
                expression = ".apiKey(name: \(name.swiftLiteral), in: .\(location))"
            default: continue
            }
            schemes.append((scheme.name, expression))
        }
        guard !schemes.isEmpty else { return nil }
        let known = Set(schemes.map(\.name))
        var requirements: [(operationID: String, schemes: [String])] = []
        let specOperations = Dictionary(
            document.operations.map { ($0.operationID ?? "\($0.method.rawValue) \($0.path)", $0) },
            uniquingKeysWith: { first, _ in first })
        for operation in groups.flatMap(\.operations) {
            let names = (specOperations[operation.operationID]?.security ?? document.security).filter(known.contains)
            if !names.isEmpty { requirements.append((operation.operationID, names)) }
        }
        return SwiftSecurity(schemes: schemes, requirements: requirements)
    }

    /// The first server's template and variables, when it has variables and its default URL is absolute.
    func serverTemplate(of server: Document.Server?) -> SwiftServerTemplate? {
        guard let server, !server.variables.isEmpty,
            let url = URL(string: server.defaultURL), url.scheme != nil, url.host != nil
        else { return nil }
        var names = SwiftNames(ReservedNames.locals)
        let variables = server.variables.map { variable in
            SwiftServerTemplate.Variable(
                name: variable.name, swiftName: SwiftNaming.unique(SwiftNaming.memberName(variable.name), in: &names),
                defaultValue: variable.defaultValue, allowedValues: variable.allowedValues,
                documentation: variable.description)
        }
        return SwiftServerTemplate(template: server.url, variables: variables)
    }

    mutating func absoluteURL(of server: Document.Server?) -> String? {
        guard let server else { return nil }
        let filled = server.defaultURL
        if let url = URL(string: filled), url.scheme != nil, url.host != nil { return filled }
        warnings.append(
            Diagnostic(
                .warning,
                "server URL \(filled.swiftLiteral) is not an absolute URL, so the generated client has no "
                    + "default server; callers pass one",
                at: server.location, path: server.path))
        return nil
    }

    // MARK: - Schemas

    /// One top-level declaration per component schema, in spec order, then inline body types.
    private mutating func declarations() -> [SwiftDeclaration] {
        var result: [SwiftDeclaration] = []
        for named in document.schemas {
            guard let name = componentTypeNames[named.name] else { continue }
            result.append(contentsOf: declaration(for: named.schema, named: name))
        }
        for case .structure(let structure) in result { bodyStructs[structure.name] = structure }
        return result
    }

    /// The declaration of a named schema, plus any declarations that must live at top level beside it.
    private mutating func declaration(for schema: Schema, named name: String) -> [SwiftDeclaration] {
        let documentation = schema.description ?? schema.title
        // A nullable component is its non-null type here; the properties that refer to it are optional. Its
        // declaration keeps the component's place for its `Spec:` line.
        var nonNull = withoutNullAlternatives(schema).schema
        nonNull.path = schema.path
        let schema = nonNull
        if fallsBackToJSONValue(schema) {
            return [
                .alias(name: name, target: .named("JSONValue"), documentation: documentation, specPath: schema.path)
            ]
        }
        if isObject(schema) {
            return [.structure(structure(for: schema, named: name))]
        }
        if let cases = stringEnumCases(schema) {
            return [.openEnum(openEnum(for: schema, named: name, cases: cases))]
        }
        if !schema.oneOf.isEmpty || !schema.anyOf.isEmpty {
            let choice = choice(for: schema, named: name)
            // Alternatives that are all one Swift type are that type.
            if choice.cases.count == 1, let only = choice.cases.first {
                return choice.nested + [
                    .alias(name: name, target: only.type, documentation: documentation, specPath: schema.path)
                ]
            }
            return [.choice(choice)]
        }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: schema, suggestedName: name + "Element", nested: &nested, taken: &taken)
        topLevelNames.formUnion(taken)
        return nested + [.alias(name: name, target: mapped.type, documentation: documentation, specPath: schema.path)]
    }

    /// Whether the schema has keywords no Swift type can say (`not`, `if`, `prefixItems`, a `$ref` to something
    /// that is not a component, …): then the value is kept whole as a `JSONValue`, with a located warning for each.
    private mutating func fallsBackToJSONValue(_ schema: Schema) -> Bool {
        guard !schema.untypedKeywords.isEmpty else { return false }
        for (keyword, location) in schema.untypedKeywords.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            warnings.append(
                Diagnostic(
                    .warning,
                    "'\(keyword)' has no Swift type: the generated code holds this value as JSONValue "
                        + "(validation still checks it)",
                    at: location, path: schema.path))
        }
        return true
    }

    /// A `oneOf`/`anyOf` alternative that admits only null: `{type: 'null'}`, `{const: null}`, `{enum: [null]}`.
    private func isNullAlternative(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.properties.isEmpty && schema.allOf.isEmpty && schema.oneOf.isEmpty
            && schema.anyOf.isEmpty && schema.items == nil
            && (schema.types == [.null] || schema.constValue == .null || schema.enumValues == [.null])
    }

    /// An `allOf` member that only says `nullable: true`.
    private func isNullableMarker(_ schema: Schema) -> Bool {
        schema.isMarkedNullable && isAssertionOnly(schema)
    }

    /// The schema with what only says "or null" taken out — the null alternatives of `oneOf`/`anyOf` (3.1's way to
    /// write a nullable reference) and the `allOf` members that are just `nullable: true` (3.0's way) — and whether
    /// anything was. When one alternative or member is left and the schema says nothing else, that one stands for
    /// the whole (keeping the outer description): `oneOf: [{$ref: Pet}, {type: 'null'}]` is a nullable `Pet`.
    private func withoutNullAlternatives(_ schema: Schema) -> (schema: Schema, isNullable: Bool) {
        // Most schemas have no alternatives: nothing to look at, nothing to copy.
        if schema.oneOf.isEmpty, schema.anyOf.isEmpty, schema.allOf.isEmpty {
            return (schema, schema.isMarkedNullable)
        }
        var result = schema
        var nullable = schema.isMarkedNullable
        for keyPath in [\Schema.oneOf, \Schema.anyOf] where result[keyPath: keyPath].contains(where: isNullAlternative)
        {
            result[keyPath: keyPath].removeAll(where: isNullAlternative)
            nullable = true
        }
        if result.allOf.contains(where: isNullableMarker) {
            result.allOf.removeAll(where: isNullableMarker)
            nullable = true
        }
        guard nullable else { return (schema, false) }
        let members = result.oneOf + result.anyOf + result.allOf
        let saysNothingElse =
            result.ref == nil && result.properties.isEmpty && result.items == nil && result.enumValues == nil
            && result.constValue == nil && (result.types ?? []).allSatisfy { $0 == .null }
        if members.count == 1, let only = members.first, saysNothingElse {
            var single = only
            single.description = single.description ?? schema.description
            single.title = single.title ?? schema.title
            single.deprecated = single.deprecated || schema.deprecated
            return (single, true)
        }
        return (result, true)
    }

    private func isObject(_ schema: Schema) -> Bool {
        // `anyOf: [{required: [a]}, {required: [b]}]` beside properties only asserts; it adds no type.
        let alternatives = schema.oneOf + schema.anyOf
        guard schema.ref == nil,
            alternatives.isEmpty || (!schema.properties.isEmpty && alternatives.allSatisfy(isAssertionOnly))
        else { return false }
        let types = schema.types?.filter { $0 != .null }
        guard types == nil || types == [.object] else { return false }
        if !schema.properties.isEmpty { return true }
        if schema.allOf.count > 1 || (schema.allOf.count == 1 && types == [.object]) { return true }
        return types == [.object] && schema.additionalProperties == .forbidden
    }

    /// A subschema that only constrains (`required`, lengths, bounds) and adds no type or property of its own.
    private func isAssertionOnly(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.types == nil && schema.properties.isEmpty && schema.allOf.isEmpty
            && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.enumValues == nil && schema.constValue == nil
            && schema.items == nil && schema.additionalProperties == .allowed
    }

    /// The listed values of a string enum: `enum: [a, b]`, alternatives that each list strings
    /// (`oneOf: [{const: a}, {const: b}]`), or the open-enum pattern `anyOf: [{enum: [a, b]}, {type: string}]`, which
    /// tells spec checks that other strings are valid too — exactly what an open Swift enum does.
    /// Whether a component schema is declared as an open string enum (the order of the checks in `declarations`).
    private func mapsToOpenEnum(_ schema: Schema) -> Bool {
        schema.untypedKeywords.isEmpty && !isObject(schema) && stringEnumCases(schema) != nil
    }

    private func stringEnumCases(_ schema: Schema) -> [String]? {
        guard schema.ref == nil else { return nil }
        let types = schema.types?.filter { $0 != .null }
        guard types == nil || types == [.string] else { return nil }
        if let values = schema.enumValues, !values.isEmpty {
            return strings(values)
        }
        let alternatives = schema.anyOf.isEmpty ? schema.oneOf : schema.anyOf
        guard schema.properties.isEmpty, alternatives.count >= 2 else { return nil }
        var cases: [String] = []
        for alternative in alternatives {
            if let values = alternative.enumValues ?? alternative.constValue.map({ [$0] }) {
                guard alternative.types == nil || alternative.types == [.string], let listed = strings(values) else {
                    return nil
                }
                cases += listed.filter { !cases.contains($0) }
            } else if alternative.types == [.string], alternative.ref == nil, alternative.format == nil,
                alternative.pattern == nil, alternative.anyOf.isEmpty, alternative.oneOf.isEmpty
            {
                continue  // the open-enum pattern: any other string is valid too
            } else {
                return nil
            }
        }
        // Every alternative listing strings (`oneOf: [{const: red}, {const: green}]`) is a string enum as well.
        return cases.isEmpty ? nil : cases
    }

    /// The strings of an enum's values (`null` skipped), or nil when one is not a string.
    private func strings(_ values: [JSON]) -> [String]? {
        var strings: [String] = []
        for value in values {
            switch value {
            case .string(let text): strings.append(text)
            case .null: continue
            default: return nil
            }
        }
        return strings.isEmpty ? nil : strings
    }

    private mutating func structure(for schema: Schema, named name: String) -> SwiftStruct {
        var properties: [(Schema.Property, Bool)] = []
        var required = Set(schema.required)
        var seen: Set<String> = []
        mergeAllOf(schema, into: &properties, required: &required, seen: &seen)
        for property in schema.properties {
            properties.append((property, false))
        }
        var memberNames = SwiftNames(ReservedNames.structMembers)
        var nestedNames: SwiftNames = [name]
        var nested: [SwiftDeclaration] = []
        var swiftProperties: [SwiftProperty] = []
        var jsonNames: Set<String> = []
        for (property, _) in properties where jsonNames.insert(property.name).inserted {
            let preferred = explicitName(of: property.schema, isTypeName: false)
            let swiftName = SwiftNaming.unique(preferred ?? SwiftNaming.memberName(property.name), in: &memberNames)
            let mapped = swiftType(
                for: property.schema, suggestedName: SwiftNaming.typeName(property.name), nested: &nested,
                taken: &nestedNames)
            // A required `readOnly` property is absent from requests, a required `writeOnly` one from answers: one
            // Swift type serves both directions, so either is optional.
            let direction = property.schema.readOnly || property.schema.writeOnly
            let isRequired = required.contains(property.name) && !mapped.isNullable && !direction
            let decoding: PropertyDecoding =
                if mapped.isLenientBool {
                    .lenientBool
                } else if mapped.isNullable && !required.contains(property.name) {
                    .nullable
                } else {
                    mapped.isOpenEnum ? .openEnum : .standard
                }
            // An optional property with a default, and no null, is non-optional in Swift: absent decodes as the
            // default.
            var defaultLiteral: String?
            if !isRequired, !mapped.isNullable, let value = defaultValue(of: property.schema) {
                defaultLiteral = swiftLiteral(value, as: mapped.type, at: property.schema)
            }
            swiftProperties.append(
                SwiftProperty(
                    jsonName: property.name, swiftName: swiftName, type: mapped.type, isRequired: isRequired,
                    defaultValue: defaultLiteral, decoding: decoding,
                    documentation: directionNote(
                        property.schema,
                        to: property.schema.description ?? property.schema.title
                            ?? referencedSummary(property.schema)),
                    isDeprecated: property.schema.deprecated,
                    isReadOnly: property.schema.extensions["x-read-only"] == .bool(true)))
        }
        return SwiftStruct(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, properties: swiftProperties, nested: nested)
    }

    /// A property's documentation with what `readOnly` or `writeOnly` means for it.
    private func directionNote(_ schema: Schema, to documentation: String?) -> String? {
        let note =
            if schema.readOnly {
                "Read-only: the server sends it and ignores it in requests, so leave it nil there."
            } else if schema.writeOnly {
                "Write-only: sent in requests and left out of answers, where it is nil."
            } else {
                nil as String?
            }
        guard let note else { return documentation }
        return documentation.map { $0 + "\n\n" + note } ?? note
    }

    /// Collects the properties of `allOf` members (following references) before the schema's own. Each referenced
    /// schema is merged once however many members reach it: a chain of schemas that each name the next twice
    /// would otherwise be merged 2ⁿ times.
    private mutating func mergeAllOf(
        _ schema: Schema, into properties: inout [(Schema.Property, Bool)], required: inout Set<String>,
        seen: inout Set<String>
    ) {
        for member in schema.allOf {
            var resolved = member
            if let ref = member.ref, let target = componentSchemas[ref] {
                guard seen.insert(ref).inserted else { continue }
                resolved = target
            }
            let types = resolved.types?.filter { $0 != .null }
            if types != nil && types != [.object] || !resolved.oneOf.isEmpty || !resolved.anyOf.isEmpty {
                error(
                    "allOf can only merge object schemas; this member is not one (use oneOf for alternatives)",
                    at: member)
                continue
            }
            mergeAllOf(resolved, into: &properties, required: &required, seen: &seen)
            required.formUnion(resolved.required)
            for property in resolved.properties { properties.append((property, true)) }
        }
    }

    /// The first sentence of what a `$ref`'s target says about itself, for a property that says nothing itself.
    private func referencedSummary(_ schema: Schema) -> String? {
        guard let ref = schema.ref ?? schema.allOf.first?.ref, let target = componentSchemas[ref],
            let text = target.title ?? target.description
        else { return nil }
        let firstLine = text.prefix { !$0.isNewline }
        guard let end = firstLine.range(of: ". ") else { return String(firstLine) }
        return String(firstLine[..<end.lowerBound]) + "."
    }

    /// The property's `default`, or its referenced schema's.
    private func defaultValue(of schema: Schema) -> JSON? {
        if let value = schema.defaultValue { return value }
        if let ref = schema.ref { return componentSchemas[ref]?.defaultValue }
        if schema.allOf.count == 1 { return schema.allOf[0].ref.flatMap { componentSchemas[$0]?.defaultValue } }
        return nil
    }

    /// A JSON default as a Swift expression of `type`, or a located error when it has none.
    private mutating func swiftLiteral(_ value: JSON, as type: SwiftType, at schema: Schema) -> String? {
        if let literal = Self.swiftLiteral(value, as: type, isOpenEnum: openEnumNames.contains) { return literal }
        error(
            "default \(value.jsonText) cannot be written as a Swift \(type.text); give a default of that type or none",
            at: schema)
        return nil
    }

    static func swiftLiteral(_ value: JSON, as type: SwiftType, isOpenEnum: (String) -> Bool) -> String? {
        switch (type, value) {
        case (.named("String"), .string(let text)): return text.swiftLiteral
        case (.named("Bool"), .bool(let flag)): return flag ? "true" : "false"
        case (.named("Int"), .integer(let number)), (.named("Int64"), .integer(let number)): return String(number)
        case (.named("Int32"), .integer(let number)):
            return Int32(exactly: number) != nil ? String(number) : nil
        case (.named("Double"), .integer(let number)): return String(number)
        case (.named("Double"), .number(let number)) where number.isFinite: return "\(number)"
        case (.named(let name), .string(let text)) where isOpenEnum(name):
            return ".init(rawValue: \(text.swiftLiteral))"
        case (.array(let element), .array(let items)):
            let literals = items.map { swiftLiteral($0, as: element, isOpenEnum: isOpenEnum) }
            guard !literals.contains(nil) else { return nil }
            return "[" + literals.compactMap { $0 }.joined(separator: ", ") + "]"
        case (.dictionary, .object(let members)) where members.isEmpty: return "[:]"
        default: return nil
        }
    }

    private mutating func openEnum(for schema: Schema, named name: String, cases: [String]) -> SwiftOpenEnum {
        openEnumNames.insert(name)
        var taken = SwiftNames(ReservedNames.openEnumMembers)
        let swiftCases = cases.map { value in
            SwiftEnumCase(
                name: SwiftNaming.unique(SwiftNaming.memberName(value.isEmpty ? "empty" : value), in: &taken),
                rawValue: value)
        }
        return SwiftOpenEnum(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, cases: swiftCases)
    }

    private mutating func choice(for schema: Schema, named name: String) -> SwiftChoice {
        let alternatives = schema.oneOf.isEmpty ? schema.anyOf : schema.oneOf
        var nested: [SwiftDeclaration] = []
        var nestedNames: SwiftNames = [name]
        var caseNames: SwiftNames = []
        var cases: [SwiftChoiceCase] = []
        let discriminated = schema.discriminator.flatMap {
            discriminatedValues($0, alternatives: alternatives, at: schema)
        }
        let unknownCase = discriminated == nil ? nil : SwiftNaming.unique("unknown", in: &caseNames)
        var types: Set<SwiftType> = []
        for (index, alternative) in alternatives.enumerated() {
            let mapped = swiftType(
                for: alternative, suggestedName: "Option\(index + 1)", nested: &nested, taken: &nestedNames)
            // Alternatives of the same Swift type (`anyOf: [{type: string, format: uuid}, {type: string}]`) decode
            // alike, so they share the first one's case.
            guard types.insert(mapped.type).inserted else { continue }
            let stem: String
            switch mapped.type {
            case .named(let typeName): stem = SwiftNaming.memberName(typeName)
            case .array(let element): stem = SwiftNaming.memberName(SwiftNaming.bare(element.text) + "List")
            case .dictionary: stem = "object"
            case .optional(let wrapped): stem = SwiftNaming.memberName(SwiftNaming.bare(wrapped.text))
            }
            cases.append(
                SwiftChoiceCase(
                    name: SwiftNaming.unique(stem, in: &caseNames), type: mapped.type,
                    discriminatorValues: discriminated?[index] ?? []))
        }
        return SwiftChoice(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, cases: cases, nested: nested,
            discriminatorProperty: discriminated == nil ? nil : schema.discriminator?.propertyName,
            unknownCase: unknownCase)
    }

    /// For each alternative, the discriminator values that name it: its `mapping` entries, else its component's
    /// name. Nil, with a warning, when an alternative is not a `$ref` to a component (decoding then tries the
    /// alternatives in order).
    private mutating func discriminatedValues(
        _ discriminator: Schema.Discriminator, alternatives: [Schema], at schema: Schema
    ) -> [[String]]? {
        let prefix = "#/components/schemas/"
        // The mapping's values by the schema they name, in the mapping's order.
        var mapped: [String: [String]] = [:]
        for entry in discriminator.mapping where entry.reference.hasPrefix(prefix) {
            let tokens = JSONPointer.tokens(String(entry.reference.dropFirst(prefix.count - 1)))
            if tokens.count == 1 { mapped[tokens[0], default: []].append(entry.value) }
        }
        var values: [[String]] = []
        for alternative in alternatives {
            guard let ref = alternative.ref, componentSchemas[ref] != nil else {
                warnings.append(
                    Diagnostic(
                        .warning,
                        "'discriminator' needs every alternative to be a $ref to a component schema; decoding tries "
                            + "the alternatives in order instead",
                        at: schema.location, path: schema.path))
                return nil
            }
            values.append(mapped[ref] ?? [ref])
        }
        return values
    }

    /// The Swift type of a schema used somewhere (a property, an item, a parameter).
    struct MappedType {
        var type: SwiftType
        var isNullable = false
        var isLenientBool = false
        /// The type is an open string enum (`SwiftOpenEnum`).
        var isOpenEnum = false
    }

    mutating func swiftType(
        for schema: Schema, suggestedName: String, nested: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> MappedType {
        if fallsBackToJSONValue(schema) { return MappedType(type: .named("JSONValue")) }
        let (schema, orNull) = withoutNullAlternatives(schema)
        let nullable = orNull || schema.isNullable || (schema.enumValues?.contains(.null) ?? false)
        if let ref = schema.ref, schema.properties.isEmpty, schema.allOf.isEmpty, schema.oneOf.isEmpty,
            schema.anyOf.isEmpty
        {
            let target = componentSchemas[ref]
            return MappedType(
                type: .named(componentTypeNames[ref] ?? "JSONValue"),
                isNullable: nullable
                    || (target.map { $0.isNullable || withoutNullAlternatives($0).isNullable } ?? false),
                isLenientBool: target.map(isLenientBool) ?? false,
                isOpenEnum: target.map(mapsToOpenEnum) ?? false)
        }
        if schema.allOf.count == 1, schema.properties.isEmpty, schema.types == nil, let only = schema.allOf.first {
            var mapped = swiftType(for: only, suggestedName: suggestedName, nested: &nested, taken: &taken)
            mapped.isNullable = mapped.isNullable || nullable
            return mapped
        }
        if isObject(schema) {
            let name = SwiftNaming.unique(suggestedName, in: &taken, avoiding: topLevelNames)
            nested.append(.structure(structure(for: schema, named: name)))
            return MappedType(type: .named(name), isNullable: nullable)
        }
        if let cases = stringEnumCases(schema) {
            let name = SwiftNaming.unique(suggestedName, in: &taken, avoiding: topLevelNames)
            nested.append(.openEnum(openEnum(for: schema, named: name, cases: cases)))
            return MappedType(type: .named(name), isNullable: nullable, isOpenEnum: true)
        }
        if !schema.oneOf.isEmpty || !schema.anyOf.isEmpty {
            let name = SwiftNaming.unique(suggestedName, in: &taken, avoiding: topLevelNames)
            let choice = choice(for: schema, named: name)
            if choice.cases.count == 1, let only = choice.cases.first {
                taken.remove(name)
                nested.append(contentsOf: choice.nested)
                return MappedType(type: only.type, isNullable: nullable)
            }
            nested.append(.choice(choice))
            return MappedType(type: .named(name), isNullable: nullable)
        }
        if isLenientBool(schema) {
            return MappedType(type: .named("Bool"), isNullable: nullable, isLenientBool: true)
        }
        let types = schema.types?.filter { $0 != .null }
        guard let types else {
            return MappedType(type: .named("JSONValue"), isNullable: false)
        }
        if types.isEmpty {
            error(
                "a schema whose only type is null has no Swift type; give it another type too, e.g. [string, \"null\"]",
                at: schema)
            return MappedType(type: .named("JSONValue"))
        }
        if types.count > 1 {
            let list = types.map(\.rawValue).joined(separator: ", ")
            error(
                "type [\(list)] cannot be generated: use oneOf with one schema per type (a boolean that may "
                    + "arrive as \"true\"/\"false\" needs enum: [true, false, \"true\", \"false\"])",
                at: schema)
            return MappedType(type: .named("JSONValue"))
        }
        switch types[0] {
        case .string:
            let name =
                switch schema.format {
                case "date-time": "Date"
                // Bytes: a file part of a multipart body, or base64 text in JSON (`Data`'s own Codable form).
                case "binary", "byte": "Data"
                default: "String"
                }
            return MappedType(type: .named(name), isNullable: nullable)
        case .integer:
            let name = schema.format == "int32" ? "Int32" : schema.format == "int64" ? "Int64" : "Int"
            return MappedType(type: .named(name), isNullable: nullable)
        case .number:
            return MappedType(type: .named("Double"), isNullable: nullable)
        case .boolean:
            return MappedType(type: .named("Bool"), isNullable: nullable)
        case .array:
            guard let items = schema.items else {
                return MappedType(type: .array(.named("JSONValue")), isNullable: nullable)
            }
            var element = swiftType(for: items, suggestedName: suggestedName + "Item", nested: &nested, taken: &taken)
            if element.isLenientBool {
                error(
                    "array items that are lenient booleans (true, false, \"true\", \"false\") are not supported; "
                        + "make the items plain booleans",
                    at: items)
                element.type = .named("JSONValue")
            }
            // A null element decodes as nil: `[String?]`.
            let itemType = element.isNullable ? SwiftType.optional(element.type) : element.type
            return MappedType(type: .array(itemType), isNullable: nullable)
        case .object:
            if case .schema(let values) = schema.additionalProperties {
                let value = swiftType(
                    for: values, suggestedName: suggestedName + "Value", nested: &nested, taken: &taken)
                return MappedType(type: .dictionary(value.type), isNullable: nullable)
            }
            return MappedType(type: .named("JSONObject"), isNullable: nullable)
        case .null:
            return MappedType(type: .named("JSONValue"))
        }
    }

    /// `type: [boolean, string]` whose values are limited to booleans and their spellings as strings.
    private func isLenientBool(_ schema: Schema) -> Bool {
        guard let types = schema.types?.filter({ $0 != .null }), Set(types) == [.boolean, .string],
            let values = schema.enumValues
        else { return false }
        let allowed: Set<JSON> = [.bool(true), .bool(false), .string("true"), .string("false"), .null]
        return values.allSatisfy(allowed.contains)
    }

    // MARK: - Operations

    /// The operations grouped by their first tag, in spec order; untagged operations in a group with no stem.
    private mutating func groups() -> [SwiftGroup] {
        let descriptions = Dictionary(
            document.tags.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first })
        var groups = groupNames.map { plan in
            SwiftGroup(names: plan, documentation: plan.tag.flatMap { descriptions[$0] ?? nil }, operations: [])
        }
        var groupIndex: [String?: Int] = [:]
        for (index, plan) in groupNames.enumerated() where groupIndex[plan.tag] == nil { groupIndex[plan.tag] = index }
        // Methods share a scope with the router (`route`), the group's `apiClient` and `init`; untagged ones live on
        // the client itself, beside its groups' properties.
        let groupProperties = Set(groupNames.map(\.propertyName))
        var methodNames = groupNames.map { plan in
            SwiftNames(
                plan.tag == nil
                    ? ReservedNames.clientMembers.union(groupProperties).union(["route"])
                    : ReservedNames.clientMembers.union(["route"]))
        }
        for operation in document.operations {
            guard let index = groupIndex[operation.tags.first] else { continue }
            let mapped = swiftOperation(operation, plan: groupNames[index], taken: &methodNames[index])
            groups[index].operations.append(mapped)
        }
        return groups
    }

    private mutating func swiftOperation(_ operation: APIOperation, plan: SwiftGroupNames, taken: inout SwiftNames)
        -> SwiftOperation
    {
        let operationID = operation.operationID ?? "\(operation.method.rawValue) \(operation.path)"
        let preferred = explicitName(
            operation.extensions["x-swift-name"],
            at: operation.extensionLocations["x-swift-name"] ?? operation.location,
            path: JSONPointer.fragment(["paths", operation.path, operation.method.rawValue]), isTypeName: false)
        let methodName = SwiftNaming.unique(preferred ?? SwiftNaming.memberName(operationID), in: &taken)
        let typeStem = plan.typeStem + SwiftNaming.typeName(SwiftNaming.bare(methodName))
        var parameterNames = SwiftNames(ReservedNames.locals)
        var parameters: [SwiftParameter] = []
        for parameter in operation.parameters {
            let location: SwiftParameter.Location
            switch parameter.location {
            case .path: location = .path
            case .query: location = .query
            case .header: location = .header
            case .cookie: location = .cookie
            }
            let (type, arrayEncoding, objectEncoding) = parameterType(
                parameter, suggestedName: typeStem + SwiftNaming.typeName(parameter.name))
            let swiftParameter = SwiftParameter(
                name: parameter.name,
                swiftName: SwiftNaming.unique(SwiftNaming.memberName(parameter.name), in: &parameterNames),
                type: type, isRequired: parameter.required,
                documentation: parameter.deprecated
                    ? (parameter.description.map { $0 + " " } ?? "") + "Deprecated in the spec."
                    : parameter.description,
                location: location, arrayEncoding: arrayEncoding, objectEncoding: objectEncoding,
                isJSON: parameter.jsonContentType != nil)
            parameters.append(swiftParameter)
        }
        // Path parameters in template order, then the others by location, each in spec order (a stable sort).
        let templateOrder = operation.templateParameterNames
        parameters = parameters.enumerated().sorted { lhs, rhs in
            let left = lhs.element
            let right = rhs.element
            if left.location != right.location { return left.location < right.location }
            if left.location == .path {
                return (templateOrder.firstIndex(of: left.name) ?? 0, lhs.offset)
                    < (templateOrder.firstIndex(of: right.name) ?? 0, rhs.offset)
            }
            return lhs.offset < rhs.offset
        }.map(\.element)

        var body: SwiftBody?
        if let requestBody = operation.requestBody {
            body = requestBodyType(requestBody, suggestedName: typeStem + "Request")
        }
        // Of several success statuses, the first with a body gives the type; one without a body besides it (201
        // and 204, say) makes the answer optional: nil when the server sends no body.
        var successes = operation.responses.filter(\.isSuccess).sorted { $0.status < $1.status }
        // With no 2XX response, `default` describes the success answers too, as every status it does not list.
        if successes.isEmpty, let fallback = operation.response(status: "default") { successes = [fallback] }
        let success = successes.first { $0.schema != nil } ?? successes.first
        var emptySuccess = success?.schema == nil ? nil : successes.first { $0.schema == nil }
        var responseType = SwiftType.named("EmptyResponse")
        var responseFormat = SwiftResponseFormat.none
        var statusAnswer: SwiftStatusAnswer?
        if successes.count > 1, Set(successes.compactMap(Self.answerIdentity)).count > 1 {
            // Bodies of different types: an enum with a case per status.
            let answer = self.statusAnswer(successes, operationID: operationID, typeStem: typeStem)
            statusAnswer = answer
            responseType = .named(answer.name)
            responseFormat =
                answer.cases.first { $0.format == .json }?.format
                ?? answer.cases.first { $0.type != nil }?.format ?? .json
            emptySuccess = nil
        } else if let success, let schema = success.schema {
            (responseType, responseFormat) = answerBody(success, schema: schema, suggestedName: typeStem + "Response")
            if emptySuccess != nil { responseType = .optional(responseType) }
        }
        let responseHeaders =
            successes.contains { !$0.headers.isEmpty }
            ? self.responseHeaders(
                successes, operationID: operationID, typeStem: typeStem,
                methodName: SwiftNaming.bare(methodName) + "WithHeaders", taken: &taken) : nil
        let failure =
            operation.response(status: "default")
            ?? operation.responses.first { $0.status.hasPrefix("4") || $0.status.hasPrefix("5") }
        let errorType = failure?.schema.map { bodyType($0, suggestedName: typeStem + "Error") }
        return SwiftOperation(
            operationID: operationID, methodName: methodName, httpMethod: operation.method.rawValue,
            pathTemplate: operation.path, summary: operation.summary, documentation: operation.description,
            isDeprecated: operation.deprecated, parameters: parameters, body: body, responseType: responseType,
            responseFormat: responseFormat,
            successStatus: success.flatMap { Int($0.status) } ?? 200,
            emptySuccessStatus: emptySuccess.flatMap { Int($0.status) }, errorType: errorType,
            serverURL: absoluteURL(of: operation.servers.first), statusAnswer: statusAnswer,
            responseHeaders: responseHeaders)
    }

    /// What tells one success body's Swift type from another's: the component or inline schema of a JSON body, or
    /// the text or bytes of another; nil for a response without a body.
    private static func answerIdentity(_ response: Response) -> String? {
        guard let schema = response.schema else { return nil }
        switch response.kind ?? .json {
        case .json: return "json " + (schema.ref ?? schema.path)
        case .text: return "text"
        case .form, .multipart, .binary: return "data"
        }
    }

    /// A success body's type and how it is read: JSON as its schema's type, text as `String`, other bytes as `Data`.
    private mutating func answerBody(_ response: Response, schema: Schema, suggestedName: String) -> (
        SwiftType, SwiftResponseFormat
    ) {
        switch response.kind ?? .json {
        case .json:
            return (bodyType(schema, suggestedName: suggestedName), .json)
        case .text:
            return (.named("String"), .text(contentType: response.contentType ?? "text/plain"))
        case .form, .multipart, .binary:
            return (.named("Data"), .data(contentType: response.contentType ?? "application/octet-stream"))
        }
    }

    /// The enum of an operation's success answers, a case per status (`ok`, `created`, `noContent`).
    private mutating func statusAnswer(_ successes: [Response], operationID: String, typeStem: String)
        -> SwiftStatusAnswer
    {
        let name = SwiftNaming.unique(typeStem + "Response", in: &topLevelNames)
        var cases: [SwiftStatusAnswer.Case] = []
        for response in successes {
            let status = Int(response.status)
            let caseName = status.map(SwiftNaming.statusCaseName) ?? "success"
            var type: SwiftType?
            var format = SwiftResponseFormat.none
            if let schema = response.schema {
                (type, format) = answerBody(
                    response, schema: schema, suggestedName: typeStem + SwiftNaming.typeName(caseName) + "Body")
            }
            cases.append(
                SwiftStatusAnswer.Case(
                    name: caseName, status: status, type: type, format: format,
                    documentation: response.description.isEmpty ? nil : response.description))
        }
        return SwiftStatusAnswer(name: name, operationID: operationID, cases: cases)
    }

    /// The headers the success responses document (`Content-Type` aside, as OpenAPI says), merged by name in spec
    /// order; one is required when every success response requires it. Nil when there are none.
    private mutating func responseHeaders(
        _ successes: [Response], operationID: String, typeStem: String, methodName: String, taken: inout SwiftNames
    ) -> SwiftResponseHeaders? {
        // Each header once, by its first appearance; names compare without case, as HTTP's do.
        var headers: [Response.Header] = []
        var seen: Set<String> = []
        for response in successes {
            for header in response.headers where header.name.lowercased() != "content-type" {
                if seen.insert(header.name.lowercased()).inserted { headers.append(header) }
            }
        }
        guard !headers.isEmpty else { return nil }
        var memberNames = SwiftNames(ReservedNames.structMembers.union(["write"]))
        // A header is required when every success response requires it.
        let requiredByEach = successes.map { response in
            Set(response.headers.filter(\.required).map { $0.name.lowercased() })
        }
        let fields = headers.map { header in
            let name = header.name.lowercased()
            return SwiftResponseHeaders.Field(
                name: header.name,
                swiftName: SwiftNaming.unique(SwiftNaming.memberName(header.name), in: &memberNames),
                type: headerType(header, suggestedName: typeStem + SwiftNaming.typeName(header.name)),
                isRequired: requiredByEach.allSatisfy { $0.contains(name) },
                documentation: header.description)
        }
        return SwiftResponseHeaders(
            name: SwiftNaming.unique(typeStem + "Headers", in: &topLevelNames), operationID: operationID,
            methodName: SwiftNaming.unique(methodName, in: &taken), fields: fields)
    }

    /// A response header's type: a scalar, a string enum or a date and time, or an array of scalars or enums
    /// (comma-separated); anything else is read as its text, with a warning.
    private mutating func headerType(_ header: Response.Header, suggestedName: String) -> SwiftType {
        guard let schema = header.schema else { return .named("String") }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if mapped.type == .named("Date") || acceptsScalar(mapped.type, nested: nested, schema: schema) {
            return mapped.type
        }
        if case .array(let element) = mapped.type, element != .named("Date"),
            acceptsScalar(element, nested: nested, schema: schema.items)
        {
            return mapped.type
        }
        warnings.append(
            Diagnostic(
                .warning,
                "response header '\(header.name)' is not a string, number, boolean, enum, date-time or an array of "
                    + "these: the generated headers hold its text as String",
                at: header.location ?? schema.location, path: schema.path))
        return .named("String")
    }

    /// A parameter's type: a scalar or string enum that prints itself into a URL or header, a date and time (query
    /// and header), or an array of scalars or enums (query: `form`, `spaceDelimited`, `pipeDelimited`, exploded or
    /// not; header: `simple`), with how its elements are sent.
    private mutating func parameterType(_ parameter: Parameter, suggestedName: String) -> (
        SwiftType, SwiftParameter.ArrayEncoding?, SwiftParameter.ObjectEncoding?
    ) {
        if parameter.jsonContentType != nil {
            // Sent as JSON text: any type, its inline declarations at top level as for a body.
            if parameter.location == .path {
                error(
                    "parameter '\(parameter.name)' with JSON 'content' cannot be sent in a path; use a query, a header "
                        + "or a cookie", at: parameter.sourceLocation, path: parameter.schema.path)
            }
            return (bodyType(parameter.schema, suggestedName: suggestedName), nil, nil)
        }
        let place = parameter.location.rawValue
        let style = parameter.effectiveStyle
        guard
            style == "simple"
                ? parameter.location == .path || parameter.location == .header
                : style == "form"
                    ? parameter.location == .query || parameter.location == .cookie
                    : parameter.location == .query && Self.queryStyles.contains(style)
        else {
            let styles =
                switch parameter.location {
                case .path, .header: ["simple"]
                case .query: ["form"] + Self.queryStyles
                case .cookie: ["form"]
                }
            // `matrix` and `label` paths (`;id=5`, `.5`) would need routes that read them back; sent as `simple` they
            // would reach another resource, so they are refused rather than guessed.
            error(
                "parameter '\(parameter.name)' has style '\(style)', which is not supported in a \(place); use "
                    + styles.map { "'\($0)'" }.joined(separator: ", "),
                at: parameter.sourceLocation, path: parameter.schema.path)
            return (.named("String"), nil, nil)
        }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: parameter.schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if case .array(let element) = mapped.type {
            let arrayStyles = parameter.location == .query ? ["form", "spaceDelimited", "pipeDelimited"] : ["simple"]
            guard parameter.location != .path, parameter.location != .cookie, arrayStyles.contains(style) else {
                error(
                    parameter.location == .path || parameter.location == .cookie
                        ? "array parameters are not supported in a \(place); send '\(parameter.name)' in a query"
                        : "array parameters in a \(place) with style '\(style)' are not supported; use "
                            + arrayStyles.map { "'\($0)'" }.joined(separator: " or "),
                    at: parameter.sourceLocation, path: parameter.schema.path)
                return (.named("String"), nil, nil)
            }
            guard acceptsScalar(element, nested: nested, schema: parameter.schema.items), element != .named("Date")
            else {
                error(
                    "the elements of array parameter '\(parameter.name)' must be strings, integers, numbers, "
                        + "booleans or string enums",
                    at: parameter.sourceLocation, path: parameter.schema.path)
                return (.named("String"), nil, nil)
            }
            let encoding = SwiftParameter.ArrayEncoding(
                style: style == "simple" ? "form" : style,
                explode: parameter.location == .query && parameter.effectiveExplode)
            return (mapped.type, encoding, nil)
        }
        if mapped.type == .named("Date"), parameter.location != .path {
            return (mapped.type, nil, nil)
        }
        if acceptsScalar(mapped.type, nested: nested, schema: parameter.schema) {
            return (mapped.type, nil, nil)
        }
        if let object = objectEncoding(parameter, type: mapped.type, nested: nested) {
            return (mapped.type, nil, object)
        }
        error(
            "parameter '\(parameter.name)' must be a string, integer, number, boolean, string enum"
                + (parameter.location == .path ? "" : ", date-time or an array of these")
                + (parameter.location == .query ? ", or an object of scalars (style deepObject or form)" : "")
                + " to be sent in a \(place)",
            at: parameter.sourceLocation, path: parameter.schema.path)
        return (.named("String"), nil, nil)
    }

    /// The styles a query parameter may have besides `form`.
    private static let queryStyles = ["spaceDelimited", "pipeDelimited", "deepObject"]

    /// An object query parameter (`style: deepObject`, or `form`): its struct, hoisted to top level when it is
    /// inline, with properties that print themselves. Nil when the parameter is not one.
    private mutating func objectEncoding(
        _ parameter: Parameter, type: SwiftType, nested: [SwiftDeclaration]
    ) -> SwiftParameter.ObjectEncoding? {
        guard parameter.location == .query, ["deepObject", "form"].contains(parameter.effectiveStyle),
            case .named(let name) = type
        else { return nil }
        var structure = bodyStructs[name]
        if structure == nil, nested.count == 1, case .structure(let inline) = nested[0], inline.name == name {
            structure = inline
            topLevelNames.insert(name)
            inlineDeclarations.append(contentsOf: nested)
            bodyStructs[name] = inline
        }
        guard let structure,
            let fields = objectFields(
                of: structure, named: name, nesting: parameter.effectiveStyle == "deepObject" ? 4 : 0)
        else { return nil }
        return SwiftParameter.ObjectEncoding(
            style: parameter.effectiveStyle, explode: parameter.effectiveExplode, fields: fields)
    }

    /// The fields of an object parameter's struct: properties that print themselves, and — while `nesting` allows,
    /// for `deepObject` (`filter[size][min]=2`) — objects of such properties. Nil when a property is neither.
    private func objectFields(of structure: SwiftStruct, named name: String, nesting: Int) -> [SwiftBodyField]? {
        var fields: [SwiftBodyField] = []
        for property in structure.properties {
            let encoding: SwiftBodyField.Encoding
            var type = property.type
            if property.decoding == .standard || property.decoding == .openEnum, printsItself(property.type),
                property.type != .named("Date")
            {
                encoding = .text
            } else if nesting > 0, property.decoding == .standard, case .named(let typeName) = property.type,
                let (inner, qualified) = objectStruct(typeName, in: structure, named: name),
                let innerFields = objectFields(of: inner, named: qualified, nesting: nesting - 1)
            {
                encoding = .object(innerFields)
                type = .named(qualified)
            } else {
                return nil
            }
            fields.append(
                SwiftBodyField(
                    name: property.jsonName, swiftName: property.swiftName, type: type,
                    isOptional: !property.isRequired && property.defaultValue == nil,
                    hasDefault: property.defaultValue != nil, encoding: encoding))
        }
        return fields
    }

    /// The struct a property's type names, and its name as written from outside: a type nested in the parent
    /// (`Filter.Size`) or a component.
    private func objectStruct(_ typeName: String, in parent: SwiftStruct, named parentName: String) -> (
        SwiftStruct, String
    )? {
        for case .structure(let inner) in parent.nested where inner.name == typeName {
            return (inner, parentName + "." + typeName)
        }
        return bodyStructs[typeName].map { ($0, typeName) }
    }

    /// Whether a parameter's (or element's) mapped type prints itself: a scalar, or a string enum (declared inline,
    /// which is then kept, or a component).
    private mutating func acceptsScalar(_ type: SwiftType, nested: [SwiftDeclaration], schema: Schema?) -> Bool {
        let scalars: Set<String> = ["String", "Int", "Int32", "Int64", "Double", "Bool"]
        guard case .named(let name) = type else { return false }
        if scalars.contains(name) { return true }
        if nested.count == 1, case .openEnum = nested[0] {
            topLevelNames.insert(name)
            inlineDeclarations.append(contentsOf: nested)
            return true
        }
        if let ref = schema?.ref, let target = componentSchemas[ref] {
            // A component that is a string enum, or an alias of a scalar (`coordinate: {type: integer}`).
            if stringEnumCases(target) != nil { return true }
            let types = target.types?.filter { $0 != .null } ?? []
            if types.count == 1, [.string, .integer, .number, .boolean].contains(types[0]),
                target.format != "date-time",
                target.format != "binary", target.format != "byte", target.oneOf.isEmpty, target.anyOf.isEmpty
            {
                return true
            }
        }
        return openEnumNames.contains(name)
    }

    /// A request body's type and how it is written: JSON as any type, text as `String`, bytes as `Data`, and a form
    /// or multipart body as the struct of its object schema, one field per property.
    private mutating func requestBodyType(_ requestBody: RequestBody, suggestedName: String) -> SwiftBody {
        switch requestBody.kind {
        case .json:
            return SwiftBody(
                type: bodyType(requestBody.schema, suggestedName: suggestedName), isRequired: requestBody.required)
        case .text:
            return SwiftBody(
                type: .named("String"), isRequired: requestBody.required,
                kind: .text(contentType: requestBody.contentType))
        case .binary:
            return SwiftBody(
                type: .named("Data"), isRequired: requestBody.required,
                kind: .data(contentType: requestBody.contentType))
        case .form, .multipart:
            let type = bodyType(requestBody.schema, suggestedName: suggestedName)
            let isForm = requestBody.kind == .form
            guard case .named(let name) = type, let structure = bodyStructs[name] else {
                error(
                    "a \(requestBody.contentType) body must be an object schema with properties, one field each",
                    at: requestBody.schema)
                return SwiftBody(type: type, isRequired: requestBody.required)
            }
            var fields: [SwiftBodyField] = []
            for property in structure.properties {
                let optional = !property.isRequired && property.defaultValue == nil
                let encoding: SwiftBodyField.Encoding
                if property.decoding != .standard {
                    encoding = .json
                } else if property.type == .named("Data") {
                    encoding = .file
                } else if printsItself(property.type) {
                    encoding = .text
                } else if case .array(let element) = property.type, printsItself(element) {
                    encoding = .texts
                } else {
                    encoding = .json
                }
                if isForm, encoding == .json || encoding == .file {
                    error(
                        "form field '\(property.jsonName)' must be a string, number, boolean, enum or an array of "
                            + "these; use multipart/form-data for files and objects",
                        at: requestBody.schema)
                }
                fields.append(
                    SwiftBodyField(
                        name: property.jsonName, swiftName: property.swiftName, type: property.type,
                        isOptional: optional, hasDefault: property.defaultValue != nil, encoding: encoding))
            }
            return SwiftBody(
                type: type, isRequired: requestBody.required, kind: isForm ? .form(fields) : .multipart(fields))
        }
    }

    /// Whether a value of the type prints itself into a query or a text part: a scalar, a date or an open enum.
    private func printsItself(_ type: SwiftType) -> Bool {
        guard case .named(let name) = type else { return false }
        return ["String", "Int", "Int32", "Int64", "Double", "Bool", "Date"].contains(name)
            || openEnumNames.contains(name)
    }

    /// A body's type: a component by name, or an inline schema declared at top level — once, however many
    /// operations reach the same inline schema through `$ref`.
    private mutating func bodyType(_ schema: Schema, suggestedName: String) -> SwiftType {
        if !schema.path.isEmpty, let known = inlineBodyTypes[schema.path] { return known }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        topLevelNames.formUnion(taken)
        inlineDeclarations.append(contentsOf: nested)
        for case .structure(let structure) in nested { bodyStructs[structure.name] = structure }
        if !schema.path.isEmpty { inlineBodyTypes[schema.path] = mapped.type }
        return mapped.type
    }

    /// The whole document as one value, in the one order the mapping needs: component declarations first (their
    /// names are taken), then the operations (whose inline body types are declared on the way), then what depends
    /// on both.
    static func map(_ document: Document, moduleName: String) throws(SpecError) -> SwiftModule {
        var mapper = TypeMapper(document: document, moduleName: moduleName)
        var declarations = mapper.declarations()
        let groups = mapper.groups()
        declarations += mapper.inlineDeclarations
        let module = SwiftModule(
            declarations: declarations, groups: groups, clientName: mapper.clientName,
            defaultServerURL: mapper.absoluteURL(of: document.servers.first),
            serverTemplate: mapper.serverTemplate(of: document.servers.first), security: mapper.security(of: groups),
            serverName: mapper.serverName, warnings: mapper.warnings)
        guard mapper.diagnostics.isEmpty else {
            // A path-level parameter is mapped once per operation: its problem is reported once.
            var seen: Set<String> = []
            let unique = mapper.diagnostics.filter { seen.insert($0.description).inserted }
            throw SpecError(diagnostics: unique.sorted { $0.location < $1.location })
        }
        return module
    }
}
