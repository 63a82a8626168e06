import APISpec
import Foundation
import Testing

/// Specs split over several files, read from under the root spec's directory only, and specs written as JSON.
@Suite struct MultiFileTests {
    /// A directory of files, removed when the test ends.
    final class Tree {
        let root: URL

        init(_ files: [String: String]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            for (path, text) in files {
                let file = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// The spec at `path`, its files read from under `specRoot` (a path in the tree) when one is given.
        func load(_ path: String, specRoot: String? = nil) throws -> Document {
            try Document.load(
                contentsOf: root.appendingPathComponent(path), displayName: path,
                root: specRoot.map { root.appendingPathComponent($0, isDirectory: true) })
        }

        /// The located errors of loading `path`, as printed.
        func errors(_ path: String, specRoot: String? = nil) -> [String] {
            do {
                _ = try load(path, specRoot: specRoot)
                return []
            } catch {
                return (error as? SpecError)?.errors.map(\.description) ?? ["\(error)"]
            }
        }
    }

    static let header = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"

    /// `#/` is read as the whole file when the file has no member named "" (schemathesis's test specs write it);
    /// OpenAPI 3.2's `$self` maps a URI under it to a file under the spec's directory; one that `..` takes above
    /// it is a URL like any other, never fetched.
    @Test func aPointerOfOneSlashAndSelfURIsNameFiles() throws {
        func api(_ more: String) -> String {
            """
            openapi: 3.2.0
            $self: https://api.example/v1/api.yaml
            info: {title: T, version: '1'}
            paths:
              /users: {$ref: 'paths/users.yaml#/'}
              /teams: {$ref: 'https://api.example/v1/paths/teams.yaml'}
            """ + more
        }
        func operation(_ id: String) -> String {
            "get:\n  operationId: \(id)\n  responses: {'204': {description: none}}\n"
        }
        let paths = ["spec/paths/users.yaml": operation("listUsers"), "spec/paths/teams.yaml": operation("listTeams")]
        let tree = try Tree(
            paths.merging([
                "spec/api.yaml": api("\n  /escape: {$ref: 'https://api.example/v1/../secret.yaml'}"),
                "secret.yaml": operation("leaked"),
            ]) { $1 })
        #expect(
            tree.errors("spec/api.yaml") == [
                "spec/api.yaml:7:19: error: cannot resolve 'https://api.example/v1/../secret.yaml': no schema is "
                    + "registered at 'https://api.example/secret.yaml', and remote references are never fetched; refer "
                    + "to a file under the spec's directory, or register the URI (api-codegen's --schema-dir)"
            ])
        let fine = try Tree(paths.merging(["spec/api.yaml": api("")]) { $1 })
        let document = try fine.load("spec/api.yaml")
        #expect(document.operations.map(\.operationID) == ["listUsers", "listTeams"])
        #expect(
            document.warnings.map(\.description) == [
                "spec/api.yaml:5:18: warning: 'paths/users.yaml#/' names the member \"\" of the document's root "
                    + "(RFC 6901), which has none; it is read as the whole document"
            ])
    }

    @Test func pathItemsParametersResponsesAndSchemasComeFromOtherFiles() throws {
        let tree = try Tree([
            "spec/api.yaml": Self.header + """
                paths:
                  /posts/{id}: {$ref: 'paths/post.yaml'}
                components:
                  schemas:
                    Author: {$ref: 'schemas/Author.yaml'}
                """,
            "spec/paths/post.yaml": """
            parameters:
              - $ref: '../common.yaml#/parameters/id'
            get:
              operationId: getPost
              responses:
                "200": {description: ok, content: {application/json: {schema: {$ref: '../schemas/Post.yaml'}}}}
                "404": {$ref: '../common.yaml#/responses/Missing'}
            """,
            "spec/common.yaml": """
            parameters:
              id: {name: id, in: path, required: true, schema: {type: integer}}
            responses:
              Missing: {description: gone, content: {application/json: {schema: {type: string}}}}
            """,
            "spec/schemas/Post.yaml": """
            type: object
            properties:
              author: {$ref: 'Author.yaml'}
              replies: {type: array, items: {$ref: 'Post.yaml'}}
            """,
            "spec/schemas/Author.yaml": "type: object\nproperties: {name: {type: string}}\n",
        ])
        let document = try tree.load("spec/api.yaml")
        // Named by the components that name them, else by their files.
        #expect(document.schemas.map(\.name) == ["Author", "Post"])
        let operation = try #require(document.operations.first)
        #expect(operation.operationID == "getPost" && operation.parameters.map(\.name) == ["id"])
        #expect(operation.responses.map(\.status) == ["200", "404"])
        #expect(document.warnings.isEmpty)
    }

