import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// Constructs of specs written by others (issue: real-world OpenAPI), each as spec → exact Swift.
@Suite struct RealWorldSnippetTests {
    @Test func nullAlternativesMakeTheTypeOptional() throws {
        let swift = try models(
            """
                Holder:
                  type: object
                  properties:
                    viaOneOf: {oneOf: [{$ref: '#/components/schemas/Pet'}, {type: 'null'}]}
                    viaAnyOf: {anyOf: [{type: string}, {const: null}]}
                    viaNullableMarker: {allOf: [{$ref: '#/components/schemas/Pet'}, {nullable: true}]}
                    items: {type: array, items: {type: [string, 'null']}}
                    labels: {type: object, additionalProperties: {type: [string, 'null']}}
                    required: {oneOf: [{$ref: '#/components/schemas/Pet'}, {type: 'null'}]}
                  required: [required]
                Pet: {type: object, properties: {name: {type: string}}}
                PortMap: {type: object, additionalProperties: {type: array, items: {type: string}, nullable: true}}
                MaybePet:
                  description: A pet, or null.
                  oneOf: [{$ref: '#/components/schemas/Pet'}, {type: 'null'}]
            """)
        #expect(swift.contains("    public var viaOneOf: Nullable<Pet>?\n"))
        #expect(swift.contains("    public var viaAnyOf: Nullable<String>?\n"))
        #expect(swift.contains("    public var viaNullableMarker: Nullable<Pet>?\n"))
        #expect(swift.contains("    public var items: [String?]?\n"))
        // A map's null value decodes as nil, as an array's null element does (Docker's `PortMap`).
        #expect(swift.contains("    public var labels: [String: String?]?\n"))
        #expect(swift.contains("public typealias PortMap = [String: [String]?]\n"))
        // Required but nullable: present, and maybe null.
        #expect(swift.contains("    public var required: Pet?\n"))
        #expect(
            swift.contains(
                "/// A pet, or null.\n///\n/// Spec: `#/components/schemas/MaybePet`.\npublic typealias MaybePet = Pet\n"
            ))
    }

    /// `prefixItems` (Pydantic's tuples) is a struct of its elements, read from and written to the JSON array in
    /// order: required up to `minItems`, then optional; `rest` for what `items` allows after them.
    @Test func aTupleIsAStructOfItsElements() throws {
        let swift = try models(
            """
                Reading:
                  description: A reading.
                  type: array
                  prefixItems: [{type: number}, {type: string, description: The unit.}]
                  minItems: 1
                  items: {type: boolean}
            """)
        #expect(
            swift.contains(
                """
                /// A reading.
                ///
                /// Spec: `#/components/schemas/Reading`.
                public struct Reading: Codable, Hashable, Sendable {
                    /// The element at index 0.
                    public var item0: Double
                    /// The unit.
                    public var item1: String?
                    /// The elements after the first 2.
                    public var rest: [Bool]

                    /// Creates the value from its properties.
                    public init(item0: Double, item1: String? = nil, rest: [Bool] = []) {
                        self.item0 = item0
                        self.item1 = item1
                        self.rest = rest
                    }

                    /// Decodes the elements in order from a JSON array.
                    public init(from decoder: any Decoder) throws {
                        var container = try decoder.unkeyedContainer()
                        self.item0 = try container.decode(Double.self)
                        self.item1 = container.isAtEnd ? nil : try container.decode(String?.self)
                        var rest: [Bool] = []
                        while !container.isAtEnd { rest.append(try container.decode(Bool.self)) }
                        self.rest = rest
                    }

                    /// Encodes the elements in order as a JSON array, which ends after the last one that is not nil.
                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.unkeyedContainer()
                        try container.encode(self.item0)
                        guard self.item1 != nil || !self.rest.isEmpty else { return }
                        try container.encode(self.item1)
                        try container.encode(contentsOf: self.rest)
                    }
                }
                """))
    }

    /// A tuple has no named fields: as a parameter it is sent as its JSON text, as a form body it is bytes the
    /// caller encodes, each with a located warning.
    @Test func aTupleWhereNamedFieldsAreNeededFallsBack() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a:
                post:
                  operationId: postA
                  parameters:
                    - {name: r, in: query, schema: {$ref: '#/components/schemas/P'}}
                  requestBody:
                    content: {application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/P'}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:
                P: {type: array, prefixItems: [{type: string}, {type: integer}], minItems: 2}
            """)
        #expect(
            warnings == [
                "spec.yaml:8:11: warning: parameter 'r': it is not a string, number, boolean, string enum or date, nor "
                    + "an array or object of these; generated as its JSON text in the query",
                "spec.yaml:10:63: warning: a application/x-www-form-urlencoded body that is a tuple (prefixItems) has no "
                    + "named fields; generated as Data the caller encodes",
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains(#"query: [ParameterItem("r", json: r)],"#))
        #expect(endpoints.contains(#".data(body, contentType: "application/x-www-form-urlencoded")"#))
    }

    @Test func alternativesOfOneSwiftTypeAreThatType() throws {
        let swift = try models(
            """
                Color: {oneOf: [{const: red}, {const: green}]}
                Token: {anyOf: [{type: string, format: uuid}, {type: string}]}
                Mixed: {oneOf: [{type: string, format: uuid}, {type: string}, {type: integer}]}
            """)
        #expect(swift.contains("public enum Color: OpenStringEnum {\n    case red\n    case green\n"))
        #expect(swift.contains("public typealias Token = String\n"))
        #expect(
            swift.contains(
                "public enum Mixed: Codable, Hashable, Sendable {\n    case string(String)\n    case int(Int)\n"))
    }

    @Test func operationsWithoutResponsesReturnNothingIn31() throws {
        let files = try generate(
            spec(
                paths: """
                      /ping:
                        parameters: null
                        post:
                          operationId: ping
                    """))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("    public func ping() async throws(APIError) {\n"))
        #expect(client.contains("        _ = try await apiClient.send(Endpoints.ping())\n"))
        // OpenAPI 3.0 requires them, and the operation means the same without: a warning, and the same method.
        let in30 = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Test, version: "1"}
            paths:
              /ping:
                post:
                  operationId: ping
            """)
        #expect(
            in30.warnings == [
                "spec.yaml:5:5: warning: POST /ping has no 'responses', which OpenAPI 3.0 requires; it is generated "
                    + "with no documented answer"
            ])
        #expect(in30.files["Client.swift"]?.contains("    public func ping() async throws(APIError) {\n") == true)
    }

    @Test func aResponseReferencedByPointerIsOneType() throws {
        let files = try generate(
            spec(
                paths: """
                      /a:
                        get:
                          operationId: getA
                          responses:
                            "200":
                              description: ok
                              content:
                                application/json:
                                  schema: {type: object, properties: {name: {type: string}}}
                      /b:
                        get:
                          operationId: getB
                          responses:
                            "200": {$ref: '#/paths/~1a/get/responses/200'}
                    """))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("    public func getA() async throws(APIError) -> GetAResponse {\n"))
        #expect(client.contains("    public func getB() async throws(APIError) -> GetAResponse {\n"))
        let models = try #require(files["Models.swift"])
        #expect(models.components(separatedBy: "public struct GetAResponse").count == 2)
    }

    @Test func aReferenceToNothingIsLocated() {
        let yaml = spec(
            paths: """
                  /b:
                    get:
                      operationId: getB
                      responses:
                        "200": {$ref: '#/paths/~1a/get/responses/200'}
                """)
        #expect(
            diagnostics(yaml) == [
                "spec.yaml:8:23: error: '#/paths/~1a/get/responses/200' points at nothing in the document"
            ])
    }

    @Test func arrayAndDateParametersAreSentAsTheirStylesSay() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: findPets
                          parameters:
                            - {name: limit, in: query, schema: {type: integer}}
                            - {name: tags, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}
                            - {name: since, in: query, schema: {type: string, format: date-time}}
                            - {name: X-Ids, in: header, schema: {type: array, items: {type: integer}}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            query: [ParameterItem(\"limit\", limit)] + ParameterItem.array(\"tags\", tags, style: "
                    + ".pipeDelimited, explode: false) + [ParameterItem(\"since\", since)],\n"
                    + "            headers: ParameterItem.array(\"X-Ids\", xIDs, style: .form, explode: false),\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "let tags = try request.queryParameters(\"tags\", as: String.self, style: .pipeDelimited, "
                    + "explode: false)\n"))
        #expect(server.contains("let since = try request.queryParameter(\"since\", as: Date.self)\n"))
        #expect(server.contains("let xIDs = try request.headerParameters(\"X-Ids\", as: Int.self)\n"))
    }

    @Test func parametersWithoutAWireFormFallBackWithLocatedWarnings() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /pets/{ids}:
                        get:
                          operationId: findPets
                          parameters:
                            - {name: ids, in: path, required: true, schema: {type: array, items: {type: string}}}
                            - {name: filter, in: query, style: form, schema: {type: object, properties: {a: {type: object}}}}
                            - {name: when, in: query, requried: true, schema: {type: array, items: {type: string, format: date-time}}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:10:35: warning: unknown key 'requried' in a parameter is ignored (did you mean "
                    + "'required'?)",
                "spec.yaml:9:11: warning: parameter 'filter': it is not a string, number, boolean, string enum or "
                    + "date, nor an array or object of these; generated as its JSON text in the query",
                "spec.yaml:10:11: warning: parameter 'when': its elements are not strings, numbers, booleans or "
                    + "string enums; generated as its JSON text in the query",
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "    public static func findPets(ids: [String], filter: FindPetsFilter? = nil, when: [Date]? = nil) "
                    + "-> Endpoint<EmptyResponse> {\n"))
        #expect(
            endpoints.contains(
                "            path: \"/pets/\\(pathSegment(ids, separator: \",\"))\",\n"
                    + "            pathTemplate: \"/pets/{ids}\",\n"
                    + "            query: [ParameterItem(\"filter\", json: filter), ParameterItem(\"when\", json: when)],\n"
            ))
        let models = try #require(files["Models.swift"])
        #expect(models.components(separatedBy: "public struct FindPetsFilter").count == 2)
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "let filter = try request.jsonParameter(\"filter\", in: .query, as: FindPetsFilter.self)\n"))
    }

    @Test func aTypoInAParameterIsAWarning() throws {
        let document = try Document.load(
            yaml: spec(
                paths: """
                      /pets:
                        get:
                          operationId: findPets
                          parameters:
                            - {name: limit, in: query, requried: true, schema: {type: integer}}
                    """), file: "spec.yaml")
        #expect(
            document.warnings.map(\.description) == [
                "spec.yaml:8:36: warning: unknown key 'requried' in a parameter is ignored (did you mean 'required'?)"
            ])
    }

    @Test func bodiesThatAreNotJSONAreWrittenAsTheirMediaTypeSays() throws {
        let files = try generate(
            spec(
                paths: """
                      /login:
                        post:
                          operationId: login
                          requestBody:
                            required: true
                            content:
                              application/x-www-form-urlencoded:
                                schema: {type: object, required: [user], properties: {user: {type: string}, n: {type: integer}}}
                          responses: {"200": {description: ok, content: {text/plain: {schema: {type: string}}}}}
                      /blob:
                        put:
                          operationId: putBlob
                          requestBody: {content: {image/png: {}}}
                          responses: {"200": {description: ok, content: {application/octet-stream: {}}}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            content: .form([ParameterItem(\"user\", body.user), ParameterItem(\"n\", body.n)]),\n"
                    + "            responseFormat: .text(contentType: \"text/plain\"),\n"))
        #expect(
            endpoints.contains(
                "            content: body.map { body in .data(body, contentType: \"image/png\") },\n"
                    + "            responseFormat: .data(contentType: \"application/octet-stream\"),\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                """
                            let form = try request.formBody()
                            guard let fieldUser = try form.queryParameter("user", as: String.self) else {
                                throw ServerRequestError.invalidParameter(name: "user", reason: "is required")
                            }
                            var built = LoginRequest(user: fieldUser)
                            built.n = try form.queryParameter("n", as: Int.self)
                            let body = built
                            return ServerResponse(status: .ok, text: try await service.login(body), contentType: "text/plain")
                """))
        #expect(server.contains("let body = request.body.isEmpty ? nil : request.body\n"))
    }

    @Test func aDiscriminatedOneOfDecodesByItsPropertyAndKeepsUnknownVariants() throws {
        let swift = try models(
            """
                Pet:
                  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
                  discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Cat', kitty: Cat}}
                Cat: {type: object, properties: {pet_type: {type: string}}}
                Dog: {type: object, properties: {pet_type: {type: string}}}
            """)
        #expect(
            swift.contains(
                """
                public enum Pet: Codable, Hashable, Sendable {
                    case cat(Cat)
                    case dog(Dog)
                    /// A variant the spec does not list (its `pet_type` names none of the above), kept whole and \
                encoded back unchanged.
                    case unknown(JSONValue)

                    private enum DiscriminatorKey: String, CodingKey {
                        case discriminator = "pet_type"
                    }

                    /// Decodes the alternative that the value's `pet_type` names.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: DiscriminatorKey.self)
                        switch try container.decodeIfPresent(String.self, forKey: .discriminator) {
                        case "cat", "kitty": self = .cat(try Cat(from: decoder))
                        case "Dog": self = .dog(try Dog(from: decoder))
                        default: self = .unknown(try JSONValue(from: decoder))
                        }
                    }
                """))
    }

    /// Without a `mapping`, OpenAPI names an alternative by its component's name; but where the alternative allows
    /// only listed values for the property (`const: cat`), `"Cat"` never names a valid value, and the listed values
    /// are what the API sends. Inline alternatives are named by theirs too, instead of being tried in order.
    @Test func alternativesThatListTheirDiscriminatorValuesAreNamedByThem() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Pet:
                          oneOf:
                            - {$ref: '#/components/schemas/Cat'}
                            - {$ref: '#/components/schemas/Dog'}
                            - {$ref: '#/components/schemas/Bird'}
                            - {$ref: '#/components/schemas/Fish'}
                          discriminator: {propertyName: kind, mapping: {fish: '#/components/schemas/Fish'}}
                        Base: {type: object, required: [kind], properties: {kind: {enum: [cat, dog, bird, fish]}}}
                        Cat: {type: object, properties: {kind: {const: cat}}}
                        Dog:
                          allOf:
                            - {$ref: '#/components/schemas/Base'}
                            - {properties: {kind: {type: string, enum: [dog, puppy]}}}
                        Bird: {type: object, properties: {kind: {type: string}}}
                        Fish: {type: object, properties: {kind: {const: fish}}}
                        Event:
                          oneOf:
                            - {type: object, properties: {type: {const: start}, at: {type: integer}}}
                            - {type: object, properties: {type: {const: stop}, at: {type: integer}}}
                          discriminator: {propertyName: type}
                        Root:
                          type: object
                          properties:
                            pet: {$ref: '#/components/schemas/Pet'}
                            event: {$ref: '#/components/schemas/Event'}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        // `Dog` allows `dog` (Base's list narrowed by its own); `Bird` lists no values, so its name stays; `Fish` is
        // mapped.
        #expect(
            models.contains(
                """
                        case "cat": self = .cat(try Cat(from: decoder))
                        case "dog": self = .dog(try Dog(from: decoder))
                        case "Bird": self = .bird(try Bird(from: decoder))
                        case "fish": self = .fish(try Fish(from: decoder))
                        default: self = .unknown(try JSONValue(from: decoder))
                """))
        #expect(
            models.contains(
                """
                        case "start": self = .option1(try Option1(from: decoder))
                        case "stop": self = .option2(try Option2(from: decoder))
                        default: self = .unknown(try JSONValue(from: decoder))
                """))
    }

    /// Alternatives that share their values, or an inline one that lists none, name no alternative by a value:
    /// decoding tries them in order, with the warning at the schema.
    @Test func alternativesThatListNoValuesOfTheirOwnAreTriedInOrder() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Event:
                          oneOf:
                            - {type: object, properties: {type: {enum: [start, stop]}, at: {type: integer}}}
                            - {type: object, properties: {type: {const: stop}, reason: {type: string}}}
                          discriminator: {propertyName: type}
                    """))
        #expect(
            warnings == [
                "spec.yaml:7:7: warning: 'discriminator' needs every alternative to be a $ref to a component schema, "
                    + "or to allow values of 'type' no other alternative allows (a const or an enum); decoding tries "
                    + "the alternatives in order instead"
            ])
        #expect(files["Models.swift"]?.contains("        if let value = try? Option1(from: decoder) {\n") == true)
    }

    @Test func serverVariablesGiveADefaultURLAndAFunctionThatFillsThemIn() throws {
        let files = try generate(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            servers:
              - url: https://{region}.example.com/{base path}
                variables:
                  region: {default: eu, enum: [eu, us]}
                  base path: {default: v1, description: The API version.}
            paths: {}
            """)
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "    public static let defaultServerURL = URL(checkedLiteral: \"https://eu.example.com/v1\")\n"))
        #expect(
            client.contains(
                """
                    /// - Parameter region: One of `eu`, `us`. Default `eu`.
                    /// - Parameter basePath: The API version. Default `v1`.
                    public static func serverURL(region: String = "eu", basePath: String = "v1") -> URL? {
                        URL(string: "https://\\(pathSegment(region)).example.com/\\(pathSegment(basePath))")
                    }
                """))
        let errors = generatorErrors(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            servers:
              - url: https://{region}.example.com
                variables:
                  region: {enum: [eu, us]}
            paths: {}
            """)
        #expect(errors == ["spec.yaml:6:15: error: server variable 'region' needs a 'default'"])
    }

    @Test func aParameterThatRefersToAScalarComponentIsThatScalar() throws {
        let files = try generate(
            spec(
                paths: """
                      /board/{row}:
                        parameters:
                          - {name: row, in: path, required: true, schema: {$ref: '#/components/schemas/coordinate'}}
                        get:
                          operationId: getRow
                        put:
                          operationId: putRow
                    components:
                      schemas:
                        coordinate: {type: integer, minimum: 1, maximum: 3}
                    """))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func getRow(row: Coordinate) async throws(APIError) {\n"))
        #expect(try models("    Unused: {type: string}").contains("public typealias Unused = String\n"))
    }

    @Test func schemasThatOnlyWebhooksUseAreUsed() throws {
        let document = try Document.load(
            yaml: """
                openapi: 3.1.0
                info: {title: Test, version: "1"}
                webhooks:
                  newPet:
                    post:
                      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                components:
                  schemas:
                    Pet: {type: object, properties: {id: {type: integer}}}
                """, file: "spec.yaml")
        // No warning that `Pet` is unused: only the one saying that webhooks themselves have no code.
        #expect(
            document.warnings.map(\.description) == [
                "spec.yaml:3:1: note: webhooks are not generated: no code is made for the requests the API sends "
                    + "(the schemas they use are)"
            ])
    }

    /// `security` keeps its alternatives and what each sends together (`{key: [], token: []}` is one alternative of
    /// two schemes); an alternative naming a scheme the client cannot send (HTTP digest, mutual TLS) is left out,
    /// with a warning at the scheme, and an operation left with none is sent without a credential.
    @Test func securityAlternativesKeepTheSchemesSentTogetherAndUnsendableOnesAreWarnings() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            security: [{key: [], token: []}, {bearer: []}]
            paths:
              /a:
                get:
                  operationId: a
                  responses: {'204': {description: ok}}
              /b:
                get:
                  operationId: b
                  security: [{digest: []}, {}, {bearer: []}]
                  responses: {'204': {description: ok}}
              /c:
                get:
                  operationId: c
                  security: [{tls: []}]
                  responses: {'204': {description: ok}}
            components:
              securitySchemes:
                key: {type: apiKey, in: query, name: key}
                token: {type: apiKey, in: query, name: token}
                bearer: {type: http, scheme: bearer}
                digest: {type: http, scheme: digest}
                tls: {type: mutualTLS}
            """)
        #expect(
            warnings == [
                "spec.yaml:24:13: warning: security scheme 'digest' is HTTP 'digest', which the client cannot send; "
                    + "requirements that need it are left out, so an operation that accepts only it is sent without a "
                    + "credential",
                "spec.yaml:25:10: warning: security scheme 'tls' is 'mutualTLS', which the client cannot send; "
                    + "requirements that need it are left out, so an operation that accepts only it is sent without a "
                    + "credential",
            ])
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "    public static let securityRequirements: [String: [[String]]] = [\n"
                    + "        \"a\": [[\"key\", \"token\"], [\"bearer\"]],\n"
                    + "        \"b\": [[], [\"bearer\"]],\n"
                    + "    ]\n"))
    }

    @Test func callbacksAndLinksAreNotesSayingNothingIsGenerated() throws {
        let document = try Document.load(
            yaml: spec(
                paths: """
                      /pets:
                        post:
                          operationId: addPet
                          callbacks:
                            onAdded: {'{$request.body#/url}': {post: {responses: {'200': {description: OK}}}}}
                          responses:
                            '201':
                              description: Added.
                              links:
                                GetPet: {operationId: getPet}
                    """), file: "spec.yaml")
        #expect(
            document.warnings.map(\.description) == [
                "spec.yaml:7:7: note: callbacks are not generated: the client and server have no code for the "
                    + "requests the API makes back (the operation itself is generated)",
                "spec.yaml:12:11: note: links are not generated: they stay documentation, and the answer is "
                    + "generated without them",
            ])
    }

    @Test func aTypoInAnyObjectOfTheSpecIsAWarning() throws {
        let document = try Document.load(
            yaml: """
                openapi: 3.1.0
                info: {title: T, version: "1", titel: x}
                servers: [{url: "https://a.example.com", descripton: main}]
                paths:
                  /a:
                    post:
                      operationId: a
                      requestBody: {requried: true, content: {text/plain: {}}}
                      responses:
                        "200": {descripton: ok, headers: {X-A: {schema: {type: string}, requird: true}}}
                """, file: "spec.yaml")
        #expect(
            document.warnings.map(\.description) == [
                "spec.yaml:2:32: warning: unknown key 'titel' in 'info' is ignored (did you mean 'title'?)",
                "spec.yaml:3:42: warning: unknown key 'descripton' in a server is ignored (did you mean 'description'?)",
                "spec.yaml:8:21: warning: unknown key 'requried' in a request body is ignored (did you mean 'required'?)",
                "spec.yaml:10:17: warning: unknown key 'descripton' in a response is ignored (did you mean "
                    + "'description'?)",
                "spec.yaml:10:73: warning: unknown key 'requird' in a header is ignored (did you mean 'required'?)",
            ])
    }

    private func generatorErrors(_ yaml: String) -> [String] {
        do {
            _ = try generate(yaml)
            return []
        } catch let error as SpecError {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    private func diagnostics(_ yaml: String) -> [String] {
        do {
            _ = try Document.load(yaml: yaml, file: "spec.yaml")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    /// Kubernetes' `IntOrString`: its Swagger 2.0 specs say `type: string, format: int-or-string`, and CRDs
    /// `x-kubernetes-int-or-string: true`, for a value such as a port that is `8080` or `"http"`. A `String` could not
    /// decode `targetPort: 8080` from any real cluster; it is now an integer or a string.
    @Test func kubernetesIntOrStringIsAnIntegerOrAString() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            swagger: "2.0"
            info: {title: K, version: "1"}
            paths: {}
            definitions:
              io.k8s.apimachinery.pkg.util.intstr.IntOrString: {type: string, format: int-or-string}
              io.k8s.api.core.v1.ServicePort:
                type: object
                properties:
                  targetPort: {$ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString'}
                  maxSurge: {x-kubernetes-int-or-string: true}
            """)
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                "public enum IoK8sApimachineryPkgUtilIntstrIntOrString: Codable, Hashable, Sendable {\n"
                    + "    case int(Int)\n    case string(String)\n"))
        #expect(models.contains("    public var targetPort: IoK8sApimachineryPkgUtilIntstrIntOrString?\n"))
        #expect(models.contains("    public enum MaxSurge: Codable, Hashable, Sendable {\n        case int(Int)\n"))
    }
}
