// Parameters: how each is sent (styles, arrays, objects); request bodies are in TypeMapper+Bodies.
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// How a parameter is sent, decided once: its Swift type and, for arrays, objects, JSON text and path styles,
    /// how its value is written.
    struct ParameterMapping {
        var type: SwiftType
        var arrayEncoding: SwiftParameter.ArrayEncoding? = nil
        var objectEncoding: SwiftParameter.ObjectEncoding? = nil
        var mapEncoding: SwiftParameter.ArrayEncoding? = nil
        var isJSON = false
        /// Sent in bracket notation: a `deepObject` of a shape OpenAPI does not define (arrays, maps, alternatives).
        var isBracketed = false
        /// `label` (`.5`) or `matrix` (`;id=5`): what a path parameter's value follows in its segment.
        var pathPrefix: String? = nil
    }

    /// A parameter's type: a scalar or string enum that prints itself into a URL or header, a date and time (query
    /// and header), an array of those (query: `form`, `spaceDelimited`, `pipeDelimited`, exploded or not; header:
    /// `simple`; path: `simple`, `label` or `matrix`), an object of those (query: `deepObject` or `form`), a path
    /// value in `label` or `matrix` style.
    /// A union of scalars is the scalar its alternatives share as text. A `deepObject` query parameter of another
    /// shape (arrays of objects, maps, alternatives) is sent in bracket notation, with a note. Anything else falls
    /// back, with a warning: sent as its JSON text in a query, header or cookie, as a `String` the caller writes in a
    /// path.
    mutating func parameterType(_ parameter: Parameter, suggestedName: String) -> ParameterMapping {
        var parameter = parameter
        let place = parameter.location.rawValue
        func fallback(_ reason: String) -> ParameterMapping {
            if parameter.location == .query, parameter.effectiveStyle == "deepObject", parameter.jsonContentType == nil
            {
                warnings.append(
                    Diagnostic(
                        .note, Self.bracketNotationNote("parameter '\(parameter.name)'", name: parameter.name),
                        at: parameter.sourceLocation, path: parameter.schema.path))
                return ParameterMapping(
                    type: bodyType(parameter.schema, suggestedName: suggestedName), isBracketed: true)
            }
            if parameter.location == .path {
                fallBack(
                    "parameter '\(parameter.name)': \(reason)", to: "a String the caller writes as the path segment",
                    at: parameter.sourceLocation, path: parameter.schema.path)
                return ParameterMapping(type: .named("String"))
            }
            fallBack(
                "parameter '\(parameter.name)': \(reason)", to: "its JSON text in the \(place)",
                at: parameter.sourceLocation, path: parameter.schema.path)
            return ParameterMapping(type: bodyType(parameter.schema, suggestedName: suggestedName), isJSON: true)
        }
        if parameter.jsonContentType != nil {
            // Sent as JSON text: any type, its inline declarations at top level as for a body.
            if parameter.location == .path { return fallback("JSON 'content' in a path has no one way to be written") }
            return ParameterMapping(type: bodyType(parameter.schema, suggestedName: suggestedName), isJSON: true)
        }
        var style = parameter.effectiveStyle
        var pathPrefix: String?
        if parameter.location == .path, style == "label" || style == "matrix" {
            pathPrefix = style == "label" ? "." : ";" + parameter.name + "="
        } else if !(style == "simple"
            ? parameter.location == .path || parameter.location == .header
            : style == "form"
                ? parameter.location == .query || parameter.location == .cookie
                : parameter.location == .query && Self.queryStyles.contains(style))
        {
            // OpenAPI defines no such serialisation: the place's own style is the one a server most likely reads.
            parameter.style = nil
            fallBack(
                "parameter '\(parameter.name)': style '\(style)' is not one a \(place) has",
                to: "a \(place) parameter of style '\(parameter.effectiveStyle)'", at: parameter.sourceLocation,
                path: parameter.schema.path)
            style = parameter.effectiveStyle
        }
        if parameter.location == .query || parameter.location == .header,
            let element = scalarOrArrayElement(of: parameter.schema),
            (parameter.location == .query ? ["form", "spaceDelimited", "pipeDelimited"] : ["simple"]).contains(style)
        {
            let encoding = SwiftParameter.ArrayEncoding(
                style: style == "simple" ? "form" : style,
                explode: parameter.location == .query && parameter.effectiveExplode)
            return ParameterMapping(type: .array(element), arrayEncoding: encoding)
        }
        if let shared = sharedScalar(of: parameter.schema) {
            // Every value of the union is written as this scalar's text: a mapping, not a fallback.
            return ParameterMapping(type: shared, pathPrefix: pathPrefix)
        }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: parameter.schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if case .array(var element) = mapped.type {
            let arrayStyles =
                switch parameter.location {
                case .query: ["form", "spaceDelimited", "pipeDelimited"]
                case .path: ["simple", "label", "matrix"]
                case .header, .cookie: ["simple"]
                }
            // OpenAPI defines deepObject for objects only; an array in it is sent as `expand[]=a&expand[]=b`, what
            // servers that read deepObject (Rails, PHP, Stripe) accept.
            let bracketed = parameter.location == .query && style == "deepObject"
            guard parameter.location != .cookie, arrayStyles.contains(style) || bracketed else {
                return fallback("an array in a \(place) with style '\(style)' is not generated")
            }
            if let items = parameter.schema.items, let shared = sharedScalar(of: items) {
                element = shared
            } else if !acceptsScalar(element, nested: nested, schema: parameter.schema.items)
                || element == .named("Date")
            {
                // (`acceptsScalar` declares an inline enum it accepts: it is asked once.)
                guard let items = parameter.schema.items, let shared = sharedScalar(of: items, ofOneType: true) else {
                    return fallback("its elements are not strings, numbers, booleans or string enums")
                }
                element = shared
            }
            if bracketed {
                warnings.append(
                    Diagnostic(
                        .note, Self.deepObjectArrayNote("parameter '\(parameter.name)'", name: parameter.name),
                        at: parameter.sourceLocation, path: parameter.schema.path))
                return ParameterMapping(type: .array(element), arrayEncoding: .init(style: style, explode: true))
            }
            if parameter.location == .path {
                // `1,2,3`, `.1.2.3` or `;id=1;id=2`: the elements of one segment, after the style's prefix.
                let encoding = SwiftParameter.ArrayEncoding(style: style, explode: parameter.effectiveExplode)
                return ParameterMapping(type: .array(element), arrayEncoding: encoding, pathPrefix: pathPrefix)
            }
            let encoding = SwiftParameter.ArrayEncoding(
                style: style == "simple" ? "form" : style,
                explode: parameter.location == .query && parameter.effectiveExplode)
            return ParameterMapping(type: .array(element), arrayEncoding: encoding)
        }
        if mapped.type == .named("Date") || isDateAlias(parameter.schema), parameter.location != .path {
            return ParameterMapping(type: mapped.type)
        }
        if acceptsScalar(mapped.type, nested: nested, schema: parameter.schema) {
            return ParameterMapping(type: mapped.type, pathPrefix: pathPrefix)
        }
        if let shared = sharedScalar(of: parameter.schema, ofOneType: true) {
            return ParameterMapping(type: shared, pathPrefix: pathPrefix)
        }
        if mapped.type == .named("JSONValue"), allowsAnyValue(referenced(parameter.schema)) {
            // No type (FastAPI writes `schema: {title: Task Id}` for an unannotated path parameter): any text is a
            // value, so it is the text the caller writes, not JSON (which would quote a string).
            return ParameterMapping(type: .named("String"), pathPrefix: pathPrefix)
        }
        if let value = mapValue(of: parameter, type: mapped.type, style: style, nested: nested) {
            let encoding = SwiftParameter.ArrayEncoding(style: style, explode: parameter.effectiveExplode)
            return ParameterMapping(type: .dictionary(value), mapEncoding: encoding)
        }
        if pathPrefix == nil, let object = objectEncoding(parameter, type: mapped.type, nested: nested) {
            return ParameterMapping(type: mapped.type, objectEncoding: object)
        }
        if case .named(let name) = mapped.type,
            parameterStruct(named: name, nested: nested)?.structure.holdsAdditionalMembers == true
        {
            return fallback("an object with members beyond its properties (additionalProperties) has no fixed fields")
        }
        return fallback("it is not a string, number, boolean, string enum or date, nor an array or object of these")
    }

    /// The scalar that a union of scalars (`oneOf`/`anyOf` of scalar schemas, or a `type` list of scalars) shares
    /// as text in a URL or header: a number when all are numbers (an integer when all are integers), else a string.
    /// With `ofOneType`, alternatives of one type count too (`oneOf: [{enum: [green, red]}, {pattern: …}]` is a
    /// string): for a schema no other mapping took. Nil when the schema is not such a union.
    func sharedScalar(of schema: Schema, ofOneType: Bool = false) -> SwiftType? {
        let direct = referenced(schema)
        let isUnion =
            !(direct.oneOf + direct.anyOf).isEmpty || (direct.types?.filter { $0 != .null }.count ?? 0) > 1
        guard isUnion, stringEnumCases(direct) == nil, !isLenientBool(direct), let union = scalarTypes(of: direct),
            union.count > 1 || (ofOneType && !union.isEmpty)
        else { return nil }
        return Self.textType(of: union)
    }

    /// The component a schema's `$ref` names, else the schema itself.
    func referenced(_ schema: Schema) -> Schema {
        schema.ref.flatMap { componentSchemas[$0] } ?? schema
    }

    /// `Int` for integers, `Double` for numbers, else `String`: what values of these types share as text.
    static func textType(of types: Set<JSONType>) -> SwiftType {
        if types == [.integer] { return .named("Int") }
        if types.isSubset(of: [.integer, .number]) { return .named("Double") }
        return .named("String")
    }

    /// The scalar types a schema's values may have, following references and alternatives (`null` alone adds
    /// none); nil when a value may be something else.
    ///
    /// A component met again on the way adds nothing new (`anyOf: [{$ref: self}, …]`); past 64 nested alternatives
    /// the answer is nil rather than a walk as deep as the spec.
    func scalarTypes(of schema: Schema, visiting: Set<String> = [], depth: Int = 0) -> Set<JSONType>? {
        let scalars: Set<JSONType> = [.string, .integer, .number, .boolean]
        if let ref = schema.ref, visiting.contains(ref) { return [] }
        guard depth < 64 else { return nil }
        let visiting = schema.ref.map { visiting.union([$0]) } ?? visiting
        let schema = referenced(schema)
        let alternatives = schema.oneOf + schema.anyOf
        if !alternatives.isEmpty {
            guard schema.properties.isEmpty, schema.items == nil else { return nil }
            var union: Set<JSONType> = []
            for alternative in alternatives {
                guard let inner = scalarTypes(of: alternative, visiting: visiting, depth: depth + 1) else { return nil }
                union.formUnion(inner)
            }
            return union
        }
        if let listed = schema.types {
            let types = Set(listed.filter { $0 != .null })
            return types.isSubset(of: scalars) ? types : nil
        }
        if let values = schema.enumValues ?? schema.constValue.map({ [$0] }) {
            let valueTypes = Set(values.filter { $0 != .null }.map(\.jsonType))
            return valueTypes.isSubset(of: scalars) && !valueTypes.isEmpty ? valueTypes : nil
        }
        return nil
    }

    /// The element of a union of a scalar and an array of scalars (`oneOf: [{type: string}, {type: array, items:
    /// …}]`, "one or several"), which a query or header sends as an array: one value is an array of one.
    func scalarOrArrayElement(of schema: Schema) -> SwiftType? {
        let direct = referenced(schema)
        let alternatives = (direct.oneOf + direct.anyOf).filter { $0.types != [.null] }.map(referenced)
        guard alternatives.count == 2, direct.properties.isEmpty, direct.items == nil else { return nil }
        let arrays = alternatives.filter { $0.items != nil }
        guard arrays.count == 1, let items = arrays[0].items,
            let single = alternatives.first(where: { $0.items == nil }),
            let itemTypes = scalarTypes(of: items), let singleTypes = scalarTypes(of: single),
            !itemTypes.isEmpty, !singleTypes.isEmpty
        else { return nil }
        return Self.textType(of: itemTypes.union(singleTypes))
    }

    /// The value type of a map query parameter in style `form` or `deepObject`: an object of no properties whose
    /// `additionalProperties` are scalars (`labels: {tier: gold}`), sent as an object's properties are, its keys for
    /// their names. Nil when the parameter is not one.
    mutating func mapValue(
        of parameter: Parameter, type: SwiftType, style: String, nested: [SwiftDeclaration]
    ) -> SwiftType? {
        guard parameter.location == .query, style == "form" || style == "deepObject",
            case .dictionary(let value) = type,
            case .schema(let valueSchema) = referenced(parameter.schema).additionalProperties
        else { return nil }
        if acceptsScalar(value, nested: nested, schema: valueSchema) { return value }
        return sharedScalar(of: valueSchema, ofOneType: true)
    }

    /// Whether a schema says nothing of its values' shape: no type, values, alternatives, properties or items.
    func allowsAnyValue(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.types == nil && schema.enumValues == nil && schema.constValue == nil
            && (schema.allOf + schema.oneOf + schema.anyOf).isEmpty && schema.properties.isEmpty
            && schema.patternProperties.isEmpty && schema.items == nil && schema.additionalProperties == .allowed
            && schema.untypedKeywords.isEmpty
    }

    /// The styles a query parameter may have besides `form`.
    static let queryStyles = ["spaceDelimited", "pipeDelimited", "deepObject"]

    /// An object query parameter (`style: deepObject`, or `form`): its struct, hoisted to top level when it is
    /// inline, with properties that print themselves. Nil when the parameter is not one.
    mutating func objectEncoding(
        _ parameter: Parameter, type: SwiftType, nested: [SwiftDeclaration]
    ) -> SwiftParameter.ObjectEncoding? {
        guard parameter.location == .query, ["deepObject", "form"].contains(parameter.effectiveStyle),
            case .named(let name) = type
        else { return nil }
        guard let (structure, isInline) = parameterStruct(named: name, nested: nested),
            let fields = objectFields(
                of: structure, named: name, nesting: parameter.effectiveStyle == "deepObject" ? 4 : 0)
        else { return nil }
        // Declared only once it is known to be sent this way: else the fallback declares it.
        if isInline {
            topLevelNames.insert(name)
            inlineDeclarations.append(contentsOf: nested)
            bodyStructs[name] = structure
        }
        return SwiftParameter.ObjectEncoding(
            style: parameter.effectiveStyle, explode: parameter.effectiveExplode, fields: fields)
    }

    /// The struct a parameter's type names: a component's or a body's (`bodyStructs`), or the one mapping the
    /// parameter declared inline (`isInline`), which is not yet declared anywhere.
    private func parameterStruct(named name: String, nested: [SwiftDeclaration]) -> (
        structure: SwiftStruct, isInline: Bool
    )? {
        // A tuple is an array: it has no named fields to send.
        if let structure = bodyStructs[name] { return structure.isTuple ? nil : (structure, false) }
        if nested.count == 1, case .structure(let inline) = nested[0], inline.name == name, !inline.isTuple {
            return (inline, true)
        }
        return nil
    }

    /// The fields of an object parameter's struct: properties that print themselves, and — while `nesting` allows,
    /// for `deepObject` (`filter[size][min]=2`) — objects of such properties. Nil when a property is neither.
    func objectFields(of structure: SwiftStruct, named name: String, nesting: Int) -> [SwiftBodyField]? {
        var fields: [SwiftBodyField] = []
        for property in structure.properties {
            let encoding: SwiftBodyField.Encoding
            var type = property.type
            if property.decoding == .standard || property.decoding == .openEnum,
                printsItself(property.type, in: structure.nested), property.type != .named("Date")
            {
                encoding = .text
                // A type nested in the struct (an inline enum) is named from outside it, where fields are read.
                type = property.type.qualifying(Set(structure.nested.map(\.name)), in: name)
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
    func objectStruct(_ typeName: String, in parent: SwiftStruct, named parentName: String) -> (
        SwiftStruct, String
    )? {
        // A tuple is an array, not an object with named fields.
        for case .structure(let inner) in parent.nested where inner.name == typeName {
            return inner.isTuple ? nil : (inner, parentName + "." + typeName)
        }
        return bodyStructs[typeName].flatMap { $0.isTuple ? nil : ($0, typeName) }
    }

    /// Whether the schema is a `$ref` to a component that is a date and time (`DOB: {type: string, format:
    /// date-time}`), which generates as an alias of `Date`.
    func isDateAlias(_ schema: Schema) -> Bool {
        guard let ref = schema.ref, let target = componentSchemas[ref] else { return false }
        return target.types?.filter { $0 != .null } == [.string] && target.format == "date-time"
            && target.oneOf.isEmpty && target.anyOf.isEmpty && target.enumValues == nil
    }

    /// Whether a parameter's (or element's) mapped type prints itself: a scalar, or a string enum (declared inline,
    /// which is then kept, or a component).
    mutating func acceptsScalar(_ type: SwiftType, nested: [SwiftDeclaration], schema: Schema?) -> Bool {
        let scalars: Set<String> = ["String", "Int", "Int32", "Int64", "Double", "Bool", "UUID"]
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
            // Alternatives that are values of the one type (`oneOf` of integer `const`s) keep it that type.
            let alternatives = target.oneOf + target.anyOf
            if types.count == 1, [.string, .integer, .number, .boolean].contains(types[0]),
                target.format != "date-time", target.format != "binary", target.format != "byte",
                alternatives.isEmpty || scalarTypes(of: target).map({ $0.isSubset(of: [types[0]]) }) == true
            {
                return true
            }
        }
        // A name declared here for this parameter (a choice, a struct) is not another scope's open enum.
        return !nested.contains { $0.name == name } && openEnumNames.contains(name)
    }
}
