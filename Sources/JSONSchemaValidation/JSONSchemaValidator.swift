import APISpecCore
import Foundation

/// How instances are checked.
public struct ValidationOptions: Sendable, Hashable {
    /// Whether `format` is an assertion for the formats APISpec knows (date-time, date, time, email, uuid, uri,
    /// ipv4, ipv6, hostname). By default it is an annotation and never fails, as JSON Schema 2020-12 says.
    public var assertFormat: Bool
    /// The deepest nesting of arrays and objects checked; deeper instances fail with keyword `depth`.
    public var maximumDepth: Int
    /// The steps of the regular-expression matcher that the `pattern`s and `patternProperties` of one instance may
    /// take beyond 16 per UTF-16 unit of each string they test. ICU's matcher backtracks, and a pattern such as
    /// `(x+x+)+y` takes exponential time on a string of `x`s. Ten million steps take about a tenth of a second.
    /// When they run out, validation stops and the instance fails with keyword `pattern`, saying why.
    public var maximumPatternSteps: Int
    /// The schema evaluations one instance may take beyond 32 for each of its values. Schemas can apply to a value
    /// combinatorially (each of 30 schemas an `anyOf` of two references to the next is 2³⁰ evaluations), and
    /// an instance takes a few evaluations per value against any schema written by hand. When they run out,
    /// validation stops and the instance fails with keyword `evaluations`; it is never accepted, not even under `not`.
    public var maximumEvaluations: Int

    /// Whether instances are first decided by the fast path (`FastPath.swift`); off only to test the general
    /// evaluation alone.
    package var usesFastPath: Bool

    /// Creates options.
    public init(
        assertFormat: Bool = false, maximumDepth: Int = 512, maximumPatternSteps: Int = 10_000_000,
        maximumEvaluations: Int = 1_000_000
    ) {
        self.assertFormat = assertFormat
        self.usesFastPath = true
        self.maximumDepth = maximumDepth
        self.maximumPatternSteps = maximumPatternSteps
        self.maximumEvaluations = maximumEvaluations
    }
}

/// A JSON Schema 2020-12 validator over a set of documents, compiled once and reusable from any thread.
///
/// Every keyword of the 2020-12 core, applicator, unevaluated and validation vocabularies is checked; `$ref` and
/// `$dynamicRef` resolve to any schema of the set by URI, `$id`, `$anchor`, `$dynamicAnchor` or JSON pointer.
/// Schemas of an OpenAPI 3.0 document keep 3.0's meaning (`nullable`, boolean `exclusiveMinimum`, `$ref`
/// replacing its siblings).
public struct JSONSchemaValidator: Sendable {
    let schemas: [CompiledSchema]
    let resources: [SchemaResource]
    let dynamicAnchors: [[String: Int]]
    /// The schemas compiled again for the fast path, which decides validity without reporting.
    let fastProgram: FastProgram
    private let compiledIndex: [SchemaKey: Int]
    private let resourceByURI: [String: Int]
    private let anchors: [String: SchemaKey]
    private let baseURI: URIReference
    /// The first document, for locating any part of it.
    private let root: LocatedJSON?

