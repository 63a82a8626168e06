import APISpecCore
import Foundation

extension SchemaCompiler {
    /// Reads one schema object's keywords into `CompiledSchema.Keyword`s, checking each value's kind.
    struct Builder {
        typealias Keyword = CompiledSchema.Keyword

        let key: SchemaKey
        let node: LocatedJSON
        let base: URIReference
        let dialect: Dialect
        private(set) var keywords: [Keyword] = []

        init(key: SchemaKey, node: LocatedJSON, base: URIReference, dialect: Dialect) {
            self.key = key
            self.node = node
            self.base = base
            self.dialect = dialect
        }

        private var members: [String: LocatedJSON] { node.members }

        private func path(_ keyword: String) -> String {
            "#" + key.pointer + "/" + JSONPointer.escape(keyword)
        }

        private func childKey(_ tokens: String...) -> SchemaKey {
            SchemaKey(source: key.source, pointer: key.pointer + tokens.map { "/" + JSONPointer.escape($0) }.joined())
        }

        private func fail(_ keyword: String, _ expected: String, into compiler: inout SchemaCompiler) {
            let found = members[keyword].map { Self.describe($0.value) } ?? "nothing"
            compiler.report(
                "'\(keyword)' must be \(expected), found \(found)",
                at: members[keyword]?.location ?? node.location, path: path(keyword))
        }

        static func describe(_ value: JSON) -> String {
            switch value {
            case .null: "null"
            case .bool(let flag): flag ? "true" : "false"
            case .integer, .number: "the number \(value.jsonText)"
            case .string(let text): "the string \(JSON.string(text).jsonText)"
            case .array: "an array"
            case .object: "an object"
            }
        }

        // MARK: Values of keywords

        private func subschema(_ keyword: String, into compiler: inout SchemaCompiler) -> Int? {
            guard let value = members[keyword] else { return nil }
            switch value.value {
            case .object, .bool: return compiler.compile(childKey(keyword))
            default:
                fail(keyword, "a schema (an object or a boolean)", into: &compiler)
                return nil
            }
        }

        private func subschemaList(_ keyword: String, into compiler: inout SchemaCompiler) -> [Int]? {
            guard let value = members[keyword] else { return nil }
            guard case .array(let list) = value.value, !list.isEmpty else {
                fail(keyword, "a non-empty array of schemas", into: &compiler)
                return nil
            }
            var indices: [Int] = []
            for (index, element) in list.enumerated() {
                switch element {
                case .object, .bool: indices.append(compiler.compile(childKey(keyword, String(index))))
                default:
                    compiler.report(
                        "'\(keyword)' must list schemas, found \(Self.describe(element))",
                        at: value.elements[index].location, path: path(keyword) + "/\(index)")
                }
            }
            return indices
        }

        private func subschemaMap(_ keyword: String, into compiler: inout SchemaCompiler) -> [(String, Int)]? {
            guard let value = members[keyword] else { return nil }
            guard case .object(let map) = value.value else {
                fail(keyword, "an object of schemas", into: &compiler)
                return nil
            }
            var result: [(String, Int)] = []
            for name in map.keys.sorted() {
                switch map[name] {
                case .object?, .bool?: result.append((name, compiler.compile(childKey(keyword, name))))
                default:
                    compiler.report(
                        "'\(keyword)' must map names to schemas; '\(name)' is not a schema",
                        at: value.members[name]?.location ?? value.location, path: path(keyword))
                }
            }
            return result
        }

        private func number(_ keyword: String, into compiler: inout SchemaCompiler) -> JSON? {
            guard let value = members[keyword] else { return nil }
            switch value.value {
            case .integer, .number: return value.value
            default:
                fail(keyword, "a number", into: &compiler)
                return nil
            }
        }

        private func count(_ keyword: String, into compiler: inout SchemaCompiler) -> Int? {
            guard let value = members[keyword] else { return nil }
            switch value.value {
            case .integer(let integer) where integer >= 0: return Int(clamping: integer)
            case .number(let double) where double >= 0 && double.rounded() == double:
                return double < 1e18 ? Int(double) : Int.max
            default:
                fail(keyword, "a non-negative integer", into: &compiler)
                return nil
            }
        }

