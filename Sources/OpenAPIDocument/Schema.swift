import APISpecCore

/// A schema of the spec as a typed tree: the subset of JSON Schema 2020-12 that APISpec understands.
///
/// A `$ref` is kept as the name of the component it points at (`ref`), not inlined, so that generated code can
/// name the type and recursive schemas stay finite. Keywords next to a `$ref` apply as well, as in 2020-12.
public struct Schema: Sendable, Hashable {
    /// What an object allows beyond its `properties`.
    public indirect enum AdditionalProperties: Sendable, Hashable {
        /// Anything (the default).
        case allowed
        /// Nothing: `additionalProperties: false`.
        case forbidden
        /// Values valid against this schema.
        case schema(Schema)
    }

    /// One entry of `properties`, in spec order.
    public struct Property: Sendable, Hashable {
        /// The name as it appears in JSON.
        public var name: String
        /// The property's schema.
        public var schema: Schema
        /// Where the property's name stands in the spec.
        public var location: SourceLocation

        /// Creates a property.
        public init(name: String, schema: Schema, location: SourceLocation) {
            self.name = name
            self.schema = schema
            self.location = location
        }
    }

    /// One entry of `patternProperties`: the members whose names match `pattern` have values valid against
    /// `schema`.
    public struct PatternProperty: Sendable, Hashable {
        /// The ECMA-262 regular expression, matched anywhere in a member's name.
        public var pattern: String
        /// The schema of the values of the members it matches.
        public var schema: Schema
        /// Where the pattern stands in the spec.
        public var location: SourceLocation

        /// Creates an entry.
        public init(pattern: String, schema: Schema, location: SourceLocation) {
            self.pattern = pattern
            self.schema = schema
            self.location = location
        }
    }

    /// Where the schema starts in the spec.
    public var location: SourceLocation
    /// The schema's place in the document as a JSON pointer fragment, e.g. `#/components/schemas/Member`.
    public var path: String
    /// The component the schema refers to (`Member` for `$ref: '#/components/schemas/Member'`).
    public var ref: String?
    /// The allowed types; `nil` allows every type.
    public var types: [JSONType]?
    /// `properties`, in spec order.
    public var properties: [Property] = []
    /// `required` property names.
    public var required: [String] = []
    /// `additionalProperties`.
    public var additionalProperties: AdditionalProperties = .allowed
    /// `patternProperties`, in spec order.
    public var patternProperties: [PatternProperty] = []
    /// Whether `additionalProperties` is written in the schema: `true` and `{}` say that other members are
    /// expected, where leaving it out only allows them (both are `.allowed` and `.schema` of an empty schema).
    public var writesAdditionalProperties = false
    /// `enum` values.
    public var enumValues: [JSON]?
    /// `const`.
    public var constValue: JSON?
    /// `format` (an annotation: never checked by the validator).
    public var format: String?
    /// `minLength`, counted in Unicode code points.
    public var minLength: Int?
    /// `maxLength`, counted in Unicode code points.
    public var maxLength: Int?
    /// `pattern`, an ECMA-262 regular expression, matched anywhere in the string.
    public var pattern: String?
    /// `minimum`.
    public var minimum: Double?
    /// `maximum`.
    public var maximum: Double?
    /// `exclusiveMinimum`.
    public var exclusiveMinimum: Double?
    /// `exclusiveMaximum`.
    public var exclusiveMaximum: Double?
    /// `allOf`: every subschema must hold.
    public var allOf: [Schema] = []
    /// `oneOf`: exactly one subschema must hold.
    public var oneOf: [Schema] = []
    /// `anyOf`: at least one subschema must hold.
    public var anyOf: [Schema] = []
    /// `title`.
    public var title: String?
    /// `description`.
    public var description: String?
    /// `default`.
    public var defaultValue: JSON?
    /// `deprecated`.
    public var deprecated = false
    /// `readOnly`: the server sends the value and ignores it in requests.
    public var readOnly = false
    /// `writeOnly`: clients send the value and the server leaves it out of answers.
    public var writeOnly = false
    /// `x-` extensions, kept as data.
    public var extensions: [String: JSON] = [:]
    /// Where each `x-` extension's value stands in the spec.
    public var extensionLocations: [String: SourceLocation] = [:]
    /// Keywords this type does not model (`if`, `prefixItems`, `patternProperties`, a `$ref` outside
    /// `components/schemas`, …), each with where it stands. The validator checks them; a generator has no Swift type
    /// that says the same.
    public var untypedKeywords: [String: SourceLocation] = [:]
    private var itemsStorage: [Schema] = []