    /// Compiles standalone JSON Schema documents, each given with the URI it is known by (its `$id`s are added).
    /// The first document is the one relative references in `validate(_:againstSchemaAt:)` resolve against.
    /// A `$ref` may also name any JSON document of `registry` by its URI, and the JSON Schema 2020-12 meta-schemas;
    /// nothing is ever fetched from the network.
    ///
    /// - Throws: `SpecError` with a diagnostic for each schema that cannot be used: a reference to nothing, an
    ///   invalid regular expression, a keyword whose value has the wrong kind.
    public init(documents: [(uri: String, json: JSON)], registry: SchemaRegistry = SchemaRegistry()) throws(SpecError) {
        let deep = documents.contains { $0.json.isNested(deeperThan: LargeStack.inlineDepth) }
        let result = LargeStack.run(if: deep) { () -> Result<JSONSchemaValidator, SpecError> in
            var compiler = SchemaCompiler()
            for document in documents {
                compiler.add(
                    SchemaSource(
                        uri: URIReference(document.uri), root: LocatedJSON(document.json, file: document.uri),
                        pathPrefix: document.uri))
            }
            compiler.addRegistered(registry, except: Set(documents.map { URIReference($0.uri).withoutFragment.text }))
            do throws(SpecError) {
                return .success(try JSONSchemaValidator(compiler: compiler))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    /// Compiles every schema the compiler's documents hold.
    ///
    /// - Throws: `SpecError` with a diagnostic for each schema that cannot be used.
    package init(compiler: SchemaCompiler) throws(SpecError) {
        var compiler = compiler
        compiler.compileAll()
        let errors = compiler.diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
        if !errors.isEmpty { throw SpecError(diagnostics: errors) }
        var compiledAnchors: [[String: Int]] = []
        for resource in compiler.resources {
            var anchors: [String: Int] = [:]
            for (name, key) in resource.dynamicAnchors {
                if let index = compiler.compiledIndex[key] { anchors[name] = index }
            }
            compiledAnchors.append(anchors)
        }
        schemas = compiler.schemas
        fastProgram = FastProgram(compiler.schemas)
        resources = compiler.resources
        dynamicAnchors = compiledAnchors
        compiledIndex = compiler.compiledIndex
        resourceByURI = compiler.resourceByURI
        anchors = compiler.anchors
        baseURI = compiler.sources.first?.uri.withoutFragment ?? URIReference(path: "")
        root = compiler.sources.first?.root
    }

    /// Where the part of the first document at `pointer` (a JSON pointer) starts.
    package func location(ofPointer pointer: String) -> SourceLocation? {
        root?.descendant(JSONPointer.tokens(pointer))?.location
    }

    /// The compiled schema that `reference` names: a URI (absolute, or relative to the first document), with a
    /// JSON pointer or anchor as its fragment.
    package func schemaIndex(_ reference: String) -> Int? {
        let target = URIReference(reference).resolved(against: baseURI)
        guard let resource = resourceByURI[target.withoutFragment.text] else { return nil }
        let root = resources[resource].key
        let fragment = target.fragment.map { JSONPointer.percentDecoded($0) ?? $0 } ?? ""
        if fragment.isEmpty || fragment.hasPrefix("/") {
            return compiledIndex[SchemaKey(source: root.source, pointer: root.pointer + fragment)]
        }
        return anchors[target.withoutFragment.text + "#" + fragment].flatMap { compiledIndex[$0] }
    }

    /// The compiled schema that `reference` names, or a lookup error that names the reference.
    private func existingSchemaIndex(_ reference: String) throws(SchemaLookupError) -> Int {
        guard let index = schemaIndex(reference) else {
            throw SchemaLookupError(message: "no schema at '\(reference)'")
        }
        return index
    }

    /// Checks `instance` against the schema at `reference` (see `schemaIndex`) and returns every violation, in
    /// instance order; empty when the instance is valid.
    public func validate(_ instance: JSON, againstSchemaAt reference: String, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> [Violation]
    {
        let index = try existingSchemaIndex(reference)
        return validate(instance, schema: index, options: options)
    }

    /// The compiled schema at `key`, if the documents hold a schema there.
    package func schemaIndex(at key: SchemaKey) -> Int? {
        compiledIndex[key]
    }

    /// Checks `instance` against the compiled schema `schema` and returns every violation, in instance order.
    package func validate(_ instance: JSON, schema: Int, options: ValidationOptions) -> [Violation] {
        if decideFast(instance, schema: schema, options: options) == .valid { return [] }
        return evaluating(instance, options: options) { evaluation in
            var annotations = Annotations()
            _ = evaluation.evaluate(instance, schema, record: true, collect: false, &annotations)
            return evaluation.sortedViolations()
        }
    }

    /// Whether `instance` is valid against the schema at `reference`, stopping at the first violation.
    public func isValid(_ instance: JSON, againstSchemaAt reference: String, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> Bool
    {
        let index = try existingSchemaIndex(reference)
        return isValid(instance, schema: index, options: options)
    }

    /// Whether instances of the schema at `reference` are decided by the fast path first.
    package func usesFastPath(for reference: String) -> Bool {
        schemaIndex(reference).map(fastProgram.supports) ?? false
    }

    /// The fast path's verdict, or `undecided` when it does not apply (a schema it cannot run). Its own bound on
    /// nesting keeps it on the caller's stack whatever the instance's depth.
    private func decideFast(_ instance: JSON, schema: Int, options: ValidationOptions) -> FastVerdict {
        guard options.usesFastPath, fastProgram.supports(schema) else { return .undecided }
        return FastRun.decide(instance, schema, program: fastProgram, options: options)
    }

    /// Runs `body` with an evaluation of `instance` on the caller's stack, or on a large one when the instance nests
    /// deeper than `LargeStack.inlineDepth` or its evaluation nests deeper than `LargeStack.inlineNesting`
    /// (references that lead from schema to schema at one value: then it is run again).
    func evaluating<T: Sendable>(
        _ instance: JSON, options: ValidationOptions, _ body: @escaping @Sendable (inout Evaluation) -> T
    ) -> T {
        if let values = instance.valueCount(ifNoDeeperThan: LargeStack.inlineDepth) {
            var evaluation = Evaluation(
                validator: self, options: options, values: values, maximumNesting: LargeStack.inlineNesting)
            let result = body(&evaluation)
            if !evaluation.outgrewStack { return result }
        }
        let nesting = LargeStack.nesting(for: options)
        return LargeStack.run(if: true, size: LargeStack.size(forNesting: nesting)) {
            var evaluation = Evaluation(
                validator: self, options: options, values: instance.valueCount, maximumNesting: nesting)
            return body(&evaluation)
        }
    }
}

/// What the in-place applicators of a schema evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
struct Annotations {
    var properties: Set<String> = []
    var itemPrefix = 0
    var allItems = false
    var items: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        properties.formUnion(other.properties)
        itemPrefix = max(itemPrefix, other.itemPrefix)
        allItems = allItems || other.allItems
        items.formUnion(other.items)
    }

    func evaluated(item index: Int) -> Bool {
        allItems || index < itemPrefix || items.contains(index)
    }
}

/// Runs deep recursions on a thread of their own with a large stack: evaluating a value nested 512 levels deep
/// recurses a few frames per level, more than the 512 KiB stack of a Swift concurrency thread holds in a debug
/// build. Shallow values, the common case, run where they are.
enum LargeStack {
    /// Values nested at most this deep are evaluated on the caller's stack.
    static let inlineDepth = 40
    /// How deep evaluations may nest on the caller's stack: enough for a value `inlineDepth` deep whose schemas
    /// reach each level through a few references.
    static let inlineNesting = 256
    static let size = 64 << 20

    /// How deep evaluations may nest on a large stack: at least 8,000, and four for each level of the deepest value
    /// `options` let through.
    static func nesting(for options: ValidationOptions) -> Int {
        max(8_000, min(options.maximumDepth, 100_000) * 4)
    }

    /// A stack for evaluations nested `nesting` deep: 16 KiB each. One took more than 8 KiB in a debug build (an
    /// `allOf` member that is a `$ref`, evaluated, followed and evaluated again: a chain of 20,000 overflowed 8).
    static func size(forNesting nesting: Int) -> Int {
        max(size, nesting * 16 << 10)
    }

    static func run<T: Sendable>(if needed: Bool, size: Int = size, _ body: @escaping @Sendable () -> T) -> T {
        guard needed else { return body() }
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = size
        thread.start()
        done.wait()
        // The worker sets the value before it signals, so the fallback never runs; it avoids a force unwrap.
        guard let value = box.value else { return body() }
        return value
    }

    private final class Box<T>: @unchecked Sendable {
        // Written once by the worker thread before it signals, read once by the caller after the wait.
        var value: T?
    }
}

extension JSON {
    /// How many values the instance holds: itself, and every element and member value at any depth.
    var valueCount: Int {
        switch self {
        case .array(let elements): elements.reduce(1) { $0 + $1.valueCount }
        case .object(let members): members.values.reduce(1) { $0 + $1.valueCount }
        default: 1
        }
    }

    /// How many values the instance holds, counted in the same walk that checks its depth; nil (and the walk stops)
    /// when arrays and objects nest more than `depth` levels deep.
    func valueCount(ifNoDeeperThan depth: Int) -> Int? {
        guard depth >= 0 else { return nil }
        var count = 1
        switch self {
        case .array(let elements):
            for element in elements {
                guard let inner = element.valueCount(ifNoDeeperThan: depth - 1) else { return nil }
                count += inner
            }
        case .object(let members):
            for value in members.values {
                guard let inner = value.valueCount(ifNoDeeperThan: depth - 1) else { return nil }
                count += inner
            }
        default: break
        }
        return count
    }

    /// Whether arrays and objects nest more than `depth` levels deep (stops looking as soon as they do).
    func isNested(deeperThan depth: Int) -> Bool {
        guard depth >= 0 else { return true }
        switch self {
        case .array(let elements): return elements.contains { $0.isNested(deeperThan: depth - 1) }
        case .object(let members): return members.values.contains { $0.isNested(deeperThan: depth - 1) }
        default: return false
        }
    }
}

/// A validator bound to one schema: the schema is looked up once and its compiled form reused by every call. It is a
/// value, cheap to copy and safe to share between threads; tests that validate many fixtures keep one.
///
/// ```swift
/// let members = try document.instanceValidator(for: .response(operationID: "listMembers", status: "200"))
/// #expect(try members.validate(Data(contentsOf: fixture)).isEmpty)
/// ```
public struct InstanceValidator: Sendable {
    /// The validator of the whole set of documents the schema belongs to.
    public let validator: JSONSchemaValidator
    let schema: Int
    /// How instances are checked.
    public var options: ValidationOptions

    package init(validator: JSONSchemaValidator, schema: Int, options: ValidationOptions) {
        self.validator = validator
        self.schema = schema
        self.options = options
    }

    /// Every violation of `instance`, in instance order; empty when it is valid.
    public func validate(_ instance: JSON) -> [Violation] {
        validator.validate(instance, schema: schema, options: options)
    }

    /// Whether `instance` is valid, stopping at the first violation.
    public func isValid(_ instance: JSON) -> Bool {
        validator.isValid(instance, schema: schema, options: options)
    }

    /// Parses `data` (UTF-8 JSON, no deeper than `options.maximumDepth`) and returns every violation.
    ///
    /// - Throws: `JSONParseError` with the position when `data` is not JSON.
    public func validate(_ data: Data) throws(JSONParseError) -> [Violation] {
        validate(try JSON.parse(data, maximumDepth: options.maximumDepth))
    }

    /// Parses `text` (JSON) and returns every violation.
    ///
    /// - Throws: `JSONParseError` with the position when `text` is not JSON.
    public func validate(jsonText text: String) throws(JSONParseError) -> [Violation] {
        try validate(Data(text.utf8))
    }
}

extension JSONSchemaValidator {
    /// A validator bound to the schema at `reference` (see `validate(_:againstSchemaAt:options:)`), for validating
    /// many instances against it.
    public func instanceValidator(for reference: String, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> InstanceValidator
    {
        let index = try existingSchemaIndex(reference)
        return InstanceValidator(validator: self, schema: index, options: options)
    }

    /// Whether `instance` is valid against the compiled schema `schema`, stopping at the first violation.
    package func isValid(_ instance: JSON, schema index: Int, options: ValidationOptions) -> Bool {
        switch decideFast(instance, schema: index, options: options) {
        case .valid: return true
        case .invalid: return false
        case .undecided: break
        }
        return evaluating(instance, options: options) { evaluation in
            var annotations = Annotations()
            let valid = evaluation.evaluate(instance, index, record: false, collect: false, &annotations)
            return valid && !evaluation.isStopped
        }
    }
}