        private func strings(
            _ value: LocatedJSON, _ keyword: String, null: String? = nil, into compiler: inout SchemaCompiler
        ) -> [String]? {
            guard case .array(let list) = value.value else {
                compiler.report(
                    "'\(keyword)' must be an array of strings, found \(Self.describe(value.value))", at: value.location,
                    path: path(keyword))
                return nil
            }
            var result: [String] = []
            for (index, element) in list.enumerated() {
                if element == .null, let null {
                    result.append(null)
                    continue
                }
                guard case .string(let text) = element else {
                    compiler.report(
                        "'\(keyword)' must list strings, found \(Self.describe(element))",
                        at: value.elements[index].location, path: path(keyword))
                    continue
                }
                result.append(text)
            }
            return result
        }

        private func regularExpression(_ value: LocatedJSON, _ keyword: String, into compiler: inout SchemaCompiler)
            -> SchemaPattern?
        {
            guard case .string(let pattern) = value.value else {
                compiler.report(
                    "'\(keyword)' must be a regular expression string, found \(Self.describe(value.value))",
                    at: value.location, path: path(keyword))
                return nil
            }
            return compiler.regularExpression(pattern, at: value.location, path: path(keyword))
        }

        // MARK: Building

        mutating func build(into compiler: inout SchemaCompiler) {
            switch node.value {
            case .bool(true): return
            case .bool(false):
                keywords = [.never]
                return
            case .object: break
            default:
                compiler.report(
                    "a schema must be an object or a boolean, found \(Self.describe(node.value))", at: node.location,
                    path: "#" + key.pointer)
                return
            }
            buildReferences(into: &compiler)
            // In OpenAPI 3.0 a Reference Object replaces the schema: its siblings are ignored.
            if dialect.openAPI30, members["$ref"] != nil { return }
            if dialect.validation { buildAssertions(into: &compiler) }
            // `format` belongs to the format vocabularies, not to validation.
            if case .string(let name)? = members["format"]?.value, let format = CompiledSchema.Format(rawValue: name) {
                keywords.append(.format(format, asserted: dialect.formatAssertion))
            }
            if dialect.applicator { buildApplicators(into: &compiler) }
            if dialect.unevaluated {
                if let schema = subschema("unevaluatedItems", into: &compiler) {
                    keywords.append(.unevaluatedItems(schema))
                }
                if let schema = subschema("unevaluatedProperties", into: &compiler) {
                    keywords.append(.unevaluatedProperties(schema))
                }
            }
        }

        private mutating func buildReferences(into compiler: inout SchemaCompiler) {
            if let value = members["$ref"] {
                if case .string(let reference) = value.value {
                    if let target = compiler.resolve(reference, base: base, at: value.location, path: path("$ref")) {
                        keywords.append(.ref(compiler.compile(target)))
                    }
                } else {
                    fail("$ref", "a URI reference string", into: &compiler)
                }
            }
            if let value = members["$dynamicRef"] {
                guard case .string(let reference) = value.value else {
                    fail("$dynamicRef", "a URI reference string", into: &compiler)
                    return
                }
                guard
                    let target = compiler.resolve(reference, base: base, at: value.location, path: path("$dynamicRef"))
                else { return }
                // Dynamic only when the fragment is an anchor name that the first target declares as dynamic.
                let fragment = URIReference(reference).fragment ?? ""
                var anchor: String?
                if !fragment.isEmpty, !fragment.hasPrefix("/"),
                    case .string(fragment)? = compiler.node(at: target)?.members["$dynamicAnchor"]?.value
                {
                    anchor = fragment
                }
                keywords.append(.dynamicRef(target: compiler.compile(target), anchor: anchor))
            }
        }

