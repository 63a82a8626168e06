import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// What `Benchmarks/spec_fuzz.py` (random specs → generate → type-check) found, one test per cause: each spec here
/// generated code that did not compile, or crashed the generator, before the fix beside it.
@Suite struct SpecFuzzRegressionTests {
    /// `typealias Tree = [String: Tree]` does not compile: an alias that names itself through arrays and maps is an
    /// enum of one case, which codes as the alias would have; an alias of nothing but itself is a `JSONValue`.
    @Test func aliasesThatNameThemselvesBecomeEnumsOfOneCase() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Tree:
                          type: object
                          additionalProperties: {$ref: '#/components/schemas/Tree'}
                        Forest: {type: array, items: {$ref: '#/components/schemas/Grove'}}
                        Grove: {type: object, additionalProperties: {$ref: '#/components/schemas/Forest'}}
                        Nothing:
                          anyOf: [{$ref: '#/components/schemas/Nothing'}]
                    """))
        #expect(
            warnings == [
                "spec.yaml:7:7: warning: 'Tree' contains itself through arrays and maps only, which a Swift type "
                    + "alias cannot say; generated as an enum of one case, 'Tree.object([String: Tree])'",
                "spec.yaml:9:13: warning: 'Forest' contains itself through arrays and maps only, which a Swift type "
                    + "alias cannot say; generated as an enum of one case, 'Forest.list([Grove])'",
                "spec.yaml:10:12: warning: 'Grove' contains itself through arrays and maps only, which a Swift type "
                    + "alias cannot say; generated as an enum of one case, 'Grove.object([String: Forest])'",
                "spec.yaml:12:7: warning: 'Nothing' is only itself (through references and single alternatives), so "
                    + "it says nothing of the value; generated as JSONValue",
            ])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public enum Tree: Codable, Hashable, Sendable {
                    case object([String: Tree])

                    /// Decodes the value as its only alternative.
                    public init(from decoder: any Decoder) throws {
                        self = .object(try [String: Tree](from: decoder))
                    }

                    /// Encodes the alternative's value.
                    public func encode(to encoder: any Encoder) throws {
                        switch self {
                        case .object(let value): try value.encode(to: encoder)
                        }
                    }
                }
                """))
        #expect(models.contains("public typealias Nothing = JSONValue\n"))
        #expect(!models.contains("typealias Tree"))
    }

    /// A required property of a schema's own type (through `$ref`s) can hold no finite value; other tools generate
    /// such specs, so it is a warning, and the property is boxed like any other on a cycle. Through `$ref` and `allOf`
    /// alone the schemas say nothing (datamodel-code-generator tests that it accepts them): a warning too, and the
    /// reference that closes the cycle allows any value, so the rest of an `allOf` through it is still a struct.
    @Test func aRequiredCycleIsAWarningAndIsBoxed() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Node:
                          type: object
                          required: [next]
                          properties:
                            next: {$ref: '#/components/schemas/Node'}
                    """))
        #expect(
            warnings == [
                "spec.yaml:10:15: warning: schema 'Node' contains itself through Node → Node with no array, optional "
                    + "or nullable property in between, so no value of it can end; it is generated as written, with "
                    + "the property on the cycle in a box"
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    private var _next: Indirect<Node>\n"))
        let (loops, loopWarnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Loop: {$ref: '#/components/schemas/Loop'}
                        A: {$ref: '#/components/schemas/B', minProperties: 1}
                        B: {allOf: [{$ref: '#/components/schemas/A'}], description: B}
                        Plain:
                          allOf:
                            - $ref: '#/components/schemas/Loop'
                            - {type: object, required: [x], properties: {x: {type: string}}}
                    """))
        #expect(
            loopWarnings == [
                "spec.yaml:6:11: warning: schema 'Loop' refers to itself through Loop → Loop by '$ref' and 'allOf' "
                    + "alone, which say nothing of its values; this reference, which closes the cycle, is read as "
                    + "allowing any value",
                "spec.yaml:8:17: warning: schema 'A' refers to itself through A → B → A by '$ref' and 'allOf' alone, "
                    + "which say nothing of its values; this reference, which closes the cycle, is read as allowing "
                    + "any value",
            ])
        let loopModels = try #require(loops["Models.swift"])
        #expect(loopModels.contains("public typealias Loop = JSONValue\n"))
        #expect(loopModels.contains("public typealias A = B\n"))
        #expect(loopModels.contains("public typealias B = JSONValue\n"))
        #expect(loopModels.contains("public struct Plain: Codable, Hashable, Sendable {\n    public var x: String\n"))
    }

    /// `var _3ds: _3ds?` beside `struct _3ds` made a decoder's `_3ds.self` ambiguous (names that start with a
    /// digit have no capital to tell the type); a property named like a component type the struct uses hid it the
    /// same way. Nested types do not take a property's name, and a property does not take a type's.
    @Test func propertiesAndTypesNeverShareAName() throws {
        let models = try models(
            """
                2fa: {type: string, format: uuid}
                Holder:
                  type: object
                  properties:
                    3ds: {type: object, properties: {code: {type: string}}}
                    2fa: {$ref: '#/components/schemas/2fa'}
            """)
        #expect(models.contains("public typealias _2fa = UUID\n"))
        #expect(models.contains("    public var _3ds: _3ds2?\n    public var _2fa2: _2fa?\n"))
        #expect(models.contains("        case _2fa2 = \"2fa\"\n"))
        #expect(models.contains("    public struct _3ds2: Codable, Hashable, Sendable {\n"))
    }

    /// A type nested in a struct resolves names through the struct's members too: `var _0` in `Holder` hid the
    /// component `_0` from the decoder of `Holder.Pick`, whose `_0(from: decoder)` then named the property
    /// (`spec_fuzz.py WIDE=1`, seed 404, round 217). A property takes no name that a type nested in its struct uses.
    @Test func aPropertyTakesNoNameThatCodeNestedInItsStructUses() throws {
        let models = try models(
            """
                0: {type: array}
                Holder:
                  type: object
                  properties:
                    0: {type: object}
                    pick:
                      oneOf:
                        - {type: string}
                        - {$ref: '#/components/schemas/0'}
            """)
        #expect(models.contains("public typealias _0 = [JSONValue]\n"))
        #expect(models.contains("    public var _0_2: JSONObject?\n    public var pick: Pick?\n"))
        #expect(models.contains("        case _0_2 = \"0\"\n"))
        #expect(models.contains("        case _0_2(_0)\n"))
        #expect(models.contains("            if let value = try? _0(from: decoder) {\n"))
    }

    /// `WIDE=1 spec_fuzz.py` seed 505 round 44: a response header `2fa` of the component `2fa` made
    /// `var _2fa: _2fa?`, and the reading initializer's `_2fa.self` named the property. A field takes no name of a
    /// type the headers use.
    @Test func aResponseHeaderTakesNoNameOfATypeTheHeadersUse() throws {
        let files = try generate(
            spec(
                paths: """
                      /a:
                        get:
                          operationId: list
                          responses:
                            "200":
                              description: Ok.
                              headers:
                                2fa: {schema: {$ref: '#/components/schemas/2fa'}}
                    """) + "\ncomponents:\n  schemas:\n    2fa: {type: integer}")
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(endpoints.contains("    public var _2fa2: _2fa?\n"))
        #expect(endpoints.contains("        self._2fa2 = try headers.value(\"2fa\", as: _2fa.self)\n"))
    }

    /// A `oneOf`/`anyOf` of one inline alternative is that alternative: it takes the union's name (`Pair.Left`,
    /// not `Option1`), and two of them in one scope no longer both declare `Option1`.
    @Test func aUnionOfOneInlineAlternativeTakesTheUnionsName() throws {
        let models = try models(
            """
                Pair:
                  type: object
                  properties:
                    left: {anyOf: [{type: [boolean, string]}]}
                    right: {anyOf: [{type: [integer, string]}]}
                Flag:
                  anyOf: [{type: string, enum: [on, off]}]
                Uses:
                  type: object
                  properties:
                    flag: {$ref: '#/components/schemas/Flag', default: 'on'}
            """)
        #expect(models.contains("    public var left: Left?\n    public var right: Right?\n"))
        #expect(models.contains("    public enum Left: Codable, Hashable, Sendable {\n"))
        #expect(models.contains("    public enum Right: Codable, Hashable, Sendable {\n"))
        #expect(models.contains("public enum Flag: OpenStringEnum {\n"))
        #expect(models.contains("    public var flag: Flag\n"))
        #expect(models.contains("?? .init(rawValue: \"on\")"))
        #expect(!models.contains("Option1"))
    }

    /// An inline schema that `allOf` brings back into itself was nested forever (a stack overflow), and so was a
    /// parameter's union that names itself.
    @Test func inlineSchemasThatContainThemselvesEnd() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  operationId: list
                  parameters:
                    - {name: u, in: query, schema: {$ref: '#/components/schemas/U'}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/A'}
            components:
              schemas:
                U: {anyOf: [{$ref: '#/components/schemas/U'}, {type: string}, {type: integer}]}
                A:
                  type: object
                  properties:
                    p:
                      allOf: [{$ref: '#/components/schemas/A'}]
                      properties: {q: {type: string}}
            """)
        #expect(
            warnings == [
                "spec.yaml:22:11: warning: the inline object contains itself (through allOf), or nests more than 64 "
                    + "deep, and has no name to refer to it by; generated as JSONValue",
                "spec.yaml:17:8: warning: alternative 'u' of 'U' leads back to it without reading any part of the "
                    + "value, so it adds nothing and would decode forever; generated as 'U' without it",
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("        public var p: JSONValue?\n"))
        let endpoints = try #require(files["Endpoints.swift"])
        // What a string or an integer share as text: the union's parameter is a `String`.
        #expect(endpoints.contains("public static func list(u: String? = nil) -> Endpoint<A> {"))
    }

    /// Route and service code: locals and methods a spec's names hid (`headers`, `response`, a method `id(id:)`),
    /// a `2XX` without a body beside a body, a date in a cookie, an object parameter's nested enum, a body of no
    /// fields, and a schema named like a runtime protocol (`ResponseHeaders`).
    @Test func serverCodeKeepsItsOwnNames() throws {
        let (files, _) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /items/{id}:
                post:
                  operationId: id
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string}}
                    - {name: headers, in: query, schema: {type: string}}
                    - {name: response, in: query, schema: {type: string}}
                    - {name: since, in: cookie, schema: {type: string, format: date-time}}
                    - name: filter
                      in: query
                      style: form
                      schema: {type: object, properties: {kind: {type: string, enum: [a, b]}}}
                  requestBody:
                    content:
                      application/x-www-form-urlencoded:
                        schema: {type: object, additionalProperties: false}
                  responses:
                    "201":
                      description: made
                      headers:
                        X-Trace: {schema: {type: string}}
                      content:
                        image/png:
                          schema: {type: string, format: binary}
                    "2XX": {description: nothing}
            components:
              schemas:
                ResponseHeaders: {type: object, properties: {a: {$ref: '#/components/schemas/ResponseHeaders'}}}
            """)
        let server = try #require(files["Server.swift"])
        for line in [
            "        (try await self.id(id: id, body, headers2: headers2, response2: response2, filter: filter, since: "
                + "since), IDHeaders())\n",
            "            let since = try request.cookieParameter(\"since\", as: Date.self)\n",
            "as: IDFilter.Kind.self)",
            "            _ = try request.formBody()\n",
            "            let (answer, headers) = try await service.idWithHeaders(",
            "            var response = answer.map { answer in ServerResponse(status: .created, data: answer, "
                + "contentType: \"image/png\") } ?? ServerResponse(status: .noContent)\n",
        ] {
            #expect(server.contains(line), "\(line)")
        }
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public struct ResponseHeadersModel: Codable, Hashable, Sendable {\n"))
    }

    /// A component named outside OpenAPI's pattern (`find pet by id`, or `$ref`, which also read as a reference) is a
    /// note, not a warning: generation loses nothing, and builds that apply the plugin stay free of warnings.
    @Test func componentNamesOutsideOpenAPIsPatternAreANote() throws {
        let yaml = spec(
            schemas: """
                    find pet by id: {type: object, properties: {id: {type: integer}}}
                    $ref: {type: string}
                """)
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        #expect(
            document.warnings.map(\.description).filter { !$0.contains("never used") } == [
                "spec.yaml:6:5: note: component name 'find pet by id' has characters OpenAPI does not allow in one "
                    + "(letters, digits, '.', '-' and '_'); other tools may refuse the spec",
                "spec.yaml:7:5: note: component name '$ref' has characters OpenAPI does not allow in one (letters, "
                    + "digits, '.', '-' and '_'); other tools may refuse the spec",
            ])
        let models = try #require(try generate(yaml)["Models.swift"])
        #expect(models.contains("public struct FindPetByID: Codable, Hashable, Sendable {"))
        #expect(models.contains("public typealias Ref = String\n"))
    }

    /// A multipart field whose type is a component with a default (`Flag: {type: boolean, default: true}`) was read
    /// as an optional (`built.flag = try parts.json(…)`) into a property that is not one: the default is written
    /// only once every declaration exists, after the route's fields were made. Fields now follow the struct as
    /// declared, whether its default was written or dropped.
    @Test func aFieldWhoseComponentHasADefaultIsReadAsTheStructDeclaresIt() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /upload:
                post:
                  operationId: upload
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            flag: {$ref: '#/components/schemas/Flag'}
                            mode: {$ref: '#/components/schemas/Mode'}
                  responses: {'204': {description: done}}
            components:
              schemas:
                Flag: {type: boolean, default: true}
                Mode: {type: integer, default: fast}
            """)
        #expect(
            warnings == [
                "spec.yaml:15:23: warning: default \"fast\" cannot be written as a Swift Mode; generated as an optional "
                    + "property without a default"
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public init(flag: Flag = true, mode: Mode? = nil) {\n"))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "            if let value = try parts.json(\"flag\", as: Flag.self) { built.flag = value }\n"
                    + "            built.mode = try parts.json(\"mode\", as: Mode.self)\n"))
    }

    /// A schema and an operation both named "0" are `_0` both, and inside the group's namespace the method hid the
    /// type: `as: _0.self` named the function (spec_fuzz.py, seed 9001, rounds 77 and 100). Methods now take no
    /// type's name.
    @Test func aMethodNeverTakesTheNameOfAType() throws {
        let files = try generate(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /zero:
                post:
                  operationId: '0'
                  parameters:
                    - {name: n, in: header, content: {application/json: {schema: {$ref: '#/components/schemas/0'}}}}
                  responses: {'204': {description: done}}
            components:
              schemas:
                '0': {type: object, properties: {a: {type: string}}}
            """)
        let server = try #require(files["Server.swift"])
        #expect(server.contains("    func _0_2(n: _0?) async throws -> EmptyResponse\n"))
        #expect(server.contains("let n = try request.jsonParameter(\"n\", in: .header, as: _0.self)\n"))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public struct _0: Codable, Hashable, Sendable {\n"))
    }

    /// A default is written through a choice's first case that can hold it; that case's type was looked up outside
    /// the choice, so `Pick.Option1` (a struct) was taken for `Mode.Option1` (an open enum of strings) and the
    /// default became `.option1(.init(rawValue: "s"))`, which does not compile (spec_fuzz.py, seed 31337, round 478).
    @Test func aDefaultThroughAChoiceFindsTheCaseTypesDeclaredInIt() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Mode:
                  oneOf: [{type: string, enum: [only]}, {type: boolean}]
                Holder:
                  type: object
                  properties:
                    mode: {$ref: '#/components/schemas/Mode'}
                    pick:
                      oneOf: [{type: object, properties: {a: {type: string}}}, {type: integer}]
                      default: s
            """)
        #expect(
            warnings == [
                "spec.yaml:13:11: warning: default \"s\" cannot be written as a Swift Pick; generated as an optional "
                    + "property without a default"
            ])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public init(mode: Mode? = nil, pick: Pick? = nil) {\n"))
    }

    /// A parameter named like a type hid it in the function's body (`errorType: _2fa.self` named the parameter), and a
    /// multipart date was read with `parts.text(_:as: Date.self)`, which did not exist (spec_fuzz.py, seed 777777,
    /// rounds 258 and 320). Parameters take no type's name; a date part is RFC 3339 text, an array of dates JSON.
    @Test func parametersTakeNoTypesNameAndDatePartsAreText() throws {
        let files = try generate(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /up:
                post:
                  operationId: up
                  parameters:
                    - {name: 2fa, in: query, schema: {type: string}}
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          required: [when]
                          properties:
                            when: {type: string, format: date-time}
                            days: {type: array, items: {type: string, format: date-time}}
                  responses:
                    '204': {description: done}
                    default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/2fa'}}}}
            components:
              schemas:
                2fa: {type: object, properties: {code: {type: string}}}
            """)
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "public static func up(_ body: UpRequest, _2fa2: String? = nil) -> Endpoint<EmptyResponse> {"))
        #expect(
            endpoints.contains(
                "content: .multipart(MultipartPart.text(\"when\", body.when) + MultipartPart.json(\"days\", body.days)),"
            ))
        #expect(endpoints.contains("errorType: _2fa.self\n"))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("guard let fieldWhen = try parts.text(\"when\", as: Date.self) else {\n"))
        #expect(server.contains("built.days = try parts.json(\"days\", as: [Date].self)\n"))
    }

    /// `Identifiable` brings its associated type `ID` into a struct's scope, and `ID.self` in `init(from:)` found it
    /// (the type of `id`, `String`) rather than the component `ID` (`Int`) that another property has: such a struct
    /// is not `Identifiable`. One whose `id` is of type `ID` itself still is: both names mean the same type.
    @Test func aStructThatUsesATypeNamedIDIsIdentifiableOnlyWhenItsIDIsOfThatType() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        ID: {type: integer}
                        Owner:
                          type: object
                          required: [id]
                          properties: {id: {type: string}, account: {$ref: '#/components/schemas/ID'}}
                        Pet:
                          type: object
                          required: [id]
                          properties: {id: {$ref: '#/components/schemas/ID'}, parent: {$ref: '#/components/schemas/ID'}}
                        Tag:
                          type: object
                          required: [id]
                          properties: {id: {type: string}, name: {type: string}}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("public struct Owner: Codable, Hashable, Sendable {"))
        #expect(models.contains("public struct Pet: Codable, Hashable, Identifiable, Sendable {"))
        #expect(models.contains("public struct Tag: Codable, Hashable, Identifiable, Sendable {"))
    }
}
