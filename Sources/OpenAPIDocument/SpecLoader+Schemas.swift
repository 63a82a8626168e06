import APISpecCore
import Foundation

/// Schemas: every keyword, with what the generator types and what only the validator checks.
extension SpecLoader {
    /// Keywords whose meaning `Schema` does not model: the validator checks them, and the generator falls back to a
    /// JSON value type where one appears (with a warning), because no Swift type it writes would say the same.
    mutating func readDiscriminator(_ node: SpecNode) throws -> Schema.Discriminator? {
        var propertyName: String?
        var mapping: [(value: String, reference: String)] = []
        for entry in try entries(node, of: "'discriminator'") ?? [] {
            switch entry.key {
            case "propertyName": propertyName = string(entry.value, of: "'propertyName'")
            case "mapping":
                for pair in try entries(entry.value, of: "'mapping'") ?? [] {
                    guard let reference = string(pair.value, of: "a mapping's value") else { continue }
                    // A bare name (`Cat`) stands for the component of that name.
                    mapping.append(
                        (pair.key, reference.contains("/") ? reference : "#/components/schemas/" + reference))
                }
            default:
                if !entry.key.hasPrefix("x-") {
                    warning(
                        "unknown key '\(entry.key)' in a discriminator is ignored", at: entry.keyLocation,
                        path: entry.value.pathString)
                }
            }
        }
        guard let propertyName else {
            error("a discriminator needs a 'propertyName'", at: node)
            return nil
        }
        return Schema.Discriminator(propertyName: propertyName, mapping: mapping)
    }

    /// Keywords that can make the schema's other keywords mean something else (`prefixItems` takes the first
    /// elements from `items`, `patternProperties` names from `additionalProperties`), or add properties under a
    /// condition that a struct of the other keywords would drop (`then`, `dependentSchemas`): the value is kept
    /// whole as a `JSONValue`.
    static let untypedKeywords: Set<String> = [
        "if", "then", "else", "prefixItems", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems",
        "$dynamicRef",
    ]

    /// Assertions that constrain values without changing their Swift type: the validator checks them. `not`,
    /// `contains` and `propertyNames` only rule values out (a map's keys, an element that must be there), so the
    /// type the other keywords give holds every value they allow.
    static let assertionKeywords: Set<String> = [
        "minItems", "maxItems", "uniqueItems", "multipleOf", "minProperties", "maxProperties", "minContains",
        "maxContains", "dependentRequired", "not", "contains", "propertyNames",
    ]

    /// Annotations and keywords without meaning for types.
    static let annotationKeywords: Set<String> = [
        "title", "example", "examples", "externalDocs", "xml", "$comment",
        "contentMediaType", "contentEncoding", "contentSchema", "$schema", "$id", "$anchor", "$dynamicAnchor", "$defs",
        "definitions", "$vocabulary",
    ]

    static let schemaKeywords: [String] = [
        "type", "properties", "required", "additionalProperties", "patternProperties", "items", "enum", "const",
        "format", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "allOf", "oneOf", "anyOf", "description", "default", "deprecated", "$ref", "nullable", "discriminator",
        "readOnly", "writeOnly",
    ]

