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

        func load(_ path: String) throws -> Document {
            try Document.load(contentsOf: root.appendingPathComponent(path), displayName: path)
        }

        /// The located errors of loading `path`, as printed.
        func errors(_ path: String) -> [String] {
            do {
                _ = try load(path)
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
                    + "spec's directory; only files under it are read",
                "spec/api.yaml:7:15: error: cannot resolve 'https://example.com/s.yaml': no schema is registered at "
                    + "'https://example.com/s.yaml', and remote references are never fetched; refer to a file under "
                    + "the spec's directory, or register the URI (api-codegen's --schema-dir)",
                "spec/api.yaml:8:15: error: cannot resolve '/etc/passwd': an absolute path; refer to files relative "
                    + "to the file the reference is in, under the spec's directory",
                "spec/api.yaml:9:15: error: cannot resolve 'link.yaml#/Secret': it leads outside the spec's "
                    + "directory (through a symbolic link); only files under it are read",
                "spec/api.yaml:10:15: error: cannot resolve 'missing.yaml': spec/missing.yaml does not exist",
                "spec/api.yaml:11:15: error: 'sub/ok.yaml#/Nope' points at nothing in spec/sub/ok.yaml",
                "spec/api.yaml:12:15: error: cannot resolve 'sub/../../outside/secret.yaml#/Secret': it leads "
                    + "outside the spec's directory; only files under it are read",
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
}
