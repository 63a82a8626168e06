import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// `additionalProperties` written beside `properties`: the members beyond the listed ones, kept in a dictionary.
@Suite struct AdditionalMembersSnippetTests {
    @Test func aSchemaOfTheOtherMembersKeepsThemInATypedDictionary() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Labels:
                          type: object
                          required: [name]
                          properties: {name: {type: string}}
                          additionalProperties: {type: string}
                        Root:
                          type: object
                          properties: {labels: {$ref: '#/components/schemas/Labels'}}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public struct Labels: Codable, Hashable, Sendable {
                    public var name: String
                    /// The members beyond the listed properties, by name (`additionalProperties`).
                    public var additionalProperties: [String: String]

                    /// Creates the value from its properties.
                    public init(name: String, additionalProperties: [String: String] = [:]) {
                        self.name = name
                        self.additionalProperties = additionalProperties
                    }

                    enum CodingKeys: String, CodingKey, CaseIterable {
                        case name
                    }

                    /// Decodes a `Labels`, accepting the alternative forms the spec allows.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.name = try container.decode(String.self, forKey: .name)
                        self.additionalProperties = try decoder.decodeAdditionalMembers(beyond: CodingKeys.self)
                    }

                    /// Encodes the properties, then the members beyond them, into one JSON object.
                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encode(self.name, forKey: .name)
                        try encoder.encodeAdditionalMembers(self.additionalProperties, beyond: CodingKeys.self)
                    }
                }
                """))
    }

    @Test func trueOrAnEmptySchemaKeepsAnyValuesAndLeavingItOutOrFalseKeepsNone() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Holder:
                          type: object
                          properties:
                            open: {properties: {a: {type: string}}, additionalProperties: true}
                            empty: {properties: {a: {type: string}}, additionalProperties: {}}
                            nullable: {properties: {a: {type: string}}, additionalProperties: {type: [integer, 'null']}}
                            plain: {properties: {a: {type: string}}}
                            closed: {properties: {a: {type: string}}, additionalProperties: false}
                            taken: {properties: {additionalProperties: {type: string}}, additionalProperties: true}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        let declarations = models.split(separator: "\n").filter { $0.contains("public var additionalProperties") }
        #expect(
            declarations == [
                "        public var additionalProperties: [String: JSONValue]",
                "        public var additionalProperties: [String: JSONValue]",
                "        public var additionalProperties: [String: Int?]",
                "        public var additionalProperties: String?",
                "        public var additionalProperties2: [String: JSONValue]",
            ])
    }

    @Test func anAllOfOfOneMemberKeepsTheOtherMembersItsSchemaWrites() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Base: {type: object, properties: {id: {type: string}}}
                        Tagged:
                          allOf: [{$ref: '#/components/schemas/Base'}]
                          additionalProperties: {type: integer}
                        Holder: {type: object, properties: {tagged: {$ref: '#/components/schemas/Tagged'}}}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public struct Tagged: Codable, Hashable, Sendable {
                    public var id: String?
                    /// The members beyond the listed properties, by name (`additionalProperties`).
                    public var additionalProperties: [String: Int]
                """))
    }

    @Test func membersByPatternAreTheOtherMembersTypedWhenOnePatternSaysAll() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Holder:
                          type: object
                          properties:
                            headers:
                              type: object
                              patternProperties: {'^x-': {type: string}}
                              additionalProperties: false
                            named:
                              type: object
                              properties: {name: {type: string}}
                              patternProperties: {'^[0-9]+$': {type: integer}}
                              additionalProperties: false
                            loose: {type: object, patternProperties: {'^a': {type: string}}}
                            several:
                              type: object
                              patternProperties: {'^a': {type: string}, '^b': {type: string}}
                              additionalProperties: false
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                    public var headers: [String: String]?
                    public var named: Named?
                    public var loose: [String: JSONValue]?
                    public var several: [String: JSONValue]?
                """))
        #expect(models.contains("        public var name: String?\n"))
        #expect(models.contains("        public var additionalProperties: [String: Int]\n"))
    }

    @Test func alternativesTakeTheOtherMembersThemselves() throws {
        let (files, _) = try generateWithWarnings(
            spec(
                schemas: """
                        User: {type: object, properties: {name: {type: string}}}
                        Bot: {type: object, properties: {owner: {type: string}}}
                        Identity:
                          type: object
                          properties: {scopes: {type: array, items: {type: string}}}
                          oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                          additionalProperties: true
                    """))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var oneOf: OneOf\n"))
        #expect(!models.contains("additionalProperties"))
    }

    @Test func aFormBodyWithOtherMembersIsBytesTheCallerEncodes() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /a:
                        post:
                          operationId: send
                          requestBody:
                            content:
                              application/x-www-form-urlencoded:
                                schema: {properties: {note: {type: string}}, additionalProperties: {type: string}}
                          responses:
                            "204": {description: Sent.}
                    """))
        #expect(
            warnings == [
                "spec.yaml:10:21: warning: a application/x-www-form-urlencoded body that has members beyond its "
                    + "properties (additionalProperties) has no fixed fields; generated as Data the caller encodes"
            ])
        #expect(files["Client.swift"]?.contains("_ body: Data") == true)
    }
    /// Members beyond the properties are a map, which OpenAPI's deepObject does not define: bracket notation.
    @Test func aDeepObjectParameterWithOtherMembersIsSentInBracketNotation() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /a:
                        get:
                          operationId: find
                          parameters:
                            - name: filter
                              in: query
                              style: deepObject
                              schema: {properties: {size: {type: integer}}, additionalProperties: {type: string}}
                          responses:
                            "204": {description: Found.}
                    """))
        #expect(
            warnings == [
                "spec.yaml:8:11: note: parameter 'filter' in style deepObject is not an object of scalars, which is "
                    + "all OpenAPI defines; it is sent in bracket notation ('filter[key][0]=…'), as Rails, PHP and "
                    + "Stripe read it"
            ])
        #expect(files["Client.swift"]?.contains("filter: FindFilter? = nil") == true)
        #expect(files["Endpoints.swift"]?.contains("query: ParameterItem.brackets(\"filter\", filter),\n") == true)
        #expect(
            files["Server.swift"]?.contains(
                "let filter = try request.bracketParameter(\"filter\", as: FindFilter.self)\n")
                == true)
    }
}
