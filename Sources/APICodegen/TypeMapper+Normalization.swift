// Schemas as the mapping reads them: null alternatives and type lists normalized, `allOf` classified, and objects
// that are also one of several alternatives (`properties` beside `oneOf`, `allOf` with a `oneOf` member) composed.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    /// The schema as the mapping reads it (`withoutNullAlternatives`, then): a `type` list of several types is the
    /// `oneOf` of one schema per type (`[integer, number]` is a number), and an `allOf` whose members are not all
    /// objects is the one scalar type its members share, or, when they share none, a `JSONValue` with a warning.
    func normalized(_ schema: Schema) -> (schema: Schema, isNullable: Bool) {
        var (schema, nullable) = withoutNullAlternatives(schema)
        if schema.ref == nil, schema.oneOf.isEmpty, schema.anyOf.isEmpty,
            schema.format == "int-or-string" || schema.extensions["x-kubernetes-int-or-string"] == .bool(true)
        {
            // Kubernetes' `IntOrString` (`type: string, format: int-or-string` in its Swagger 2.0 specs,
            // `x-kubernetes-int-or-string: true` in CRDs): a port is `8080` or `"http"`, whatever `type` says.
            schema.types = [.integer, .string]
            schema.format = nil
        }
        if let types = schema.types?.filter({ $0 != .null }), types.count > 1, schema.oneOf.isEmpty,
            schema.anyOf.isEmpty, !isLenientBool(schema)
        {
            let orNull: [JSONType] = schema.isNullable ? [.null] : []
            if Set(types).isSubset(of: [.integer, .number]) {
                schema.types = [.number] + orNull
            } else {
                nullable = nullable || schema.isNullable
                schema.oneOf = types.map { type in Self.alternative(of: schema, type: type) }
                schema.types = nil
                schema.properties = []
                schema.items = nil
                schema.enumValues = nil
            }
        }
        if !schema.patternProperties.isEmpty {
            // Members by the patterns their names match are members beyond the properties: of the one pattern's type
            // when it is the only one and no other members are allowed, else of any type.
            if schema.patternProperties.count == 1, schema.additionalProperties == .forbidden {
                schema.additionalProperties = .schema(schema.patternProperties[0].schema)
            } else {
                schema.additionalProperties = .schema(
                    Schema(location: schema.location, path: schema.path + "/patternProperties"))
            }
            schema.writesAdditionalProperties = true
            schema.patternProperties = []
        }
        // `{const: a}` or `{enum: [1, 2]}` without a `type`: the one type its values share, as if written.
        if schema.types == nil, schema.ref == nil, schema.properties.isEmpty, schema.items == nil,
            schema.allOf.isEmpty, schema.oneOf.isEmpty, schema.anyOf.isEmpty,
            let values = schema.enumValues ?? schema.constValue.map({ [$0] }),
            let type = Self.sharedScalarType(of: values)
        {
            schema.types = [type] + (values.contains(.null) ? [.null] : [])
        }
        // `oneOf: [{const: 0}, {const: 1}]` (titles and descriptions aside): the values' one type, as `enum` would
        // be. Strings are left to `stringEnumCases`, which makes them an open enum.
        let alternatives = schema.oneOf + schema.anyOf
        if !alternatives.isEmpty, schema.properties.isEmpty, schema.items == nil, schema.allOf.isEmpty,
            alternatives.allSatisfy(Self.isValueList)
        {
            let values = alternatives.flatMap { $0.enumValues ?? $0.constValue.map { [$0] } ?? [] }
            if let type = Self.sharedScalarType(of: values), type != .string {
                nullable = nullable || values.contains(.null)
                schema.types = [type] + (schema.isNullable ? [.null] : [])
                schema.oneOf = []
                schema.anyOf = []
            }
        }
        if !schema.allOf.isEmpty, schema.oneOf.isEmpty, schema.anyOf.isEmpty {
            // `allOf: [{$ref: Status}, {description: …}]`: the other members only describe or constrain, so the value
            // is the one member's, whatever its type (an enum, a choice of scalars); `swiftType` maps it alone.
            let typed = schema.allOf.filter { !isAssertionOnly($0) }
            let saysNothingElse =
                schema.properties.isEmpty && schema.types == nil && schema.items == nil && schema.enumValues == nil
                && schema.constValue == nil && !expectsOtherMembers(schema)
            if typed.count == 1, saysNothingElse, typed[0].ref == nil {
                // `allOf: [{type: object, properties: …}]`: the member is what the schema says, under its name.
                let (inner, innerNullable) = normalized(Self.lifting(typed[0], into: schema))
                return (inner, nullable || innerNullable)
            } else if typed.count == 1, saysNothingElse {
                schema.allOf = typed
            } else {
                var seen: Set<String> = []
                switch allOfKind(schema, seen: &seen) {
                case .objects: break
                case .scalar(let type, let format):
                    schema.types = [type] + (schema.isNullable ? [.null] : [])
                    schema.format = schema.format ?? format
                    schema.allOf = []
                case .mixed:
                    schema.untypedKeywords["allOf"] = schema.location
                }
            }
        }
        if case .choice(let choice) = composition(of: schema) {
            schema = choice
        }
        return (schema, nullable)
    }

    /// `member`, the one typed member of `outer`'s `allOf`, in `outer`'s place: with its location, path and
    /// annotations (the outer ones where both say one).
    private static func lifting(_ member: Schema, into outer: Schema) -> Schema {
        var lifted = member
        lifted.location = outer.location
        lifted.path = outer.path
        lifted.title = outer.title ?? member.title
        lifted.description = outer.description ?? member.description
        lifted.defaultValue = outer.defaultValue ?? member.defaultValue
        lifted.deprecated = outer.deprecated || member.deprecated
        lifted.readOnly = outer.readOnly || member.readOnly
        lifted.writeOnly = outer.writeOnly || member.writeOnly
        lifted.isMarkedNullable = outer.isMarkedNullable || member.isMarkedNullable
        lifted.extensions.merge(outer.extensions) { _, outer in outer }
        lifted.extensionLocations.merge(outer.extensionLocations) { _, outer in outer }
        lifted.untypedKeywords.merge(outer.untypedKeywords) { _, outer in outer }
        return lifted
    }

    /// The one scalar type of `values` other than null (integers among numbers are numbers), or nil when they have
    /// several, or only null, or are objects or arrays.
    private static func sharedScalarType(of values: [JSON]) -> JSONType? {
        switch Set(values.filter { $0 != .null }.map(\.jsonType)) {
        case [.integer]: .integer
        case [.number], [.integer, .number]: .number
        case [.boolean]: .boolean
        case [.string]: .string
        default: nil
        }
    }

    /// An alternative that only lists values (`const` or `enum`, perhaps with a title, a description or its type).
    private static func isValueList(_ schema: Schema) -> Bool {
        (schema.constValue != nil || schema.enumValues != nil) && schema.ref == nil && schema.properties.isEmpty
            && schema.items == nil && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.allOf.isEmpty
            && schema.untypedKeywords.isEmpty
    }

    /// One alternative of a `type` list: the schema with that one type, keeping the keywords about it.
    private static func alternative(of schema: Schema, type: JSONType) -> Schema {
        var alternative = Schema(location: schema.location, path: schema.path)
        alternative.types = [type]
        alternative.enumValues = schema.enumValues?.filter {
            $0.jsonType == type || (type == .number && $0.jsonType == .integer)
        }
        if alternative.enumValues?.isEmpty == true { alternative.enumValues = nil }
        switch type {
        case .object:
            alternative.properties = schema.properties
            alternative.required = schema.required
            alternative.additionalProperties = schema.additionalProperties
        case .array: alternative.items = schema.items
        case .string:
            alternative.format = schema.format
            alternative.pattern = schema.pattern
        case .integer, .number: alternative.format = schema.format
        case .boolean, .null: break
        }
        return alternative
    }

    /// What the members of an `allOf` are, following references (each once): objects (or members that only
    /// assert), one scalar type, or a mix that no Swift type merges.
    private enum AllOfKind {
        case objects
        case scalar(JSONType, format: String?)
        case mixed
    }

    private func allOfKind(_ schema: Schema, seen: inout Set<String>) -> AllOfKind {
        var scalar: (type: JSONType, format: String?)?
        var sawObject = false
        for member in schema.allOf {
            var resolved = member
            if let ref = member.ref, let target = componentSchemas[ref] {
                guard seen.insert(ref).inserted else { continue }
                resolved = target
            }
            let alternatives = resolved.oneOf + resolved.anyOf
            let types = resolved.types?.filter { $0 != .null }
            // Alternatives of a schema of one scalar type (an integer that is one of several `const`s) only say
            // which values of that type it takes.
            let isOneScalar = types?.count == 1 && types != [.object] && types != [.array]
            if !alternatives.isEmpty, !isOneScalar, !alternatives.allSatisfy(isAssertionOnly) {
                // Alternatives that are all objects compose with the other members (`composition(of:)`).
                var known: [String: Bool] = [:]
                guard isObjectShaped(resolved, known: &known) else { return .mixed }
                sawObject = true
                continue
            }
            if let types, types != [.object] {
                guard types.count == 1, scalar == nil || scalar?.type == types[0] else { return .mixed }
                scalar = (types[0], scalar?.format ?? resolved.format)
            } else if types == [.object] || !resolved.properties.isEmpty {
                sawObject = true
            }
            if !resolved.allOf.isEmpty {
                switch allOfKind(resolved, seen: &seen) {
                case .objects: sawObject = sawObject || !resolved.properties.isEmpty || resolved.types == [.object]
                case .scalar(let type, let format):
                    guard scalar == nil || scalar?.type == type else { return .mixed }
                    scalar = (type, scalar?.format ?? format)
                case .mixed: return .mixed
                }
            }
        }
        guard let scalar else { return .objects }
        return sawObject ? .mixed : .scalar(scalar.type, format: scalar.format)
    }

    /// What a schema that is an object and also one of several alternatives makes.
    enum Composition {
        /// Not such a schema: no alternatives beside object members, or alternatives that are not all objects.
        case none
        /// Every property beside the alternatives is one each alternative declares too: the alternatives alone
        /// (this schema, or a `$ref` to the one component that holds them) say the whole value.
        case choice(Schema)
        /// A struct of the properties, which also holds one value per set of alternatives (`ChoicePart`), decoded
        /// from and encoded into the same JSON object.
        case composite([ChoicePart])
    }

    /// One set of alternatives a composite struct holds.
    enum ChoicePart {
        /// A `$ref` member of `allOf` to a component with alternatives (a choice, or a composite itself).
        case component(String)
        /// The `oneOf` or `anyOf` written in the schema or in one of its `allOf` members: a schema of them alone,
        /// with their discriminator.
        case alternatives(Schema, keyword: String)
    }

    /// Whether `schema` has properties (its own or its `allOf` objects') and also alternatives that are all objects:
    /// `{properties: {scopes}, oneOf: [User, Service]}`, or `allOf: [{$ref: Envelope}, {oneOf: [Opened, Closed]}]`.
    /// Schemas without non-asserting alternatives anywhere are `.none` at once.
    func composition(of schema: Schema) -> Composition {
        // A schema with no properties and no `allOf` has nothing beside its alternatives: a plain choice.
        guard schema.ref == nil, schema.untypedKeywords.isEmpty, !schema.properties.isEmpty || !schema.allOf.isEmpty
        else { return .none }
        let types = schema.types?.filter { $0 != .null }
        guard types == nil || types == [.object] else { return .none }
        var parts: [ChoicePart] = []
        var visited: Set<String> = []
        collectChoiceParts(of: schema, into: &parts, visited: &visited)
        guard !parts.isEmpty else { return .none }
        var known: [String: Bool] = [:]
        for part in parts {
            switch part {
            case .component(let ref):
                guard isObjectShaped(component: ref, known: &known) else { return .none }
            case .alternatives(let alternatives, _):
                let members = alternatives.oneOf + alternatives.anyOf
                guard members.allSatisfy({ isObjectShaped($0, known: &known) }) else { return .none }
            }
        }
        let names = Set(allOfProperties(of: schema, holding: parts).properties.map(\.0.name))
        if parts.count == 1, let only = parts.first, names.isSubset(of: declaredNames(of: only)) {
            // The schema itself (its description, extensions, nullability), with the alternatives as its only
            // content.
            var choice = schema
            choice.properties = []
            choice.required = []
            choice.allOf = []
            switch only {
            case .component(let ref):
                choice.oneOf = []
                choice.anyOf = []
                choice.discriminator = nil
                choice.ref = ref
            case .alternatives(let alternatives, _):
                choice.oneOf = alternatives.oneOf
                choice.anyOf = alternatives.anyOf
                choice.discriminator = alternatives.discriminator
            }
            return .choice(choice)
        }
        return .composite(parts)
    }

    /// The properties of a struct with the alternatives `parts`, its `allOf` members' first (`mergeAllOf`), and
    /// the names it requires. A component that a part holds whole keeps its properties to itself.
    func allOfProperties(of schema: Schema, holding parts: [ChoicePart]) -> (
        properties: [(Schema.Property, Bool)], required: Set<String>
    ) {
        var properties: [(Schema.Property, Bool)] = []
        var required = Set(schema.required)
        var seen = Set(parts.compactMap { part in if case .component(let ref) = part { ref } else { nil } })
        mergeAllOf(schema, into: &properties, required: &required, seen: &seen)
        return (properties + schema.properties.map { ($0, false) }, required)
    }

    /// The sets of alternatives of `schema` and of its `allOf` members, in spec order: a member that is a `$ref` to
    /// a schema with alternatives of its own is one part, held as its component's type.
    func collectChoiceParts(of schema: Schema, into parts: inout [ChoicePart], visited: inout Set<String>) {
        for member in schema.allOf {
            if let ref = member.ref {
                guard visited.insert(ref).inserted, let target = componentSchemas[ref] else { continue }
                var inner: [ChoicePart] = []
                collectChoiceParts(of: target, into: &inner, visited: &visited)
                if !inner.isEmpty { parts.append(.component(ref)) }
            } else {
                collectChoiceParts(of: member, into: &parts, visited: &visited)
            }
        }
        for (keyword, alternatives) in [("oneOf", schema.oneOf), ("anyOf", schema.anyOf)]
        where !alternatives.isEmpty && !alternatives.allSatisfy(isAssertionOnly) {
            var only = Schema(location: schema.location, path: schema.path + "/" + keyword)
            if keyword == "oneOf" { only.oneOf = alternatives } else { only.anyOf = alternatives }
            only.discriminator = schema.discriminator
            parts.append(.alternatives(only, keyword: keyword))
        }
    }

    /// Whether every value `schema` allows is a JSON object that its Swift type encodes as one: a struct, a map, a
    /// choice of such. `known` holds each component's answer once found, so that a spec whose alternatives share
    /// components is read once per component; a component that reaches itself is not assumed to be one.
    func isObjectShaped(_ schema: Schema, known: inout [String: Bool]) -> Bool {
        if let ref = schema.ref { return isObjectShaped(component: ref, known: &known) }
        guard schema.untypedKeywords.isEmpty, !schema.isNullable, !schema.isMarkedNullable else { return false }
        let alternatives = schema.oneOf + schema.anyOf
        if !alternatives.isEmpty, !alternatives.allSatisfy(isAssertionOnly) {
            guard alternatives.allSatisfy({ isObjectShaped($0, known: &known) }) else { return false }
        }
        for member in schema.allOf where !isAssertionOnly(member) {
            guard isObjectShaped(member, known: &known) else { return false }
        }
        if let types = schema.types, types != [.object] { return false }
        // `{type: object}` and nothing more is a `JSONObject`, which encodes as one value rather than member by
        // member; a map (`additionalProperties: {…}`) and a struct without properties do the latter.
        return !schema.properties.isEmpty || !schema.allOf.isEmpty || !alternatives.isEmpty
            || (schema.types != nil && schema.additionalProperties != .allowed)
    }

    /// `isObjectShaped` for a component, found once.
    private func isObjectShaped(component ref: String, known: inout [String: Bool]) -> Bool {
        if let answer = known[ref] { return answer }
        guard let target = componentSchemas[ref], componentTypeNames[ref] != nil else { return false }
        known[ref] = false  // until found: a reference back to it is not an object that decodes
        let answer = isObjectShaped(target, known: &known)
        known[ref] = answer
        return answer
    }

    /// The property names every value of the part declares: what each of its alternatives declares.
    private func declaredNames(of part: ChoicePart) -> Set<String> {
        var known: [String: Set<String>] = [:]
        switch part {
        case .component(let ref): return declaredNames(component: ref, known: &known)
        case .alternatives(let schema, _): return declaredNames(of: schema, known: &known)
        }
    }

    /// The properties `schema` declares, its `allOf` members' too, and those all its alternatives declare; each
    /// component's once (`known`), none for a component that reaches itself.
    private func declaredNames(of schema: Schema, known: inout [String: Set<String>]) -> Set<String> {
        if let ref = schema.ref { return declaredNames(component: ref, known: &known) }
        var names = Set(schema.properties.map(\.name))
        for member in schema.allOf { names.formUnion(declaredNames(of: member, known: &known)) }
        let alternatives = schema.oneOf + schema.anyOf
        if !alternatives.isEmpty, !alternatives.allSatisfy(isAssertionOnly) {
            var shared: Set<String>?
            for alternative in alternatives {
                let declared = declaredNames(of: alternative, known: &known)
                shared = shared.map { $0.intersection(declared) } ?? declared
            }
            names.formUnion(shared ?? [])
        }
        return names
    }

    /// `declaredNames` of a component, found once.
    private func declaredNames(component ref: String, known: inout [String: Set<String>]) -> Set<String> {
        if let names = known[ref] { return names }
        guard let target = componentSchemas[ref] else { return [] }
        known[ref] = []
        let names = declaredNames(of: target, known: &known)
        known[ref] = names
        return names
    }
}
