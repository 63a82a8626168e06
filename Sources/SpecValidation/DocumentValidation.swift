import APISpecCore
import Foundation
import JSONSchemaValidation
import OpenAPIDocument

/// Which schema of a document an instance is checked against.
public enum SchemaRef: Sendable, Hashable, CustomStringConvertible {
    /// A schema under `components/schemas`, by name.
    case component(String)
    /// The body schema of an operation's response, by `operationId` and status (`"200"`, `"default"`).
    case response(operationID: String, status: String)
    /// The request body schema of an operation, by `operationId`.
    case requestBody(operationID: String)

    /// How the reference reads in messages.
    public var description: String {
        switch self {
        case .component(let name): "schema '\(name)'"
        case .response(let id, let status): "the \(status) response of '\(id)'"
        case .requestBody(let id): "the request body of '\(id)'"
        }
    }
}

extension Document {
    /// The schema that `reference` names.
    public func schema(for reference: SchemaRef) throws(SchemaLookupError) -> Schema {
        switch reference {
        case .component(let name):
            guard let named = schema(named: name) else {
                let hint = Suggestion.hint(for: name, among: schemas.map(\.name))
                throw SchemaLookupError(message: "no schema named '\(name)' in components/schemas\(hint)")
            }
            return named.schema
        case .response(let id, let status):
            let operation = try operation(forLookup: id)
            guard let response = operation.response(status: status) ?? operation.response(status: "default") else {
                let statuses = operation.responses.map(\.status).joined(separator: ", ")
                throw SchemaLookupError(message: "operation '\(id)' has no \(status) response (it has \(statuses))")
            }
            guard let schema = response.schema else {
                throw SchemaLookupError(message: "the \(response.status) response of '\(id)' has no JSON body")
            }
            return schema
        case .requestBody(let id):
            guard let body = try operation(forLookup: id).requestBody else {
                throw SchemaLookupError(message: "operation '\(id)' has no request body")
            }
            return body.schema
        }
    }

    private func operation(forLookup id: String) throws(SchemaLookupError) -> APIOperation {
        guard let operation = operation(id: id) else {
            let hint = Suggestion.hint(for: id, among: operations.compactMap(\.operationID))
            throw SchemaLookupError(message: "no operation with operationId '\(id)'\(hint)")
        }
        return operation
    }

    /// The validator for every schema of the document, compiled on first use and shared by copies of the document.
    ///
    /// - Throws: `SpecError` when a schema cannot be used for validation: a `$ref` that resolves to nothing (an
    ///   `$id` or `$anchor` it names does not exist), an invalid regular expression, a keyword of the wrong kind.
    public func validator() throws(SpecError) -> JSONSchemaValidator {
        try compiled().validator
    }

    /// The document's schemas compiled, with the examples found beside them: the spec and every file its `$ref`s
    /// name, each known to the validator by its URI (`file:///` and the spec's path, then each file's path resolved
    /// against it), so that a reference between files resolves as the loader resolved it; then the registered
    /// documents no reference of the loader named (the validator follows `$ref`s inside `$id`s too).
    private func compiled() throws(SpecError) -> CompiledDocument {
        try derived.value { () throws(SpecError) -> CompiledDocument in
            var compiler = SchemaCompiler()
            // Under the root, when it is above the spec's directory: `../common/a.yaml` then resolves to a place of
            // its own, and a `$ref` from it back to `../spec/b.yaml` to the spec's `b.yaml`.
            let specURI = URIReference(scheme: "file", authority: "", path: "/" + (pathUnderRoot ?? file))
            var examples: [SchemaExample] = []
            var loaded: Set<String> = []
            for (index, located) in try locatedFiles().enumerated() {
                let uri = located.isSpec ? specURI : URIReference(located.relativePath).resolved(against: specURI)
                let walk =
                    located.isSchema
                    ? nil : OpenAPIWalk(located.root, source: index, prefix: located.isSpec ? "" : located.relativePath)
                compiler.add(
                    SchemaSource(
                        uri: uri, root: located.root, embeddedSchemas: walk?.schemaPointers,
                        isOpenAPI30: openAPIVersion.hasPrefix("3.0"),
                        pathPrefix: located.isSpec ? "" : located.relativePath, isAPIDescription: true))
                examples += walk?.examples ?? []
                loaded.insert(uri.withoutFragment.text)
            }
            compiler.addRegistered(schemaRegistry, except: loaded)
            let validator = try JSONSchemaValidator(compiler: compiler)
            return CompiledDocument(validator: validator, examples: examples + SchemaExample.examples(of: compiler))
        }
    }

    /// What makes the spec unusable for validation, and every `example`/`examples` value that its own schema
    /// rejects (located at the failing part of the example). `lint` reports these.
    public func validationProblems(options: ValidationOptions = .init()) -> [Diagnostic] {
        do {
            return try compiled().exampleDiagnostics(options: options).sorted {
                ($0.location, $0.message) < ($1.location, $1.message)
            }
        } catch {
            return error.diagnostics
        }
    }

    /// Checks `json` against the schema `reference` names with JSON Schema 2020-12 semantics (3.0 semantics in an
    /// OpenAPI 3.0 document) and returns every violation: empty when the instance is valid.
    public func validate(_ json: JSON, against reference: SchemaRef, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> [Violation]
    {
        try validate(json, against: schema(for: reference), options: options)
    }

    /// A validator bound to the schema `reference` names, compiled once (with the document's other schemas) and
    /// reused by every call: what a test that validates many fixtures should keep.
    public func instanceValidator(for reference: SchemaRef, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> InstanceValidator
    {
        let schema = try schema(for: reference)
        let validator = try usableValidator()
        return try validator.instanceValidator(for: schema.path, options: options)
    }

    /// Checks `json` against `schema` (a schema of this document) and returns every violation.
    public func validate(_ json: JSON, against schema: Schema, options: ValidationOptions = .init())
        throws(SchemaLookupError) -> [Violation]
    {
        let validator = try usableValidator()
        guard let index = validator.schemaIndex(schema.path) else {
            throw SchemaLookupError(message: "no schema at '\(schema.path)' in the document")
        }
        return validator.validate(json, schema: index, options: options)
    }

    /// The document's validator, or a lookup error that names the first reason it cannot be made.
    private func usableValidator() throws(SchemaLookupError) -> JSONSchemaValidator {
        do {
            return try validator()
        } catch {
            let first = error.diagnostics.first.map { "\($0.location): \($0.message)" } ?? "no diagnostic"
            throw SchemaLookupError(message: "the spec's schemas cannot be used for validation: \(first)")
        }
    }
}
