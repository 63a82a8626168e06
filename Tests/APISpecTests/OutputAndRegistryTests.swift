import Foundation
import PyrusKitTestSupport
import Testing

@testable import APISpec

/// JSON Schema's standard output formats, the bound in-process validator, the schema registry, and the formats'
/// behaviour on hostile strings.
@Suite struct OutputAndRegistryTests {
    static let listSpec = spec(
        schemas: """
                List:
                  type: object
                  required: [members]
                  properties:
                    members:
                      type: array
                      items: {$ref: '#/components/schemas/Member'}
                Member:
                  type: object
                  required: [id, email]
                  properties:
                    id: {type: integer}
                    email: {type: string}
            """)

    func output(_ instance: String, _ format: OutputUnit.Format) throws -> String {
        let document = try Document.load(yaml: Self.listSpec, file: "spec.yaml")
        let validator = try document.instanceValidator(for: .component("List"))
        return OutputUnit.json(for: try validator.validate(jsonText: instance), format: format).jsonText
    }

    static let invalid = #"{"members": [{"id": 1, "email": "a@b.c"}, {"id": "x"}]}"#
    static let member = "file:///spec.yaml#/components/schemas/Member"

    @Test func aValidInstanceIsValidInEveryFormat() throws {
        for format in OutputUnit.Format.allCases {
            #expect(try output(#"{"members": []}"#, format) == #"{"valid":true}"#)
        }
    }

    @Test func flagSaysOnlyInvalid() throws {
        #expect(try output(Self.invalid, .flag) == #"{"valid":false}"#)
    }

    @Test func basicListsEachFailingKeywordWithItsLocations() throws {
        let expected =
            #"{"errors":["#
            + #"{"absoluteKeywordLocation":"\#(Self.member)/required","error":"missing required property 'email'","#
            + #""instanceLocation":"/members/1","keywordLocation":"/properties/members/items/$ref/required","#
            + #""valid":false},"#
            + #"{"absoluteKeywordLocation":"\#(Self.member)/properties/id/type","#
            + #""error":"expected integer, found string \"x\"","instanceLocation":"/members/1/id","#
            + #""keywordLocation":"/properties/members/items/$ref/properties/id/type","valid":false}"#
            + #"],"valid":false}"#
        #expect(try output(Self.invalid, .basic) == expected)
    }

    @Test func detailedNestsTheFailuresUnderTheSchemasTheyAreIn() throws {
        let expected =
            #"{"absoluteKeywordLocation":"file:///spec.yaml#/components/schemas/List","errors":["#
            + #"{"absoluteKeywordLocation":"\#(Self.member)","errors":["#
            + #"{"absoluteKeywordLocation":"\#(Self.member)/properties/id/type","#
            + #""error":"expected integer, found string \"x\"","instanceLocation":"/members/1/id","#
            + #""keywordLocation":"/properties/members/items/$ref/properties/id/type","valid":false},"#
            + #"{"absoluteKeywordLocation":"\#(Self.member)/required","error":"missing required property 'email'","#
            + #""instanceLocation":"/members/1","keywordLocation":"/properties/members/items/$ref/required","#
            + #""valid":false}"#
            + #"],"instanceLocation":"/members/1","keywordLocation":"/properties/members/items/$ref","valid":false}"#
            + #"],"instanceLocation":"","keywordLocation":"","valid":false}"#
        #expect(try output(Self.invalid, .detailed) == expected)
    }

