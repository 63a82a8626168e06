import Foundation
import PyrusKitTestSupport
import Testing

@testable import APISpec

/// Every kind of spec diagnostic, with its exact position.
@Suite struct DiagnosticTests {
    @Test func pyrusSpecLoadsWithoutDiagnostics() throws {
        let document = try Document.load(contentsOf: Repository.spec)
        #expect(document.warnings.isEmpty)
        #expect(document.operations.count == 11)
    }

    @Test func yamlSyntaxErrorIsLocatedWithLibyamlsMessage() {
        let yaml = "openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n"
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:4:10: error: YAML: did not find expected ',' or ']' while parsing a flow sequence at 3:10"
            ])
    }

    @Test func tabIndentationIsAYAMLError() {
        let yaml = "openapi: 3.1.0\ninfo:\n\ttitle: x\n"
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:3:1: error: YAML: found character that cannot start any token while scanning for the "
                    + "next token at 3:1"
            ])
    }

    @Test func duplicateKeyIsAYAMLError() {
        let yaml = "openapi: 3.1.0\nopenapi: 3.0.0\n"
        #expect(diagnostics(of: yaml) == ["spec.yaml:1:1: error: YAML: duplicate key 'openapi' in a mapping"])
    }

    @Test func unresolvedReferenceSuggestsTheClosestName() {
        let yaml = spec(
            schemas: """
                    Member:
                      type: object
                    List:
                      type: array
                      items:
                        $ref: '#/components/schemas/Memberr'
                """)
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:6:5: warning: schema 'Member' is never used",
                "spec.yaml:8:5: warning: schema 'List' is never used",
                "spec.yaml:11:15: error: unresolved reference '#/components/schemas/Memberr' (did you mean 'Member'?)",
            ])
    }

    /// Each hint compares a name with every candidate: n misspelt required names among n properties were n² edit
    /// distances (10,000 took 48 s; 80,000 fit in an 8 MiB spec). The first 100 get a hint, the rest none.
    @Test func aSpecOfManyMisspeltNamesGetsAHundredHintsThenNone() {
        let count = 1_000
        let properties = (0..<count).map { "name\($0): {type: string}" }.joined(separator: ", ")
        let required = (0..<count).map { "nane\($0)" }.joined(separator: ", ")
        let yaml = spec(schemas: "    Subject: {required: [\(required)], properties: {\(properties)}}")
        let found = diagnostics(of: yaml).filter { $0.contains("required property") }
        #expect(found.count == count)
        let hinted = found.filter { $0.hasSuffix("?)") }
        #expect(hinted.count == Suggestion.maximumHints)
        #expect(
            hinted.contains(
                "spec.yaml:6:14: warning: required property 'nane0' is not among the schema's properties "
                    + "(did you mean 'name0'?)"))
        #expect(
            found.contains("spec.yaml:6:14: warning: required property 'nane999' is not among the schema's properties")
        )
    }

    /// An `allOf` member may require what a sibling declares (a subtype making its parent's optional properties
    /// required), which every member's `required` adds up to; a schema on its own may not.
    @Test func anAllOfMemberMayRequireWhatASiblingDeclares() {
        let yaml = spec(
            schemas: """
                    Base: {type: object, properties: {id: {type: string}, name: {type: string}}}
                    Named:
                      allOf:
                        - $ref: '#/components/schemas/Base'
                        - {type: object, required: [id, name], properties: {nickname: {type: string}}}
                    Alone: {type: object, required: [id], properties: {nickname: {type: string}}}
                """)
        #expect(
            diagnostics(of: yaml).filter { $0.contains("required property") } == [
                "spec.yaml:11:12: warning: required property 'id' is not among the schema's properties"
            ])
    }

    /// The cycle check followed references by recursion, and 20,000 of them in a row crashed it.
    @Test func aLongChainOfReferencesLoadsAndALongCycleIsNamedShortly() throws {
        let chain = (0..<20_000).map { "    A\($0): {$ref: '#/components/schemas/A\($0 + 1)'}" }
        let document = try Document.load(
            yaml: spec(schemas: (chain + ["    A20000: {type: string}"]).joined(separator: "\n")), file: "spec.yaml")
        #expect(document.schemas.count == 20_001)
        let cycle = (0..<20).map { "    C\($0): {$ref: '#/components/schemas/C\(($0 + 1) % 20)'}" }
        #expect(
            diagnostics(of: spec(schemas: cycle.joined(separator: "\n"))).filter { $0.contains("itself") } == [
                "spec.yaml:25:10: warning: schema 'C0' refers to itself through C0 → C1 → C2 → C3 → C4 → C5 → "
                    + "… (9 more) → C15 → C16 → C17 → C18 → C19 → C0 by '$ref' and 'allOf' alone, which say nothing "
                    + "of its values; this reference, which closes the cycle, is read as allowing any value"
            ])
    }

    /// Every reference that closes a cycle of references alone is cut, though the cycle is reported once: a schema
    /// that names itself twice in `allOf` keeps no reference to itself in the document the generator reads.
    @Test func everyReferenceThatClosesACycleIsCutAndTheCycleReportedOnce() throws {
        let document = try Document.load(
            yaml: spec(
                schemas:
                    "    Twice: {allOf: [{$ref: '#/components/schemas/Twice'}, {$ref: '#/components/schemas/Twice'}]}"),
            file: "spec.yaml")
        #expect(
            document.warnings.map(\.description).filter { $0.contains("itself") } == [
                "spec.yaml:6:21: warning: schema 'Twice' refers to itself through Twice → Twice by '$ref' and 'allOf' "
                    + "alone, which say nothing of its values; this reference, which closes the cycle, is read as "
                    + "allowing any value"
            ])
        let twice = try #require(document.schemas.first { $0.name == "Twice" })
        #expect(twice.schema.allOf.map(\.ref) == [nil, nil])
    }

    @Test func aNameLongerThanAnyoneTypesGetsNoHint() {
        let long = String(repeating: "a", count: Suggestion.maximumLength - 1)
        #expect(Suggestion.hint(for: long + "b", among: [long + "c"]) == " (did you mean '\(long)c'?)")
        #expect(Suggestion.hint(for: long + "bb", among: [long + "bc"]) == "")
    }

    @Test func diagnosticCarriesTheDocumentPath() throws {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /members/{id}:
                get:
                  operationId: getMember
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: '#/components/schemas/Membr'
            components:
              schemas:
                Member: {type: object}
            """
        let error = try #require(throws: SpecError.self) { try Document.load(yaml: yaml, file: "spec.yaml") }
        let unresolved = try #require(error.errors.first)
        #expect(unresolved.path == "#/paths/~1members~1{id}/get/responses/200/content/application~1json/schema/$ref")
        #expect(unresolved.location == SourceLocation(file: "spec.yaml", line: 15, column: 23))
    }

    @Test func wrongNodeKindIsNamed() {
        let yaml = spec(
            schemas: """
                    Member:
                      type: object
                      properties:
                        - id
                      required: name
                """)
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:6:5: warning: schema 'Member' is never used",
                "spec.yaml:9:9: error: expected a mapping for 'properties', found a sequence",
                "spec.yaml:10:7: warning: 'required' is a list of the names of required properties, found 'name'; it "
                    + "is ignored, so the properties it meant are optional",
            ])
    }

    @Test func unknownTypeSuggestsTheIntendedOne() {
        let yaml = spec(
            schemas: """
                    Name:
                      type: strng
                    Flag:
                      type: [boolean, nul]
                """)
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:6:5: warning: schema 'Name' is never used",
                "spec.yaml:7:13: error: unknown type 'strng' (did you mean 'string'?); the types are object, "
                    + "array, string, integer, number, boolean and null",
                "spec.yaml:8:5: warning: schema 'Flag' is never used",
                "spec.yaml:9:23: error: unknown type 'nul' (did you mean 'null'?); the types are object, array, "
                    + "string, integer, number, boolean and null",
            ])
    }

    @Test func everyValidationKeywordLoadsAndATypoWarns() {
        let yaml = spec(
            schemas: """
                    Pet:
                      type: object
                      not: {required: [id]}
                      minProperties: 1
                      requried: [id]
                """)
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:6:5: warning: schema 'Pet' is never used",
                "spec.yaml:10:7: warning: unknown keyword 'requried' is ignored (did you mean 'required'?)",
            ])
    }

    /// A required property on a cycle can hold no finite value: a warning (other tools generate such specs); through
    /// an array it is an ordinary tree.
    @Test func aRequiredCycleIsAWarningButThroughAnArrayItIsNothing() {
        let yaml = spec(
            schemas: """
                    Node:
                      type: object
                      required: [next]
                      properties:
                        next: {$ref: '#/components/schemas/Link'}
                    Link:
                      allOf:
                        - $ref: '#/components/schemas/Node'
                    Tree:
                      type: object
                      required: [children]
                      properties:
                        children:
                          type: array
                          items: {$ref: '#/components/schemas/Tree'}
                """)
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:13:11: warning: schema 'Node' contains itself through Node → Link → Node with no array, "
                    + "optional or nullable property in between, so no value of it can end; it is generated as "
                    + "written, with the property on the cycle in a box"
            ])
    }

    @Test func duplicateOperationIDPointsAtBothPlaces() {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  operationId: list
                  responses: {"200": {description: ok}}
              /b:
                get:
                  operationId: list
                  responses: {"200": {description: ok}}
            """
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:9:5: warning: duplicate operationId 'list' (GET /b); it is first used by GET /a at "
                    + "spec.yaml:5:5; this one is generated as 'list2'"
            ])
    }

    @Test func pathParametersMustMatchTheTemplateBothWays() {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /members/{id}:
                get:
                  operationId: getMember
                  parameters:
                    - name: ident
                      in: path
                      required: true
                      schema: {type: integer}
                  responses: {"200": {description: ok}}
            """
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:5:5: warning: GET /members/{id} does not declare its path parameter 'id', so it is "
                    + "generated as a String; add {name: id, in: path, required: true, schema: ...} to its "
                    + "'parameters'",
                "spec.yaml:8:11: warning: path parameter 'ident' does not appear in the path template "
                    + "'/members/{id}', so it is left out",
            ])
    }

    @Test func operationWithoutOperationIDWarns() throws {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /ping:
                get:
                  responses: {"204": {description: ok}}
            """
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:5:5: warning: GET /ping has no operationId; generated names will be derived from the "
                    + "method and path"
            ])
    }

    @Test func everyErrorOfTheFileIsReportedInOneRun() throws {
        let yaml = spec(
            schemas: """
                    A: {type: strin}
                    B: {$ref: '#/components/schemas/C'}
                    D: {type: object, properties: {x: {$ref: '#/components/schemas/Y'}}}
                """)
        let error = try #require(throws: SpecError.self) { try Document.load(yaml: yaml, file: "spec.yaml") }
        #expect(error.errors.map(\.location.line) == [6, 7, 8])
    }

    @Test func openAPI30NullableBecomesANullType() throws {
        let yaml = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            components:
              schemas:
                Name: {type: string, nullable: true, x-swift-name: Title}
            """
        let document = try Document.load(yaml: yaml)
        let schema = try #require(document.schema(named: "Name")?.schema)
        #expect(schema.types == [.string, .null])
        #expect(schema.extensions == ["x-swift-name": .string("Title")])
    }

    @Test func nullableIn31IsAWarningThatSaysWhatToWrite() {
        let yaml = spec(schemas: "    Name: {type: string, nullable: true}")
        #expect(
            diagnostics(of: yaml) == [
                "spec.yaml:6:5: warning: schema 'Name' is never used",
                "spec.yaml:6:26: warning: 'nullable' is OpenAPI 3.0 and validation ignores it in 3.1; write the "
                    + "type as a list with \"null\", e.g. type: [string, \"null\"]",
            ])
    }

    /// A document without `openapi` that has `paths`, `components` or `webhooks` is a fragment other tools read
    /// (datamodel-code-generator's tests have several): it is read as 3.1.0, with a warning. A file with none of
    /// them is no OpenAPI document, and Swagger 1.x is another format: errors.
    @Test func aMissingOpenAPIVersionIsReadAs31WhereThereIsAnAPIAndSwaggerOneIsRefused() {
        #expect(
            diagnostics(of: "info: {title: T, version: '1'}\ncomponents: {schemas: {A: {type: string}}}\n") == [
                "spec.yaml:1:1: warning: missing 'openapi': the document does not say which OpenAPI version it is; it "
                    + "is read as 3.1.0",
                "spec.yaml:1:1: warning: the document has no 'paths'",
                "spec.yaml:2:24: warning: schema 'A' is never used",
            ])
        #expect(
            diagnostics(of: "name: name_\n") == [
                "spec.yaml:1:1: error: missing 'openapi': the document must say which OpenAPI version it is "
                    + "(3.1.0 or 3.0.x)",
                "spec.yaml:1:1: warning: unknown key 'name' is ignored",
            ])
        #expect(
            diagnostics(of: "swagger: '1.2'\ninfo: {title: T, version: '1'}\npaths: {}\n") == [
                "spec.yaml:1:1: error: this is a Swagger 1.2 document, which api-codegen does not read (it reads "
                    + "Swagger 2.0 and OpenAPI 3); convert it to OpenAPI 3 first"
            ])
        // Swagger 2.0 is read as the OpenAPI 3.0 document it converts to (SwaggerSnippetTests).
        #expect(diagnostics(of: "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n") == [])
    }

    @Test func lintChecksEveryExampleAgainstItsSchemaAtTheFailingPart() throws {
        let yaml = """
            openapi: 3.1.0
            info: {title: T, version: "1"}
            paths:
              /pets:
                get:
                  parameters:
                    - name: limit
                      in: query
                      schema: {type: integer, maximum: 100}
                      example: 500
                  responses:
                    "200":
                      description: Pets.
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Pet'}
                          examples:
                            good: {value: {id: 1}}
                            bad: {$ref: '#/components/examples/BadPet'}
            components:
              examples:
                BadPet:
                  value:
                    id: one
              schemas:
                Pet:
                  type: object
                  required: [id]
                  properties:
                    id: {type: integer}
                  examples:
                    - {id: 2}
                    - {name: Rex}
            """
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        #expect(
            document.validationProblems().map(\.description) == [
                "spec.yaml:10:20: warning: the example does not match its schema: 500 is greater than the "
                    + "maximum of 100 [maximum; schema at spec.yaml:9:19]",
                "spec.yaml:24:13: warning: the example does not match its schema at /id: expected integer, found "
                    + "string \"one\" [type; schema at spec.yaml:30:13]",
                "spec.yaml:33:11: warning: the example does not match its schema: missing required property 'id' "
                    + "[required; schema at spec.yaml:27:7]",
            ])
    }
}
