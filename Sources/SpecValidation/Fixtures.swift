import APISpecCore
import Foundation
import JSONSchemaValidation
import OpenAPIDocument

/// A directory of JSON fixtures named after what they are an example of, and which bodies of a spec they cover.
///
/// Names follow one convention: `<operationId>.<status>[.<variant>].json` is a response body,
/// `<operationId>.request[.<variant>].json` a request body, `<Schema>.<anything>.json` an instance of a schema
/// under `components/schemas`. Files in a subdirectory named `invalid` must fail validation; all others must pass.
public struct FixtureSet: Sendable {
    /// One fixture and the schema its name picks.
    public struct Fixture: Sendable, Hashable {
        /// The file.
        public var file: URL
        /// The file's path as given (the directory joined with the file name), for messages.
        public var name: String
        /// The schema the name picks.
        public var reference: SchemaRef
        /// Whether the fixture must be valid (false for files under `invalid/`).
        public var mustBeValid: Bool
    }

    /// The fixtures whose names pick a schema, sorted by name.
    public var fixtures: [Fixture] = []
    /// The files whose names pick nothing, with the reason.
    public var unmatched: [(name: String, reason: String)] = []

    /// Lists `directory` (and its `invalid` subdirectory) and maps every `.json` file to a schema of `document`.
    ///
    /// - Throws: the file system's error when the directory cannot be listed.
    public init(directory: URL, displayName: String, document: Document) throws {
        let manager = FileManager.default
        for (subdirectory, mustBeValid) in [("", true), ("invalid", false)] {
            let folder = subdirectory.isEmpty ? directory : directory.appendingPathComponent(subdirectory)
            guard subdirectory.isEmpty || manager.fileExists(atPath: folder.path) else { continue }
            let shown = subdirectory.isEmpty ? displayName : Self.joined(displayName, subdirectory)
            for file in try manager.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
                switch Self.reference(forFileNamed: file, in: document) {
                case .success(let reference):
                    fixtures.append(
                        Fixture(
                            file: folder.appendingPathComponent(file, isDirectory: false),
                            name: Self.joined(shown, file), reference: reference, mustBeValid: mustBeValid))
                case .failure(let problem):
                    unmatched.append((Self.joined(shown, file), problem.message))
                }
            }
        }
    }

    /// `directory/name`, without doubling a `/` the directory ends with.
    private static func joined(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The schema a fixture's file name picks.
    public static func reference(forFileNamed file: String, in document: Document) -> Result<
        SchemaRef, SchemaLookupError
    > {
        let parts = file.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts.last == "json", !parts[0].isEmpty else {
            return .failure(
                SchemaLookupError(
                    message:
                        "name it <operationId>.<status>.json, <operationId>.request.json or <Schema>.<anything>.json"))
        }
        let first = parts[0]
        if let operation = document.operation(id: first) {
            if parts[1] == "request" {
                guard operation.requestBody != nil else {
                    return .failure(SchemaLookupError(message: "operation '\(first)' has no request body"))
                }
                return .success(.requestBody(operationID: first))
            }
            guard operation.response(status: parts[1]) != nil else {
                let statuses = operation.responses.map(\.status).joined(separator: ", ")
                return .failure(
                    SchemaLookupError(
                        message: "operation '\(first)' has no '\(parts[1])' response (it has \(statuses))"))
            }
            return .success(.response(operationID: first, status: parts[1]))
        }
        if document.schema(named: first) != nil { return .success(.component(first)) }
        let names = document.operations.compactMap(\.operationID) + document.schemas.map(\.name)
        let hint = Suggestion.hint(for: first, among: names)
        return .failure(SchemaLookupError(message: "no operation or schema named '\(first)'\(hint)"))
    }
}

/// Which request and response bodies of a spec have a fixture.
public struct FixtureCoverage: Sendable {
    /// A JSON body of an operation and how a fixture covers it.
    public struct Body: Sendable, Hashable {
        /// The body.
        public var reference: SchemaRef
        /// The schema it is checked against, as a pointer fragment; bodies with the same schema cover each other.
        public var schemaPath: String
        /// The fixture of this body, or of another body with the same schema; nil when there is none.
        public var fixture: String?
        /// Whether `fixture` is for this very body (false when it is another body's with the same schema).
        public var isDirect: Bool
    }

    /// Every JSON body of every operation with an `operationId`, in spec order (request first, then responses).
    public var bodies: [Body] = []

    /// The bodies without any fixture.
    public var missing: [Body] { bodies.filter { $0.fixture == nil } }

    /// How `fixtures` cover `document`: a body is covered by a valid fixture for it, or by one for another body
    /// (or a component fixture) with the same schema, since validation cannot tell them apart.
    public init(document: Document, fixtures: [FixtureSet.Fixture]) {
        var all: [(SchemaRef, Schema)] = []
        for operation in document.operations {
            guard let id = operation.operationID else { continue }
            if let body = operation.requestBody { all.append((.requestBody(operationID: id), body.schema)) }
            for response in operation.responses {
                if let schema = response.schema {
                    all.append((.response(operationID: id, status: response.status), schema))
                }
            }
        }
        func identity(_ schema: Schema) -> String {
            schema.ref.map { "#/components/schemas/" + JSONPointer.escape($0) } ?? schema.path
        }
        var direct: [SchemaRef: String] = [:]
        var bySchema: [String: String] = [:]
        for fixture in fixtures where fixture.mustBeValid {
            direct[fixture.reference] = direct[fixture.reference] ?? fixture.name
            if let schema = try? document.schema(for: fixture.reference) {
                bySchema[identity(schema)] = bySchema[identity(schema)] ?? fixture.name
            }
            if case .component(let name) = fixture.reference {
                let path = "#/components/schemas/" + JSONPointer.escape(name)
                bySchema[path] = bySchema[path] ?? fixture.name
            }
        }
        bodies = all.map { reference, schema in
            let path = identity(schema)
            if let name = direct[reference] {
                return Body(reference: reference, schemaPath: path, fixture: name, isDirect: true)
            }
            return Body(reference: reference, schemaPath: path, fixture: bySchema[path], isDirect: false)
        }
    }
}
