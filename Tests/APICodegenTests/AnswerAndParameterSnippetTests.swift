import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// Parameters with `content`, nested `deepObject` parameters, `readOnly`/`writeOnly`, an answer per success status
/// and typed response headers (issue: real-world OpenAPI), each as spec → exact Swift.
@Suite struct AnswerAndParameterSnippetTests {
    @Test func aParameterWithJSONContentIsSentAsItsJSONText() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: findPets
                          parameters:
                            - name: filter
                              in: query
                              content:
                                application/json:
                                  schema: {type: object, properties: {color: {type: string}}}
                            - name: X-Trace
                              in: header
                              required: true
                              content:
                                application/json:
                                  schema: {type: array, items: {type: integer}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "    public static func findPets(filter: FindPetsFilter? = nil, xTrace: [Int]) -> Endpoint<EmptyResponse> "
                    + "{\n"))
        #expect(
            endpoints.contains(
                "            query: [ParameterItem(\"filter\", json: filter)],\n"
                    + "            headers: [ParameterItem(\"X-Trace\", json: xTrace)],\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "            let filter = try request.jsonParameter(\"filter\", in: .query, as: FindPetsFilter.self)\n"
                    + "            guard let xTrace = try request.jsonParameter(\"X-Trace\", in: .header, as: [Int].self) "
                    + "else {\n"))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public struct FindPetsFilter: Codable, Hashable, Sendable {\n"))
    }

    @Test func parametersNamedLikeKeywordsAreBacktickedWhereverTheyAreValues() throws {
        let files = try generate(
            spec(
                paths: """
                      /a/{in}:
                        get:
                          operationId: find
                          parameters:
                            - {name: in, in: path, required: true, schema: {type: string}}
                            - {name: default, in: query, schema: {type: string}}
                            - {name: where, in: query, content: {application/json: {schema: {type: array, items: {type: string}}}}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            path: \"/a/\\(pathSegment(`in`))\",\n"
                    + "            pathTemplate: \"/a/{in}\",\n"
                    + "            query: [ParameterItem(\"default\", `default`), ParameterItem(\"where\", json: `where`)],\n"
            ))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("Endpoints.find(in: `in`, default: `default`, where: `where`)"))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("try await service.find(in: `in`, default: `default`, where: `where`)"))
    }

    /// An argument label may be any keyword but `inout` (`f(inout: x)` does not parse), so `inout` keeps its backticks
    /// as a label in every call and function name, while `var` and `let` lose theirs (Swift warns about them). The
    /// route reads a required form field into a local `field…` that no parameter of the route is named.
    @Test func inoutKeepsItsBackticksAsAnArgumentLabelAndFieldLocalsAreUnique() throws {
        let files = try generate(
            spec(
                paths: """
                      /a/{inout}:
                        post:
                          operationId: find
                          parameters:
                            - {name: inout, in: path, required: true, schema: {type: string}}
                            - {name: var, in: query, schema: {type: string}}
                            - {name: fieldInout, in: header, schema: {type: string}}
                          requestBody:
                            required: true
                            content:
                              application/x-www-form-urlencoded:
                                schema:
                                  type: object
                                  required: [inout, let]
                                  properties: {inout: {type: string}, let: {type: integer}}
                          responses:
                            '204': {description: done}
                    """))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("sent as `Endpoints.find(`inout`:_:var:fieldInout:)`."))
        #expect(
            client.contains(
                "_ = try await apiClient.send(Endpoints.find(`inout`: `inout`, body, var: `var`, fieldInout: fieldInout))\n"
            ))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("guard let fieldInout2 = try form.queryParameter(\"inout\", as: String.self) else {\n"))
        #expect(server.contains("let built = FindRequest(`inout`: fieldInout2, let: fieldLet)\n"))
        #expect(server.contains("let fieldInout = try request.headerParameter(\"fieldInout\", as: String.self)\n"))
        #expect(
            server.contains("_ = try await service.find(`inout`: `inout`, body, var: `var`, fieldInout: fieldInout)\n"))
    }

    @Test func stylesAPlaceDoesNotHaveFallBackToItsOwnAndDeprecatedParametersSaySo() throws {
        let (styled, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /a/{id}:
                        get:
                          operationId: find
                          parameters:
                            - {name: id, in: path, required: true, style: matrix, schema: {type: string}}
                            - {name: q, in: query, style: label, schema: {type: string}}
                            - {name: c, in: cookie, style: simple, schema: {type: string}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:9:11: warning: parameter 'q': style 'label' is not one a query has; generated as a query "
                    + "parameter of style 'form'",
                "spec.yaml:10:11: warning: parameter 'c': style 'simple' is not one a cookie has; generated as a "
                    + "cookie parameter of style 'form'",
            ])
        let endpoints = try #require(styled["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            path: \"/a/;id=\\(pathSegment(id))\",\n"
                    + "            pathTemplate: \"/a/{id}\",\n"
                    + "            query: [ParameterItem(\"q\", q)],\n            cookies: [ParameterItem(\"c\", c)],\n"
            ))
        let server = try #require(styled["Server.swift"])
        #expect(
            server.contains(
                "let id = try request.pathParameter(\"id\", in: path, as: String.self, after: \";id=\")\n"))
        #expect(server.contains("let q = try request.queryParameter(\"q\", as: String.self)\n"))
        #expect(server.contains("let c = try request.cookieParameter(\"c\", as: String.self)\n"))
        let files = try generate(
            spec(
                paths: """
                      /a:
                        get:
                          operationId: find
                          parameters:
                            - {name: q, in: query, deprecated: true, description: Old filter., schema: {type: string}}
                    """))
        #expect(files["Client.swift"]?.contains("    /// - Parameter q: Old filter. Deprecated in the spec.\n") == true)
    }

    @Test func jsonContentInAPathFallsBackToAStringAndSchemaWithContentIsALocatedWarning() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /pets/{id}:
                        get:
                          operationId: getPet
                          parameters:
                            - name: id
                              in: path
                              required: true
                              content:
                                application/json: {schema: {type: object}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:8:11: warning: parameter 'id': JSON 'content' in a path has no one way to be written; "
                    + "generated as a String the caller writes as the path segment"
            ])
        #expect(files["Endpoints.swift"]?.contains("path: \"/pets/\\(pathSegment(id))\",\n") == true)
        let twice = try generateWithWarnings(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: findPets
                          parameters:
                            - name: a
                              in: query
                              schema: {type: string}
                              content:
                                application/json: {schema: {type: string}}
                                text/plain: {schema: {type: string}}
                    """))
        // Both rules broken, and the content still says how the value is written: warnings, and the JSON text.
        #expect(
            twice.warnings == [
                "spec.yaml:12:13: warning: a parameter has either 'schema' or 'content', not both; it is generated "
                    + "for 'content'",
                "spec.yaml:12:13: warning: a parameter's 'content' must have exactly one media type; it is generated "
                    + "for 'application/json'",
            ])
        #expect(twice.files["Client.swift"]?.contains("public func findPets(a: String? = nil)") == true)
    }

    /// OpenAPI: header parameters named `Accept`, `Content-Type` or `Authorization` "SHALL be ignored". Sent beside
    /// the headers the media types and the security schemes set, they would make requests with two of each.
    @Test func headerParametersOpenAPISaysToIgnoreAreIgnoredWithALocatedWarning() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /pets:
                        post:
                          operationId: addPet
                          parameters:
                            - {name: Authorization, in: header, required: true, schema: {type: string}}
                            - {name: content-type, in: header, schema: {type: string}}
                            - {name: Accept, in: header, schema: {type: string}}
                            - {name: Accept, in: query, schema: {type: string}}
                            - {name: X-Trace, in: header, schema: {type: string}}
                          requestBody: {content: {application/json: {schema: {type: string}}}}
                          responses: {'200': {description: ok, content: {application/json: {schema: {type: string}}}}}
                    """))
        let reason =
            "is ignored, as OpenAPI says of 'Accept', 'Content-Type' and 'Authorization': the responses' media "
            + "types set Accept, the body's sets Content-Type, and a security scheme sends credentials (or, where the "
            + "spec declares none, a middleware)"
        #expect(
            warnings == [
                "spec.yaml:8:11: warning: header parameter 'Authorization' \(reason)",
                "spec.yaml:9:11: warning: header parameter 'content-type' \(reason)",
                "spec.yaml:10:11: warning: header parameter 'Accept' \(reason)",
            ])
        #expect(
            files["Client.swift"]?.contains(
                "public func addPet(_ body: String? = nil, accept: String? = nil, xTrace: String? = nil)") == true)
    }

    @Test func aDeepObjectParameterNestsObjects() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: findPets
                          parameters:
                            - name: range
                              in: query
                              style: deepObject
                              explode: true
                              schema:
                                type: object
                                properties:
                                  kind: {type: string}
                                  size:
                                    type: object
                                    required: [min]
                                    properties: {min: {type: integer}, max: {type: integer}}
                                  tag: {type: string}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "            query: ParameterItem.object(\"range\", [(\"kind\", range?.kind)], style: .deepObject, "
                    + "explode: true) + ParameterItem.object(\"range[size]\", [(\"min\", range?.size?.min), "
                    + "(\"max\", range?.size?.max)], style: .deepObject, explode: true) + "
                    + "ParameterItem.object(\"range\", [(\"tag\", range?.tag)], style: .deepObject, explode: true),\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                """
                            let range: FindPetsRange? = try { () throws -> FindPetsRange? in
                                let fields = try request.objectParameter("range", style: .deepObject, explode: true, properties: ["kind", "tag"])
                                let nested1: FindPetsRange.Size? = try { () throws -> FindPetsRange.Size? in
                                    let fields = try request.objectParameter("range[size]", style: .deepObject, explode: true, properties: ["min", "max"])
                                    guard fields != nil else { return nil }
                                    let found = fields ?? [:]
                                    guard let fieldMin = try ServerRequest.property(found, "min", of: "range[size]", as: Int.self) else {
                                        throw ServerRequestError.invalidParameter(name: "range[size]", reason: "property 'min' is required")
                                    }
                                    var built = FindPetsRange.Size(min: fieldMin)
                                    built.max = try ServerRequest.property(found, "max", of: "range[size]", as: Int.self)
                                    return built
                                }()
                                guard fields != nil || nested1 != nil else { return nil }
                                let found = fields ?? [:]
                                var built = FindPetsRange()
                                built.kind = try ServerRequest.property(found, "kind", of: "range", as: String.self)
                                built.size = nested1
                                built.tag = try ServerRequest.property(found, "tag", of: "range", as: String.self)
                                return built
                            }()

                """))
    }

    @Test func readOnlyAndWriteOnlyRequiredPropertiesAreOptional() throws {
        let swift = try models(
            """
                Account:
                  type: object
                  required: [id, name, password]
                  properties:
                    id: {type: integer, readOnly: true, description: Assigned by the server.}
                    name: {type: string}
                    password: {type: string, writeOnly: true}
            """)
        #expect(
            swift.contains(
                """
                    /// Assigned by the server.
                    ///
                    /// Read-only: the server sends it and ignores it in requests, so leave it nil there.
                    public var id: Int?
                    public var name: String
                    /// Write-only: sent in requests and left out of answers, where it is nil.
                    public var password: String?

                """))
    }

    @Test func successStatusesWithDifferentBodiesAreAnEnum() throws {
        let files = try generate(
            spec(
                paths: """
                      /jobs:
                        post:
                          operationId: startJob
                          responses:
                            '200': {description: Done at once., content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}
                            '202': {description: Queued., content: {text/plain: {schema: {type: string}}}}
                            '204': {description: Nothing to do.}
                            2XX: {description: Other., content: {application/octet-stream: {}}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    public static func startJob() -> Endpoint<StartJobResponse> {\n"))
        #expect(
            endpoints.contains(
                """
                /// The success answers of `startJob`, by status.
                public enum StartJobResponse: StatusAnswer, Hashable {
                    /// `200`: Done at once.
                    case ok(StartJobOkBody)
                    /// `202`: Queued.
                    case accepted(String)
                    /// `204`: Nothing to do.
                    case noContent
                    /// `2XX`: Other.
                    case success(Data)

                    /// Reads the answer of `status` from its body.
                    ///
                    /// - Throws: `UndocumentedStatus` for a status the spec does not list; a `DecodingError`.
                    public init(status: Int, body: Data) throws {
                        switch status {
                        case 200:
                            self = .ok(try JSONCoding.makeDecoder().decode(StartJobOkBody.self, from: body))
                        case 202:
                            self = .accepted(String(decoding: body, as: UTF8.self))
                        case 204:
                            self = .noContent
                        default:
                            self = .success(body)
                        }
                    }

                    /// The answer as a server sends it.
                    public func serverResponse() throws -> ServerResponse {
                        switch self {
                        case .ok(let value):
                            return try ServerResponse(status: .ok, json: value)
                        case .accepted(let value):
                            return ServerResponse(status: .accepted, text: value, contentType: "text/plain")
                        case .noContent:
                            return ServerResponse(status: .noContent)
                        case .success(let value):
                            return ServerResponse(status: .ok, data: value, contentType: "application/octet-stream")
                        }
                    }
                }
                """))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("    func startJob() async throws -> StartJobResponse\n"))
        #expect(server.contains("            return try await service.startJob().serverResponse()\n"))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("    public func startJob() async throws(APIError) -> StartJobResponse {\n"))
    }

    @Test func successStatusesWithOneBodyTypeKeepThatType() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        put:
                          operationId: putPet
                          responses:
                            '200': {description: Replaced., content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                            '201': {description: Created., content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                    components:
                      schemas:
                        Pet: {type: object, properties: {name: {type: string}}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    public static func putPet() -> Endpoint<Pet> {\n"))
        #expect(!endpoints.contains("StatusAnswer"))
    }

    @Test func aDefaultResponseAloneIsAlsoTheSuccessAnswer() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: listPets
                          responses:
                            default: {description: Any answer., content: {application/json: {schema: {$ref: '#/components/schemas/Pets'}}}}
                    components:
                      schemas:
                        Pets: {type: array, items: {type: string}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    public static func listPets() -> Endpoint<Pets> {\n"))
        #expect(endpoints.contains("            errorType: Pets.self\n"))
        #expect(
            files["Server.swift"]?.contains(
                "            return try ServerResponse(status: .ok, json: await service.listPets())\n") == true)
    }

    @Test func responseHeadersAreATypedStructBesideTheAnswer() throws {
        let files = try generate(
            spec(
                paths: """
                      /pets:
                        get:
                          operationId: listPets
                          responses:
                            '200':
                              description: A page.
                              headers:
                                X-Next: {description: The next page., required: true, schema: {type: string}}
                                X-Tags: {schema: {type: array, items: {type: string}}}
                                X-Until: {schema: {type: string, format: date-time}}
                                X-Shape: {schema: {type: object}}
                                Content-Type: {schema: {type: string}}
                              content: {application/json: {schema: {type: array, items: {type: string}}}}
                        delete:
                          operationId: clearPets
                          responses:
                            '204':
                              description: Cleared.
                              headers:
                                X-Count: {schema: {type: integer}}
                    """))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                """
                /// The headers the success answers of `listPets` document (an optional one is nil when an answer leaves it out).
                public struct ListPetsHeaders: ResponseHeaders, Hashable {
                    /// The next page.
                    ///
                    /// The `X-Next` header.
                    public var xNext: String
                    /// The `X-Tags` header.
                    public var xTags: [String]?
                    /// The `X-Until` header.
                    public var xUntil: Date?
                    /// The `X-Shape` header.
                    public var xShape: String?

                    /// Creates the headers a server sends.
                    public init(xNext: String, xTags: [String]? = nil, xUntil: Date? = nil, xShape: String? = nil) {
                        self.xNext = xNext
                        self.xTags = xTags
                        self.xUntil = xUntil
                        self.xShape = xShape
                    }

                    /// Reads the headers of an answer.
                    public init(reading headers: HeaderReader) throws(ResponseHeaderError) {
                        self.xNext = try headers.required("X-Next", as: String.self)
                        self.xTags = try headers.values("X-Tags", as: String.self)
                        self.xUntil = try headers.value("X-Until", as: Date.self)
                        self.xShape = try headers.value("X-Shape", as: String.self)
                    }

                    /// Writes the headers that have a value.
                    public func write(to headers: inout HeaderWriter) {
                        headers.write("X-Next", self.xNext)
                        headers.write("X-Tags", self.xTags)
                        headers.write("X-Until", self.xUntil)
                        headers.write("X-Shape", self.xShape)
                    }
                }
                """))
        let client = try #require(files["Client.swift"])
        #expect(
            client.contains(
                "    public func listPetsWithHeaders() async throws(APIError) -> (value: [String], headers: "
                    + "ListPetsHeaders) {\n"
                    + "        try await apiClient.send(Endpoints.listPets(), headers: ListPetsHeaders.self)\n"))
        #expect(
            client.contains(
                "    public func clearPetsWithHeaders() async throws(APIError) -> ClearPetsHeaders {\n"
                    + "        try await apiClient.send(Endpoints.clearPets(), headers: ClearPetsHeaders.self).headers\n"
            ))
        // A required header: the service must give it, so only the requirement with headers exists.
        let server = try #require(files["Server.swift"])
        #expect(!server.contains("func listPets()"))
        #expect(server.contains("    func listPetsWithHeaders() async throws -> ([String], ListPetsHeaders)\n"))
        #expect(
            server.contains(
                """
                            let (answer, headers) = try await service.listPetsWithHeaders()
                            var response = try ServerResponse(status: .ok, json: answer)
                            response.write(headers)
                            return response

                """))
        // Optional headers only: the plain requirement, and one with headers that sends none unless implemented.
        #expect(server.contains("    func clearPets() async throws -> EmptyResponse\n"))
        #expect(
            server.contains(
                """
                    public func clearPetsWithHeaders() async throws -> ClearPetsHeaders {
                        _ = try await clearPets()
                        return ClearPetsHeaders()
                    }
                """))
        #expect(
            server.contains(
                """
                            let headers = try await service.clearPetsWithHeaders()
                            var response = ServerResponse(status: .noContent)
                            response.write(headers)
                            return response

                """))
    }

    @Test func aHeaderWithoutAWireFormIsAWarningWithItsFallback() throws {
        let document = try Document.load(
            yaml: spec(
                paths: """
                      /pets:
                        get:
                          operationId: listPets
                          responses:
                            '200':
                              description: A page.
                              headers:
                                X-Shape: {schema: {type: object}}
                    """), file: "spec.yaml")
        var warnings: [Diagnostic] = []
        _ = try Generator.generate(
            document, options: .init(moduleName: "TestAPI", specName: "spec.yaml"), warnings: &warnings)
        #expect(
            warnings.map(\.description) == [
                "spec.yaml:11:13: warning: response header 'X-Shape' is not a string, number, boolean, enum, "
                    + "date-time or an array of these: the generated headers hold its text as String"
            ])
    }

    /// The located errors of loading and generating a whole spec, as printed.
    private func errors(_ yaml: String) -> [String] {
        do {
            _ = try generate(yaml)
            return []
        } catch let failure as SpecError {
            return failure.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// An array in a path (go-openapi's fixtures; `/users/{ids}` with `1,2,3`) is sent as its style says and read
    /// back by the route; it was a `String` the caller wrote, with a warning. Elements of no text form (dates) still
    /// fall back so.
    @Test func anArrayInAPathIsWrittenInItsStyle() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Items, version: '1'}
            paths:
              /items/{ids}/{tags}/{keys}/{dates}:
                get:
                  operationId: getItems
                  parameters:
                    - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
                    - name: tags
                      in: path
                      required: true
                      style: label
                      explode: true
                      schema: {type: array, items: {type: string}}
                    - name: keys
                      in: path
                      required: true
                      style: matrix
                      explode: true
                      schema: {type: array, items: {type: string, enum: [a, b]}}
                    - name: dates
                      in: path
                      required: true
                      schema: {type: array, items: {type: string, format: date-time}}
                  responses: {'204': {description: ok}}
            """)
        #expect(
            warnings == [
                "spec.yaml:21:11: warning: parameter 'dates': its elements are not strings, numbers, booleans or "
                    + "string enums; generated as a String the caller writes as the path segment"
            ])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "path: \"/items/\\(pathSegment(ids, separator: \",\"))/.\\(pathSegment(tags, separator: \".\"))/;keys="
                    + "\\(pathSegment(keys, separator: \";keys=\"))/\\(pathSegment(dates))\",\n"))
        #expect(
            endpoints.contains("public static func getItems(ids: [Int], tags: [String], keys: [GetItemsKeysItem], "))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains("let ids = try request.pathParameters(\"ids\", in: path, as: Int.self, separator: \",\")\n")
        )
        #expect(
            server.contains(
                "let keys = try request.pathParameters(\"keys\", in: path, as: GetItemsKeysItem.self, after: "
                    + "\";keys=\", separator: \";keys=\")\n"))
    }

    /// A map in a query (`additionalProperties` of scalars, webfakes' httpbin `params`) was sent as its JSON text; it
    /// is now a dictionary sent as an object's properties are, in its style, and the route reads it back. Exploded
    /// `form` entries are the items that no other parameter of the operation names, an exploded object's properties
    /// among them.
    @Test func aMapInAQueryIsADictionarySentInItsStyle() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Maps, version: '1'}
            paths:
              /items:
                get:
                  operationId: listItems
                  parameters:
                    - name: labels
                      in: query
                      style: deepObject
                      schema: {type: object, additionalProperties: {type: string}}
                    - name: params
                      in: query
                      schema: {type: object, additionalProperties: {oneOf: [{type: integer}, {type: integer}]}}
                    - name: pairs
                      in: query
                      explode: false
                      required: true
                      schema: {type: object, additionalProperties: {type: string, enum: [a, b]}}
                    - {name: page, in: query, schema: {type: object, properties: {size: {type: integer}}}}
                    - {name: limit, in: query, schema: {type: integer}}
                  responses:
                    '204': {description: ok}
            """)
        #expect(warnings == [])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "    public static func listItems(labels: [String: String]? = nil, params: [String: Int]? = nil, "
                    + "pairs: [String: ListItemsPairsValue], page: ListItemsPage? = nil, limit: Int? = nil) -> "
                    + "Endpoint<EmptyResponse> {\n"))
        #expect(
            endpoints.contains(
                "query: ParameterItem.map(\"labels\", labels, style: .deepObject, explode: false) "
                    + "+ ParameterItem.map(\"params\", params, style: .form, explode: true) "
                    + "+ ParameterItem.map(\"pairs\", pairs, style: .form, explode: false) "
                    + "+ ParameterItem.object(\"page\", [(\"size\", page?.size)], style: .form, explode: true) "
                    + "+ [ParameterItem(\"limit\", limit)],\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "let labels = try request.mapParameter(\"labels\", as: String.self, style: .deepObject, explode: false)\n"
            ))
        #expect(
            server.contains(
                "let params = try request.mapParameter(\"params\", as: Int.self, style: .form, explode: true, besides: "
                    + "[\"labels\", \"limit\", \"page\", \"pairs\", \"size\"])\n"))
        #expect(
            server.contains(
                "guard let pairs = try request.mapParameter(\"pairs\", as: ListItemsPairsValue.self, style: .form, "
                    + "explode: false) else {\n"))
    }

    /// A parameter whose schema names no type (FastAPI writes `schema: {title: Task Id}`, as Airflow's REST API has
    /// it) was a path String with a warning and, in a query, JSON text that quoted a string (`q=%22a%22`). Any text
    /// is such a value, so it is a `String` the caller writes, without a warning.
    @Test func aParameterOfAnyValueIsText() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: Tasks, version: '1'}
            paths:
              /tasks/{task_id}:
                get:
                  operationId: getTask
                  parameters:
                    - {name: task_id, in: path, required: true, schema: {title: Task Id}}
                    - {name: q, in: query, schema: {description: anything}}
                    - {name: X-Trace, in: header, schema: {}}
                    - {name: kinds, in: query, schema: {type: array, items: {type: string, enum: [a, b]}}}
                  responses: {'204': {description: ok}}
            """)
        #expect(warnings == [])
        // An array of an inline enum declares the enum once (asking twice whether it is a scalar declared it twice).
        let models = try #require(files["Models.swift"])
        #expect(models.components(separatedBy: "public enum GetTaskKindsItem: OpenStringEnum {").count == 2)
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "    public static func getTask(taskID: String, q: String? = nil, kinds: [GetTaskKindsItem]? = nil, "
                    + "xTrace: String? = nil) -> Endpoint<EmptyResponse> {\n"))
        #expect(
            endpoints.contains(
                "query: [ParameterItem(\"q\", q)] + ParameterItem.array(\"kinds\", kinds, style: .form, explode: true),\n"
            ))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("let q = try request.queryParameter(\"q\", as: String.self)\n"))
    }
}