    /// A Swagger 2.0 spec's other files hold Swagger schemas: their `discriminator`, `x-nullable` and `type: file`
    /// are read as OpenAPI 3.0's, their own `#/definitions/…` stay theirs, and a reference back into the spec's
    /// `definitions` finds the schema there. Another Swagger document is converted whole.
    @Test func aSwaggerSpecsOtherFilesAreReadAsSwagger() throws {
        let tree = try Tree([
            "api.yaml": """
            swagger: '2.0'
            info: {title: T, version: '1'}
            paths:
              /pets:
                get:
                  operationId: listPets
                  parameters: [{$ref: 'common.yaml#/parameters/limit'}]
                  responses: {'200': {description: ok, schema: {$ref: 'pets.yaml#/definitions/Pet'}}}
            definitions:
              Owner: {type: object, properties: {name: {type: string}}}
            """,
            "pets.yaml": """
            definitions:
              Pet:
                type: object
                discriminator: kind
                properties:
                  kind: {type: string}
                  tag: {type: string, x-nullable: true}
                  photo: {type: file}
                  owner: {$ref: 'api.yaml#/definitions/Owner'}
                  toy: {$ref: '#/definitions/Toy'}
              Toy: {type: string}
            """,
            "common.yaml": """
            swagger: '2.0'
            info: {title: Common, version: '1'}
            paths: {}
            parameters:
              limit: {name: limit, in: query, type: array, items: {type: integer}}
            """,
        ])
        let document = try tree.load("api.yaml")
        #expect(document.warnings.isEmpty)
        #expect(document.schemas.map(\.name) == ["Owner", "Pet", "Toy"])
        let pet = try #require(document.schemas.first { $0.name == "Pet" }?.schema)
        #expect(pet.discriminator?.propertyName == "kind")
        let properties = Dictionary(uniqueKeysWithValues: pet.properties.map { ($0.name, $0.schema) })
        #expect(properties["tag"]?.types == [.string, .null])
        #expect(properties["photo"]?.types == [.string] && properties["photo"]?.format == "binary")
        // A Swagger document the spec shares parameters with is converted as the spec is.
        let limit = try #require(document.operations.first?.parameters.first)
        #expect(limit.name == "limit" && limit.schema.types == [.array] && limit.explode == false)
        #expect(properties["owner"]?.ref == "Owner" && properties["toy"]?.ref == "Toy")
    }