        private mutating func buildAssertions(into compiler: inout SchemaCompiler) {
            if let value = members["type"] {
                var names: [String]?
                switch value.value {
                case .string(let name): names = [name]
                case .array: names = strings(value, "type", null: dialect.nullTypeName ? "null" : nil, into: &compiler)
                default: fail("type", "a type name or an array of them", into: &compiler)
                }
                var types: [JSONType] = []
                for name in names ?? [] {
                    guard let type = JSONType(rawValue: name) else {
                        let hint = Suggestion.hint(for: name, among: JSONType.allCases.map(\.rawValue))
                        compiler.report("unknown type '\(name)'\(hint)", at: value.location, path: path("type"))
                        continue
                    }
                    types.append(type)
                }
                if dialect.openAPI30, case .bool(true)? = members["nullable"]?.value { types.append(.null) }
                if names != nil { keywords.append(.type(CompiledSchema.TypeSet(types: types))) }
            }
            if let value = members["enum"] {
                if case .array(let values) = value.value {
                    keywords.append(.enumeration(values))
                } else {
                    fail("enum", "an array", into: &compiler)
                }
            }
            if let value = members["const"] { keywords.append(.constant(value.value)) }
            buildNumberAssertions(into: &compiler)
            if let minimum = count("minLength", into: &compiler) { keywords.append(.minLength(minimum)) }
            if let maximum = count("maxLength", into: &compiler) { keywords.append(.maxLength(maximum)) }
            if let value = members["pattern"], let pattern = regularExpression(value, "pattern", into: &compiler) {
                keywords.append(.pattern(pattern))
            }
            if let minimum = count("minItems", into: &compiler) { keywords.append(.minItems(minimum)) }
            if let maximum = count("maxItems", into: &compiler) { keywords.append(.maxItems(maximum)) }
            if let value = members["uniqueItems"] {
                if case .bool(let unique) = value.value {
                    if unique { keywords.append(.uniqueItems) }
                } else {
                    fail("uniqueItems", "true or false", into: &compiler)
                }
            }
            if let minimum = count("minProperties", into: &compiler) { keywords.append(.minProperties(minimum)) }
            if let maximum = count("maxProperties", into: &compiler) { keywords.append(.maxProperties(maximum)) }
            if let value = members["required"], let names = strings(value, "required", into: &compiler) {
                keywords.append(.required(names))
            }
            // Draft 7's `dependencies`, which 2020-12 split in two: lists are `dependentRequired`.
            if case .object(let dependencies)? = members["dependencies"]?.value {
                let lists = dependencies.keys.sorted().compactMap { name -> (property: String, requires: [String])? in
                    guard case .array(let names)? = dependencies[name] else { return nil }
                    return (name, names.compactMap { if case .string(let text) = $0 { text } else { nil } })
                }
                if !lists.isEmpty { keywords.append(.dependentRequired(lists)) }
            }
            if let value = members["dependentRequired"] {
                guard case .object = value.value else {
                    fail("dependentRequired", "an object of string arrays", into: &compiler)
                    return
                }
                let dependencies = value.members.keys.sorted().compactMap { name in
                    value.members[name].flatMap { strings($0, "dependentRequired", into: &compiler) }.map {
                        (property: name, requires: $0)
                    }
                }
                keywords.append(.dependentRequired(dependencies))
            }
        }

        private mutating func buildNumberAssertions(into compiler: inout SchemaCompiler) {
            if let divisor = number("multipleOf", into: &compiler) {
                if divisor.isPositive, let decimal = DecimalNumber(divisor) {
                    keywords.append(.multipleOf(decimal, text: divisor.jsonText))
                } else {
                    fail("multipleOf", "a number greater than 0", into: &compiler)
                }
            }
            var minimum = number("minimum", into: &compiler).map { (bound: $0, exclusive: false) }
            var maximum = number("maximum", into: &compiler).map { (bound: $0, exclusive: false) }
            var exclusiveMinimum: JSON?
            var exclusiveMaximum: JSON?
            if dialect.openAPI30, case .bool(let exclusive)? = members["exclusiveMinimum"]?.value {
                // OpenAPI 3.0 (draft 4): a boolean that makes `minimum` exclusive.
                minimum?.exclusive = exclusive
            } else {
                exclusiveMinimum = number("exclusiveMinimum", into: &compiler)
            }
            if dialect.openAPI30, case .bool(let exclusive)? = members["exclusiveMaximum"]?.value {
                maximum?.exclusive = exclusive
            } else {
                exclusiveMaximum = number("exclusiveMaximum", into: &compiler)
            }
            if let minimum { keywords.append(.minimum(minimum.bound, exclusive: minimum.exclusive)) }
            if let maximum { keywords.append(.maximum(maximum.bound, exclusive: maximum.exclusive)) }
            if let exclusiveMinimum { keywords.append(.minimum(exclusiveMinimum, exclusive: true)) }
            if let exclusiveMaximum { keywords.append(.maximum(exclusiveMaximum, exclusive: true)) }
        }