    /// The schema at `node`. An `allOf` member (`isAllOfMember`) may require properties its siblings declare.
    mutating func readSchema(_ node: SpecNode, depth: Int, isAllOfMember: Bool = false) throws -> Schema {
        var schema = Schema(location: node.location, path: node.pathString)
        if depth > Limits.maximumSchemaDepth {
            error(
                "schemas nest more than \(Limits.maximumSchemaDepth) levels deep here; split them into components",
                at: node)
            throw LimitReached()
        }
        if let value = booleanSchema(node) {
            // `true` allows everything; `false` allows nothing, which an empty enum expresses.
            if !value { schema.enumValues = [] }
            return schema
        }
        if case .scalar(let scalar) = node.node, let type = JSONType(rawValue: scalar.text) {
            // A type's name where a schema goes (`additionalProperties: "object"`, in Kubernetes' test specs, which
            // Go's readers take): read as that type, with a warning.
            warning(
                "a schema is a mapping or a boolean, not '\(scalar.text)'; it is read as {type: \(scalar.text)}",
                at: node)
            schema.types = [type]
            return schema
        }
        guard let fields = try entries(node, of: "a schema", following: false) else { return schema }
        // Below an `$id`, relative references resolve against it (JSON Schema), not against the spec's files.
        let hasID = !isOpenAPI30 && fields.contains { $0.key == "$id" && $0.value.scalar != nil }
        if hasID { schemaIDScopes += 1 }
        defer { if hasID { schemaIDScopes -= 1 } }
        var nullable = false
        for entry in fields {
            let value = entry.value
            switch entry.key {
            case "$ref":
                guard let written = string(value, of: "'$ref'") else { break }
                var reference = localReference(written, inFile: node.file)
                if let pointer = try anchorAsPointer(reference, at: value, dynamic: false) { reference = pointer }
                let prefix = "#/components/schemas/"
                if node.file == 0, reference.hasPrefix(prefix), !reference.dropFirst(prefix.count).contains("/") {
                    schema.ref = resolveSchemaReference(reference, at: value)
                } else if schemaIDScopes == 0, Self.isFollowable(reference) {
                    // Another file, or another place: a schema of its own name.
                    schema.ref = try schemaName(forReference: reference, at: value)
                } else {
                    // A URI the validator resolves against an `$id`, an anchor declared twice or nowhere, a URL: the
                    // generator has no name for it, and the validator says whether it resolves.
                    schema.untypedKeywords["$ref"] = entry.keyLocation
                }
            case "$dynamicRef":
                // Read as a `$ref` where the spec's one schema resource declares the name (a recursive schema's
                // usual `$dynamicAnchor: node`); elsewhere the dynamic scope decides, which no Swift type follows.
                if schema.ref == nil, let written = value.scalar,
                    let reference = try anchorAsPointer(written, at: value, dynamic: true)
                {
                    schema.ref = try schemaName(forReference: reference, at: value)
                } else {
                    schema.untypedKeywords[entry.key] = entry.keyLocation
                }
            case "type":
                schema.types = try readTypes(value)
                // Swagger 2.0's `type: file`, read as the string of bytes OpenAPI 3 writes for it.
                if value.scalar == "file", schema.format == nil { schema.format = "binary" }
            case "properties":
                for property in try entries(value, of: "'properties'", following: false) ?? [] {
                    let propertySchema = try readSchema(property.value, depth: depth + 1)
                    schema.properties.append(
                        Schema.Property(name: property.key, schema: propertySchema, location: property.keyLocation))
                }
            case "patternProperties":
                for entry in try entries(value, of: "'patternProperties'", following: false) ?? [] {
                    schema.patternProperties.append(
                        Schema.PatternProperty(
                            pattern: entry.key, schema: try readSchema(entry.value, depth: depth + 1),
                            location: entry.keyLocation))
                }
            case "required":
                if let names = value.node.sequence {
                    // A name that is not a string (`- allOf: [a, b]`) names no property: a warning, and the rest.
                    for (index, name) in names.enumerated() {
                        if case .scalar(let scalar) = name {
                            schema.required.append(scalar.text)
                        } else {
                            let element = try child(name, of: value, String(index))
                            warning(
                                "'required' lists the names of properties, found \(describe(element)); it is ignored",
                                at: element)
                        }
                    }
                } else {
                    // `required: true` on a property is Swagger 2.0's and JSON Schema draft 3's way; other tools
                    // read past it, and leaving it out only makes the property optional, which decodes either way.
                    warning(
                        "'required' is a list of the names of required properties, found \(describe(value)); it is "
                            + "ignored, so the properties it meant are optional",
                        at: entry.keyLocation, path: value.pathString)
                }
            case "additionalProperties":
                schema.writesAdditionalProperties = true
                if let allowed = booleanSchema(value) {
                    schema.additionalProperties = allowed ? .allowed : .forbidden
                } else {
                    schema.additionalProperties = .schema(try readSchema(value, depth: depth + 1))
                }
            case "items" where value.node.sequence == nil:
                schema.items = try readSchema(value, depth: depth + 1)
            case "items", "prefixItems":
                if entry.key == "items" {
                    // JSON Schema draft 4's tuple form, which OpenAPI 3.0 did not allow either: read as what 2020-12
                    // calls it.
                    warning(
                        "'items' takes one schema; a list of schemas is JSON Schema draft 4's tuple, which 2020-12 "
                            + "writes 'prefixItems', and it is read as 'prefixItems'",
                        at: entry.keyLocation, path: value.pathString)
                }
                // No plain array type says it, so it stays among the untyped keywords; a generator may make a tuple
                // of the schemas.
                schema.untypedKeywords["prefixItems"] = entry.keyLocation
                if value.node.sequence != nil {
                    schema.prefixItems =
                        try elements(value, of: "'\(entry.key)'", following: false)?.map {
                            try readSchema($0, depth: depth + 1)
                        } ?? []
                }
            // Read for tuples only, and only as written well: the validator says what is wrong with the rest.
            case "minItems", "maxItems":
                guard case .integer(let count) = scalarValue(value), count >= 0, let bound = Int(exactly: count) else {
                    break
                }
                if entry.key == "minItems" { schema.minItems = bound } else { schema.maxItems = bound }
            case "enum":
                if let values = try elements(value, of: "'enum'", following: false) {
                    schema.enumValues = try values.map { try jsonValue($0) }
                }
            case "const": schema.constValue = try jsonValue(value)
            case "format": schema.format = string(value, of: "'format'")
            case "minLength": schema.minLength = nonNegativeInt(value, of: "'minLength'")
            case "maxLength": schema.maxLength = nonNegativeInt(value, of: "'maxLength'")
            case "pattern":
                if let pattern = string(value, of: "'pattern'") {
                    if (try? NSRegularExpression(pattern: pattern)) == nil {
                        // Often another language's dialect (Python's `(?P<name>…)`): no generated code depends on
                        // it, so the spec still generates, without the pattern.
                        warning(
                            "'pattern' is not a regular expression this tool reads, so it is not used: \(pattern)",
                            at: value)
                    } else {
                        schema.pattern = pattern
                    }
                }
            case "minimum": schema.minimum = number(value, of: "'minimum'")
            case "maximum": schema.maximum = number(value, of: "'maximum'")
            case "exclusiveMinimum", "exclusiveMaximum":
                // OpenAPI 3.0 writes these as booleans that modify minimum/maximum.
                if isOpenAPI30, case .bool(let exclusive) = scalarValue(value) {
                    if exclusive, entry.key == "exclusiveMinimum" {
                        schema.exclusiveMinimum = fields.first { $0.key == "minimum" }.flatMap {
                            number($0.value, of: "'minimum'")
                        }
                        schema.minimum = nil
                    } else if exclusive {
                        schema.exclusiveMaximum = fields.first { $0.key == "maximum" }.flatMap {
                            number($0.value, of: "'maximum'")
                        }
                        schema.maximum = nil
                    }
                } else if entry.key == "exclusiveMinimum" {
                    schema.exclusiveMinimum = number(value, of: "'exclusiveMinimum'")
                } else {
                    schema.exclusiveMaximum = number(value, of: "'exclusiveMaximum'")
                }
            case "allOf": schema.allOf = try readSubschemas(value, of: "'allOf'", depth: depth, areAllOfMembers: true)
            case "oneOf": schema.oneOf = try readSubschemas(value, of: "'oneOf'", depth: depth)
            case "anyOf": schema.anyOf = try readSubschemas(value, of: "'anyOf'", depth: depth)
            case "description": schema.description = string(value, of: "'description'")
            case "title": schema.title = string(value, of: "'title'")
            case "default": schema.defaultValue = try jsonValue(value)
            case "deprecated": schema.deprecated = bool(value, of: "'deprecated'") ?? false
            case "readOnly": schema.readOnly = bool(value, of: "'readOnly'") ?? false
            case "writeOnly": schema.writeOnly = bool(value, of: "'writeOnly'") ?? false
            case "discriminator": schema.discriminator = try readDiscriminator(value)
            case "nullable":
                if isOpenAPI30 {
                    nullable = bool(value, of: "'nullable'") ?? false
                } else {
                    // JSON Schema validation ignores it in 3.1; the generator still honours the author's intent.
                    nullable = bool(value, of: "'nullable'") ?? false
                    warning(
                        "'nullable' is OpenAPI 3.0 and validation ignores it in 3.1; "
                            + "write the type as a list with \"null\", e.g. type: [string, \"null\"]",
                        at: entry.keyLocation, path: value.pathString)
                }
            default:
                if entry.key.hasPrefix("x-") {
                    schema.extensions[entry.key] = try jsonValue(value)
                    schema.extensionLocations[entry.key] = value.location
                } else if Self.untypedKeywords.contains(entry.key) {
                    // `unevaluatedProperties: false` only rules values out, as `additionalProperties: false` does,
                    // and `true` allows what the other keywords allow: either keeps their type. A schema there
                    // constrains members the other keywords leave unsaid, which no struct says.
                    if entry.key.hasPrefix("unevaluated"), case .bool = scalarValue(value) { continue }
                    schema.untypedKeywords[entry.key] = entry.keyLocation
                } else if !Self.annotationKeywords.contains(entry.key) && !Self.assertionKeywords.contains(entry.key) {
                    let suggestion = hint(
                        for: entry.key,
                        among: Self.schemaKeywords + Self.assertionKeywords.sorted() + Self.untypedKeywords.sorted())
                    warning(
                        "unknown keyword '\(entry.key)' is ignored\(suggestion)", at: entry.keyLocation,
                        path: value.pathString)
                }
            }
        }
        // Whatever names it (`$ref`, a `$dynamicRef` read as one), the schema referred to is used.
        if let name = schema.ref { referencedSchemas.insert(name) }
        if nullable, var types = schema.types, !types.contains(.null) {
            types.append(.null)
            schema.types = types
        } else if nullable, schema.types == nil {
            schema.isMarkedNullable = true
        }
        let propertyNames = Set(schema.properties.map(\.name))
        for name in schema.required
        where !schema.properties.isEmpty && !propertyNames.contains(name) && schema.ref == nil && schema.allOf.isEmpty
            && !isAllOfMember
        {
            let suggestion = hint(for: name, among: schema.properties.map(\.name))
            warning("required property '\(name)' is not among the schema's properties\(suggestion)", at: node)
        }
        return schema
    }