    @Test func eachFilesDiagnosticsAreLocatedInThatFile() throws {
        let tree = try Tree([
            "api.yaml": Self.header + "paths: {}\ncomponents:\n  schemas:\n    Post: {$ref: 'schemas/post.yaml'}\n",
            "schemas/post.yaml": "type: object\nproperties:\n  author: {$ref: '#/nope'}\n",
        ])
        #expect(
            tree.errors("api.yaml") == ["schemas/post.yaml:3:18: error: '#/nope' points at nothing in the document"])
    }

    @Test func referencesThatLeaveTheSpecsDirectoryAreLocatedErrors() throws {
        let tree = try Tree([
            "outside/secret.yaml": "Secret: {type: string}\n",
            "spec/sub/ok.yaml": "Ok: {type: string}\n",
            "spec/api.yaml": Self.header + """
                paths: {}
                components:
                  schemas:
                    A: {$ref: '../outside/secret.yaml#/Secret'}
                    B: {$ref: 'https://example.com/s.yaml'}
                    C: {$ref: '/etc/passwd'}
                    D: {$ref: 'link.yaml#/Secret'}
                    E: {$ref: 'missing.yaml'}
                    F: {$ref: 'sub/ok.yaml#/Nope'}
                    G: {$ref: 'sub/../../outside/secret.yaml#/Secret'}
                """,
        ])
        try FileManager.default.createSymbolicLink(
            at: tree.root.appendingPathComponent("spec/link.yaml"),
            withDestinationURL: tree.root.appendingPathComponent("outside/secret.yaml"))
        #expect(
            tree.errors("spec/api.yaml") == [
                "spec/api.yaml:6:15: error: cannot resolve '../outside/secret.yaml#/Secret': it leads outside the "
                    + "spec's directory; only files under it are read, unless a root above it is named "
                    + "(api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)",
                "spec/api.yaml:7:15: error: cannot resolve 'https://example.com/s.yaml': no schema is registered at "
                    + "'https://example.com/s.yaml', and remote references are never fetched; refer to a file under "
                    + "the spec's directory, or register the URI (api-codegen's --schema-dir)",
                "spec/api.yaml:8:15: error: cannot resolve '/etc/passwd': an absolute path; refer to files relative "
                    + "to the file the reference is in, under the spec's directory",
                "spec/api.yaml:9:15: error: cannot resolve 'link.yaml#/Secret': it leads outside the spec's "
                    + "directory (through a symbolic link); only files under it are read, unless a root above it is named "
                    + "(api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)",
                "spec/api.yaml:10:15: error: cannot resolve 'missing.yaml': spec/missing.yaml does not exist",
                "spec/api.yaml:11:15: error: 'sub/ok.yaml#/Nope' points at nothing in spec/sub/ok.yaml",
                "spec/api.yaml:12:15: error: cannot resolve 'sub/../../outside/secret.yaml#/Secret': it leads "
                    + "outside the spec's directory; only files under it are read, unless a root above it is named "
                    + "(api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)",
            ])
    }

    /// Specs that share a directory beside their own (openapi-spec-validator's `petstore-separate`): a root above
    /// the spec lets `../common/…` be read, files there are named from the spec's name, and a file reached both from
    /// the spec and back from `common/` (`../spec/local.yaml`) is read once; the validator resolves the same way.
    @Test func aRootAboveTheSpecLetsSpecsShareFiles() throws {
        let tree = try Tree([
            "api/spec/openapi.yaml": Self.header + """
                paths: {}
                components:
                  schemas:
                    Failure: {$ref: '../common/error.yaml'}
                    Local: {$ref: 'local.yaml'}
                """,
            "api/spec/local.yaml": "type: string\nmaxLength: 3\n",
            "api/common/error.yaml": """
            type: object
            properties:
              code: {type: integer}
              detail: {$ref: '../spec/local.yaml'}
            """,
        ])
        let document = try tree.load("api/spec/openapi.yaml", specRoot: "api")
        // `Local` is used: `detail` names it as `../spec/local.yaml`.
        #expect(
            document.warnings.map(\.description) == [
                "api/spec/openapi.yaml:6:5: warning: schema 'Failure' is never used"
            ])
        #expect(
            document.fileNames == ["api/spec/openapi.yaml", "api/spec/local.yaml", "api/common/error.yaml"])
        #expect(document.schemas.map(\.name) == ["Failure", "Local"])
        #expect(document.schema(named: "Failure")?.schema.properties.map(\.name) == ["code", "detail"])
        let failure = SchemaRef.component("Failure")
        #expect(
            try document.validate(.object(["code": .integer(1), "detail": .string("abc")]), against: failure) == [])
        #expect(
            try document.validate(.object(["detail": .string("abcd")]), against: failure).map {
                "\($0.instancePath) \($0.keyword): \($0.message)"
            } == ["/detail maxLength: is 4 characters long, longer than the maximum of 3"])
        // Run from inside the spec's directory, the files above it are named from there.
        let fromInside = try Document.load(
            contentsOf: tree.root.appendingPathComponent("api/spec/openapi.yaml"), displayName: "openapi.yaml",
            root: tree.root.appendingPathComponent("api"))
        #expect(fromInside.fileNames == ["openapi.yaml", "local.yaml", "../common/error.yaml"])
        #expect(try fromInside.validate(.object(["detail": .string("abcd")]), against: failure).count == 1)
    }

    /// Without a root the shared file is refused, saying how to name one; with one, nothing outside it is read, by
    /// `..` or by a symbolic link, and a root that does not hold the spec, or does not exist, is an error at the spec.
    @Test func aSpecRootBoundsWhatIsReadAsTheSpecsDirectoryDoes() throws {
        let tree = try Tree([
            "secret.yaml": "Secret: {type: string}\n",
            "api/common/error.yaml": "type: object\nproperties:\n  code: {$ref: '../../secret.yaml#/Secret'}\n",
            "api/spec/openapi.yaml": Self.header + """
                paths: {}
                components:
                  schemas:
                    Failure: {$ref: '../common/error.yaml'}
                    Linked: {$ref: '../common/link.yaml#/Secret'}
                """,
        ])
        try FileManager.default.createSymbolicLink(
            at: tree.root.appendingPathComponent("api/common/link.yaml"),
            withDestinationURL: tree.root.appendingPathComponent("secret.yaml"))
        #expect(
            tree.errors("api/spec/openapi.yaml") == [
                "api/spec/openapi.yaml:6:21: error: cannot resolve '../common/error.yaml': it leads outside the "
                    + "spec's directory; only files under it are read, unless a root above it is named "
                    + "(api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)",
                "api/spec/openapi.yaml:7:20: error: cannot resolve '../common/link.yaml#/Secret': it leads outside "
                    + "the spec's directory; only files under it are read, unless a root above it is named "
                    + "(api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)",
            ])
        #expect(
            tree.errors("api/spec/openapi.yaml", specRoot: "api") == [
                "api/common/error.yaml:3:16: error: cannot resolve '../../secret.yaml#/Secret': it leads outside the "
                    + "spec root; only files under it are read",
                "api/spec/openapi.yaml:7:20: error: cannot resolve '../common/link.yaml#/Secret': it leads outside "
                    + "the spec root (through a symbolic link); only files under it are read",
            ])
        #expect(
            tree.errors("api/spec/openapi.yaml", specRoot: "api/common") == [
                "api/spec/openapi.yaml:1:1: error: the spec is not under the spec root '\(tree.root.path)/api/common'; "
                    + "name a directory that holds the spec and the files it refers to"
            ])
        #expect(
            tree.errors("api/spec/openapi.yaml", specRoot: "nowhere") == [
                "api/spec/openapi.yaml:1:1: error: the spec root '\(tree.root.path)/nowhere' does not exist"
            ])
    }

    /// What Python's `json.dump` writes for a character outside the Basic Multilingual Plane, and positions that
    /// are the JSON's own.
    @Test func jsonSpecsAreReadAsJSONWithSurrogatePairsAndExactPositions() throws {
        let tree = try Tree([
            "api.json": """
            {
              "openapi": "3.1.0",
              "info": {"title": "\\ud83d\\udc32 dragons", "version": "1"},
              "paths": {},
              "components": {"schemas": {"A": {"type": "string", "description": "\\ud83d\\udca9"}}}
            }
            """,
            "bad.json": """
            {"openapi": "3.1.0", "info": {"title": "x", "version": "1"},
             "paths": {}, "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}}}}
            """,
            "broken.json": "{\"openapi\": \"3.1.0\",\n \"paths\": tru}",
        ])
        let document = try tree.load("api.json")
        #expect(document.info.title == "🐲 dragons")
        #expect(document.schemas.first?.schema.description == "💩")
        #expect(
            tree.errors("bad.json") == [
                "bad.json:2:56: error: unresolved reference '#/components/schemas/B' (did you mean 'A'?)"
            ])
        #expect(tree.errors("broken.json") == ["broken.json:2:11: error: JSON: unexpected 't', expected a value"])
    }

    /// `$ref: Pet` names a file by RFC 3986: when one exists beside the spec, it is the file, even where a component
    /// of that name exists (the bare model name of Swagger 1.2 is read only when there is no such file).
    @Test func aBareNameIsAFileWhenTheFileExists() throws {
        let tree = try Tree([
            "api.yaml": """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Pet: {type: object, properties: {name: {type: string}}}
                Owner: {type: object, properties: {pet: {$ref: Pet}}}
            """,
            "Pet": "{type: integer}",
        ])
        let document = try tree.load("api.yaml")
        #expect(document.warnings.map(\.description).filter { !$0.contains("never used") } == [])
        let owner = try #require(document.schemas.first { $0.name == "Owner" })
        // The file's schema, named after it and numbered past the component.
        #expect(owner.schema.properties.first?.schema.ref == "Pet2")
        #expect(document.schemas.first { $0.name == "Pet2" }?.schema.types == [.integer])
    }
}
