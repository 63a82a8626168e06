import APISpecCore
import JSONSchemaValidation

/// Where an OpenAPI document holds schemas and examples: the schemas under `components/schemas` and at every
/// `schema` key, and the examples of parameters, headers and media types. The validator knows nothing of OpenAPI;
/// this walk tells it which parts of the document are schemas.
struct OpenAPIWalk {
    /// The pointers of the schemas, in the order the walk meets them (keys sorted).
    private(set) var schemaPointers: [String] = []
    /// The examples of parameters, headers and media types, with the schema each must be valid against.
    private(set) var examples: [SchemaExample] = []
    private let root: LocatedJSON
    private let source: Int
    private let prefix: String

    /// Walks the document `root`, the compiler's source number `source`, whose places start with `prefix`.
    init(_ root: LocatedJSON, source: Int, prefix: String) {
        self.root = root
        self.source = source
        self.prefix = prefix
        walk(root, pointer: "")
    }

    /// Walks the parts of the document that are not schemas, looking for those that are.
    private mutating func walk(_ node: LocatedJSON, pointer: String) {
        switch node.value {
        case .object:
            collectExamples(ofObject: node, pointer: pointer)
            let isSchemaMap = pointer == "/components/schemas"
            for (name, child) in node.members.sorted(by: { $0.key < $1.key }) {
                // Examples and extensions are data, not schemas, whatever keys they hold.
                if name.hasPrefix("x-") || name == "example" || name == "examples" { continue }
                let childPointer = pointer + "/" + JSONPointer.escape(name)
                if isSchemaMap || name == "schema" {
                    schemaPointers.append(childPointer)
                } else {
                    walk(child, pointer: childPointer)
                }
            }
        case .array:
            for (index, child) in node.elements.enumerated() {
                walk(child, pointer: pointer + "/\(index)")
            }
        default:
            break
        }
    }

    /// The examples of a parameter, header or media type: `example`, and the `value` of each entry of `examples`
    /// (following a `$ref` to `#/components/examples/…`).
    private mutating func collectExamples(ofObject node: LocatedJSON, pointer: String) {
        guard let schema = node.members["schema"], schema.value != .null else { return }
        let schemaKey = SchemaKey(source: source, pointer: pointer + "/schema")
        if let example = node.members["example"] {
            examples.append(
                SchemaExample(schema: schemaKey, value: example, pointer: pointer + "/example", prefix: prefix))
        }
        guard let map = node.members["examples"], case .object = map.value else { return }
        for (name, entry) in map.members.sorted(by: { $0.key < $1.key }) {
            var examplePointer = pointer + "/examples/" + JSONPointer.escape(name)
            var object = entry
            if case .string(let reference)? = entry.members["$ref"]?.value, reference.hasPrefix("#/"),
                let target = root.descendant(JSONPointer.tokens(String(reference.dropFirst())))
            {
                object = target
                examplePointer = String(reference.dropFirst())
            }
            if let value = object.members["value"] {
                examples.append(
                    SchemaExample(schema: schemaKey, value: value, pointer: examplePointer + "/value", prefix: prefix))
            }
        }
    }
}

/// An example value of the spec and the schema it must be valid against.
struct SchemaExample: Sendable {
    var schema: SchemaKey
    var value: LocatedJSON
    /// Where the example stands in its file, as a JSON pointer.
    var pointer: String
    /// What places in its file start with: `""` in the spec, the file's relative path in another.
    var prefix = ""

    /// The `example` and `examples` of every schema the compiler found, in the order it found them.
    static func examples(of compiler: SchemaCompiler) -> [SchemaExample] {
        var examples: [SchemaExample] = []
        for key in compiler.walkOrder {
            guard let node = compiler.walkedNodes[key], case .object = node.value else { continue }
            let prefix = compiler.sources[key.source].pathPrefix
            if let example = node.members["example"] {
                examples.append(
                    SchemaExample(schema: key, value: example, pointer: key.pointer + "/example", prefix: prefix))
            }
            if let list = node.members["examples"], case .array = list.value {
                for (index, example) in list.elements.enumerated() {
                    examples.append(
                        SchemaExample(
                            schema: key, value: example, pointer: key.pointer + "/examples/\(index)", prefix: prefix))
                }
            }
        }
        return examples
    }
}

/// A document's validator and its examples, compiled once per document.
struct CompiledDocument: Sendable {
    var validator: JSONSchemaValidator
    var examples: [SchemaExample]

    /// Every example checked against its schema: one warning per violation, located at the part of the example
    /// that fails (an example that does not match is a mistake in the documentation, which other tools tolerate;
    /// nothing generated depends on it). An example that YAML's merge keys repeat is reported once.
    func exampleDiagnostics(options: ValidationOptions) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: Set<String> = []
        for example in examples {
            guard let index = validator.schemaIndex(at: example.schema) else { continue }
            for violation in validator.validate(example.value.value, schema: index, options: options) {
                let tokens = JSONPointer.tokens(violation.instancePath)
                let location = example.value.descendant(tokens)?.location ?? example.value.location
                let place = violation.instancePath.isEmpty ? "" : " at \(violation.instancePath)"
                let diagnostic = Diagnostic(
                    .warning,
                    "the example does not match its schema\(place): \(violation.message) "
                        + "[\(violation.keyword); schema at \(violation.schemaLocation)]",
                    at: location, path: example.prefix + "#" + example.pointer + violation.instancePath)
                if seen.insert(diagnostic.description).inserted { diagnostics.append(diagnostic) }
            }
        }
        return diagnostics
    }
}