    /// Whether the loader follows a schema's `$ref` itself: a JSON pointer in this file (`#/…`) or a file under the
    /// spec's directory, with or without one. URLs are the validator's; an anchor (`#node`) is followed once
    /// `anchorAsPointer` has turned it into the pointer of its place.
    static func isFollowable(_ reference: String) -> Bool {
        let hash = reference.firstIndex(of: "#")
        let fragment = hash.map { reference[reference.index(after: $0)...] } ?? ""
        guard fragment.isEmpty || fragment.hasPrefix("/") else { return false }
        let filePart = reference[..<(hash ?? reference.endIndex)]
        return filePart.isEmpty || URIReference(String(filePart)).scheme == nil
    }

    mutating func readSubschemas(_ node: SpecNode, of what: String, depth: Int, areAllOfMembers: Bool = false) throws
        -> [Schema]
    {
        let members = try elements(node, of: what, following: false) ?? []
        if members.isEmpty && node.node.sequence != nil {
            error("\(what) needs at least one schema", at: node)
        }
        return try members.map { try readSchema($0, depth: depth + 1, isAllOfMember: areAllOfMembers) }
    }

    mutating func readTypes(_ node: SpecNode) throws -> [JSONType]? {
        let names: [SpecNode]
        if node.node.sequence != nil {
            names = try elements(node, of: "'type'") ?? []
            if names.isEmpty {
                error("'type' needs at least one type", at: node)
                return nil
            }
        } else {
            names = [node]
        }
        var types: [JSONType] = []
        for nameNode in names {
            guard let name = string(nameNode, of: "'type'") else { continue }
            if name == "file" && node.node.sequence == nil {
                warning(
                    "type 'file' is Swagger 2.0's; OpenAPI 3 writes 'type: string, format: binary', and it is read "
                        + "so", at: nameNode)
                return [.string]
            }
            guard let type = JSONType(rawValue: name) else {
                let known = JSONType.allCases.map(\.rawValue)
                let list = "the types are object, array, string, integer, number, boolean and null"
                if Suggestion.closest(to: name, among: known) != nil {
                    // A misspelt type (`strng`, `Integer`): generating for any value would hide the mistake.
                    error("unknown type '\(name)'\(hint(for: name, among: known)); \(list)", at: nameNode)
                    return nil
                }
                // A type of another vocabulary (mlserver's `bytes`, Python's `int`), which other tools generate
                // from. Leaving out only this name would narrow a list of types, so the whole 'type' goes.
                warning("unknown type '\(name)' is ignored, so the schema allows any value; \(list)", at: nameNode)
                return nil
            }
            if types.contains(type) {
                warning("type '\(name)' is listed twice", at: nameNode)
            } else {
                types.append(type)
            }
        }
        return types.isEmpty ? nil : types
    }

