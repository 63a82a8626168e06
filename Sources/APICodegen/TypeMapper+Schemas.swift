// Component and inline schemas → declarations: structs, open enums, choices and aliases, with their names.
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// One top-level declaration per component schema, in spec order, then inline body types.
    mutating func declarations() -> [SwiftDeclaration] {
        var result: [SwiftDeclaration] = []
        for named in document.schemas where !isOverridden(named.name) {
            guard let name = componentTypeNames[named.name] else { continue }
            result.append(contentsOf: declaration(for: componentSchemas[named.name] ?? named.schema, named: name))
        }
        for case .structure(let structure) in result { bodyStructs[structure.name] = structure }
        return result
    }

    /// The declaration of a named schema, plus any declarations that must live at top level beside it.
    mutating func declaration(for schema: Schema, named name: String) -> [SwiftDeclaration] {
        let documentation = schema.description ?? schema.title
        // A nullable component is its non-null type here; the properties that refer to it are optional. Its
        // declaration keeps the component's place for its `Spec:` line.
        var nonNull = normalized(schema).schema
        nonNull.path = schema.path
        let schema = nonNull
        if isTuple(schema) {
            return [.structure(tupleStructure(for: schema, named: name))]
        }
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
                // The alternative declared here is the component itself, by its name; other nested types move out.
                var nested = choice.nested
                var own: SwiftDeclaration?
                if case .named(let typeName) = only.type, let index = nested.firstIndex(where: { $0.name == typeName })
                {
                    own = nested.remove(at: index).renamed(name)
                    if case .openEnum? = own { openEnumNames.insert(name) }
                }
                var lifted: [SwiftDeclaration] = []
                var taken = topLevelNames
                taken.insert(name)
                let target = lift(nested, of: only.type, preferring: name, into: &lifted, taken: &taken)
                topLevelNames.formUnion(taken)
                if let own { return lifted + [own] }
                return lifted + [
                    .alias(name: name, target: target, documentation: documentation, specPath: schema.path)
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

    /// Whether the schema has keywords no Swift type can say (`if`, `prefixItems`, a `$ref` to something
    /// that is not a component, …): then the value is kept whole as a `JSONValue`, with a located warning for each.
    mutating func fallsBackToJSONValue(_ schema: Schema) -> Bool {
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
    func isNullAlternative(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.properties.isEmpty && schema.allOf.isEmpty && schema.oneOf.isEmpty
            && schema.anyOf.isEmpty && schema.items == nil
            && (schema.types == [.null] || schema.constValue == .null || schema.enumValues == [.null])
    }

    /// An `allOf` member that only says `nullable: true`.
    func isNullableMarker(_ schema: Schema) -> Bool {
        schema.isMarkedNullable && isAssertionOnly(schema)
    }

    /// The schema with what only says "or null" taken out — the null alternatives of `oneOf`/`anyOf` (3.1's way to
    /// write a nullable reference) and the `allOf` members that are just `nullable: true` (3.0's way) — and whether
    /// anything was. When one alternative or member is left and the schema says nothing else, that one stands for
    /// the whole (keeping the outer description): `oneOf: [{$ref: Pet}, {type: 'null'}]` is a nullable `Pet`.
    func withoutNullAlternatives(_ schema: Schema) -> (schema: Schema, isNullable: Bool) {
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

    func isObject(_ schema: Schema) -> Bool {
        // `anyOf: [{required: [a]}, {required: [b]}]` beside properties only asserts; it adds no type.
        let alternatives = schema.oneOf + schema.anyOf
        guard schema.ref == nil else { return false }
        if !alternatives.isEmpty, schema.properties.isEmpty || !alternatives.allSatisfy(isAssertionOnly) {
            // Properties beside alternatives that are all objects: a struct that holds one of them too.
            if case .composite = composition(of: schema) { return true }
            return false
        }
        let types = schema.types?.filter { $0 != .null }
        guard types == nil || types == [.object] else { return false }
        if !schema.properties.isEmpty { return true }
        if schema.allOf.count > 1 || (schema.allOf.count == 1 && (types == [.object] || expectsOtherMembers(schema))) {
            return true
        }
        return types == [.object] && schema.additionalProperties == .forbidden
    }

    /// Whether the schema writes `additionalProperties` as a schema, `true` or `{}`: members beyond its properties
    /// are expected, and a struct keeps them (`additionalMembersProperty`).
    func expectsOtherMembers(_ schema: Schema) -> Bool {
        switch schema.additionalProperties {
        case .schema: true
        case .allowed: schema.writesAdditionalProperties
        case .forbidden: false
        }
    }

    /// A subschema that only constrains (`required`, lengths, bounds) and adds no type or property of its own.
    func isAssertionOnly(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.types == nil && schema.properties.isEmpty && schema.allOf.isEmpty
            && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.enumValues == nil && schema.constValue == nil
            && schema.items == nil && schema.additionalProperties == .allowed
    }

    /// The listed values of a string enum: `enum: [a, b]`, alternatives that each list strings
    /// (`oneOf: [{const: a}, {const: b}]`), or the open-enum pattern `anyOf: [{enum: [a, b]}, {type: string}]`, which
    /// tells spec checks that other strings are valid too — exactly what an open Swift enum does.
    /// Whether a component schema is declared as an open string enum (the order of the checks in `declarations`).
    func mapsToOpenEnum(_ schema: Schema) -> Bool {
        schema.untypedKeywords.isEmpty && !isObject(schema) && stringEnumCases(schema) != nil
    }

    func stringEnumCases(_ schema: Schema) -> [String]? {
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
    func strings(_ values: [JSON]) -> [String]? {
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

    mutating func structure(for schema: Schema, named name: String) -> SwiftStruct {
        var parts: [ChoicePart] = []
        if case .composite(let composed) = composition(of: schema) { parts = composed }
        let (properties, required) = allOfProperties(of: schema, holding: parts)
        // A property and a type of one name (`var _2fa: _2fa?`, where a name cannot start with a capital) make the
        // type's name mean the property inside the struct, where its decoder says `_2fa.self`. So once every type is
        // known (below), a property does not take the name of a type the struct uses, and a type nested here does
        // not take a property's name. Type names start with a capital: only a name that does not can clash.
        var nestedNames: SwiftNames = [name]
        var typeNames = SwiftNames(ReservedNames.structMembers)
        var nested: [SwiftDeclaration] = []
        var swiftProperties: [SwiftProperty] = []
        var jsonNames: Set<String> = []
        for (property, _) in properties where jsonNames.insert(property.name).inserted {
            // The name wanted; `unique` below settles it.
            let swiftName =
                explicitName(of: property.schema, isTypeName: false) ?? SwiftNaming.memberName(property.name)
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
            var pending: SwiftProperty.PendingDefault?
            if !isRequired, !mapped.isNullable, let value = defaultValue(of: property.schema) {
                // A type nested here is the one the name means here, whatever other scopes call an open enum.
                let openEnumNames = openEnumNames
                let isOpenEnum = { (typeName: String) in
                    Self.isOpenEnum(typeName, found: nested.first { $0.name == typeName }, elsewhere: openEnumNames)
                }
                defaultLiteral = Self.swiftLiteral(value, as: mapped.type, isOpenEnum: isOpenEnum)
                if defaultLiteral == nil {
                    // A type the mapping declares (an alias, a choice) is resolved once every declaration exists.
                    pending = .init(value: value, location: property.schema.location, path: property.schema.path)
                }
            }
            swiftProperties.append(
                SwiftProperty(
                    jsonName: property.name, swiftName: swiftName, type: mapped.type, isRequired: isRequired,
                    defaultValue: defaultLiteral, pendingDefault: pending, decoding: decoding,
                    documentation: directionNote(
                        property.schema,
                        to: property.schema.description ?? property.schema.title
                            ?? referencedSummary(property.schema)),
                    isDeprecated: property.schema.deprecated,
                    isReadOnly: property.schema.extensions["x-read-only"] == .bool(true)))
        }
        for part in parts {
            swiftProperties.append(embeddedProperty(part, nested: &nested, taken: &nestedNames))
        }
        // Alternatives take the members beyond the properties themselves; without them, `additionalProperties`
        // written beside properties keeps those members in a dictionary.
        if parts.isEmpty, !swiftProperties.isEmpty,
            let property = additionalMembersProperty(of: schema, nested: &nested, taken: &nestedNames)
        {
            swiftProperties.append(property)
        }
        // In spec order, each name made unique against the members every struct has, the types this one and the
        // types nested in it use (but those nested here, which give way below) and the names before it.
        for property in swiftProperties { Self.insertMemberLikeTypeIdentifiers(of: property.type, into: &typeNames) }
        Self.insertMemberLikeTypeIdentifiers(usedBy: nested, into: &typeNames)
        for declaration in nested where !ReservedNames.structMembers.contains(declaration.name) {
            typeNames.remove(declaration.name)
        }
        for index in swiftProperties.indices {
            swiftProperties[index].swiftName = SwiftNaming.unique(swiftProperties[index].swiftName, in: &typeNames)
        }
        if !nested.isEmpty { renameNestedTypesNamedLikeProperties(&nested, of: &swiftProperties, taken: &nestedNames) }
        return SwiftStruct(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, properties: swiftProperties, nested: nested,
            mayBeIdentifiable: schema.extensions["x-swift-identifiable"] != .bool(false))
    }

    /// The property that holds the members of an object beyond its listed properties, when the schema writes
    /// `additionalProperties` as a schema, `true` or `{}`: `[String: T]` for the schema's `T`, else
    /// `[String: JSONValue]`. Nil when it leaves the keyword out (other members are allowed, not expected) or
    /// writes `false`.
    private mutating func additionalMembersProperty(
        of schema: Schema, nested: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> SwiftProperty? {
        let valueType: SwiftType
        switch schema.additionalProperties {
        case .schema(let values):
            let mapped = swiftType(
                for: values, suggestedName: "AdditionalProperty", nested: &nested, taken: &taken)
            valueType =
                if mapped.isLenientBool {
                    .named("JSONValue")
                } else {
                    mapped.isNullable ? .optional(mapped.type) : mapped.type
                }
        case .allowed where schema.writesAdditionalProperties:
            valueType = .named("JSONValue")
        case .allowed, .forbidden:
            return nil
        }
        return SwiftProperty(
            jsonName: "", swiftName: "additionalProperties", type: .dictionary(valueType), isRequired: false,
            defaultValue: "[:]", pendingDefault: nil, decoding: .additional,
            documentation: "The members beyond the listed properties, by name (`additionalProperties`).",
            isDeprecated: false, isReadOnly: false)
    }

    /// The property that holds one set of alternatives of a composite struct: the component's type, named after it
    /// (`var pet: Pet`), or a choice declared in the struct (`var oneOf: OneOf`).
    private mutating func embeddedProperty(
        _ part: ChoicePart, nested: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> SwiftProperty {
        let type: SwiftType
        let name: String
        let documentation: String
        switch part {
        case .component(let ref):
            let typeName = componentTypeNames[ref] ?? "JSONValue"
            type = .named(typeName)
            name = SwiftNaming.memberName(typeName)
            documentation =
                "The `\(typeName)` this value also is (`allOf`): its properties are in the same JSON object."
        case .alternatives(let alternatives, let keyword):
            type =
                swiftType(
                    for: alternatives, suggestedName: SwiftNaming.typeName(keyword), nested: &nested, taken: &taken
                ).type
            name = keyword
            documentation =
                "Which of the `\(keyword)` alternatives this value also is: their properties are in the same JSON "
                + "object."
        }
        return SwiftProperty(
            jsonName: "", swiftName: name, type: type, isRequired: true, decoding: .embedded,
            documentation: documentation, isDeprecated: false, isReadOnly: false)
    }

    /// Renames each type in `nested` whose name a property has (`struct _3ds` beside `var _3ds`) to the next free
    /// name (`_3ds2`), and the properties' types with it.
    mutating func renameNestedTypesNamedLikeProperties(
        _ nested: inout [SwiftDeclaration], of properties: inout [SwiftProperty], taken: inout SwiftNames
    ) {
        let propertyNames = Set(properties.map { SwiftNaming.bare($0.swiftName) })
        guard nested.contains(where: { propertyNames.contains($0.name) }) else { return }
        taken.formUnion(SwiftNames(propertyNames))
        var renames: [String: String] = [:]
        for index in nested.indices where propertyNames.contains(nested[index].name) {
            let newName = SwiftNaming.unique(nested[index].name, in: &taken)
            renames[nested[index].name] = newName
            if case .openEnum = nested[index] { openEnumNames.insert(newName) }
            nested[index] = nested[index].renamed(newName)
        }
        for index in properties.indices { properties[index].type = properties[index].type.renaming(renames) }
    }

    /// A property's documentation with what `readOnly` or `writeOnly` means for it.
    func directionNote(_ schema: Schema, to documentation: String?) -> String? {
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
    /// would otherwise be merged 2ⁿ times. `seen` starts with the components a composite struct holds whole
    /// (`heldComponents`), whose properties are theirs.
    func mergeAllOf(
        _ schema: Schema, into properties: inout [(Schema.Property, Bool)], required: inout Set<String>,
        seen: inout Set<String>
    ) {
        for member in schema.allOf {
            var resolved = member
            if let ref = member.ref, let target = componentSchemas[ref] {
                guard seen.insert(ref).inserted else { continue }
                resolved = target
            }
            // `normalized` has made an `allOf` with members that are not objects something else; what is left here
            // is objects, and members that only assert.
            let types = resolved.types?.filter { $0 != .null }
            if types != nil && types != [.object] { continue }
            mergeAllOf(resolved, into: &properties, required: &required, seen: &seen)
            required.formUnion(resolved.required)
            for property in resolved.properties { properties.append((property, true)) }
        }
    }

    /// The first sentence of what a `$ref`'s target says about itself, for a property that says nothing itself.
    func referencedSummary(_ schema: Schema) -> String? {
        guard let ref = schema.ref ?? schema.allOf.first?.ref, let target = componentSchemas[ref],
            let text = target.title ?? target.description
        else { return nil }
        let firstLine = text.prefix { !$0.isNewline }
        guard let end = firstLine.range(of: ". ") else { return String(firstLine) }
        return String(firstLine[..<end.lowerBound]) + "."
    }

    /// The property's `default`, or its referenced schema's.
    func defaultValue(of schema: Schema) -> JSON? {
        if let value = schema.defaultValue { return value }
        if let ref = schema.ref { return componentSchemas[ref]?.defaultValue }
        if schema.allOf.count == 1 { return schema.allOf[0].ref.flatMap { componentSchemas[$0]?.defaultValue } }
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
}
