import APICodegen
import APISpec
import Foundation
import Testing

/// Swagger 2.0 documents are read as the OpenAPI 3.0 documents they convert to: the code generated from one is the
/// code generated from the OpenAPI 3.0 document a person would write for it, and diagnostics point into the
/// Swagger file.
@Suite struct SwaggerSnippetTests {
    static let swagger = """
        swagger: "2.0"
        info: {title: Pets, version: "1"}
        host: api.example.com
        basePath: /v2
        schemes: [https]
        consumes: [application/json]
        produces: [application/json]
        securityDefinitions:
          basicAuth: {type: basic, description: Basic}
          oauth:
            type: oauth2
            flow: accessCode
            authorizationUrl: https://example.com/auth
            tokenUrl: https://example.com/token
            scopes: {read: Read pets}
          key: {type: apiKey, name: X-Key, in: header}
        security: [{basicAuth: []}]
        parameters:
          limit: {name: limit, in: query, type: integer, format: int32, maximum: 100, x-nullable: true}
          pet: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
        responses:
          Missing: {description: gone, schema: {$ref: '#/definitions/Error'}}
        paths:
          /pets:
            get:
              operationId: listPets
              security: [{oauth: [read]}, {key: []}]
              parameters:
                - $ref: '#/parameters/limit'
                - {name: tags, in: query, type: array, items: {type: string}}
                - {name: ids, in: query, type: array, items: {type: integer, format: int64}, collectionFormat: multi}
                - {name: words, in: query, type: array, items: {type: string}, collectionFormat: pipes}
                - {name: X-Trace, in: header, type: string, format: uuid}
              responses:
                "200":
                  description: the pets
                  headers: {X-Count: {type: integer}}
                  schema: {type: array, items: {$ref: '#/definitions/Pet'}}
            post:
              operationId: addPet
              parameters: [{$ref: '#/parameters/pet'}]
              responses:
                "201": {description: made, schema: {$ref: '#/definitions/Pet'}}
                "404": {$ref: '#/responses/Missing'}
          /pets/{id}/photo:
            parameters:
              - {name: id, in: path, required: true, type: string}
              - {name: caption, in: formData, type: string, description: Shown below}
            post:
              operationId: uploadPhoto
              consumes: [multipart/form-data]
              produces: [text/plain]
              parameters:
                - {name: photo, in: formData, type: file, required: true}
              responses:
                "200": {description: the photo's address, schema: {type: string}}
          /pets/{id}/name:
            put:
              operationId: renamePet
              consumes: [application/x-www-form-urlencoded]
              parameters:
                - {name: id, in: path, required: true, type: string}
                - {name: name, in: formData, type: string, required: true}
                - {name: aliases, in: formData, type: array, items: {type: string}}
              responses:
                "204": {description: renamed}
        definitions:
          Pet:
            type: object
            discriminator: kind
            required: [kind, name]
            properties:
              kind: {type: string}
              name: {type: string}
              tag: {type: string, x-nullable: true}
          Cat:
            allOf:
              - $ref: '#/definitions/Pet'
              - {type: object, properties: {purrs: {type: boolean}}}
          Error:
            type: object
            properties:
              message: {type: string}
        """