    /// The value of a boolean schema (`true`, `false`), also written as a string (`"false"`, with a warning); nil
    /// for any other node.
    mutating func booleanSchema(_ node: SpecNode) -> Bool? {
        guard case .scalar(let scalar) = node.node else { return nil }
        if case .bool(let value) = scalarValue(node) { return value }
        guard !scalar.isPlain, scalar.text == "true" || scalar.text == "false" else { return nil }
        warning("a schema is a boolean, not the string '\(scalar.text)'; it is read as \(scalar.text)", at: node)
        return scalar.text == "true"
    }

    /// The component a `#/components/schemas/<name>` reference names, or nil with an error when there is none.
    mutating func resolveSchemaReference(_ reference: String, at node: SpecNode) -> String? {
        let prefix = "#/components/schemas/"
        let name = Self.unescapePointer(String(reference.dropFirst(prefix.count)))
        guard schemaNameSet.contains(name) else {
            let names = schemaNames  // copied, not read while `hint` mutates self
            if let variant = caseVariant(of: name, among: names, reference: reference, at: node) { return variant }
            error(
                "unresolved reference '\(writtenReference(reference, inFile: node.file))'"
                    + hint(for: name, among: names), at: node)
            return nil
        }
        return name
    }

    /// The one name among `names` that differs from `name` only in case (`#/definitions/Error` where the spec defines
    /// `error`), read as the one meant with a warning; nil when there is none or more than one.
    mutating func caseVariant(of name: String, among names: [String], reference: String, at node: SpecNode) -> String? {
        let folded = name.lowercased()
        var variants = names.lazy.filter { $0.lowercased() == folded }.prefix(2).makeIterator()
        guard let variant = variants.next(), variants.next() == nil else { return nil }
        warning(
            "'\(writtenReference(reference, inFile: node.file))' names nothing; it is read as '\(variant)', the one "
                + "name that differs from '\(name)' only in case", at: node)
        return variant
    }
}
