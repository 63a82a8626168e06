import APISpec
import Foundation
import Testing

/// Each validation keyword, with JSON Schema 2020-12 semantics.
@Suite struct ValidatorTests {
    /// Validates the JSON text against schema `Subject` of `schemas` and returns "pointer keyword" pairs.
    func violations(_ json: String, _ schemas: String) throws -> [String] {
        let document = try Document.load(yaml: spec(schemas: schemas), file: "spec.yaml")
        let value = try JSONValue.parse(Data(json.utf8))
        return try document.validate(value, against: .component("Subject")).map {
            "\($0.instancePath.isEmpty ? "/" : $0.instancePath) \($0.keyword)"
        }
    }

    @Test func typeCountsIntegralNumbersAsIntegers() throws {
        let schema = "    Subject: {type: integer}"
        #expect(try violations("1", schema) == [])
        #expect(try violations("1.0", schema) == [])
        #expect(try violations("1.5", schema) == ["/ type"])
        #expect(try violations("true", schema) == ["/ type"])
        #expect(try violations("\"1\"", schema) == ["/ type"])
    }

    @Test func typeListAllowsEachListedType() throws {
        let schema = "    Subject: {type: [string, \"null\"]}"
        #expect(try violations("null", schema) == [])
        #expect(try violations("\"a\"", schema) == [])
        #expect(try violations("0", schema) == ["/ type"])
    }

    @Test func requiredPropertiesAndAdditionalProperties() throws {
        let schema = """
                Subject:
                  type: object
                  required: [id]
                  additionalProperties: false
                  properties:
                    id: {type: integer}
            """
        #expect(try violations(#"{"id": 1}"#, schema) == [])
        #expect(try violations(#"{}"#, schema) == ["/ required"])
        #expect(try violations(#"{"id": 1, "extra": 2}"#, schema) == ["/extra additionalProperties"])
        #expect(try violations(#"{"id": "1"}"#, schema) == ["/id type"])
    }

    @Test func additionalPropertiesSchemaChecksTheOtherValues() throws {
        let schema = "    Subject: {type: object, additionalProperties: {type: string}}"
        #expect(try violations(#"{"a": "x", "b/c": 1}"#, schema) == ["/b~1c type"])
    }

    @Test func itemsChecksEveryElement() throws {
        let schema = "    Subject: {type: array, items: {type: integer, format: int64}}"
        #expect(try violations("[1, 2, \"3\", 4.5]", schema) == ["/2 type", "/3 type"])
    }

    @Test func enumAndConstCompareAsJSON() throws {
        #expect(try violations("2.0", "    Subject: {enum: [1, 2]}") == [])
        #expect(try violations("true", "    Subject: {enum: [1, \"true\"]}") == ["/ enum"])
        #expect(
            try violations(
                "\"false\"", "    Subject: {type: [boolean, string], enum: [true, false, \"true\", \"false\"]}") == [])
        #expect(try violations("\"no\"", "    Subject: {const: \"yes\"}") == ["/ const"])
        #expect(try violations("\"yes\"", "    Subject: {const: \"yes\"}") == [])
    }

    @Test func allOfAnyOfOneOf() throws {
        let all = "    Subject: {allOf: [{type: integer}, {minimum: 3}]}"
        #expect(try violations("2", all) == ["/ minimum"])
        let any = "    Subject: {anyOf: [{type: string}, {type: integer}]}"
        #expect(try violations("true", any) == ["/ anyOf"])
        #expect(try violations("1", any) == [])
        let one = "    Subject: {oneOf: [{type: integer}, {type: number}]}"
        #expect(try violations("1", one) == ["/ oneOf"])
        #expect(try violations("1.5", one) == [])
        #expect(try violations("\"x\"", one) == ["/ oneOf"])
    }

    @Test func numericBounds() throws {
        let schema = "    Subject: {minimum: 1, maximum: 10, exclusiveMaximum: 10}"
        #expect(try violations("1", schema) == [])
        #expect(try violations("0", schema) == ["/ minimum"])
        #expect(try violations("10", schema) == ["/ exclusiveMaximum"])
        #expect(try violations("11", schema) == ["/ maximum", "/ exclusiveMaximum"])
        #expect(try violations("0.5", "    Subject: {exclusiveMinimum: 0.5}") == ["/ exclusiveMinimum"])
    }

    @Test func stringLengthCountsCodePointsAndPatternSearchesAnywhere() throws {
        let schema = "    Subject: {type: string, minLength: 2, maxLength: 3, pattern: '[0-9]'}"
        #expect(try violations("\"😷1\"", schema) == [])
        #expect(try violations("\"1\"", schema) == ["/ minLength"])
        #expect(try violations("\"abcd\"", schema) == ["/ maxLength", "/ pattern"])
    }

    @Test func formatIsAnAnnotationOnly() throws {
        #expect(try violations("\" bruce@company\"", "    Subject: {type: string, format: email}") == [])
    }

    @Test func refChecksTheReferencedSchemaAndReportsItsLocation() throws {
        let schemas = """
                Subject:
                  type: object
                  properties:
                    role: {$ref: '#/components/schemas/Role'}
                Role:
                  type: object
                  required: [id]
            """
        let document = try Document.load(yaml: spec(schemas: schemas), file: "spec.yaml")
        let result = try document.validate(JSONValue.parse(Data(#"{"role": {}}"#.utf8)), against: .component("Subject"))
        #expect(result.map(\.description) == ["/role: missing required property 'id' (schema at spec.yaml:13:7)"])
    }

    @Test func responseAndRequestReferencesPickTheOperationsSchemas() throws {
        let document = try Document.load(contentsOf: Repository.spec)
        let role = JSONValue.object(["id": .integer(1), "name": .string("R"), "banned": .string("false")])
        #expect(try document.validate(role, against: .response(operationID: "createRole", status: "200")) == [])
        let error = JSONValue.object(["error": .string("x"), "error_code": .string("not_found")])
        #expect(try document.validate(error, against: .response(operationID: "getRole", status: "404")) == [])
        let body = JSONValue.object(["member_ids": .array([])])
        let found = try document.validate(body, against: .requestBody(operationID: "createRole"))
        #expect(found.map(\.keyword) == ["required", "additionalProperties"])
    }

    @Test func unknownSchemaNamesAreLookupErrorsWithSuggestions() throws {
        let document = try Document.load(contentsOf: Repository.spec)
        #expect {
            try document.validate(.null, against: .component("Membr"))
        } throws: { error in
            (error as? SchemaLookupError)?.message
                == "no schema named 'Membr' in components/schemas (did you mean 'Member'?)"
        }
        #expect(throws: SchemaLookupError.self) {
            try document.validate(.null, against: .requestBody(operationID: "listMembers"))
        }
    }

    @Test func largeIntegersStayExact() throws {
        let value = try JSONValue.parse(Data("[9007199254740993]".utf8))
        #expect(value == .array([.integer(9_007_199_254_740_993)]))
    }
}
