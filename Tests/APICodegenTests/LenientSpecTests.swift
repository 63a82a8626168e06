import APICodegen
import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// Specs that break a rule of OpenAPI where the meaning is still clear, and OpenAPI 3.2: other tools generate from
/// them, so these generate too, with a located warning that names what was generated instead. Found by running the
/// generator over the test specs of other OpenAPI tools (Benchmarks/RESULTS.md §12).
@Suite struct LenientSpecTests {
    @Test func rulesTheCodeDoesNotDependOnAreWarnings() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Pets}
            paths:
              parameters: []
              /pets:
                get:
                  operationId: listPets
              /tags:
                get:
                  operationId: listTags
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}}
            components:
              schemas:
                Tag:
                  type: object
                  properties:
                    name: {type: string, required: true, pattern: '^(?P<word>[a-z]+)$'}
                    pair: {type: array, items: [{type: string}, {type: integer}]}
            """)
        #expect(
            warnings == [
                "spec.yaml:2:7: warning: 'info' is missing 'version', which OpenAPI requires; nothing generated "
                    + "depends on it",
                "spec.yaml:4:3: warning: a path must start with '/', found 'parameters'; nothing is generated for it",
                "spec.yaml:6:5: warning: GET /pets has no 'responses', which OpenAPI 3.0 requires; it is generated "
                    + "with no documented answer",
                "spec.yaml:17:30: warning: 'required' is a list of the names of required properties, found 'true'; "
                    + "it is ignored, so the properties it meant are optional",
                "spec.yaml:17:55: warning: 'pattern' is not a regular expression this tool reads, so it is not used: "
                    + "^(?P<word>[a-z]+)$",
                "spec.yaml:18:29: warning: 'items' takes one schema; a list of schemas is JSON Schema draft 4's "
                    + "tuple, which 2020-12 writes 'prefixItems', and it is read as 'prefixItems'",
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var name: String?\n"))
        // The tuple is a struct of its elements, and of the elements after them (draft 4 allows any).
        #expect(models.contains("    public var pair: Pair?\n"))
        #expect(models.contains("        public var item0: String?\n"))
        #expect(models.contains("        public var rest: [JSONValue]\n"))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func listPets() async throws(APIError) {\n"))
        #expect(client.contains("public func listTags() async throws(APIError) -> Tag {\n"))
    }

    /// Swagger 2.0 leftovers in a converted spec: an `info` that is a string, a parameter `in: body`; and a
    /// misspelt location. Each is left out with a warning; the operation generates with its other parameters.
    @Test func swagger2LeftoversAreLeftOut() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.0
            info: Pets API
            paths:
              /pets:
                post:
                  operationId: addPet
                  parameters:
                    - {name: pet, in: body, schema: {type: object}}
                    - {name: dryRun, in: qeury, schema: {type: boolean}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses: {'204': {description: none}}
            """)
        #expect(
            warnings == [
                "spec.yaml:2:7: warning: expected a mapping for 'info', found 'Pets API'; it is ignored",
                "spec.yaml:8:27: warning: unknown parameter location 'body' ('body' is Swagger 2.0's; OpenAPI 3 writes "
                    + "a 'requestBody'); the parameter is not generated",
                "spec.yaml:9:30: warning: unknown parameter location 'qeury' (did you mean 'query'?); the parameter is "
                    + "not generated",
            ])
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func addPet(limit: Int? = nil) async throws(APIError) {\n"))
    }

    /// A key of `responses` that is not a status (here fastapi-code-generator's injection test) is left out;
    /// `responses: {}` is no documented answer, as no `responses` is.
    @Test func responsesThatAreNotStatusesAreLeftOut() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /a:
                        get:
                          operationId: getA
                          responses:
                            "'404' + (__import__('os').system('x') or '')": {description: bad}
                            '200': {description: ok, content: {text/plain: {}}}
                      /b:
                        get:
                          operationId: getB
                          responses: {}
                    """))
        #expect(
            warnings == [
                "spec.yaml:8:9: warning: ''404' + (__import__('os').system('x') or '')' is not a response status (a "
                    + "code from 100 to 599, a range such as 4XX, or 'default'); nothing is generated for it",
                "spec.yaml:13:18: warning: an operation needs at least one response; it is generated with no "
                    + "documented answer",
            ])
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func getA() async throws(APIError) -> String {\n"))
        #expect(client.contains("public func getB() async throws(APIError) {\n"))
        #expect(!client.contains("__import__"))
    }

    /// JSON with a trailing comma is read as YAML (a warning at the comma's end); `paths:` with nothing after it
    /// is no paths; a `required` entry that is not a name is left out, the names beside it kept.
    @Test func sloppyTextStillReads() throws {
        let json = Data(
            """
            {
              "openapi": "3.1.0",
              "info": {"title": "T", "version": "1"},
              "paths": {},
              "components": {"schemas": {"Pet": {
                "type": "object",
                "required": ["id", {"allOf": ["a", "b"]}],
                "properties": {"id": {"type": "integer"},},
              }}}
            }
            """.utf8)
        let document = try Document.load(data: json, file: "spec.json")
        #expect(
            document.warnings.map(\.description) == [
                "spec.json:5:30: warning: schema 'Pet' is never used",
                "spec.json:7:24: warning: 'required' lists the names of properties, found a mapping; it is ignored",
                "spec.json:8:46: warning: JSON: unexpected '}', expected a string key; the file is read as YAML, "
                    + "which allows it",
            ])
        #expect(document.schemas.first?.schema.required == ["id"])
        let bare = try Document.load(
            yaml: "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n", file: "spec.yaml")
        #expect(bare.operations.isEmpty)
        #expect(bare.warnings.map(\.description) == ["spec.yaml:1:1: warning: the document has no 'paths'"])
        #expect {
            try Document.load(data: Data("This is not JSON!".utf8), file: "not.json")
        } throws: { error in
            (error as? SpecError)?.diagnostics.map(\.description) == [
                "not.json:1:1: error: JSON: unexpected 'T', expected a value"
            ]
        }
    }

    /// OpenAPI 3.2: `$self` names the spec, so a `$ref` through it is a component; `itemSchema` is the element of a
    /// body that streams; what the client has no method or parameter for is a warning, and the rest generates.
    @Test func openAPI32Generates() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.2.0
            $self: https://api.example/v1/openapi.yaml
            info: {title: Events, version: '1'}
            paths:
              /events:
                query:
                  operationId: searchEvents
                  responses: {'200': {description: ok}}
                get:
                  operationId: listEvents
                  parameters:
                    - {in: querystring, content: {application/x-www-form-urlencoded: {schema: {type: object}}}}
                    - {name: since, in: query, schema: {type: string}}
                  responses:
                    '200':
                      description: events
                      content:
                        application/jsonl:
                          itemSchema: {$ref: 'https://api.example/v1/openapi.yaml#/components/schemas/Event'}
              /ticks:
                get:
                  operationId: ticks
                  responses:
                    '200':
                      description: ticks
                      content:
                        text/event-stream:
                          schema: null
                          itemSchema:
                            type: object
                            properties:
                              data: {type: string, contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Event'}}
              /tocks:
                get:
                  operationId: tocks
                  responses:
                    '200':
                      description: tocks
                      content:
                        text/event-stream:
                          itemSchema: {$ref: 'https://api.example/v1/openapi.yaml#/components/schemas/TockEvent'}
            components:
              schemas:
                Event: {type: object, properties: {id: {type: integer}}}
                TockEvent:
                  type: object
                  properties: {event: {type: string}, data: {$ref: '#/components/schemas/TockData'}}
                TockData: {type: string, contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Event'}}
            """)
        #expect(
            warnings == [
                "spec.yaml:6:5: warning: 'query' (OpenAPI 3.2) is not generated: the client has no method for it",
                "spec.yaml:12:11: warning: a 'querystring' parameter (OpenAPI 3.2) is not generated: the operation is "
                    + "generated without it",
            ])
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "public func listEvents(since: String? = nil) async throws(APIError) -> IncomingStream<Event> {\n"))
        #expect(client.contains("public func ticks() async throws(APIError) -> IncomingStream<ServerEvent<Event>> {\n"))
        // An event that is a `$ref`, whose `data` is one too: the element is still the `contentSchema`.
        #expect(client.contains("public func tocks() async throws(APIError) -> IncomingStream<ServerEvent<Event>> {\n"))
        #expect(!client.contains("searchEvents"))
    }

    @Test func aParameterThatBreaksTheContentRulesStillSaysHowItIsWritten() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /items:
                        get:
                          operationId: listItems
                          parameters:
                            - name: filter
                              in: query
                              schema: {type: integer}
                              content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}, text/plain: {}}
                            - {name: raw, in: query, content: {application/json: {}}}
                          responses: {'204': {description: none}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:11:20: warning: a parameter has either 'schema' or 'content', not both; it is generated for "
                    + "'content'",
                "spec.yaml:11:20: warning: a parameter's 'content' must have exactly one media type; it is generated "
                    + "for 'application/json'",
                "spec.yaml:12:43: warning: the parameter's 'application/json' has no 'schema', so any value is allowed",
            ])
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "public func listItems(filter: ListItemsFilter? = nil, raw: JSONValue? = nil) async throws(APIError) {\n"
            ))
    }

    /// A module named `API` made a client named `APIClient`, which hid APIRuntime's `APIClient` from every
    /// generated file: the module did not compile.
    @Test func aClientNameTheRuntimeUsesIsNumbered() throws {
        let yaml = spec(
            paths: "  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: none}}")
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        var warnings: [Diagnostic] = []
        let files = try Generator.generate(
            document, options: .init(moduleName: "API", specName: "spec.yaml"), warnings: &warnings)
        #expect(
            warnings.map(\.description) == [
                "spec.yaml:1:1: warning: the client's name 'APIClient' is a type generated code uses; generated as "
                    + "'APIClient2' (x-swift-client-name or another module name chooses another)"
            ])
        let client = try #require(files.first { $0.name == "Client.swift" }?.contents)
        #expect(client.contains("public struct APIClient2: Sendable {\n    /// Executes the endpoints"))
        #expect(client.contains("    public var apiClient: APIClient\n"))
    }

    /// A type name of another vocabulary (mlserver's `type: bytes`, Python's `int`) refused the whole spec. It is
    /// now ignored with a warning, in a list too (leaving out only the unknown name would narrow the schema), and
    /// OpenAPI 3's leftover `type: file` is read as the bytes Swagger 2.0 meant. A misspelt type (`strng`) is still
    /// an error (`DiagnosticTests.unknownTypeSuggestsTheIntendedOne`).
    @Test func anUnknownTypeIsIgnoredAndFileIsBytes() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Tensors, version: '1'}
            paths: {}
            components:
              schemas:
                Tensor:
                  type: object
                  properties:
                    data: {oneOf: [{type: array}, {type: bytes}]}
                    shape: {type: [int, 'null']}
                    upload: {type: file}
            """)
        #expect(
            warnings == [
                "spec.yaml:9:46: warning: unknown type 'bytes' is ignored, so the schema allows any value; the "
                    + "types are object, array, string, integer, number, boolean and null",
                "spec.yaml:10:24: warning: unknown type 'int' is ignored, so the schema allows any value; the types "
                    + "are object, array, string, integer, number, boolean and null",
                "spec.yaml:11:24: warning: type 'file' is Swagger 2.0's; OpenAPI 3 writes 'type: string, format: "
                    + "binary', and it is read so",
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("        case jsonValueList([JSONValue])\n        case jsonValue(JSONValue)\n"))
        #expect(models.contains("    public var shape: JSONValue?\n"))
        #expect(models.contains("    public var upload: Data?\n"))
    }

    /// go-swagger's users write `'200':` with nothing after it, and Go's and Java's readers take it: the status is
    /// generated, without a body, and a warning says what the spec left out. A security scheme of a type OpenAPI does
    /// not have (kin-openapi's tests write `type: cookie`) is one the client cannot send, as mutual TLS is; a
    /// misspelt type (`apikey`) is still an error, since a credential the spec means to send would silently not be.
    @Test func anEmptyResponseAndASchemeOfAnotherTypeGenerate() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Sessions, version: '1'}
            security: [{session: []}]
            paths:
              /a:
                get:
                  operationId: check
                  responses:
                    '200':
                    '404': {description: gone}
            components:
              securitySchemes:
                session: {type: cookie, name: sid}
            """)
        #expect(
            warnings == [
                "spec.yaml:9:15: warning: the response '200' is empty (null), though OpenAPI needs a 'description'; "
                    + "it is generated as an answer without a body",
                "spec.yaml:13:21: warning: unknown security scheme type 'cookie' (the types are http, apiKey, oauth2, "
                    + "openIdConnect and mutualTLS): the client cannot send it, so requirements that need it are left "
                    + "out, and an operation that accepts only it is sent without a credential",
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    public static func check() -> Endpoint<EmptyResponse> {\n"))
        #expect(try #require(files["Client.swift"]).contains("security") == false)
        let misspelt = """
            openapi: 3.0.3
            info: {title: Keys, version: '1'}
            paths: {}
            components:
              securitySchemes:
                key: {type: apikey, name: k, in: header}
            """
        #expect(
            loadErrors(misspelt) == [
                "spec.yaml:6:17: error: unknown security scheme type 'apikey' (did you mean 'apiKey'?)"
            ])
    }

    /// A type's name where a schema goes (Kubernetes' test specs write `additionalProperties: "object"`, which Go's
    /// readers take) refused the spec; it is now read as that type, and a quoted boolean as the boolean, each with a
    /// warning. Any other scalar is still an error.
    @Test func aTypeNameWhereASchemaGoesIsThatType() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Maps, version: '1'}
            paths: {}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    simpleMap: {type: object, additionalProperties: "object"}
                    names: {type: array, items: string}
                    closed: {type: object, properties: {a: {type: string}}, additionalProperties: "false"}
            """)
        #expect(
            warnings == [
                "spec.yaml:9:57: warning: a schema is a mapping or a boolean, not 'object'; it is read as "
                    + "{type: object}",
                "spec.yaml:10:37: warning: a schema is a mapping or a boolean, not 'string'; it is read as "
                    + "{type: string}",
                "spec.yaml:11:87: warning: a schema is a boolean, not the string 'false'; it is read as false",
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var simpleMap: [String: JSONObject]?\n"))
        #expect(models.contains("    public var names: [String]?\n"))
        #expect(
            models.contains(
                "    public struct Closed: Codable, Hashable, Sendable {\n        public var a: String?\n\n"))
        let scalar =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {items: 5}}}\n"
        #expect(loadErrors(scalar) == ["spec.yaml:4:35: error: expected a mapping for a schema, found a scalar"])
    }

    /// Three slips of real specs that refused them or sent the wrong bytes: one security requirement written without
    /// its list (flasgger's examples), a reference whose name differs from the component's only in case (gnostic's
    /// bookstore: `#/definitions/Error` for `error`), and a query parameter that is one of several strings (Netdata's
    /// `label_color`: a named colour or a hex code), which was sent as its JSON text, quotes and all.
    @Test func aRequirementWithoutItsListAReferenceInAnotherCaseAndAUnionOfStrings() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Badges, version: '1'}
            security: {key: []}
            paths:
              /badge:
                get:
                  operationId: badge
                  security:
                    key: []
                  parameters:
                    - name: color
                      in: query
                      schema:
                        oneOf:
                          - {type: string, enum: [green, red]}
                          - {type: string, pattern: '^[0-9a-f]{6}$'}
                    - {$ref: '#/components/parameters/limit'}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/badge'}
            components:
              parameters:
                Limit: {name: limit, in: query, schema: {type: integer}}
              securitySchemes:
                key: {type: apiKey, name: X-Key, in: header}
              schemas:
                Badge: {type: object, properties: {svg: {type: string}}}
            """)
        let unlisted =
            "warning: 'security' is a list of requirements; this one requirement without its list is read as the "
            + "only one"
        #expect(
            warnings == [
                "spec.yaml:3:11: " + unlisted,
                "spec.yaml:9:9: " + unlisted,
                "spec.yaml:17:18: warning: '#/components/parameters/limit' names nothing; it is read as 'Limit', the "
                    + "one name that differs from 'limit' only in case",
                "spec.yaml:23:30: warning: '#/components/schemas/badge' names nothing; it is read as 'Badge', the one "
                    + "name that differs from 'badge' only in case",
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "    public static func badge(color: String? = nil, limit: Int? = nil) -> Endpoint<Badge> {\n"))
        #expect(endpoints.contains("query: [ParameterItem(\"color\", color), ParameterItem(\"limit\", limit)],\n"))
        #expect(try #require(files["Client.swift"]).contains("        \"badge\": [[\"key\"]],\n"))
        // Two names that differ from the reference only in case: neither is guessed.
        let ambiguous = """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: {$ref: '#/components/schemas/pet'}
                Pet: {type: string}
                PET: {type: string}
            """
        #expect(
            loadErrors(ambiguous) == [
                "spec.yaml:6:15: error: unresolved reference '#/components/schemas/pet' (did you mean 'Pet'?)"
            ])
    }

    /// Specs written beside Express or Sinatra servers keep their path notation (`/users/:id`, webfakes' httpbin):
    /// the declared parameter was left out and the client sent `:id` literally. A whole segment `:name` that names a
    /// declared path parameter is read as `{name}`, with one warning per operation; a `:` segment that names no
    /// parameter, and Google's `{name}:cancel`, stay as they are.
    @Test func aPathInExpressNotationReadsItsParameters() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Users, version: '1'}
            paths:
              /users/:id/posts/:post/:literal:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: integer}}
                get:
                  operationId: getPost
                  parameters:
                    - {name: post, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
              /v1/{name}:cancel:
                post:
                  operationId: cancel
                  parameters:
                    - {name: name, in: path, required: true, schema: {type: string}}
                  responses: {'204': {description: ok}}
            """)
        #expect(
            warnings == [
                "spec.yaml:7:5: warning: the path template '/users/:id/posts/:post/:literal' writes parameters as "
                    + "':name' (Express's notation), which OpenAPI does not read; it is read as "
                    + "'/users/{id}/posts/{post}/:literal'"
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains("    public static func getPost(id: Int, post: String) -> Endpoint<EmptyResponse> {\n"))
        #expect(endpoints.contains("path: \"/users/\\(pathSegment(id))/posts/\\(pathSegment(post))/:literal\",\n"))
        #expect(endpoints.contains("path: \"/v1/\\(pathSegment(name)):cancel\",\n"))
        #expect(try #require(files["Server.swift"]).contains("\"/users/{id}/posts/{post}/:literal\""))
    }
}