    /// The false schema and a `$dynamicRef` are named as the keywords they are.
    @Test func keywordLocationsFollowReferencesAndFalseSchemas() throws {
        let schema = try JSON.parse(
            Data(
                #"""
                {"$id": "https://schemas.invalid/tree.json", "$dynamicAnchor": "node",
                 "properties": {"children": {"items": {"$dynamicRef": "#node"}}, "secret": false}}
                """#.utf8))
        let validator = try JSONSchemaValidator(documents: [("https://schemas.invalid/tree.json", schema)])
            .instanceValidator(for: "https://schemas.invalid/tree.json")
        let violations = try validator.validate(jsonText: #"{"children": [{"secret": 1}]}"#)
        #expect(violations.map(\.keywordLocation) == ["/properties/children/items/$dynamicRef/properties/secret"])
        #expect(
            violations.map(\.absoluteKeywordLocation) == ["https://schemas.invalid/tree.json#/properties/secret"])
    }

    @Test func anInstanceValidatorIsReusedAndReportsBadJSONByPosition() throws {
        let document = try Document.load(yaml: Self.listSpec, file: "spec.yaml")
        let validator = try document.instanceValidator(for: .component("Member"))
        #expect(validator.isValid(.object(["id": .integer(1), "email": .string("a")])))
        #expect(try validator.validate(jsonText: #"{"id": 1}"#).map(\.message) == ["missing required property 'email'"])
        #expect(throws: JSONParseError.self) { try validator.validate(jsonText: #"{"id": 1,}"#) }
        #expect(throws: SchemaLookupError.self) { try document.instanceValidator(for: .component("Nope")) }
    }

    /// Every schema of the Pyrus spec is decided by the fast path first (a keyword it lacks would silently cost the
    /// speed RESULTS.md §10 measures); one with a `pattern` is not, and the general evaluation decides it alone.
    @Test func thePyrusSchemasRunOnTheFastPath() throws {
        let document = try Document.load(contentsOf: Repository.root.appendingPathComponent("Spec/pyrus-api.yaml"))
        let validator = try document.validator()
        #expect(document.schemas.count > 10)
        for named in document.schemas {
            #expect(validator.usesFastPath(for: named.schema.path), "\(named.name)")
        }
        let patterned = try Document.load(yaml: spec(schemas: "    Subject: {properties: {a: {pattern: '^x'}}}"))
        #expect(try !patterned.validator().usesFastPath(for: "#/components/schemas/Subject"))
        #expect(try patterned.validate(.object(["a": .string("y")]), against: .component("Subject")).count == 1)
    }

    /// The fast path finds a property by a slot from the name's length and first byte: names that share both collide
    /// and are told apart by comparing them. Each verdict is checked with and without the fast path, on names that
    /// are short (stored inline) and long (stored apart), declared and undeclared, with a type-only member schema
    /// (checked in place), an enum of strings, and a nested object.
    @Test func theFastPathTellsCollidingPropertyNamesApart() throws {
        let schema = try JSON.parse(
            Data(
                #"""
                {"type": "object", "required": ["ab", "a_sixteen_bytes0"],
                 "properties": {
                   "aa": {"type": "integer"}, "ab": {"type": "string"}, "ac": {"enum": ["x", "y", 1]},
                   "a_sixteen_bytes0": {"type": "boolean"},
                   "a_sixteen_bytes1": {"type": "object", "properties": {"aa": {"type": "null"}}}},
                 "additionalProperties": {"type": "number"}}
                """#.utf8))
        let validator = try JSONSchemaValidator(documents: [("https://x.invalid/s.json", schema)])
        let cases: [(String, Bool)] = [
            (#"{"ab": "s", "a_sixteen_bytes0": true}"#, true),
            (#"{"ab": 1, "a_sixteen_bytes0": true}"#, false),
            (#"{"aa": "s", "ab": "s", "a_sixteen_bytes0": true}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes0": 1}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes1": {}}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "ac": "y"}"#, true),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "ac": 1.0}"#, true),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "ac": "z"}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "a_sixteen_bytes1": {"aa": 1}}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "ad": 2.5, "a_sixteen_bytes2": 3}"#, true),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "ad": "s"}"#, false),
            (#"{"ab": "s", "a_sixteen_bytes0": true, "a_sixteen_bytes2": "s"}"#, false),
        ]
        var general = ValidationOptions()
        general.usesFastPath = false
        #expect(validator.usesFastPath(for: "https://x.invalid/s.json"))
        for (text, expected) in cases {
            let instance = try JSON.parse(Data(text.utf8))
            #expect(try validator.isValid(instance, againstSchemaAt: "https://x.invalid/s.json") == expected, "\(text)")
            #expect(
                try validator.isValid(instance, againstSchemaAt: "https://x.invalid/s.json", options: general)
                    == expected, "\(text)")
        }
    }

    // MARK: - The registry

    static let remoteSpec = spec(
        schemas: """
                Remote: {$ref: 'https://example.com/schemas/x.json'}
                Meta: {$ref: 'https://json-schema.org/draft/2020-12/schema'}
            """)

    @Test func aReferenceToARegisteredURIResolvesOfflineAndAnyOtherIsALocatedError() throws {
        var registry = SchemaRegistry()
        registry.register(Data(#"{"type": "integer"}"#.utf8), at: "https://example.com/schemas/x.json")
        let document = try Document.load(data: Data(Self.remoteSpec.utf8), file: "spec.yaml", schemas: registry)
        #expect(
            try document.validate(.string("a"), against: .component("Remote")).map(\.message) == [
                "expected integer, found string \"a\""
            ])
        #expect(try document.validate(.integer(1), against: .component("Remote")).isEmpty)
        let error = #expect(throws: SpecError.self) {
            try Document.load(data: Data(Self.remoteSpec.utf8), file: "spec.yaml")
        }
        #expect(
            error?.diagnostics.filter { $0.severity == .error }.map(\.description) == [
                "spec.yaml:6:20: error: cannot resolve 'https://example.com/schemas/x.json': no schema is registered "
                    + "at 'https://example.com/schemas/x.json', and remote references are never fetched; refer to a "
                    + "file under the spec's directory, or register the URI (api-codegen's --schema-dir)"
            ])
    }

    /// The bundled meta-schema validates schemas: a schema whose `type` is a number is not one.
    @Test func theMetaSchemaIsBundled() throws {
        var registry = SchemaRegistry()
        registry.register(Data("{}".utf8), at: "https://example.com/schemas/x.json")
        let document = try Document.load(data: Data(Self.remoteSpec.utf8), file: "spec.yaml", schemas: registry)
        let meta = try document.instanceValidator(for: .component("Meta"))
        #expect(try meta.validate(jsonText: #"{"type": "string", "maxLength": 2}"#).isEmpty)
        #expect(try meta.validate(jsonText: #"{"type": 5}"#).map(\.instancePath) == ["/type"])
        #expect(try meta.validate(jsonText: #"{"minLength": -1}"#).map(\.instancePath) == ["/minLength"])
    }

    @Test func aDirectoryIsRegisteredByIDAndByBaseURI() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("nested"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"{"$id": "https://example.com/schemas/x.json", "type": "integer"}"#.utf8)
            .write(to: directory.appendingPathComponent("x.json"))
        try Data("type: string\n".utf8).write(to: directory.appendingPathComponent("nested/s.yaml"))
        let outside = directory.deletingLastPathComponent().appendingPathComponent("outside-\(UUID().uuidString).json")
        try Data("{}".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("link.json"), withDestinationURL: outside)
        var byID = SchemaRegistry()
        try byID.addDirectory(directory)
        #expect(byID.entry(for: "https://example.com/schemas/x.json") != nil)
        #expect(byID.entry(for: "http://localhost:1234/nested/s.yaml") == nil)
        var byBase = SchemaRegistry()
        try byBase.addDirectory(directory, baseURI: "http://localhost:1234/")
        #expect(byBase.entry(for: "https://example.com/schemas/x.json#") != nil)
        #expect(byBase.entry(for: "http://localhost:1234/x.json") != nil)
        #expect(byBase.entry(for: "http://localhost:1234/nested/s.yaml") != nil)
        #expect(byBase.entry(for: "http://localhost:1234/link.json") == nil)
        var small = SchemaRegistry()
        #expect(throws: SchemaRegistry.Problem.self) { try small.addDirectory(directory, maximumTotalBytes: 40) }
        var missing = SchemaRegistry()
        #expect(throws: SchemaRegistry.Problem.self) {
            try missing.addDirectory(directory.appendingPathComponent("absent"))
        }
    }

    // MARK: - Formats on hostile strings

    func isValid(_ text: String, _ format: String) throws -> Bool {
        let schema = JSON.object(["format": .string(format)])
        let validator = try JSONSchemaValidator(documents: [("https://schemas.invalid/f.json", schema)])
            .instanceValidator(for: "https://schemas.invalid/f.json", options: ValidationOptions(assertFormat: true))
        return validator.isValid(.string(text))
    }

    /// Each format is one linear scan, bounded before any label is decoded: a megabyte costs a scan, not a trap.
    @Test func hostileStringsAreRefusedWithoutBlowingUp() throws {
        let megabyte = 1 << 20
        #expect(try !isValid(String(repeating: "실", count: megabyte), "idn-hostname"))
        #expect(try !isValid("xn--" + String(repeating: "9", count: 59), "idn-hostname"))
        #expect(try !isValid(String(repeating: "a.", count: megabyte / 2), "idn-hostname"))
        #expect(try !isValid(String(repeating: "{", count: megabyte), "uri-template"))
        #expect(try !isValid(String(repeating: "{a", count: megabyte / 2), "uri-template"))
        #expect(try isValid(String(repeating: "{a}", count: megabyte / 3), "uri-template"))
        #expect(try !isValid(String(repeating: "(", count: megabyte), "regex"))
        #expect(
            try isValid(
                String(repeating: "(", count: megabyte / 2) + String(repeating: ")", count: megabyte / 2), "regex"))
        #expect(try !isValid("P" + String(repeating: "1", count: megabyte), "duration"))
        #expect(try !isValid("/" + String(repeating: "~", count: megabyte), "json-pointer"))
        #expect(try !isValid("http://" + String(repeating: "[", count: megabyte), "iri"))
        // Found by the `format` fuzz target: a part of twenty digits overflowed the number it was read into.
        #expect(try !isValid("87.2222222222222222220.0.", "ipv4"))
        #expect(try !isValid("1." + String(repeating: "9", count: 40) + ".1.1", "ipv4"))
        #expect(try !isValid("2026-12-06T05:50:00+" + String(repeating: "9", count: 30), "date-time"))
    }

    /// What the suite does not test: RFC cases each format's grammar decides.
    @Test func formatsFollowTheirGrammars() throws {
        #expect(try isValid("xn--bcher-kva.example", "idn-hostname"))
        #expect(try isValid("bücher.example", "idn-hostname"))
        #expect(try !isValid("xn--bcher-kva-.example", "idn-hostname"))
        #expect(try !isValid("Bücher.example", "idn-hostname"))
        #expect(try isValid("P1Y2M3DT4H5M6S", "duration"))
        #expect(try !isValid("P1Y3D", "duration"))
        #expect(try !isValid("PT1H2S", "duration"))
        #expect(try isValid("{+path}/here{?x,y}{#frag:3}", "uri-template"))
        #expect(try !isValid("{x:0}", "uri-template"))
        #expect(try !isValid("{a..b}", "uri-template"))
        #expect(try isValid("0+1/a", "relative-json-pointer"))
        #expect(try isValid("(?<year>\\d{4})-\\k<year>", "regex"))
        #expect(try !isValid("\\k<missing>", "regex"))
        #expect(try !isValid("a{2,1}", "regex"))
        #expect(try !isValid("[z-a]", "regex"))
        #expect(try isValid("[\\w-]", "regex"))
        #expect(try !isValid("[\\w-a]", "regex"))
        #expect(try isValid("urn:isbn:0451450523", "uri"))
        #expect(try !isValid("http://host:80a/", "uri"))
        #expect(try isValid("mailto:用户@例子.广告", "iri"))
        #expect(try isValid("用户@例子.广告", "idn-email"))
    }
}
