// Schemas → enums: open string enums, and `oneOf`/`anyOf` choices with or without a discriminator.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    mutating func openEnum(for schema: Schema, named name: String, cases: [String]) -> SwiftOpenEnum {
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

    /// The first identifier of every named type in `type` (`Pet` in `[Pet.Kind]`): what a member name must not be
    /// to keep the type visible under it.
    static func typeIdentifiers(in type: SwiftType) -> Set<String> {
        switch type {
        case .named(let name): [String(name.prefix { $0 != "." && $0 != "<" })]
        case .array(let element), .dictionary(let element), .optional(let element): typeIdentifiers(in: element)
        case .generic(let name, let arguments):
            arguments.reduce(into: [name]) { $0.formUnion(typeIdentifiers(in: $1)) }
        }
    }

    /// Whether the type named `name` is an open enum, where `found` is the declaration that name finds in scope: that
    /// declaration decides; with none in scope, the open enums declared anywhere do (another scope's type may share
    /// the name).
    static func isOpenEnum(_ name: String, found: SwiftDeclaration?, elsewhere openEnumNames: Set<String>) -> Bool {
        guard let found else { return openEnumNames.contains(name) }
        if case .openEnum = found { return true }
        return false
    }

    /// Adds to `names` the identifiers of `typeIdentifiers(in:)` that a member name could be: those that do not start
    /// with a capital (`_2fa`), since member names never do. Most types (`String`, `Pet`) add nothing, cheaply.
    static func insertMemberLikeTypeIdentifiers(of type: SwiftType, into names: inout SwiftNames) {
        switch type {
        case .named(let name):
            guard let first = name.utf8.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) else { return }
            names.insert(String(name.prefix { $0 != "." && $0 != "<" }))
        case .array(let element), .dictionary(let element), .optional(let element):
            insertMemberLikeTypeIdentifiers(of: element, into: &names)
        case .generic(_, let arguments):
            for argument in arguments { insertMemberLikeTypeIdentifiers(of: argument, into: &names) }
        }
    }

    /// The member-like type names (see above) that `declarations` and every declaration nested in them use: their
    /// code resolves a name through the members of the types that enclose them, so a member of an enclosing type
    /// named like one (`var _0` in a struct whose nested choice decodes `_0(from:)`) hides the type there too.
    static func insertMemberLikeTypeIdentifiers(usedBy declarations: [SwiftDeclaration], into names: inout SwiftNames) {
        for declaration in declarations {
            switch declaration {
            case .structure(let value):
                for property in value.properties { insertMemberLikeTypeIdentifiers(of: property.type, into: &names) }
                insertMemberLikeTypeIdentifiers(usedBy: value.nested, into: &names)
            case .choice(let value):
                for each in value.cases { insertMemberLikeTypeIdentifiers(of: each.type, into: &names) }
                insertMemberLikeTypeIdentifiers(usedBy: value.nested, into: &names)
            case .alias(_, let target, _, _):
                insertMemberLikeTypeIdentifiers(of: target, into: &names)
            case .openEnum:
                continue
            }
        }
    }

    /// `{type: string}` with nothing that makes it another Swift type (no format, enum or const).
    func isPlainString(_ schema: Schema) -> Bool {
        schema.types == [.string] && schema.format == nil && schema.enumValues == nil && schema.constValue == nil
            && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.allOf.isEmpty
    }

    mutating func choice(for schema: Schema, named name: String) -> SwiftChoice {
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
        // A string whose format has a type of the user's (or `UUID`) is also a plain string: beside a plain string
        // alternative it adds no case (`anyOf: [{type: string, format: uuid}, {type: string}]` is a `String`).
        let hasPlainString = alternatives.contains { isPlainString(referenced($0)) }
        var kept: [(index: Int, type: SwiftType)] = []
        for (index, alternative) in alternatives.enumerated() {
            var mapped = swiftType(
                for: alternative, suggestedName: "Option\(index + 1)", nested: &nested, taken: &nestedNames)
            let target = referenced(alternative)
            if hasPlainString, target.types == [.string], let format = target.format,
                typeOverrides.formats[format] != nil
            {
                mapped.type = .named("String")
            }
            // Alternatives of the same Swift type decode alike, so they share the first one's case.
            guard types.insert(mapped.type).inserted else { continue }
            kept.append((index, mapped.type))
        }
        // A case named like a type the enum names (`case _7(_7)`) would hide the type inside the enum, where its
        // decoder calls `_7(from:)`: cases never take those names.
        for type in types { Self.insertMemberLikeTypeIdentifiers(of: type, into: &caseNames) }
        Self.insertMemberLikeTypeIdentifiers(usedBy: nested, into: &caseNames)
        for (index, type) in kept {
            let stem: String
            switch type {
            case .named(let typeName): stem = SwiftNaming.memberName(typeName)
            case .array(let element): stem = SwiftNaming.memberName(SwiftNaming.bare(element.text) + "List")
            case .dictionary: stem = "object"
            case .optional(let wrapped): stem = SwiftNaming.memberName(SwiftNaming.bare(wrapped.text))
            case .generic(let name, _): stem = SwiftNaming.memberName(name)
            }
            cases.append(
                SwiftChoiceCase(
                    name: SwiftNaming.unique(stem, in: &caseNames), type: type,
                    discriminatorValues: discriminated?[index] ?? []))
        }
        return SwiftChoice(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, cases: cases, nested: nested,
            discriminatorProperty: discriminated == nil ? nil : schema.discriminator?.propertyName,
            unknownCase: unknownCase)
    }

    /// For each alternative, the discriminator values that name it: its `mapping` entries; else the values its own
    /// schema allows for the property (a `const` or an `enum` of strings, in it or in an `allOf` member, each narrowing
    /// the others), when no other alternative claims them; else its component's name. The name is what OpenAPI
    /// implies, but a `const: cat` in `Cat` allows no other value, so `"Cat"` would never name a valid `Cat`. Nil,
    /// with a warning, when an alternative is an inline schema without values of its own (decoding then tries the
    /// alternatives in order).
    mutating func discriminatedValues(
        _ discriminator: Schema.Discriminator, alternatives: [Schema], at schema: Schema
    ) -> [[String]]? {
        let prefix = "#/components/schemas/"
        // The mapping's values by the schema they name, in the mapping's order.
        var mapped: [String: [String]] = [:]
        for entry in discriminator.mapping where entry.reference.hasPrefix(prefix) {
            let tokens = JSONPointer.tokens(String(entry.reference.dropFirst(prefix.count - 1)))
            if tokens.count == 1 { mapped[tokens[0], default: []].append(entry.value) }
        }
        let declared: [[String]?] = alternatives.map { alternative in
            if let ref = alternative.ref, mapped[ref] != nil { return nil }
            var visited: Set<String> = []
            return allowedValues(of: discriminator.propertyName, in: alternative, visited: &visited)
        }
        // A value two alternatives claim names neither.
        var claims: [String: Int] = [:]
        for value in mapped.values.joined() { claims[value, default: 0] += 1 }
        for values in declared { for value in Set(values ?? []) { claims[value, default: 0] += 1 } }
        var values: [[String]] = []
        for (alternative, own) in zip(alternatives, declared) {
            if let ref = alternative.ref, let names = mapped[ref] {
                values.append(names)
            } else if let own, !own.isEmpty, own.allSatisfy({ claims[$0] == 1 }) {
                values.append(own)
            } else if let ref = alternative.ref, componentSchemas[ref] != nil {
                values.append([ref])
            } else {
                warnings.append(
                    Diagnostic(
                        .warning,
                        "'discriminator' needs every alternative to be a $ref to a component schema, or to allow "
                            + "values of '\(discriminator.propertyName)' no other alternative allows (a const or an "
                            + "enum); decoding tries the alternatives in order instead",
                        at: schema.location, path: schema.path))
                return nil
            }
        }
        return values
    }

    /// The strings a schema allows for one of its properties, in the order first written: the property's `const` or
    /// `enum`, in the schema, in what its `$ref` names and in its `allOf` members, each narrowing the others. Nil
    /// when nothing limits the property to listed strings.
    func allowedValues(of property: String, in schema: Schema, visited: inout Set<String>) -> [String]? {
        var allowed: [String]?
        func narrow(_ values: [String]?) {
            guard let values else { return }
            allowed = allowed.map { $0.filter(values.contains) } ?? values
        }
        if let ref = schema.ref {
            // Each component is read once: a cycle of `allOf`s adds nothing the first visit did not.
            guard visited.insert(ref).inserted, let target = componentSchemas[ref] else { return nil }
            narrow(allowedValues(of: property, in: target, visited: &visited))
        }
        if let declared = schema.properties.first(where: { $0.name == property }).map({ referenced($0.schema) }) {
            if case .string(let value) = declared.constValue {
                narrow([value])
            } else if let listed = declared.enumValues, !listed.isEmpty {
                let strings = listed.compactMap { value -> String? in
                    if case .string(let text) = value { text } else { nil }
                }
                if strings.count == listed.count { narrow(strings) }
            }
        }
        for member in schema.allOf { narrow(allowedValues(of: property, in: member, visited: &visited)) }
        return allowed
    }
}
