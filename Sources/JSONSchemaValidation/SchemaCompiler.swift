import APISpecCore
import Foundation

/// A schema's place: which source document, and the JSON pointer inside it (escaped, `""` for the root).
package struct SchemaKey: Hashable, Sendable {
    package var source: Int
    package var pointer: String

    package init(source: Int, pointer: String) {
        self.source = source
        self.pointer = pointer
    }
}

/// A schema resource: a document's root, or a schema with an `$id`, and what `$dynamicRef` needs of it.
struct SchemaResource: Sendable {
    var uri: String
    var key: SchemaKey
    var parent: Int?
    /// `$schema` of the resource's root, if it says.
    var metaschema: String?
    /// `$dynamicAnchor` name → the schema that declares it.
    var dynamicAnchors: [String: SchemaKey] = [:]
}

/// One document the validator reads: a JSON Schema, or a document that holds schemas at known places (an API
/// description; which places those are is for its caller to say).
package struct SchemaSource: Sendable {
    package var uri: URIReference
    package var root: LocatedJSON
    /// The pointers of the schemas the document holds, in the order they are compiled; nil when the document is
    /// itself a schema.
    package var embeddedSchemas: [String]?
    /// Whether the schemas are OpenAPI 3.0 Schema Objects, an extended subset of JSON Schema draft 5 without `$id`:
    /// `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and a `$ref` that replaces its siblings.
    package var isOpenAPI30: Bool
    /// What schema paths of this document start with in messages: `""` for the spec itself, else its URI.
    package var pathPrefix: String
    /// Whether the document is (part of) an API description written in YAML by people, which reads `null` in a
    /// `type` list (`type: [string, null]`, YAML's null where `"null"` was meant) as the null type, as other tools do.
    package var isAPIDescription: Bool
    /// Whether the document's schemas are compiled only when a reference leads to them (a registered document: it
    /// may hold references that resolve to nothing, which matter only when used).
    package var isLazy: Bool

    package init(
        uri: URIReference, root: LocatedJSON, embeddedSchemas: [String]? = nil, isOpenAPI30: Bool = false,
        pathPrefix: String, isAPIDescription: Bool = false, isLazy: Bool = false
    ) {
        self.isLazy = isLazy
        self.uri = uri
        self.root = root
        self.embeddedSchemas = embeddedSchemas
        self.isOpenAPI30 = isOpenAPI30
        self.pathPrefix = pathPrefix
        self.isAPIDescription = isAPIDescription
    }
}

