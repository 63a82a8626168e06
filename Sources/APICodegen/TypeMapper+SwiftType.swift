// The Swift type of a schema where it is used: a property, an element, a parameter, a body.
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// The Swift type of a schema used somewhere (a property, an item, a parameter).
    struct MappedType {
        var type: SwiftType
        var isNullable = false
        var isLenientBool = false
        /// The type is an open string enum (`SwiftOpenEnum`).
        var isOpenEnum = false

        /// The type as an element or map value holds it: a null decodes as nil (`[String?]`, `[String: String?]`).
        var optionalIfNullable: SwiftType { isNullable ? .optional(type) : type }
    }

    mutating func swiftType(
        for schema: Schema, suggestedName: String, nested: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> MappedType {
        let (schema, orNull) = normalized(schema)
        if isTuple(schema) {
            let name = SwiftNaming.unique(suggestedName, in: &taken, avoiding: topLevelNames)
            nested.append(.structure(tupleStructure(for: schema, named: name)))
            return MappedType(type: .named(name), isNullable: orNull || schema.isNullable)
        }
        if fallsBackToJSONValue(schema) { return MappedType(type: .named("JSONValue")) }
        let nullable = orNull || schema.isNullable || (schema.enumValues?.contains(.null) ?? false)
        if let ref = schema.ref, schema.properties.isEmpty, schema.allOf.isEmpty, schema.oneOf.isEmpty,
            schema.anyOf.isEmpty
        {
            let target = componentSchemas[ref]
            if isOverridden(ref), let type = componentTypeNames[ref] {
                // The user's own type decodes itself: no lenient booleans, no open enum.
                return MappedType(type: .named(type), isNullable: nullable || (target?.isNullable ?? false))
            }
            return MappedType(
                type: .named(componentTypeNames[ref] ?? "JSONValue"),
                isNullable: nullable
                    || (target.map { $0.isNullable || withoutNullAlternatives($0).isNullable } ?? false),
                isLenientBool: target.map(isLenientBool) ?? false,
                isOpenEnum: target.map(mapsToOpenEnum) ?? false)
        }
        if schema.allOf.count == 1, schema.properties.isEmpty, schema.types == nil, schema.oneOf.isEmpty,
            schema.anyOf.isEmpty, !expectsOtherMembers(schema), let only = schema.allOf.first
        {
            var mapped = swiftType(for: only, suggestedName: suggestedName, nested: &nested, taken: &taken)
            mapped.isNullable = mapped.isNullable || nullable
            return mapped
        }
        if isObject(schema) {
            // Not `&&`: its autoclosure would copy the whole mapper on every inline object.
            let depth = inlineObjectsInProgress.count
            var isInProgress = false
            if !schema.path.isEmpty { isInProgress = inlineObjectsInProgress.contains(schema.path) }
            if isInProgress || depth >= 64 {
                fallBack(
                    "the inline object contains itself (through allOf), or nests more than 64 deep, and has no name "
                        + "to refer to it by", to: "JSONValue", at: schema)
                return MappedType(type: .named("JSONValue"), isNullable: nullable)
            }
            inlineObjectsInProgress.append(schema.path)
            defer { inlineObjectsInProgress.removeLast() }
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
                let type = lift(choice.nested, of: only.type, preferring: name, into: &nested, taken: &taken)
                return MappedType(type: type, isNullable: nullable)
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
            fallBack("a schema whose only type is null has no Swift type of its own", to: "JSONValue", at: schema)
            return MappedType(type: .named("JSONValue"))
        }
        switch types[0] {
        case .string:
            if let format = schema.format, let type = typeOverrides.formats[format] {
                return MappedType(type: .named(type), isNullable: nullable)
            }
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
            let element = containedType(
                for: items, suggestedName: suggestedName + "Item", as: ("array items", "elements"), nested: &nested,
                taken: &taken)
            return MappedType(type: .array(element.optionalIfNullable), isNullable: nullable)
        case .object:
            if case .schema(let values) = schema.additionalProperties {
                let value = containedType(
                    for: values, suggestedName: suggestedName + "Value", as: ("map values", "values"), nested: &nested,
                    taken: &taken)
                return MappedType(type: .dictionary(value.optionalIfNullable), isNullable: nullable)
            }
            return MappedType(type: .named("JSONObject"), isNullable: nullable)
        case .null:
            return MappedType(type: .named("JSONValue"))
        }
    }

    /// The type of a value an array, map or tuple holds. A boolean that may also be spelt as a string (which a
    /// plain `Bool` element does not decode) is `JSONValue`, with a located warning naming `what` holds it
    /// (`("array items", "elements")` → "…; generated as JSONValue elements").
    mutating func containedType(
        for schema: Schema, suggestedName: String, as what: (holder: String, noun: String),
        nested: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> MappedType {
        var mapped = swiftType(for: schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if mapped.isLenientBool {
            fallBack(
                "\(what.holder) that are booleans or their spellings as strings decode as neither alone",
                to: "JSONValue \(what.noun)", at: schema)
            mapped = MappedType(type: .named("JSONValue"))
        }
        return mapped
    }

    /// `type: [boolean, string]` whose values are limited to booleans and their spellings as strings.
    func isLenientBool(_ schema: Schema) -> Bool {
        guard let types = schema.types?.filter({ $0 != .null }), Set(types) == [.boolean, .string],
            let values = schema.enumValues
        else { return false }
        let allowed: Set<JSON> = [.bool(true), .bool(false), .string("true"), .string("false"), .null]
        return values.allSatisfy(allowed.contains)
    }

    /// Moves the types declared inside a choice of one alternative (which is generated as that alternative's type)
    /// into the scope around it, renaming each whose name that scope already uses, and `type` with them. The type
    /// that is the alternative takes the choice's name (`preferred`) rather than its own (`Option1`).
    mutating func lift(
        _ declarations: [SwiftDeclaration], of type: SwiftType, preferring preferred: String,
        into scope: inout [SwiftDeclaration], taken: inout SwiftNames
    ) -> SwiftType {
        var renames: [String: String] = [:]
        for declaration in declarations {
            let wanted = type == .named(declaration.name) ? preferred : declaration.name
            let name = SwiftNaming.unique(wanted, in: &taken, avoiding: topLevelNames)
            if name != declaration.name {
                renames[declaration.name] = name
                if case .openEnum = declaration { openEnumNames.insert(name) }
            }
            scope.append(declaration.renamed(name))
        }
        return renames.isEmpty ? type : type.renaming(renames)
    }
}