    /// What a person converting the document above by hand writes.
    static let openAPI = """
        openapi: 3.0.3
        info: {title: Pets, version: "1"}
        servers: [{url: 'https://api.example.com/v2'}]
        security: [{basicAuth: []}]
        paths:
          /pets:
            get:
              operationId: listPets
              security: [{oauth: [read]}, {key: []}]
              parameters:
                - $ref: '#/components/parameters/limit'
                - {name: tags, in: query, schema: {type: array, items: {type: string}}, style: form, explode: false}
                - name: ids
                  in: query
                  schema: {type: array, items: {type: integer, format: int64}}
                  style: form
                  explode: true
                - name: words
                  in: query
                  schema: {type: array, items: {type: string}}
                  style: pipeDelimited
                  explode: false
                - {name: X-Trace, in: header, schema: {type: string, format: uuid}}
              responses:
                "200":
                  description: the pets
                  headers: {X-Count: {schema: {type: integer}}}
                  content:
                    application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}
            post:
              operationId: addPet
              requestBody:
                required: true
                content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
              responses:
                "201": {description: made, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                "404": {$ref: '#/components/responses/Missing'}
          /pets/{id}/photo:
            parameters:
              - {name: id, in: path, required: true, schema: {type: string}}
            post:
              operationId: uploadPhoto
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        caption: {type: string, description: Shown below}
                        photo: {type: string, format: binary}
                      required: [photo]
              responses:
                "200": {description: the photo's address, content: {text/plain: {schema: {type: string}}}}
          /pets/{id}/name:
            put:
              operationId: renamePet
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        name: {type: string}
                        aliases: {type: array, items: {type: string}}
                      required: [name]
                    encoding: {aliases: {style: form, explode: false}}
              responses:
                "204": {description: renamed}
        components:
          schemas:
            Pet:
              type: object
              discriminator: {propertyName: kind}
              required: [kind, name]
              properties:
                kind: {type: string}
                name: {type: string}
                tag: {type: string, nullable: true}
            Cat:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - {type: object, properties: {purrs: {type: boolean}}}
            Error:
              type: object
              properties:
                message: {type: string}
          parameters:
            limit: {name: limit, in: query, schema: {type: integer, format: int32, maximum: 100, nullable: true}}
          responses:
            Missing: {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
          securitySchemes:
            basicAuth: {type: http, scheme: basic, description: Basic}
            oauth:
              type: oauth2
              flows:
                authorizationCode:
                  authorizationUrl: https://example.com/auth
                  tokenUrl: https://example.com/token
                  scopes: {read: Read pets}
            key: {type: apiKey, name: X-Key, in: header}
        """

