import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// One mapping rule each: a YAML snippet and the Swift it becomes.
@Suite struct SnippetTests {
    @Test func objectBecomesAStructWithCodingKeysAndAMemberwiseInit() throws {
        let swift = try models(
            """
                Member:
                  type: object
                  description: A person.
                  required: [id]
                  properties:
                    id: {type: integer, format: int64, description: The id.}
                    first_name: {type: string}
            """)
        #expect(
            swift == """
                /// A person.
                ///
                /// Spec: `#/components/schemas/Member`.
                public struct Member: Codable, Hashable, Identifiable, Sendable {
                    /// The id.
                    public var id: Int64
                    public var firstName: String?

                    /// Creates the value from its properties.
                    public init(id: Int64, firstName: String? = nil) {
                        self.id = id
                        self.firstName = firstName
                    }

                    enum CodingKeys: String, CodingKey {
                        case id
                        case firstName = "first_name"
                    }
                }

                """)
    }

    @Test func stringEnumIsOpenWithACatchAllCase() throws {
        let swift = try models("    Kind: {type: string, enum: [cat, dog]}")
        #expect(
            swift == """
                /// Spec: `#/components/schemas/Kind`.
                public enum Kind: OpenStringEnum {
                    case cat
                    case dog
                    /// A value the spec does not list; it is kept and encoded back unchanged.
                    case unknown(String)

                    /// The case for a raw value; values the spec does not list become `.unknown`.
                    public init(rawValue: String) {
                        switch rawValue {
                        case "cat": self = .cat
                        case "dog": self = .dog
                        default: self = .unknown(rawValue)
                        }
                    }

                    /// The value as sent on the wire.
                    public var rawValue: String {
                        switch self {
                        case .cat: "cat"
                        case .dog: "dog"
                        case .unknown(let value): value
                        }
                    }
                }

                """)
    }

    @Test func lenientBooleanAndNullableGetACustomDecoder() throws {
        let swift = try models(
            """
                Flag:
                  type: object
                  required: [on]
                  properties:
                    on: {type: [boolean, string], enum: [true, false, "true", "false"]}
                    note: {type: [string, "null"]}
            """)
        #expect(
            swift == """
                /// Spec: `#/components/schemas/Flag`.
                public struct Flag: Codable, Hashable, Sendable {
                    public var on: Bool
                    public var note: Nullable<String>?

                    /// Creates the value from its properties.
                    public init(on: Bool, note: Nullable<String>? = nil) {
                        self.on = on
                        self.note = note
                    }

                    enum CodingKeys: String, CodingKey {
                        case on
                        case note
                    }

                    /// Decodes a `Flag`, accepting the alternative forms the spec allows.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.on = try container.decodeLenientBool(forKey: .on)
                        self.note = try container.decodeNullable(String.self, forKey: .note)
                    }
                }

                """)
    }

    @Test func openEnumPropertiesAreReadAsStringsInACustomDecoder() throws {
        // A default makes the decoder custom; its enum properties are then read as strings and mapped with
        // init(rawValue:), without the nested decoder JSONDecoder would set up for each.
        let swift = try models(
            """
                Pet:
                  type: object
                  required: [kind]
                  properties:
                    kind: {$ref: "#/components/schemas/Kind"}
                    size: {type: string, enum: [small, large]}
                    mood: {type: string, enum: [calm, busy], default: calm}
                    count: {type: integer, default: 1}
                Kind: {type: string, enum: [cat, dog]}
            """)
        let start = try #require(swift.range(of: "    /// Decodes a `Pet`"))
        let end = try #require(swift.range(of: "\n    }\n", range: start.upperBound..<swift.endIndex))
        #expect(
            swift[start.lowerBound..<end.upperBound] == """
                    /// Decodes a `Pet`, accepting the alternative forms the spec allows.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.kind = Kind(rawValue: try container.decode(String.self, forKey: .kind))
                        self.size = try container.decodeIfPresent(String.self, forKey: .size).map(Size.init(rawValue:))
                        self.mood = try container.decodeIfPresent(String.self, forKey: .mood).map(Mood.init(rawValue:)) ?? .init(rawValue: "calm")
                        self.count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
                    }
                """ + "\n")
    }

    /// Unset means absent in a request: an optional property with a `default` (non-optional in Swift) is left out of
    /// a request body while it holds the default; a required one is always sent, and so is everything elsewhere.
    @Test func aRequestBodyLeavesOutOptionalPropertiesThatHoldTheirDefaults() throws {
        let swift = try models(
            """
                Settings:
                  type: object
                  required: [level]
                  properties:
                    level: {type: integer, default: 2}
                    mood: {type: string, enum: [calm, busy], default: calm}
                    tools: {type: array, items: {type: string}, default: []}
                    note: {type: string}
            """)
        let start = try #require(swift.range(of: "    /// Encodes the properties."))
        let end = try #require(swift.range(of: "\n    }\n", range: start.upperBound..<swift.endIndex))
        #expect(
            swift[start.lowerBound..<end.upperBound] == """
                    /// Encodes the properties.
                    /// In a request body, a property that holds its spec `default` is left out: unset means absent.
                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encode(self.level, forKey: .level)
                        if !encoder.leavesOutDefaults || self.mood != .init(rawValue: "calm") {
                            try container.encode(self.mood, forKey: .mood)
                        }
                        if !encoder.leavesOutDefaults || self.tools != [] {
                            try container.encode(self.tools, forKey: .tools)
                        }
                        try container.encodeIfPresent(self.note, forKey: .note)
                    }
                """ + "\n")
    }

    @Test func allOfMergesIntoOneStruct() throws {
        let swift = try models(
            """
                Named:
                  allOf:
                    - {$ref: "#/components/schemas/Base"}
                    - {type: object, required: [name], properties: {name: {type: string}}}
                Base: {type: object, required: [id], properties: {id: {type: integer}}}
            """)
        #expect(
            swift.hasPrefix(
                """
                /// Spec: `#/components/schemas/Named`.
                public struct Named: Codable, Hashable, Identifiable, Sendable {
                    public var id: Int
                    public var name: String

                    /// Creates the value from its properties.
                    public init(id: Int, name: String) {
                        self.id = id
                        self.name = name
                    }
                """))
    }

    @Test func oneOfBecomesAnEnumThatTriesEachAlternative() throws {
        let swift = try models(
            """
                Shape:
                  oneOf:
                    - {$ref: "#/components/schemas/Circle"}
                    - {type: string}
                Circle: {type: object, properties: {radius: {type: number}}}
            """)
        #expect(
            swift.hasPrefix(
                """
                /// Spec: `#/components/schemas/Shape`.
                public enum Shape: Codable, Hashable, Sendable {
                    case circle(Circle)
                    case string(String)

                    /// Decodes the first alternative, in spec order, that the value is valid for.
                    public init(from decoder: any Decoder) throws {
                        if let value = try? Circle(from: decoder) {
                            self = .circle(value)
                            return
                        }
                        if let value = try? String(from: decoder) {
                            self = .string(value)
                            return
                        }
                        throw DecodingError.dataCorrupted(
                            DecodingError.Context(
                                codingPath: decoder.codingPath,
                                debugDescription: "the value is none of Circle, String"))
                    }

                    /// Encodes the alternative's value.
                    public func encode(to encoder: any Encoder) throws {
                        switch self {
                        case .circle(let value): try value.encode(to: encoder)
                        case .string(let value): try value.encode(to: encoder)
                        }
                    }
                }
                """))
    }

    @Test func keywordsDigitsEmojiAndCollisionsStillMakeIdentifiers() throws {
        let swift = try models(
            """
                find pet by id:
                  type: object
                  properties:
                    default: {type: string}
                    self: {type: boolean}
                    2fa: {type: boolean}
                    first_name: {type: string}
                    firstName: {type: string}
                    "😷": {type: string}
                Error: {type: object, properties: {code: {type: integer, format: int32}}}
            """)
        #expect(swift.contains("public struct FindPetByID: Codable, Hashable, Sendable {"))
        #expect(swift.contains("    public var `default`: String?\n"))
        #expect(swift.contains("    public var self_: Bool?\n"))
        #expect(swift.contains("    public var _2fa: Bool?\n"))
        #expect(swift.contains("    public var firstName: String?\n"))
        #expect(swift.contains("    public var firstName2: String?\n"))
        #expect(swift.contains("    public var unnamed: String?\n"))
        #expect(swift.contains("        case self_ = \"self\"\n        case _2fa = \"2fa\"\n"))
        #expect(swift.contains("        case firstName = \"first_name\"\n        case firstName2 = \"firstName\"\n"))
        #expect(swift.contains("        case unnamed = \"😷\"\n"))
        #expect(swift.contains("public struct ErrorModel: Codable, Hashable, Sendable {"))
    }

    @Test func scalarsArraysMapsAndDates() throws {
        let swift = try models(
            """
                Ids: {type: array, items: {type: integer, format: int64}}
                Counts: {type: object, additionalProperties: {type: integer, format: int32}}
                When: {type: string, format: date-time}
                Anything: {}
                Ratio: {type: number}
            """)
        #expect(swift.contains("public typealias IDs = [Int64]\n"))
        #expect(swift.contains("public typealias Counts = [String: Int32]\n"))
        #expect(swift.contains("public typealias When = Date\n"))
        #expect(swift.contains("public typealias Anything = JSONValue\n"))
        #expect(swift.contains("public typealias Ratio = Double\n"))
    }

    @Test func pathAndQueryParametersBecomeTypedArguments() throws {
        let files = try generate(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            paths:
              /pets/{id}:
                put:
                  operationId: updatePet
                  tags: [pets]
                  x-swift-name: update
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
                    - {name: dry_run, in: query, description: Only check., schema: {type: boolean}}
                  requestBody:
                    required: true
                    content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
                  responses:
                    "200": {description: ok}
            """)
        #expect(
            files["Endpoints.swift"] == """
                /// The operations of Test, as values: method, path, query, body and the types of the answers.
                ///
                /// Execute one with an `APIClient`, or inspect it in tests without sending anything.
                public enum Endpoints {
                    /// The `pets` operations.
                    public enum Pets {
                        /// `PUT /pets/{id}` (`updatePet`) as a value.
                        ///
                        /// - Parameter id: id
                        /// - Parameter body: The request body, `PetsUpdateRequest`.
                        /// - Parameter dryRun: Only check.
                        public static func update(id: Int64, _ body: PetsUpdateRequest, dryRun: Bool? = nil) -> Endpoint<EmptyResponse> {
                            Endpoint(
                                method: .put,
                                path: "/pets/\\(pathSegment(id))",
                                pathTemplate: "/pets/{id}",
                                query: [ParameterItem("dry_run", dryRun)],
                                content: .json(body),
                                operationID: "updatePet"
                            )
                        }
                    }
                }

                """)
        #expect(files["Client.swift"]?.contains("public struct TestClient: Sendable {") == true)
        #expect(
            files["Client.swift"]?.contains(
                """
                    /// `PUT /pets/{id}`, sent as `Endpoints.Pets.update(id:_:dryRun:)`.
                    ///
                    /// - Parameter id: id
                    /// - Parameter body: The request body, `PetsUpdateRequest`.
                    /// - Parameter dryRun: Only check.
                    /// - Throws: `APIError` for every failure, with the server's error body.

                """) == true)
        #expect(
            files["Client.swift"]?.contains(
                "    public func update(id: Int64, _ body: PetsUpdateRequest, dryRun: Bool? = nil) async "
                    + "throws(APIError) {\n"
                    + "        _ = try await apiClient.send(Endpoints.Pets.update(id: id, body, dryRun: dryRun))\n")
                == true)
        #expect(
            files["Server.swift"]?.contains(
                "    func update(id: Int64, _ body: PetsUpdateRequest, dryRun: Bool?) async throws -> EmptyResponse\n")
                == true)
    }

    @Test func internalAccessDropsPublic() throws {
        let document = try Document.load(yaml: spec(schemas: "    Kind: {type: string, enum: [a]}"))
        let files = try Generator.generate(
            document, options: .init(moduleName: "M", access: .internal, specName: "s.yaml"))
        let all = files.map(\.contents).joined()
        #expect(!all.contains("public "))
        #expect(all.contains("\nenum Kind: OpenStringEnum {"))
    }

    @Test func typeListsAreAlternatives() throws {
        let models = try models(
            """
                Mixed: {type: [string, integer]}
                Loose: {type: [boolean, string]}
            """)
        #expect(
            models.contains(
                "public enum Mixed: Codable, Hashable, Sendable {\n    case string(String)\n    case int(Int)\n"))
        #expect(
            models.contains(
                "public enum Loose: Codable, Hashable, Sendable {\n    case bool(Bool)\n    case string(String)\n"))
    }

    @Test func keywordsWithoutASwiftTypeFallBackToJSONValueWithLocatedWarnings() throws {
        let yaml = spec(
            schemas: """
                    Pair: {type: array, prefixItems: [{type: string}, {type: integer}]}
                    Cond: {type: array, prefixItems: [{type: string}], unevaluatedItems: {type: integer}}
                    Box:
                      type: object
                      properties:
                        odd: {type: integer, if: {minimum: 0}}
                        sibling: {$ref: '#/components/schemas/Pair/prefixItems/0'}
                """)
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        var warnings: [Diagnostic] = []
        let files = try Generator.generate(
            document, options: .init(moduleName: "T", specName: "spec.yaml"), warnings: &warnings)
        let models = files.first { $0.name == "Models.swift" }?.contents ?? ""
        // A tuple alone is a struct of its elements (TupleSnippetTests); beside a keyword that changes it, it is not.
        #expect(models.contains("public struct Pair: Codable, Hashable, Sendable {\n"))
        #expect(models.contains("public typealias Cond = JSONValue\n"))
        #expect(models.contains("    public var odd: JSONValue?\n"))
        // A reference into another schema names that place: its own declaration, named after the last name on the
        // way (`Pair`, taken, so `Pair2`).
        #expect(models.contains("    public var sibling: Pair2?\n"))
        #expect(models.contains("public typealias Pair2 = String\n"))
        #expect(
            warnings.map(\.description).filter { !$0.contains("never used") } == [
                "spec.yaml:7:25: warning: 'prefixItems' has no Swift type: the generated code holds this value "
                    + "as JSONValue (validation still checks it)",
                "spec.yaml:7:56: warning: 'unevaluatedItems' has no Swift type: the generated code holds this "
                    + "value as JSONValue (validation still checks it)",
                "spec.yaml:11:30: warning: 'if' has no Swift type: the generated code holds this value as "
                    + "JSONValue (validation still checks it)",
            ])
    }

    @Test func allOfOfAScalarAndAnObjectFallsBackToJSONValue() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Both:
                          allOf:
                            - {type: string}
                            - {type: object, properties: {a: {type: string}}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:7:7: warning: 'allOf' has no Swift type: the generated code holds this value as "
                    + "JSONValue (validation still checks it)"
            ])
        #expect(files["Models.swift"]?.contains("public typealias Both = JSONValue\n") == true)
    }

    @Test func deprecationStaysFreeOfWarnings() throws {
        let files = try generate(
            """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            paths:
              /old:
                get:
                  operationId: getOld
                  deprecated: true
                  responses:
                    "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Old'}}}}
            components:
              schemas:
                Old: {type: object, deprecated: true, description: An old thing., properties: {a: {type: string}}}
                Unused: {type: object, deprecated: true, properties: {b: {type: string}}}
            """)
        let models = try #require(files["Models.swift"])
        // Used by an operation (whose server requirement is not deprecated): a note, not an attribute.
        #expect(
            models.contains(
                "/// An old thing.\n///\n/// - Note: Deprecated in the spec.\n///\n/// Spec: "
                    + "`#/components/schemas/Old`.\npublic struct Old:"
            ))
        // Used by nothing: the attribute.
        #expect(
            models.contains(
                "/// Spec: `#/components/schemas/Unused`.\n@available(*, deprecated)\npublic struct Unused:"))
        #expect(
            files["Endpoints.swift"]?.contains(
                "@available(*, deprecated)\n    public static func getOld() -> Endpoint<Old>") == true)
        #expect(
            files["Client.swift"]?.contains(
                "@available(*, deprecated)\n    public func getOld() async throws(APIError) -> Old") == true)
        #expect(files["Server.swift"]?.contains("    func getOld() async throws -> Old\n") == true)
    }
}