        private mutating func buildApplicators(into compiler: inout SchemaCompiler) {
            var known: Set<String> = []
            var propertyPatterns: [SchemaPattern] = []
            if let properties = subschemaMap("properties", into: &compiler) {
                known = Set(properties.map(\.0))
                keywords.append(.properties(PropertyTable(properties)))
            }
            if let value = members["patternProperties"],
                let schemas = subschemaMap("patternProperties", into: &compiler)
            {
                var entries: [(pattern: SchemaPattern, schema: Int)] = []
                for (pattern, schema) in schemas {
                    let location = value.members[pattern]?.location ?? value.location
                    guard
                        let compiled = compiler.regularExpression(
                            pattern, at: location, path: path("patternProperties"))
                    else { continue }
                    entries.append((compiled, schema))
                    propertyPatterns.append(compiled)
                }
                keywords.append(.patternProperties(entries))
            }
            if let schema = subschema("additionalProperties", into: &compiler) {
                keywords.append(.additionalProperties(schema, known: known, patterns: propertyPatterns))
            }
            if let schema = subschema("propertyNames", into: &compiler) { keywords.append(.propertyNames(schema)) }
            if let dependencies = members["dependencies"], case .object(let map) = dependencies.value {
                // Draft 7's `dependencies`: schemas are `dependentSchemas`.
                var schemas: [(property: String, schema: Int)] = []
                for name in map.keys.sorted() {
                    switch map[name] {
                    case .object?, .bool?: schemas.append((name, compiler.compile(childKey("dependencies", name))))
                    default: break
                    }
                }
                if !schemas.isEmpty { keywords.append(.dependentSchemas(schemas)) }
            }
            if let dependent = subschemaMap("dependentSchemas", into: &compiler) {
                keywords.append(.dependentSchemas(dependent.map { (property: $0.0, schema: $0.1) }))
            }
            var prefixCount = 0
            if dialect.legacyItems {
                if case .array? = members["items"]?.value, let prefix = subschemaList("items", into: &compiler) {
                    keywords.append(.prefixItems(prefix))
                    if let schema = subschema("additionalItems", into: &compiler) {
                        keywords.append(.items(schema, start: prefix.count))
                    }
                } else if let schema = subschema("items", into: &compiler) {
                    keywords.append(.items(schema, start: 0))
                }
            } else if let prefix = subschemaList("prefixItems", into: &compiler) {
                prefixCount = prefix.count
                keywords.append(.prefixItems(prefix))
            }
            if !dialect.legacyItems, let items = members["items"] {
                if case .array = items.value {
                    compiler.report(
                        "'items' must be one schema in JSON Schema 2020-12; a list of schemas is 'prefixItems'",
                        at: items.location, path: path("items"))
                } else if let schema = subschema("items", into: &compiler) {
                    keywords.append(.items(schema, start: prefixCount))
                }
            }
            if let schema = subschema("contains", into: &compiler) {
                let minimum = dialect.validation ? count("minContains", into: &compiler) ?? 1 : 1
                let maximum = dialect.validation ? count("maxContains", into: &compiler) : nil
                keywords.append(.contains(schema, minimum: minimum, maximum: maximum))
            }
            if let all = subschemaList("allOf", into: &compiler) { keywords.append(.allOf(all)) }
            if let any = subschemaList("anyOf", into: &compiler) { keywords.append(.anyOf(any)) }
            if let one = subschemaList("oneOf", into: &compiler) { keywords.append(.oneOf(one)) }
            if let schema = subschema("not", into: &compiler) { keywords.append(.not(schema)) }
            if let condition = subschema("if", into: &compiler) {
                let then = subschema("then", into: &compiler)
                let otherwise = subschema("else", into: &compiler)
                // Even alone, `if` matters: `unevaluated*` sees what it evaluated when the value passes it.
                keywords.append(.conditional(condition: condition, then: then, otherwise: otherwise))
            } else {
                // `then` and `else` without `if` do nothing, but their references must still resolve.
                _ = subschema("then", into: &compiler)
                _ = subschema("else", into: &compiler)
            }
        }
    }
}

extension JSON {
    /// Whether the value is a number greater than zero.
    var isPositive: Bool {
        switch self {
        case .integer(let value): value > 0
        case .number(let value): value > 0
        default: false
        }
    }
}