    /// `prefixItems` (or JSON Schema draft 4's `items` written as a list): the schemas of the first elements, in
    /// order. The keyword also stays in `untypedKeywords`, since no plain array type says it; a generator that
    /// makes a tuple of it reads these.
    public var prefixItems: [Schema] = []
    /// `minItems`.
    public var minItems: Int?
    /// `maxItems`.
    public var maxItems: Int?

    /// `items`: the schema of every element of an array.
    public var items: Schema? {
        get { itemsStorage.first }
        set { itemsStorage = newValue.map { [$0] } ?? [] }
    }

    /// Creates an empty schema (which allows everything) at a location.
    public init(location: SourceLocation, path: String) {
        self.location = location
        self.path = path
    }

    /// Whether `type` allows `null` (`[string, "null"]`, or `nullable: true` in OpenAPI 3.0).
    public var isNullable: Bool { types?.contains(.null) ?? false }

    /// `discriminator` of a `oneOf`/`anyOf`: the property whose value names the alternative, and which value
    /// names which schema (`mapping`, values to `$ref`s); a value not in the mapping names the component schema of
    /// that name. Validation gives it no meaning; a generator decodes by it.
    public struct Discriminator: Sendable, Hashable {
        /// `propertyName`.
        public var propertyName: String
        /// `mapping`, in spec order: a value and the reference it names (`#/components/schemas/Cat`).
        public var mapping: [(value: String, reference: String)]

        /// Creates a discriminator.
        public init(propertyName: String, mapping: [(value: String, reference: String)] = []) {
            self.propertyName = propertyName
            self.mapping = mapping
        }

        /// Equal property names and equal mappings, in the same order.
        public static func == (lhs: Discriminator, rhs: Discriminator) -> Bool {
            lhs.propertyName == rhs.propertyName && lhs.mapping.elementsEqual(rhs.mapping) { $0 == $1 }
        }

        /// Hashes the property name and the mapping.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(propertyName)
            for (value, reference) in mapping {
                hasher.combine(value)
                hasher.combine(reference)
            }
        }
    }

    /// `discriminator`, when the schema has one.
    public var discriminator: Discriminator?

    /// `nullable: true` written without a `type`, as in the OpenAPI 3.0 idiom `allOf: [$ref, {nullable: true}]`:
    /// validation gives it no meaning, a generator reads it as "this value may be null".
    public var isMarkedNullable = false

    /// The property named `name`, if the schema declares it.
    public func property(_ name: String) -> Property? {
        properties.first { $0.name == name }
    }
}

extension NamedSchema {
    /// The components that `allOf` each component directly (`Cat: {allOf: [{$ref: Pet}, …]}` is a child of `Pet`),
    /// by the parent's name, in spec order.
    package static func allOfChildren(of schemas: [NamedSchema]) -> [String: [String]] {
        var children: [String: [String]] = [:]
        for named in schemas {
            for member in named.schema.allOf {
                if let parent = member.ref, parent != named.name { children[parent, default: []].append(named.name) }
            }
        }
        return children
    }

    /// `parent`'s children in `children`, theirs in turn, and so on, each once, depth first in spec order (`Cat`,
    /// `Lion`, `Dog` for `Lion: {allOf: [Cat]}`). A discriminator on `parent` makes a value of it any of these:
    /// OpenAPI's own example of polymorphism, and the only one Swagger 2.0 has.
    package static func descendants(of parent: String, children: [String: [String]]) -> [String] {
        var descendants: [String] = []
        var seen: Set<String> = [parent]
        var pending = Array((children[parent] ?? []).reversed())
        while let child = pending.popLast() {
            guard seen.insert(child).inserted else { continue }
            descendants.append(child)
            pending += (children[child] ?? []).reversed()
        }
        return descendants
    }
}
