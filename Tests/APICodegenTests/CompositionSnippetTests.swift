import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// Objects that are also one of several alternatives (`properties` beside `oneOf`, `allOf` with a `oneOf` member),
/// and keywords that only rule values out.
@Suite struct CompositionSnippetTests {
    let variants = """
            User: {type: object, required: [kind], properties: {kind: {type: string}, name: {type: string}}}
            Bot: {type: object, required: [kind], properties: {kind: {type: string}, owner: {type: string}}}
        """

    @Test func propertiesBesideAlternativesThatAreObjectsMakeAStructThatHoldsOne() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: variants + """

                        Identity:
                          type: object
                          required: [scopes]
                          properties: {scopes: {type: array, items: {type: string}}}
                          oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public struct Identity: Codable, Hashable, Sendable {
                    public var scopes: [String]
                    /// Which of the `oneOf` alternatives this value also is: their properties are in the same JSON object.
                    public var oneOf: OneOf

                    /// Creates the value from its properties.
                    public init(scopes: [String], oneOf: OneOf) {
                        self.scopes = scopes
                        self.oneOf = oneOf
                    }

                    enum CodingKeys: String, CodingKey {
                        case scopes
                    }

                    /// Decodes a `Identity`, accepting the alternative forms the spec allows.
                    public init(from decoder: any Decoder) throws {
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.scopes = try container.decode([String].self, forKey: .scopes)
                        self.oneOf = try OneOf(from: decoder)
                    }

                    /// Encodes the alternatives' values and the properties into one JSON object.
                    public func encode(to encoder: any Encoder) throws {
                        try self.oneOf.encode(to: encoder)
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encode(self.scopes, forKey: .scopes)
                    }

                    /// Spec: `#/components/schemas/Identity/oneOf`.
                    public enum OneOf: Codable, Hashable, Sendable {
                        case user(User)
                        case bot(Bot)
                """))
    }

    @Test func anAllOfMemberThatIsAChoiceIsHeldAsItsComponentBesideTheOthersProperties() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: variants + """

                        Account:
                          oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                          discriminator: {propertyName: kind}
                        Session:
                          allOf:
                            - $ref: '#/components/schemas/Account'
                            - {type: object, properties: {token: {type: string}}}
                            - anyOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public struct Session: Codable, Hashable, Sendable {
                    public var token: String?
                    /// The `Account` this value also is (`allOf`): its properties are in the same JSON object.
                    public var account: Account
                    /// Which of the `anyOf` alternatives this value also is: their properties are in the same JSON object.
                    public var anyOf: AnyOf

                    /// Creates the value from its properties.
                    public init(token: String? = nil, account: Account, anyOf: AnyOf) {
                """))
        #expect(
            models.contains(
                "        try self.account.encode(to: encoder)\n        try self.anyOf.encode(to: encoder)\n"))
        // A discriminated choice's unknown variant is an object: it is encoded member by member.
        #expect(models.contains("        case .unknown(let value): try value.encodeMembers(to: encoder)\n"))
    }

    @Test func propertiesEveryAlternativeDeclaresLeaveThePlainChoice() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: variants + """

                        Covered:
                          type: object
                          properties: {kind: {type: string}}
                          oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                        Inherited:
                          allOf:
                            - {type: object, properties: {kind: {type: string}}}
                            - $ref: '#/components/schemas/Covered'
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                "public enum Covered: Codable, Hashable, Sendable {\n    case user(User)\n    case bot(Bot)\n"))
        #expect(models.contains("public typealias Inherited = Covered\n"))
    }

    @Test func propertiesBesideAlternativesThatAreNotObjectsLeaveTheChoice() throws {
        // An instance that is a string or an integer has no properties: the properties say nothing about it.
        let models = try models(
            """
                Scalars:
                  properties: {kind: {type: string}}
                  oneOf: [{type: string}, {type: integer}]
            """)
        #expect(
            models.contains(
                "public enum Scalars: Codable, Hashable, Sendable {\n    case string(String)\n    case int(Int)\n"))
    }

    @Test func keywordsThatOnlyRuleValuesOutKeepTheType() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Narrowed:
                          type: object
                          properties:
                            odd: {type: integer, not: {multipleOf: 2}}
                            labels: {type: object, propertyNames: {maxLength: 8}, additionalProperties: {type: string}}
                            tags: {type: array, items: {type: string}, contains: {const: main}}
                            closed: {properties: {a: {type: string}}, unevaluatedProperties: false}
                            list: {type: array, items: {type: integer}, unevaluatedItems: false}
                            rest: {type: array, items: {type: integer}, unevaluatedItems: {type: string}}
                    """))
        #expect(
            warnings == [
                "spec.yaml:14:53: warning: 'unevaluatedItems' has no Swift type: the generated code holds "
                    + "this value as JSONValue (validation still checks it)"
            ])
        let expected = [
            "odd: Int?", "labels: [String: String]?", "tags: [String]?", "closed: Closed?", "list: [Int]?",
            "rest: JSONValue?",
        ]
        #expect(files["Models.swift"]?.contains(expected.map { "    public var \($0)\n" }.joined()) == true)
    }

    @Test func anAllOfOfOneTypedMemberIsThatMembersType() throws {
        // The other members only describe: an enum stays the enum (not `String`), a choice of scalars the choice
        // (not `JSONValue`).
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Status: {type: string, enum: [active, gone]}
                        IntOrString: {oneOf: [{type: integer}, {type: string}]}
                        Holder:
                          type: object
                          properties:
                            status: {allOf: [{$ref: '#/components/schemas/Status'}, {description: Whether it is on.}]}
                            surge: {allOf: [{$ref: '#/components/schemas/IntOrString'}]}
                            either: {allOf: [{anyOf: [{type: integer}, {type: string}]}, {description: Either.}]}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var status: Status?\n"))
        #expect(models.contains("    public var surge: IntOrString?\n"))
        #expect(models.contains("    public var either: Either?\n"))
    }

    @Test func anAllOfOfOneInlineObjectIsTheStructOfItsComponent() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Named:
                          description: Something with a name.
                          allOf:
                            - {description: Only describes.}
                            - {type: object, required: [name], properties: {name: {type: string}}}
                        Holder:
                          type: object
                          properties: {named: {$ref: '#/components/schemas/Named'}}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                /// Something with a name.
                ///
                /// Spec: `#/components/schemas/Named`.
                public struct Named: Codable, Hashable, Sendable {
                    public var name: String
                """))
        #expect(!models.contains("typealias"))
    }

    @Test func aFormBodyThatIsAlsoOneOfSeveralObjectsIsBytesTheCallerEncodes() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                paths: """
                      /a:
                        post:
                          operationId: send
                          requestBody:
                            content:
                              application/x-www-form-urlencoded:
                                schema:
                                  properties: {note: {type: string}}
                                  oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                          responses:
                            "204": {description: Sent.}
                    """) + "\ncomponents:\n  schemas:\n" + variants)
        #expect(
            warnings == [
                "spec.yaml:11:15: warning: a application/x-www-form-urlencoded body that is also one of several "
                    + "alternatives has no fixed fields; generated as Data the caller encodes"
            ])
        #expect(files["Client.swift"]?.contains("_ body: Data") == true)
    }
    /// `Pet` lists its subtypes, and each subtype `allOf`s `Pet` back: read as inheritance, as the spec means it.
    let hierarchy = """
            Pet:
              type: object
              required: [petType]
              properties: {petType: {type: string}, name: {type: string}}
              oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
              discriminator: {propertyName: petType}
            Cat:
              allOf: [{$ref: '#/components/schemas/Mammal'}, {properties: {huntingSkill: {type: string}}}]
            Mammal:
              allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {furry: {type: boolean}}}]
            Dog:
              allOf: [{$ref: '#/components/schemas/Pet'}, {required: [packSize], properties: {packSize: {type: integer}}}]
        """

    @Test func subtypesThatAllOfAParentListingThemTakeItsPropertiesWithoutItsAlternatives() throws {
        let (files, warnings) = try generateWithWarnings(spec(schemas: hierarchy))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public enum Pet: Codable, Hashable, Sendable {
                    case cat(Cat)
                    case dog(Dog)
                """))
        #expect(models.contains(#"        case "Cat": self = .cat(try Cat(from: decoder))"#))
        for (name, properties) in [
            ("Cat", ["petType: String", "name: String?", "furry: Bool?", "huntingSkill: String?"]),
            ("Mammal", ["petType: String", "name: String?", "furry: Bool?"]),
            ("Dog", ["petType: String", "name: String?", "packSize: Int"]),
        ] {
            let declared = properties.map { "    public var \($0)\n" }.joined()
            #expect(models.contains("public struct \(name): Codable, Hashable, Sendable {\n" + declared + "\n"))
        }
        #expect(!models.contains("JSONValue\n"))
    }

    /// A parent with a `discriminator` and no alternatives, which components `allOf` (OpenAPI's example of
    /// polymorphism, and Swagger 2.0's only one): a value of it is one of them, grandchildren too, each named by the
    /// value it allows, `x-discriminator-value`, or its name. None of them is "never used".
    @Test func aDiscriminatedParentIsOneOfTheComponentsThatAllOfIt() throws {
        let yaml = """
            openapi: 3.1.0
            info: {title: Test, version: "1"}
            paths:
              /pets/{id}:
                get:
                  operationId: getPet
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            components:
              schemas:
                Pet:
                  type: object
                  required: [petType]
                  properties: {petType: {type: string}, name: {type: string}}
                  discriminator: {propertyName: petType}
                Cat:
                  allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {purrs: {type: boolean}}}]
                Lion:
                  allOf: [{$ref: '#/components/schemas/Cat'}, {properties: {pride: {type: integer}}}]
                Dog:
                  x-discriminator-value: dog
                  allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {packSize: {type: integer}}}]
                Fish:
                  allOf:
                    - $ref: '#/components/schemas/Pet'
                    - {properties: {petType: {const: fish}, fins: {type: integer}}}
            """
        let (files, warnings) = try generateWithWarnings(yaml)
        // Loading says none of the components is unused either.
        #expect(try Document.load(yaml: yaml, file: "spec.yaml").warnings.isEmpty)
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public enum Pet: Codable, Hashable, Sendable {
                    case cat(Cat)
                    case lion(Lion)
                    case dog(Dog)
                    case fish(Fish)
                    /// A variant the spec does not list (its `petType` names none of the above), kept whole and \
                encoded back unchanged.
                    case unknown(JSONValue)
                """))
        for line in [
            #"        case "Cat": self = .cat(try Cat(from: decoder))"#,
            #"        case "Lion": self = .lion(try Lion(from: decoder))"#,
            #"        case "dog": self = .dog(try Dog(from: decoder))"#,
            #"        case "fish": self = .fish(try Fish(from: decoder))"#,
        ] {
            #expect(models.contains(line + "\n"), "\(line)")
        }
        #expect(
            models.contains(
                "public struct Lion: Codable, Hashable, Sendable {\n    public var petType: String\n"
                    + "    public var name: String?\n    public var purrs: Bool?\n    public var pride: Int?\n"))
    }

    @Test func aParentWhoseAlternativesDoNotLeadBackStaysHeldWhole() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: variants + """

                        Account:
                          oneOf: [{$ref: '#/components/schemas/User'}, {$ref: '#/components/schemas/Bot'}]
                        Session:
                          allOf: [{$ref: '#/components/schemas/Account'}, {properties: {token: {type: string}}}]
                    """))
        #expect(warnings == [])
        #expect(files["Models.swift"]?.contains("    public var account: Account\n") == true)
    }

    @Test func constAndEnumWithoutATypeTakeTheTypeTheirValuesShare() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Holder:
                          type: object
                          properties:
                            kind: {const: a}
                            count: {enum: [1, 2]}
                            ratio: {enum: [1, 2.5]}
                            flag: {const: true}
                            maybe: {enum: [3, null]}
                            mixed: {enum: [a, 1]}
                            empty: {const: null}
                            shape: {const: {a: 1}}
                    """))
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        let expected = [
            "kind: String?", "count: Int?", "ratio: Double?", "flag: Bool?", "maybe: Nullable<Int>?",
            "mixed: JSONValue?", "empty: JSONValue?", "shape: JSONValue?",
        ]
        #expect(models.contains(expected.map { "    public var \($0)\n" }.joined()))
    }
}
