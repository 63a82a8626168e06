import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// A spec others accept is never refused: where no natural Swift type fits, or the spec is slightly wrong in a way
/// other tools tolerate, the generator falls back or recovers, deterministically, with a located warning.
@Suite struct RecoveryTests {
    @Test func slightlyWrongSpecsAreRecoveredWithLocatedWarnings() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            paths:
              /a:
                get:
                  operationId: list
                  security: [{nope: []}]
                  responses: {"204": {description: ok}}
              /b:
                post:
                  operationId: list
                  requestBody:
                    content:
                      application/x-www-form-urlencoded:
                        schema:
                          type: object
                          properties:
                            where: {type: object, properties: {x: {type: string}}}
                            kind: {$ref: '#/components/schemas/Kind'}
                  responses: {"204": {description: ok}}
            components:
              schemas:
                Kind: {type: string, enum: [a, b], default: [a]}
                Usage: {type: object, properties: {n: {type: integer}}}
                Holder:
                  type: object
                  properties:
                    usage: {$ref: '#/components/schemas/Usage', default: null}
                    nothing: {type: 'null'}
                    count: {oneOf: [{type: integer}, {type: string}], default: 3}
            """)
        #expect(
            warnings == [
                "spec.yaml:5:5: warning: security scheme 'nope' is not declared in components.securitySchemes, so "
                    + "the requirement is ignored",
                "spec.yaml:10:5: warning: duplicate operationId 'list' (POST /b); it is first used by GET /a at "
                    + "spec.yaml:5:5; this one is generated as 'list2'",
                "spec.yaml:29:18: warning: a schema whose only type is null has no Swift type of its own; generated "
                    + "as JSONValue",
                "spec.yaml:16:15: note: form field 'where' is an object whose encoding names no style; it is sent as "
                    + "its JSON text, as OpenAPI says (style deepObject or form sends its properties)",
                "spec.yaml:28:16: warning: default null cannot be written as a Swift Usage; generated as an "
                    + "optional property without a default",
                "spec.yaml:19:23: warning: default [\"a\"] cannot be written as a Swift Kind; generated as an "
                    + "optional property without a default",
            ])
        let client = try #require(files["Client.swift"])
        #expect(client.contains("    public func list() async throws(APIError) {\n"))
        #expect(client.contains("    public func list2(_ body: List2Request? = nil) async throws(APIError) {\n"))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var usage: Usage?\n    public var nothing: JSONValue?\n"))
        // A default the type can hold is kept: 3 is the integer alternative.
        #expect(models.contains("    public var count: Count\n"))
        #expect(models.contains("count: Count = .int(3)"))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("try form.jsonParameter(\"where\", in: .query, as: List2Request.Where.self)"))
    }

    /// An object default of a struct, of a map of structs or of an array of structs (Docker's `RestartPolicy:
    /// default: {}`, `Runtimes: default: {runc: {path: runc}}`) was dropped with a warning: it is now the struct's
    /// initialiser with the members the default gives. A default with a member the struct does not have, or without
    /// a required one, is still dropped with its warning.
    @Test func objectDefaultsOfStructsAreTheirInitialisers() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Runtime:
                          type: object
                          required: [path]
                          properties:
                            path: {type: string}
                            args: {type: array, items: {type: string}}
                        Config:
                          type: object
                          properties:
                            restartPolicy: {$ref: '#/components/schemas/Policy', default: {}}
                            runtimes:
                              type: object
                              additionalProperties: {$ref: '#/components/schemas/Runtime'}
                              default: {runc: {path: runc}, crun: {path: crun, args: [-v]}}
                            first: {type: array, items: {$ref: '#/components/schemas/Runtime'}, default: [{path: a}]}
                            labels: {type: object, default: {}}
                            unknown: {$ref: '#/components/schemas/Runtime', default: {path: a, speed: 2}}
                            missing: {$ref: '#/components/schemas/Runtime', default: {args: []}}
                            nested:
                              type: object
                              properties: {inner: {type: object, properties: {n: {type: integer}}}}
                              default: {inner: {n: 3}}
                        Tree:
                          type: object
                          properties: {child: {$ref: '#/components/schemas/Tree', default: {}}}
                        Policy:
                          type: object
                          properties:
                            name: {type: string, enum: [no, always]}
                            retries: {type: integer}
                    """))
        #expect(
            warnings == [
                "spec.yaml:22:18: warning: default {\"path\":\"a\",\"speed\":2} cannot be written as a Swift Runtime; "
                    + "generated as an optional property without a default",
                "spec.yaml:23:18: warning: default {\"args\":[]} cannot be written as a Swift Runtime; generated as an "
                    + "optional property without a default",
                "spec.yaml:30:27: warning: default {} cannot be written as a Swift Tree; generated as an optional "
                    + "property without a default",
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("        restartPolicy: Policy = Policy(),\n"))
        #expect(
            models.contains(
                "        runtimes: [String: Runtime] = [\"crun\": Runtime(path: \"crun\", args: [\"-v\"]), "
                    + "\"runc\": Runtime(path: \"runc\")],\n"))
        #expect(models.contains("        first: [Runtime] = [Runtime(path: \"a\")],\n"))
        #expect(models.contains("        labels: JSONObject = JSONObject.empty,\n"))
        #expect(models.contains("        unknown: Runtime? = nil,\n"))
        // A type declared inside the struct is named through it; a struct that holds its own type has no default
        // that ends.
        #expect(models.contains("        nested: Nested = Nested(inner: Nested.Inner(n: 3))\n"))
        #expect(models.contains("    public init(child: Tree? = nil) {\n"))
    }

    /// Boxing only where a cycle needs it: a struct property on a cycle (the optional one, where there is a
    /// choice), and `indirect` for an enum whose alternative refers back to it. Arrays and dictionaries need none.
    @Test func recursiveSchemasAreBoxedOnlyOnTheirCycles() throws {
        let models = try models(
            """
                Job:
                  type: object
                  required: [id]
                  properties:
                    id: {type: string}
                    parent: {$ref: '#/components/schemas/Job'}
                    children: {type: array, items: {$ref: '#/components/schemas/Job'}}
                    byName: {type: object, additionalProperties: {$ref: '#/components/schemas/Job'}}
                Expr:
                  oneOf:
                    - {type: object, required: [value], properties: {value: {type: number}}}
                    - {$ref: '#/components/schemas/Sum'}
                Sum:
                  type: object
                  required: [left, right]
                  properties:
                    left: {$ref: '#/components/schemas/Expr'}
                    right: {$ref: '#/components/schemas/Expr'}
                Person:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    team: {$ref: '#/components/schemas/Team'}
                Team:
                  type: object
                  required: [lead]
                  properties:
                    lead: {$ref: '#/components/schemas/Person'}
            """)
        #expect(
            models.contains(
                """
                public struct Job: Codable, Hashable, Identifiable, Sendable {
                    public var id: String
                    public var parent: Job? {
                        get { _parent?.value }
                        set { _parent = newValue.map(Indirect.init) }
                    }
                    private var _parent: Indirect<Job>?
                    public var children: [Job]?
                    public var byName: [String: Job]?

                    /// Creates the value from its properties.
                    public init(id: String, parent: Job? = nil, children: [Job]? = nil, byName: [String: Job]? = nil) {
                        self.id = id
                        self._parent = parent.map(Indirect.init)
                        self.children = children
                        self.byName = byName
                    }

                    enum CodingKeys: String, CodingKey {
                        case id
                        case _parent = "parent"
                        case children
                        case byName
                    }
                }
                """))
        #expect(models.contains("public indirect enum Expr: Codable, Hashable, Sendable {\n"))
        #expect(models.contains("    public var left: Expr\n    public var right: Expr\n"))
        // Of Person.team (optional) and Team.lead (required), the optional one is boxed.
        #expect(models.contains("    private var _team: Indirect<Team>?\n"))
        #expect(models.contains("public struct Team: Codable, Hashable, Sendable {\n    public var lead: Person\n"))
    }

    @Test func routesDispatchThroughATableOfSmallFunctions() throws {
        let (files, _) = try generateWithWarnings(
            spec(
                paths: """
                      /a/{id}:
                        get:
                          operationId: getA
                          parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                          responses: {"200": {description: ok, content: {application/json: {schema: {type: string}}}}}
                      /a/me:
                        get:
                          operationId: getMe
                          responses: {"204": {description: ok}}
                    """))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                """
                    public static func route(_ request: ServerRequest, to service: some TestService) async throws -> ServerResponse? {
                        try await ServerRoute.answer(request, from: RouteTable.all, with: service)
                    }

                    private enum RouteTable {
                        static let all: [ServerRoute<any TestService>] = [
                            ServerRoute(.get, "/a/me", serveGetMe),
                            ServerRoute(.get, "/a/{id}", serveGetA),
                        ]

                        static func serveGetA(_ request: ServerRequest, _ path: [String: String], _ service: any TestService) async throws -> ServerResponse {
                            let id = try request.pathParameter("id", in: path, as: Int.self)
                            return try ServerResponse(status: .ok, json: await service.getA(id: id))
                        }

                        static func serveGetMe(_ request: ServerRequest, _ path: [String: String], _ service: any TestService) async throws -> ServerResponse {
                            _ = try await service.getMe()
                            return ServerResponse(status: .noContent)
                        }
                    }
                """))
    }

    /// An alternative that is its own enum adds no value and would decode forever: it is left out.
    @Test func anAlternativeThatLeadsBackWithoutReadingIsLeftOut() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Loop:
                          anyOf:
                            - $ref: '#/components/schemas/Loop'
                            - type: string
                    """))
        #expect(
            warnings == [
                "spec.yaml:7:7: warning: alternative 'loop' of 'Loop' leads back to it without reading any part of "
                    + "the value, so it adds nothing and would decode forever; generated as 'Loop' without it"
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public enum Loop: Codable, Hashable, Sendable {\n    case string(String)\n\n"))
    }

    /// "One or several" is sent as an array (one value is an array of one); values listed by `const` alternatives
    /// are their type; a component of such values stays a scalar parameter.
    @Test func unionsOfValuesAndOfOneOrSeveralAreTheirNaturalTypes() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            paths:
              /a:
                get:
                  operationId: find
                  parameters:
                    - name: tag
                      in: query
                      schema: {oneOf: [{type: string}, {type: array, items: {type: string}}]}
                    - {name: kind, in: query, schema: {$ref: '#/components/schemas/Kind'}}
                  responses: {"204": {description: ok}}
            components:
              schemas:
                Kind: {type: integer, oneOf: [{title: NORMAL, const: 0}, {title: BURST, const: 1}], format: int32}
            """)
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public typealias Kind = Int32\n"))
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("public static func find(tag: [String]? = nil, kind: Kind? = nil)"))
        #expect(
            endpoints.contains(
                "query: ParameterItem.array(\"tag\", tag, style: .form, explode: true) + [ParameterItem(\"kind\", kind)],"
            ))
    }

    /// A route table of more routes than one literal should hold is made of literals of 32.
    @Test func largeRouteTablesAreMadeOfSmallLiterals() throws {
        let paths = (0..<33).map { "      /p\($0):\n        get:\n          operationId: get\($0)\n" }.joined()
        let (files, _) = try generateWithWarnings(spec(paths: paths))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains("        static let all: [ServerRoute<any TestService>] = [part0, part1].flatMap { $0 }\n"))
        #expect(
            server.contains("            ServerRoute(.get, \"/p31\", serveGet31),\n        ]\n        static let part1")
        )
        #expect(
            server.contains(
                "        static let part1: [ServerRoute<any TestService>] = [\n            ServerRoute(.get, \"/p32\", serveGet32),\n        ]\n"
            ))
    }
}
