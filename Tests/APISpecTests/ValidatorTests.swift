import Foundation
import PyrusKitTestSupport
import Testing

@testable import APISpec

/// Each validation keyword, with JSON Schema 2020-12 semantics.
@Suite struct ValidatorTests {
    /// Validates the JSON text against schema `Subject` of `schemas` and returns "pointer keyword" pairs.
    func violations(_ json: String, _ schemas: String) throws -> [String] {
        let document = try Document.load(yaml: spec(schemas: schemas), file: "spec.yaml")
        let value = try JSON.parse(Data(json.utf8))
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
        let result = try document.validate(JSON.parse(Data(#"{"role": {}}"#.utf8)), against: .component("Subject"))
        #expect(result.map(\.description) == ["/role: missing required property 'id' (schema at spec.yaml:11:7)"])
    }

    @Test func responseAndRequestReferencesPickTheOperationsSchemas() throws {
        let document = try Document.load(contentsOf: Repository.spec)
        let role = JSON.object(["id": .integer(1), "name": .string("R"), "banned": .string("false")])
        #expect(try document.validate(role, against: .response(operationID: "createRole", status: "200")) == [])
        let error = JSON.object(["error": .string("x"), "error_code": .string("not_found")])
        #expect(try document.validate(error, against: .response(operationID: "getRole", status: "404")) == [])
        let body = JSON.object(["member_ids": .array([])])
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
        let value = try JSON.parse(Data("[9007199254740993]".utf8))
        #expect(value == .array([.integer(9_007_199_254_740_993)]))
    }

    /// Violations as printed, for a schema of `spec(schemas:)` (the first schema line is line 6).
    func printed(_ json: String, _ schemas: String, options: ValidationOptions = .init()) throws -> [String] {
        let document = try Document.load(yaml: spec(schemas: schemas), file: "spec.yaml")
        return try document.validate(JSON.parse(Data(json.utf8)), against: .component("Subject"), options: options)
            .map { "\($0.keyword) \($0.description)" }
    }

    @Test func multipleOfIsExactForDecimalDivisors() throws {
        let schema = "    Subject: {multipleOf: 0.0001}"
        #expect(try violations("0.0075", schema) == [])
        #expect(try violations("12391239123", schema) == [])
        #expect(
            try printed("0.00751", schema) == [
                "multipleOf /: 0.00751 is not a multiple of 0.0001 (schema at spec.yaml:6:14)"
            ])
        #expect(try violations("1e308", "    Subject: {multipleOf: 0.123456789}") == ["/ multipleOf"])
    }

    @Test func arrayAndObjectCountsUniquenessAndDependencies() throws {
        let schema = """
                Subject:
                  type: object
                  minProperties: 1
                  maxProperties: 2
                  dependentRequired: {member_add: [name]}
                  properties:
                    tags: {type: array, minItems: 1, maxItems: 2, uniqueItems: true}
            """
        #expect(try violations(#"{}"#, schema) == ["/ minProperties"])
        #expect(try violations(#"{"a": 1, "b": 2, "c": 3}"#, schema) == ["/ maxProperties"])
        #expect(try violations(#"{"member_add": [1]}"#, schema) == ["/ dependentRequired"])
        #expect(try violations(#"{"tags": []}"#, schema) == ["/tags minItems"])
        #expect(try violations(#"{"tags": [1, 2, 3]}"#, schema) == ["/tags maxItems"])
        #expect(
            try printed(#"{"tags": [1, 1.0]}"#, schema) == [
                "uniqueItems /tags: elements 0 and 1 are equal; elements must be unique (schema at spec.yaml:12:15)"
            ])
    }

    @Test func applicatorsThatHaveNoSwiftTypeAreStillChecked() throws {
        let schema = """
                Subject:
                  type: object
                  properties:
                    kind: {type: string}
                  if: {required: [kind], properties: {kind: {const: bot}}}
                  then: {required: [owner]}
                  not: {required: [deleted]}
                  propertyNames: {maxLength: 8}
                  patternProperties: {'^x-': {type: string}}
                  unevaluatedProperties: false
            """
        #expect(try violations(#"{"kind": "user", "x-a": "1"}"#, schema) == [])
        #expect(try violations(#"{"kind": "bot"}"#, schema) == ["/ required"])
        #expect(try violations(#"{"deleted": 1}"#, schema) == ["/ not", "/deleted unevaluatedProperties"])
        #expect(try violations(#"{"x-a": 1}"#, schema) == ["/x-a type"])
        #expect(
            try violations(#"{"kind_name_x": 1}"#, schema) == [
                "/kind_name_x maxLength", "/kind_name_x unevaluatedProperties",
            ])
        #expect(
            try printed(#"{"kinds": "x"}"#, schema) == [
                "unevaluatedProperties /kinds: property 'kinds' is not allowed: no subschema evaluated it (did "
                    + "you mean 'kind'?) (schema at spec.yaml:7:7)"
            ])
    }

    @Test func referencesResolveToDefsAnchorsAndAnyPointer() throws {
        let schema = """
                Subject:
                  $defs:
                    positive: {$anchor: positive, type: integer, minimum: 1}
                  properties:
                    a: {$ref: '#/components/schemas/Subject/$defs/positive'}
                    b: {$ref: '#positive'}
                    c: {$ref: '#/components/schemas/Subject/properties/a'}
            """
        #expect(try violations(#"{"a": 1, "b": 2, "c": 3}"#, schema) == [])
        #expect(try violations(#"{"a": 0, "b": "x", "c": 0}"#, schema) == ["/a minimum", "/b type", "/c minimum"])
    }

    @Test func anUnresolvableReferenceIsALoadError() throws {
        let yaml = spec(schemas: "    Subject: {properties: {a: {$ref: '#/components/schemas/Subject/$defs/nope'}}}")
        #expect {
            try Document.load(yaml: yaml, file: "spec.yaml")
        } throws: { error in
            (error as? SpecError)?.diagnostics.filter { $0.severity == .error }.map(\.description) == [
                "spec.yaml:6:38: error: '#/components/schemas/Subject/$defs/nope' points at nothing in the document"
            ]
        }
    }

    @Test func openAPI30KeepsNullableAndBooleanExclusiveBounds() throws {
        let yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Subject:
                  type: object
                  properties:
                    name: {type: string, nullable: true}
                    age: {type: integer, minimum: 0, exclusiveMinimum: true}
                    ref: {$ref: '#/components/schemas/Other', type: string}
                Other: {type: integer}
            """
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        func check(_ json: String) throws -> [String] {
            try document.validate(JSON.parse(Data(json.utf8)), against: .component("Subject")).map {
                "\($0.instancePath) \($0.keyword)"
            }
        }
        #expect(try check(#"{"name": null, "age": 1, "ref": 2}"#) == [])
        #expect(try check(#"{"age": 0}"#) == ["/age exclusiveMinimum"])
        #expect(try check(#"{"ref": "x"}"#) == ["/ref type"])
    }

    @Test func formatIsCheckedOnlyWhenAsked() throws {
        let schema = "    Subject: {type: string, format: date-time}"
        #expect(try violations("\"2026-02-30T10:00:00Z\"", schema) == [])
        let asserted = ValidationOptions(assertFormat: true)
        #expect(
            try printed("\"2026-02-30T10:00:00Z\"", schema, options: asserted) == [
                "format /: \"2026-02-30T10:00:00Z\" is not a valid date-time (schema at spec.yaml:6:14)"
            ])
        #expect(try printed("\"2026-02-28T10:00:00.5+03:00\"", schema, options: asserted) == [])
    }

    /// The validator, given such a schema directly or in a spec (which loads, with a warning, for the generator),
    /// fails on it instead of looping.
    @Test func aSchemaThatLoopsWithoutConsumingTheValueFailsInsteadOfHanging() throws {
        let uri = "https://schemas.invalid/loop.json"
        let schema = try JSON.parse(
            Data(##"{"$ref": "#/$defs/loop", "$defs": {"loop": {"allOf": [{"$ref": "#"}]}}}"##.utf8))
        let validator = try JSONSchemaValidator(documents: [(uri, schema)])
        let found = try validator.validate(.integer(1), againstSchemaAt: uri)
        #expect(found.map { "\($0.instancePath) \($0.keyword)" } == [" $ref"])
        let inSpec = spec(
            schemas: """
                    Subject:
                      $ref: '#/components/schemas/Subject/$defs/loop'
                      $defs:
                        loop: {allOf: [{$ref: '#/components/schemas/Subject'}]}
                """)
        let document = try Document.load(yaml: inSpec, file: "spec.yaml")
        #expect(
            document.warnings.map(\.description) == [
                "spec.yaml:9:24: warning: schema 'Subject' refers to itself through Subject → loop → Subject by '$ref' "
                    + "and 'allOf' alone, which say nothing of its values; this reference, which closes the cycle, is "
                    + "read as allowing any value"
            ])
        let violations = try document.validate(.integer(1), against: .component("Subject"))
        #expect(violations.map { "\($0.instancePath) \($0.keyword)" } == [" $ref"])
    }

    @Test func depthIsBoundedWhenParsingAndWhenValidating() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect {
            try JSON.parse(Data(deep.utf8))
        } throws: { error in
            (error as? JSONParseError)?.message
                == "the JSON nests more than 512 arrays and objects deep at line 1, column 513"
        }
        let nested = try JSON.parse(Data("[[[1]]]".utf8))
        let document = try Document.load(
            yaml: spec(schemas: "    Subject: {items: {$ref: '#/components/schemas/Subject'}}"), file: "spec.yaml")
        let found = try document.validate(
            nested, against: .component("Subject"), options: ValidationOptions(maximumDepth: 2))
        #expect(found.map { "\($0.instancePath) \($0.keyword)" } == ["/0/0/0 depth"])
    }

    /// `(x+x+)+y` backtracks exponentially on a run of `x`s: 2^40 steps for this one, unless the search is bounded.
    @Test func aPatternThatBacktracksCatastrophicallyStopsAndFailsSayingWhy() throws {
        let schema = "    Subject: {type: string, pattern: '(x+x+)+y'}"
        let run = String(repeating: "x", count: 40)
        #expect(try printed("\"\(run)y\"", schema) == [])
        #expect(
            try printed("\"\(run)\"", schema) == [
                "pattern /: \"\(run)\" was not decided against the pattern (x+x+)+y within the steps allowed "
                    + "(the matcher backtracks on it), so it is not accepted (schema at spec.yaml:6:14)"
            ])
    }

    /// The steps are shared by the whole instance, and an undecided match ends the evaluation: a thousand hostile
    /// strings cost no more than one.
    @Test func anUndecidedMatchStopsTheEvaluation() throws {
        let schema = "    Subject: {items: {pattern: '(x+x+)+y'}}"
        let run = String(repeating: "x", count: 40)
        let found = try printed("[" + Array(repeating: "\"\(run)\"", count: 1000).joined(separator: ",") + "]", schema)
        #expect(found.count == 1 && found.allSatisfy { $0.hasPrefix("pattern /0: ") && $0.contains("not decided") })
        // With no steps to share, a search stops at the matcher's first 10,000 steps; a harmless one is decided first.
        let none = ValidationOptions(maximumPatternSteps: 0)
        let alone = try printed("[\"\(run)y\", \"\(run)\"]", schema, options: none)
        #expect(alone.count == 1 && alone.allSatisfy { $0.hasPrefix("pattern /1: ") && $0.contains("not decided") })
    }

    /// `not` turns a failure into a success; an undecided match is neither, and the instance is not accepted.
    @Test func anUndecidedMatchIsNotAcceptedUnderNotOrIf() throws {
        let run = "\"" + String(repeating: "x", count: 40) + "\""
        #expect(try violations(run, "    Subject: {not: {pattern: '(x+x+)+y'}}") == ["/ pattern"])
        #expect(try violations(run, "    Subject: {if: {pattern: '(x+x+)+y'}, else: false}") == ["/ pattern"])
        let schema = try JSON.parse(Data(#"{"not": {"pattern": "(x+x+)+y"}}"#.utf8))
        let validator = try JSONSchemaValidator(documents: [("https://schemas.invalid/s.json", schema)])
        #expect(try !validator.isValid(JSON.parse(Data(run.utf8)), againstSchemaAt: "https://schemas.invalid/s.json"))
    }

    /// Each string may take steps in proportion to its length, so long strings are decided, not refused.
    @Test func longStringsAreDecidedWithinTheirOwnAllowance() throws {
        let letters = String(repeating: "abcdefghij", count: 100_000)
        let none = ValidationOptions(maximumPatternSteps: 0)
        #expect(try printed("\"\(letters)\"", "    Subject: {pattern: '^[a-z]+$'}", options: none) == [])
        #expect(try printed("\"\(letters)needle\"", "    Subject: {pattern: 'needle'}", options: none) == [])
        #expect(
            try printed("\"\(letters)!\"", "    Subject: {pattern: '^[a-z]+$'}", options: none)
                .map { $0.contains("does not match the pattern ^[a-z]+$") } == [true])
    }

    /// Each of 30 schemas is an `anyOf` of two references to the next: 2³⁰ evaluations of the last for a value that
    /// fails them all, unless the evaluations are bounded.
    @Test func schemasThatApplyCombinatoriallyStopAtTheEvaluationLimit() throws {
        let levels = (0..<30).map { level in
            "    A\(level): {anyOf: [{$ref: '#/components/schemas/A\(level + 1)'}, "
                + "{$ref: '#/components/schemas/A\(level + 1)'}]}"
        }
        let schemas = (levels + ["    A30: {type: string}", "    Subject: {$ref: '#/components/schemas/A0'}"])
            .joined(separator: "\n")
        let found = try printed("[1]", schemas.replacingOccurrences(of: "Subject: {", with: "Subject: {items: {") + "}")
        #expect(
            found == [
                "evaluations /0: validation stopped after 1000000 schema evaluations and 32 for each value of the "
                    + "instance: the schemas apply to it combinatorially (nested anyOf, oneOf or $ref), so it is not "
                    + "accepted (schema at spec.yaml:36:10)"
            ], "\(found)")
        let few = ValidationOptions(maximumEvaluations: 10_000)
        let negated = schemas.replacingOccurrences(of: "Subject: {", with: "Subject: {not: {") + "}"
        let stopped = try printed("1", negated, options: few)
        #expect(stopped.count == 1)
        #expect(stopped.allSatisfy { $0.hasPrefix("evaluations /: validation stopped after 10000 schema evaluations") })
        // A value that passes early is decided long before the limit.
        #expect(try violations("\"a\"", schemas) == [])
    }

    /// `A0` → `A1` → … → `A<n>` by `$ref`, the last a string.
    static func referenceChain(_ count: Int) -> String {
        (0..<count).map { "    A\($0): {$ref: '#/components/schemas/A\($0 + 1)'}" }.joined(separator: "\n")
            + "\n    A\(count): {type: string}\n    Subject: {$ref: '#/components/schemas/A0'}"
    }

    /// 300 references at one value outgrow what is evaluated on the caller's stack; the evaluation runs again on a
    /// large one and decides.
    @Test func aLongChainOfReferencesIsFollowedOnALargeStack() throws {
        let schemas = Self.referenceChain(300)
        #expect(try violations("\"x\"", schemas) == [])
        let found = try printed("1", schemas)
        #expect(found == ["type /: expected string, found integer 1 (schema at spec.yaml:306:11)"], "\(found)")
    }

    /// Followed one call inside the other, 9,000 references overflowed the stack: the process crashed.
    @Test func aChainOfReferencesLongerThanAnyStackFailsInsteadOfCrashing() throws {
        let found = try printed("\"x\"", Self.referenceChain(9_000))
        #expect(
            found == [
                "depth /: the schemas nest more than 8000 evaluations deep at this value (through $ref, allOf, anyOf, "
                    + "oneOf, not or if), so it is not accepted (schema at spec.yaml:8005:12)"
            ], "\(found)")
    }

    /// An `allOf` member that is a `$ref` is two evaluations, and more stack than a `$ref` alone: 5,000 of them
    /// overflowed the large stack, and the process crashed.
    @Test func aChainOfAllOfReferencesLongerThanAnyStackFailsInsteadOfCrashing() throws {
        let schemas =
            (0..<5_000).map { "    A\($0): {allOf: [{$ref: '#/components/schemas/A\($0 + 1)'}]}" }.joined(
                separator: "\n")
            + "\n    A5000: {type: string}\n    Subject: {$ref: '#/components/schemas/A0'}"
        let found = try printed("\"x\"", schemas)
        #expect(
            found == [
                "depth /: the schemas nest more than 8000 evaluations deep at this value (through $ref, allOf, anyOf, "
                    + "oneOf, not or if), so it is not accepted (schema at spec.yaml:4005:21)"
            ], "\(found)")
    }

    @Test func jsonParseErrorsSayWhereAndWhat() {
        func message(_ text: String) -> String? {
            do {
                _ = try JSON.parse(Data(text.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(message("{\"a\": 1,}") == "unexpected '}', expected a string key at line 1, column 9")
        #expect(message("[1,\n 02]") == "a number must not start with 0 at line 2, column 3")
        #expect(message("\"\\ud800\"") == "a high surrogate must be followed by a low surrogate at line 1, column 8")
        #expect(message("{} x") == "unexpected text after the JSON value at line 1, column 4")
        #expect(
            message("[1e999]") == "the number 1e999 is too large for a 64-bit floating-point value at line 1, column 7")
    }

    /// Found by the `json` fuzz target: Foundation's `JSONSerialization` reads `61e4000` somehow; this parser refuses
    /// a number beyond a `Double`'s range by name and position (RFC 8259 §6 lets a parser limit the range) rather than
    /// reading it as infinity, wherever it stands.
    @Test func aNumberBeyondADoubleDeepInAnObjectIsRefusedByNameAndPosition() {
        let text = #"{"web_session_settings": {"life}":61e4000 },"/m":"", "web_session_settings": {} }"#
        #expect(throws: JSONParseError.self) { try JSON.parse(Data(text.utf8)) }
        do {
            _ = try JSON.parse(Data(text.utf8))
        } catch {
            #expect(
                error.message
                    == "the number 61e4000 is too large for a 64-bit floating-point value at line 1, column 42")
        }
    }

    @Test func pointerTokensEscapeAndUnescapeExactly() {
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
        #expect(JSONPointer.tokens("/a~1b~0c/~01/") == ["a/b~c", "~1", ""])
        #expect(JSONPointer.tokens("") == [])
    }

    @Test func fragmentsArePercentDecodedAsUTF8() {
        #expect(JSONPointer.percentDecoded("/a%20b/%7e1") == "/a b/~1")
        #expect(JSONPointer.percentDecoded("/%C3%A9t%c3%a9") == "/été")
        #expect(JSONPointer.percentDecoded("/plain") == "/plain")
        #expect(JSONPointer.percentDecoded("/a%2") == nil)
        #expect(JSONPointer.percentDecoded("/a%zz") == nil)
        #expect(JSONPointer.percentDecoded("/%FF") == nil)
    }

    /// A value nested as deep as the parser allows, validated on a concurrency thread (whose stack is small): the
    /// evaluation moves to a thread with a large stack instead of overflowing.
    @Test func theDeepestParsableValueValidatesOnAConcurrencyThread() async throws {
        let text = String(repeating: "[", count: 511) + "1" + String(repeating: "]", count: 511)
        let value = try JSON.parse(Data(text.utf8))
        let document = try Document.load(
            yaml: spec(schemas: "    Subject: {type: array, items: {$ref: '#/components/schemas/Subject'}}"),
            file: "spec.yaml")
        let found = try await Task.detached { try document.validate(value, against: .component("Subject")) }.value
        #expect(found.map(\.keyword) == ["type"])
        #expect(found.first?.instancePath == String(repeating: "/0", count: 511))
    }
}