/// Finds every schema, resource and anchor of a set of documents, then compiles every schema into
/// `CompiledSchema`s, reporting what makes a schema unusable (a `$ref` that resolves to nothing, an invalid
/// regular expression, a keyword with a value of the wrong kind) as located diagnostics.
package struct SchemaCompiler {
    package private(set) var sources: [SchemaSource] = []
    private(set) var resources: [SchemaResource] = []
    private(set) var resourceByURI: [String: Int] = [:]
    private(set) var anchors: [String: SchemaKey] = [:]
    private var contexts: [SchemaKey: (base: URIReference, resource: Int)] = [:]
    /// The schemas the walk found, so that compiling one needs no pointer lookup from the root.
    package private(set) var walkedNodes: [SchemaKey: LocatedJSON] = [:]
    /// `$ref` values already resolved, by base URI and reference.
    private var resolvedReferences: [String: SchemaKey] = [:]
    /// Every schema found, in the order found.
    package private(set) var walkOrder: [SchemaKey] = []
    private(set) var compiledIndex: [SchemaKey: Int] = [:]
    private(set) var schemas: [CompiledSchema] = []
    private(set) var diagnostics: [Diagnostic] = []
    private var dialects: [Int: Dialect] = [:]
    private var patterns: [String: SchemaPattern] = [:]
    /// Schemas that have an index but no keywords yet, and whether `compile` is building them.
    private var unbuilt: [(index: Int, key: SchemaKey, node: LocatedJSON, base: URIReference)] = []
    private var building = false
    /// The "did you mean" hints this compilation may still give.
    private var hints = Suggestion.Budget()

    /// The vocabularies in force for a schema, from its resource's `$schema`.
    struct Dialect {
        var validation = true
        var applicator = true
        var unevaluated = true
        var formatAssertion = false
        var openAPI30 = false
        /// `null` in a `type` list is the null type (see `SchemaSource.isAPIDescription`).
        var nullTypeName = false
        /// A schema of draft 2019-09 or earlier (by its `$schema`): `items` may be a list (what `prefixItems` is
        /// now), `additionalItems` applies after it, and `prefixItems` is no keyword.
        var legacyItems = false
    }

    /// The meta-schemas of drafts before 2020-12, whose `items` keyword had two forms.
    static let legacyMetaschemas: Set<String> = [
        "https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-07/schema",
        "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-04/schema",
    ]

    package init() {}

    // MARK: - Finding schemas

    /// Adds a document and walks it for schemas, `$id`s and anchors.
    package mutating func add(_ source: SchemaSource) {
        let index = sources.count
        sources.append(source)
        let uri = source.uri.withoutFragment
        let root = SchemaKey(source: index, pointer: "")
        let resource = addResource(uri: uri.text, key: root, parent: nil, at: source.root.location)
        guard let embedded = source.embeddedSchemas else {
            walkSchema(source.root, key: root, base: uri, resource: resource)
            return
        }
        contexts[root] = (uri, resource)
        for pointer in embedded {
            guard let node = source.root.descendant(JSONPointer.tokens(pointer)) else { continue }
            walkSchema(node, key: SchemaKey(source: index, pointer: pointer), base: uri, resource: resource)
        }
    }

    /// Adds the registry's JSON documents, each by the first of its URIs and known by all of them, except those
    /// already added (by a URI in `except`, or a resource of that URI).
    package mutating func addRegistered(_ registry: SchemaRegistry, except: Set<String>) {
        for (uris, entry) in registry.allDocuments {
            let byURI = resourceByURI
            if let known = uris.lazy.compactMap({ byURI[$0] }).first {
                for uri in uris where resourceByURI[uri] == nil { resourceByURI[uri] = known }
                continue
            }
            if uris.contains(where: except.contains) { continue }
            guard let first = uris.first, let json = try? JSON.parse(entry.data) else { continue }
            add(
                SchemaSource(
                    uri: URIReference(first), root: LocatedJSON(json, file: entry.displayName), pathPrefix: first,
                    isLazy: true))
            guard let resource = resourceByURI[first] else { continue }
            for uri in uris.dropFirst() where resourceByURI[uri] == nil { resourceByURI[uri] = resource }
        }
    }

    private mutating func addResource(uri: String, key: SchemaKey, parent: Int?, at location: SourceLocation) -> Int {
        if let existing = resourceByURI[uri] {
            // A registered document is used as far as it can be: the first of two resources of one URI wins.
            if resources[existing].key != key, !sources[key.source].isLazy {
                let other = resources[existing].key
                diagnostics.append(
                    Diagnostic(
                        .error, "two schemas have the URI '\(uri)' (the other is at \(path(of: other)))", at: location,
                        path: path(of: key)))
            }
            return existing
        }
        resources.append(SchemaResource(uri: uri, key: key, parent: parent))
        resourceByURI[uri] = resources.count - 1
        return resources.count - 1
    }

    private static let schemaMapKeywords = [
        "$defs", "definitions", "properties", "patternProperties", "dependentSchemas",
    ]
    private static let schemaKeywords = [
        "items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties", "contains", "propertyNames",
        "not", "if", "then", "else", "contentSchema", "additionalItems",
    ]
    private static let schemaListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems", "items"]

    private mutating func walkSchema(_ node: LocatedJSON, key: SchemaKey, base: URIReference, resource: Int) {
        var base = base
        var resource = resource
        guard case .object(let object) = node.value else {
            contexts[key] = (base, resource)
            walkedNodes[key] = node
            walkOrder.append(key)
            return
        }
        if case .string(let id) = object["$id"], id.hasPrefix("#"), id.count > 1, !isOpenAPI30(key.source) {
            // `"$id": "#name"` is how drafts before 2019-09 wrote an anchor.
            anchors[base.text + id] = anchors[base.text + id] ?? key
        } else if case .string(let id) = object["$id"], !isOpenAPI30(key.source) {
            let uri = URIReference(id).resolved(against: base).withoutFragment
            resource = addResource(uri: uri.text, key: key, parent: resource, at: node.location)
            base = uri
        }
        if case .string(let metaschema) = object["$schema"], resources[resource].key == key {
            resources[resource].metaschema = URIReference(metaschema).resolved(against: base).withoutFragment.text
        }
        if case .string(let anchor) = object["$anchor"] {
            anchors[base.text + "#" + anchor] = key
        }
        if case .string(let anchor) = object["$dynamicAnchor"] {
            anchors[base.text + "#" + anchor] = anchors[base.text + "#" + anchor] ?? key
            resources[resource].dynamicAnchors[anchor] = key
        }
        contexts[key] = (base, resource)
        walkedNodes[key] = node
        walkOrder.append(key)
        func child(_ tokens: String...) -> SchemaKey {
            SchemaKey(
                source: key.source, pointer: key.pointer + tokens.map { "/" + JSONPointer.escape($0) }.joined())
        }
        for keyword in Self.schemaMapKeywords {
            guard let map = node.members[keyword], case .object = map.value else { continue }
            for (name, member) in map.members.sorted(by: { $0.key < $1.key }) {
                // `dependencies` also holds lists of names, which are not schemas.
                if keyword == "dependencies", case .array = member.value { continue }
                walkSchema(member, key: child(keyword, name), base: base, resource: resource)
            }
        }
        for keyword in Self.schemaKeywords {
            guard let member = node.members[keyword] else { continue }
            switch member.value {
            case .object, .bool: walkSchema(member, key: child(keyword), base: base, resource: resource)
            default: break
            }
        }
        for keyword in Self.schemaListKeywords {
            guard let list = node.members[keyword], case .array = list.value else { continue }
            for (index, element) in list.elements.enumerated() {
                walkSchema(element, key: child(keyword, String(index)), base: base, resource: resource)
            }
        }
    }

    private func isOpenAPI30(_ source: Int) -> Bool {
        sources[source].isOpenAPI30
    }

    // MARK: - Compiling

    /// Compiles every schema found so far.
    /// Compiles every schema of every document that is not lazy, then the dynamic anchors of every resource that
    /// has a compiled schema (an evaluation can enter only those), until no more are compiled.
    mutating func compileAll() {
        for key in walkOrder where !sources[key.source].isLazy { _ = compile(key) }
        var done: Set<Int> = []
        while true {
            let entered = Set(schemas.map(\.resource))
            let next = resources.indices.filter { !done.contains($0) && entered.contains($0) }
            if next.isEmpty { break }
            for resource in next {
                done.insert(resource)
                for (_, key) in resources[resource].dynamicAnchors { _ = compile(key) }
            }
        }
    }

    /// How a schema's place reads in messages.
    func path(of key: SchemaKey) -> String {
        sources[key.source].pathPrefix + "#" + key.pointer
    }

    func node(at key: SchemaKey) -> LocatedJSON? {
        sources[key.source].root.descendant(JSONPointer.tokens(key.pointer))
    }

    private func context(of key: SchemaKey) -> (base: URIReference, resource: Int) {
        var pointer = Substring(key.pointer)
        while true {
            if let context = contexts[SchemaKey(source: key.source, pointer: String(pointer))] { return context }
            guard let slash = pointer.lastIndex(of: "/") else { break }
            pointer = pointer[..<slash]
        }
        let root = sources[key.source].uri.withoutFragment
        return (root, resourceByURI[root.text] ?? 0)
    }

    /// The index of the compiled schema at `key`, compiling it (and what it refers to) on first use.
    ///
    /// A schema met while another is built gets its index at once and is built after it: a chain of references
    /// can be as long as the spec has schemas, which recursion would follow until the stack ran out.
    mutating func compile(_ key: SchemaKey) -> Int {
        if let index = compiledIndex[key] { return index }
        let index = schemas.count
        let context = context(of: key)
        let found = walkedNodes[key] ?? node(at: key)
        let location = found?.location ?? sources[key.source].root.location
        schemas.append(
            CompiledSchema(
                location: location, path: path(of: key),
                absolutePath: sources[key.source].uri.withoutFragment.text + "#" + key.pointer,
                resource: context.resource))
        compiledIndex[key] = index
        if let found { unbuilt.append((index, key, found, context.base)) }
        guard !building else { return index }
        building = true
        while let next = unbuilt.popLast() {
            var builder = Builder(
                key: next.key, node: next.node, base: next.base, dialect: dialect(of: schemas[next.index].resource))
            builder.build(into: &self)
            schemas[next.index].keywords = builder.keywords
            schemas[next.index].isLeaf = builder.keywords.allSatisfy(CompiledSchema.isLeafKeyword)
            schemas[next.index].tracksProperties = builder.keywords.contains {
                if case .unevaluatedProperties = $0 { return true } else { return false }
            }
            schemas[next.index].tracksItems = builder.keywords.contains {
                if case .unevaluatedItems = $0 { return true } else { return false }
            }
        }
        building = false
        return index
    }

    /// The dialect of a resource: the vocabularies its metaschema lists, else its parent's, else the document's.
    private mutating func dialect(of resource: Int) -> Dialect {
        if let known = dialects[resource] { return known }
        var dialect = Dialect()
        if let metaschema = resources[resource].metaschema {
            dialect.legacyItems = Self.legacyMetaschemas.contains(metaschema)
            if let meta = resourceByURI[metaschema], let root = node(at: resources[meta].key),
                case .object(let vocabularies)? = root.members["$vocabulary"]?.value
            {
                let base = "https://json-schema.org/draft/2020-12/vocab/"
                dialect.validation = vocabularies[base + "validation"] != nil
                dialect.applicator = vocabularies[base + "applicator"] != nil
                dialect.unevaluated = vocabularies[base + "unevaluated"] != nil
                dialect.formatAssertion = vocabularies[base + "format-assertion"] != nil
            }
        } else if let parent = resources[resource].parent {
            dialect = self.dialect(of: parent)
        } else if isOpenAPI30(resources[resource].key.source) {
            dialect.openAPI30 = true
        }
        dialect.nullTypeName = sources[resources[resource].key.source].isAPIDescription
        dialects[resource] = dialect
        return dialect
    }

    /// Resolves a `$ref`/`$dynamicRef` value against `base`.
    mutating func resolve(_ reference: String, base: URIReference, at location: SourceLocation, path: String)
        -> SchemaKey?
    {
        let cacheKey = base.text + "\u{0}" + reference
        if let known = resolvedReferences[cacheKey] { return known }
        guard let found = resolveUncached(reference, base: base, at: location, path: path) else { return nil }
        resolvedReferences[cacheKey] = found
        return found
    }

    private mutating func resolveUncached(
        _ reference: String, base: URIReference, at location: SourceLocation, path: String
    ) -> SchemaKey? {
        let target = URIReference(reference).resolved(against: base)
        let absolute = target.withoutFragment.text
        let fragment = target.fragment.map { JSONPointer.percentDecoded($0) ?? $0 } ?? ""
        guard let resource = resourceByURI[absolute] else {
            let message =
                absolute == sources[0].uri.withoutFragment.text
                ? "cannot resolve '\(reference)'" : "cannot resolve '\(reference)': no schema has the URI '\(absolute)'"
            diagnostics.append(Diagnostic(.error, message, at: location, path: path))
            return nil
        }
        let root = resources[resource].key
        if fragment.isEmpty { return root }
        if fragment.hasPrefix("/") {
            let key = SchemaKey(source: root.source, pointer: root.pointer + fragment)
            guard node(at: key) != nil else {
                diagnostics.append(
                    Diagnostic(.error, "'\(reference)' points at nothing in the document", at: location, path: path))
                return nil
            }
            return key
        }
        guard let key = anchors[absolute + "#" + fragment] else {
            let hint = hints.hint(
                for: fragment,
                among: anchors.keys.filter { $0.hasPrefix(absolute + "#") }.map {
                    String($0.dropFirst(absolute.count + 1))
                })
            diagnostics.append(
                Diagnostic(
                    .error, "no schema has the anchor '\(fragment)' for '\(reference)'\(hint)", at: location, path: path
                ))
            return nil
        }
        return key
    }

    mutating func report(_ message: String, at location: SourceLocation, path: String) {
        diagnostics.append(Diagnostic(.error, message, at: location, path: path))
    }

    /// The compiled `pattern` (ECMA-262 as ICU reads it), or nil after reporting.
    mutating func regularExpression(_ pattern: String, at location: SourceLocation, path: String) -> SchemaPattern? {
        if let cached = patterns[pattern] { return cached }
        guard let compiled = SchemaPattern(pattern) else {
            report("'\(pattern)' is not a valid regular expression", at: location, path: path)
            return nil
        }
        patterns[pattern] = compiled
        return compiled
    }
}