    @Test func aSwaggerDocumentGeneratesWhatItsOpenAPI3FormDoes() throws {
        let (fromSwagger, swaggerWarnings) = try generateWithWarnings(Self.swagger)
        let (fromOpenAPI, openAPIWarnings) = try generateWithWarnings(Self.openAPI)
        #expect(fromSwagger.keys.sorted() == fromOpenAPI.keys.sorted())
        for (name, text) in fromOpenAPI {
            #expect(fromSwagger[name] == text, "\(name) differs")
        }
        // The same warnings, each where the document that was read says it.
        func messages(_ warnings: [String]) -> [String] {
            warnings.map {
                $0.replacingOccurrences(of: #"^spec\.yaml:\d+:\d+: "#, with: "", options: .regularExpression)
            }
        }
        #expect(messages(swaggerWarnings) == messages(openAPIWarnings))
        // What the conversion is for: the body, the form, the query arrays and the server.
        let client = try #require(fromSwagger["Client.swift"])
        #expect(client.contains("public func addPet(_ body: Pet) async throws(APIError) -> Pet {\n"))
        let endpoints = try #require(fromSwagger["Endpoints.swift"])
        #expect(endpoints.contains(#"ParameterItem.array("tags", tags, style: .form, explode: false)"#))
        #expect(endpoints.contains(#"ParameterItem.array("ids", ids, style: .form, explode: true)"#))
        #expect(endpoints.contains(#"MultipartPart.file("photo", body.photo)"#))
        #expect(client.contains(#"defaultServerURL = URL(checkedLiteral: "https://api.example.com/v2")"#))
    }

    /// What OpenAPI 3 cannot say is a warning at the Swagger file's line and column; the schemas' own diagnostics
    /// are located there too.
    @Test func diagnosticsPointIntoTheSwaggerFile() throws {
        let (_, warnings) = try generateWithWarnings(
            """
            swagger: '2.0'
            info: {title: T, version: '1'}
            host: example.com
            paths:
              /a:
                get:
                  operationId: getA
                  schemes: [http]
                  parameters:
                    - {name: ids, in: query, type: array, items: {type: string}, collectionFormat: tsv}
                  responses:
                    '200': {description: ok, schema: {$ref: '#/definitions/Thing'}}
            definitions:
              Thing:
                type: object
                properties:
                  name: {type: string, maxLenght: 3}
            """)
        #expect(
            warnings == [
                "spec.yaml:8:7: warning: an operation's schemes [\"http\"] are not all the document's, which OpenAPI 3 "
                    + "cannot say; the document's servers are used",
                "spec.yaml:10:70: warning: collectionFormat 'tsv' of a query parameter has no OpenAPI 3 equivalent; "
                    + "csv is used",
                "spec.yaml:17:28: warning: unknown keyword 'maxLenght' is ignored (did you mean 'maxLength'?)",
            ])
        let errors = generatorErrors(
            of: """
                swagger: '2.0'
                info: {title: T, version: '1'}
                paths:
                  /a:
                    get:
                      responses:
                        '200': {description: ok, schema: {$ref: '#/definitions/Thng'}}
                definitions:
                  Thing: {type: string}
                """)
        #expect(
            errors == [
                "spec.yaml:7:49: error: unresolved reference '#/definitions/Thng' (did you mean 'Thing'?)"
            ])
    }

    /// `host`, `basePath` and `schemes` as servers: a server per scheme (https when none is named), the base path
    /// alone without a host, and a base path written without its slash still under the host.
    @Test func hostBasePathAndSchemesAreTheServers() throws {
        func urls(_ lines: String) throws -> [String] {
            let yaml = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n" + lines
            return try Document.load(yaml: yaml, file: "spec.yaml").servers.map(\.url)
        }
        #expect(
            try urls("host: a.example\nbasePath: /v1\nschemes: [http, https]\n") == [
                "http://a.example/v1", "https://a.example/v1",
            ])
        #expect(try urls("host: a.example:8080\n") == ["https://a.example:8080"])
        #expect(try urls("host: a.example\nbasePath: v2\n") == ["https://a.example/v2"])
        #expect(try urls("basePath: /v1.53\n") == ["/v1.53"])
        #expect(try urls("basePath: /\n") == ["/"])
        #expect(try urls("").isEmpty)
        // A list written as one value, and a URL where the host name belongs, mean what they say.
        #expect(try urls("host: a.example\nschemes: http\n") == ["http://a.example"])
        #expect(try urls("host: 'https://a.example/'\nbasePath: /v1\n") == ["https://a.example/v1"])
        let (files, warnings) = try generateWithWarnings(
            """
            swagger: '2.0'
            info: {title: T, version: '1'}
            host: https://a.example
            produces: text/plain
            paths:
              /a:
                get:
                  operationId: getA
                  schemes: [https]
                  responses: {'200': {description: ok, schema: {type: string}}}
            """)
        #expect(
            warnings == [
                "spec.yaml:3:7: warning: 'host' is a URL, where Swagger has a host name and 'schemes'; it is used as "
                    + "the server's URL"
            ])
        #expect(files["Client.swift"]?.contains("public func getA() async throws(APIError) -> String {\n") == true)
        // OpenAPI 3's `components` mixed into a Swagger document are kept beside the converted sections.
        let mixed = try Document.load(
            yaml: """
                swagger: '2.0'
                info: {title: T, version: '1'}
                paths: {}
                definitions: {A: {type: string}}
                components: {schemas: {B: {type: integer}}, securitySchemes: {k: {type: apiKey, name: k, in: query}}}
                """, file: "spec.yaml")
        #expect(mixed.schemas.map(\.name) == ["B", "A"] && mixed.securitySchemes.count == 1)
    }

    /// Azure's `x-ms-paths` (Swagger 2.0 or OpenAPI) hold operations whose keys differ only in a query string. They
    /// were not read, so Azure Storage's specs lost most of their operations. Each is now an operation: the client
    /// sends the key's items before its parameters, and the server routes by them, the one that asks for more first.
    /// The same key in `paths`, which OpenAPI does not allow, is read alike with a located warning.
    @Test func azurePathsAreOperationsToldApartByTheirQuery() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            swagger: '2.0'
            info: {title: Blobs, version: '2021-08-06'}
            host: example.blob.core.windows.net
            paths:
              /{container}/{blob}.json?comp=tags:
                get:
                  operationId: getTags
                  parameters:
                    - {name: container, in: path, required: true, type: string}
                    - {name: blob, in: path, required: true, type: string}
                  responses: {'200': {description: tags}}
            x-ms-paths:
              /{container}?restype=container:
                get:
                  operationId: getProperties
                  parameters: [{$ref: '#/parameters/container'}]
                  responses: {'200': {description: properties}}
              /{container}?restype=container&comp=list:
                get:
                  operationId: listBlobs
                  parameters:
                    - $ref: '#/parameters/container'
                    - {name: prefix, in: query, type: string}
                  responses: {'200': {description: blobs, schema: {type: array, items: {type: string}}}}
            parameters:
              container: {name: container, in: path, required: true, type: string}
            """)
        #expect(
            warnings == [
                "spec.yaml:5:3: warning: the path '/{container}/{blob}.json?comp=tags' has a query string, which "
                    + "OpenAPI paths do not; it is read as Azure's x-ms-paths reads one: 'comp=tags' is sent with "
                    + "every request of the path, and routes match only requests that have it"
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                """
                            path: "/\\(pathSegment(container2))",
                            pathTemplate: "/{container}",
                            query: [ParameterItem("restype", "container"), ParameterItem("comp", "list"), \
                ParameterItem("prefix", prefix)],
                """))
        #expect(
            endpoints.contains(
                """
                            path: "/\\(pathSegment(container2))/\\(pathSegment(blob)).json",
                            pathTemplate: "/{container}/{blob}.json",
                            query: [ParameterItem("comp", "tags")],
                """))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                """
                            ServerRoute(.get, "/{container}?restype=container&comp=list", serveListBlobs),
                            ServerRoute(.get, "/{container}?restype=container", serveGetProperties),
                            ServerRoute(.get, "/{container}/{blob}.json?comp=tags", serveGetTags),
                """))
    }

    /// The AWS specs of APIs.guru tell apart operations of one path by a fragment that names a header
    /// (`/#X-Amz-Target=DynamoDB_20120810.PutItem`), and write S3's keys as greedy labels (`{Key+}`). The fragment
    /// was sent as part of the path, and `Key+` matched no declared parameter; now the client sends the header (unless
    /// a parameter does) to `/`, the route matches by it, and `{Key+}` is the parameter `Key`, spanning segments.
    @Test func awsFragmentsAndGreedyLabels() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.0
            info: {title: AWS, version: '1'}
            paths:
              /#X-Amz-Target=DynamoDB_20120810.PutItem&Bad Name=1:
                post:
                  operationId: PutItem
                  responses: {'200': {description: done}}
              /chat#stream:
                post:
                  operationId: streamChat
                  responses: {'200': {description: done}}
              /{Bucket}/{Key+}:
                get:
                  operationId: GetObject
                  parameters:
                    - {name: Bucket, in: path, required: true, schema: {type: string}}
                    - {name: Key, in: path, required: true, schema: {type: string}}
                  responses: {'200': {description: done}}
            """)
        #expect(
            warnings == [
                "spec.yaml:4:3: warning: 'Bad Name' in the fragment of the path "
                    + "'/#X-Amz-Target=DynamoDB_20120810.PutItem&Bad Name=1' is not a header name; it is ignored",
                "spec.yaml:4:3: warning: the path '/#X-Amz-Target=DynamoDB_20120810.PutItem&Bad Name=1' has a "
                    + "fragment, which OpenAPI paths do not; it is read as the AWS specs of APIs.guru write one: the "
                    + "header 'X-Amz-Target: DynamoDB_20120810.PutItem' is sent with every request of the path, and "
                    + "routes match only requests that have it",
                "spec.yaml:8:3: note: '#stream' in the path '/chat#stream' is not sent (a fragment is not part of a "
                    + "request): it tells apart operations of one path, as Speakeasy writes them, and generated "
                    + "routes take them in spec order",
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                """
                            path: "/",
                            headers: [ParameterItem("X-Amz-Target", "DynamoDB_20120810.PutItem")],
                """))
        // A fragment without `=` (Speakeasy's `#stream`, which tells apart operations of one path) is not sent.
        #expect(endpoints.contains("            path: \"/chat\",\n            operationID: \"streamChat\"\n"))
        #expect(
            endpoints.contains(
                """
                            path: "/\\(pathSegment(bucket))/\\(pathSegments(key, keepingReserved: false))",
                            pathTemplate: "/{Bucket}/{Key+}",
                """))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("let key = try request.pathParameter(\"Key\", in: path, as: String.self)\n"))
        #expect(
            server.contains(
                "ServerRoute(.post, \"/#X-Amz-Target=DynamoDB_20120810.PutItem&Bad Name=1\", servePutItem),"))
    }

    private func generatorErrors(of yaml: String) -> [String] {
        do {
            _ = try generate(yaml)
            return []
        } catch let failure as SpecError {
            return failure.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// What a Swagger 2.0 document may point at and its OpenAPI 3.0 form moves: a shared response's `schema` (now
    /// under `content`), a body parameter's (now the request body), and what is inside them. The conversion keeps
    /// positions, so the node is found where it went; a pointer to nothing is an error that quotes it as written.
    /// And `$ref: Pet`, Swagger 1.2's way of naming a model (go-openapi's fixtures), is read as the definition when no
    /// file has that name.
    @Test func pointersIntoMovedPlacesAndBareModelNamesAreFollowed() throws {
        let yaml = """
            swagger: "2.0"
            info: {title: T, version: "1"}
            produces: [application/json]
            responses:
              NotFound: {description: gone, schema: {type: object, properties: {code: {type: integer}}}}
            definitions:
              Pet: {type: object, properties: {name: {type: string}}}
            paths:
              /a:
                post:
                  operationId: send
                  parameters:
                    - {name: q, in: query, type: string}
                    - {name: body, in: body, schema: {type: object, properties: {n: {type: integer}}}}
                  responses:
                    "200": {description: ok, schema: {$ref: '#/responses/NotFound/schema'}}
                    "201": {description: ok, schema: {$ref: '#/responses/NotFound/schema/properties/code'}}
              /b:
                get:
                  operationId: fetch
                  responses:
                    "200": {description: ok, schema: {$ref: '#/paths/~1a/post/parameters/1/schema'}}
                    "201": {description: ok, schema: {type: array, items: {$ref: Pet}}}
            """
        let (files, warnings) = try generateWithWarnings(yaml)
        #expect(
            warnings == [
                "spec.yaml:23:70: warning: 'Pet' names a file by RFC 3986, and there is none; it is read as "
                    + "'#/definitions/Pet', the schema of that name (Swagger 1.2's way of naming a model, which "
                    + "swagger-parser reads so)"
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    case ok(NotFound)\n"))
        #expect(endpoints.contains("    case created(Code)\n"))
        #expect(endpoints.contains("    case ok(RequestBody)\n"))
        #expect(endpoints.contains("    case created([Pet])\n"))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public struct NotFound: Codable, Hashable, Sendable {\n    public var code: Int?\n"))
        #expect(models.contains("public struct RequestBody: Codable, Hashable, Sendable {\n    public var n: Int?\n"))
        let missing = yaml.replacingOccurrences(of: "'#/responses/NotFound/schema'", with: "'#/responses/Gone/schema'")
        #expect(loadErrors(missing) == ["spec.yaml:16:49: error: unresolved reference '#/responses/Gone/schema'"])
    }
}
