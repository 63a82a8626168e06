import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The official JSON-Schema-Test-Suite, draft 2020-12, against `JSONSchemaValidator`.
///
/// `Tests/scripts/fetch-json-schema-test-suite.sh` puts the suite under `.build/json-schema-test-suite` (CI runs it
/// first and sets `REQUIRE_JSON_SCHEMA_TEST_SUITE=1`, so a missing suite fails there instead of being skipped).
/// The suite's remotes are a local registry under `http://localhost:1234/`, as the suite asks of a harness, and the
/// 2020-12 meta-schemas are the bundled ones (checked against the copies the jsonschema project ships).
@Suite struct JSONSchemaTestSuiteTests {
    static let root = Repository.root.appendingPathComponent(".build/json-schema-test-suite")
    static let isPresent = FileManager.default.fileExists(atPath: root.appendingPathComponent("tests").path)
    static let isRequired = ProcessInfo.processInfo.environment["REQUIRE_JSON_SCHEMA_TEST_SUITE"] == "1"

    /// Every JSON file under `directory`, with its path relative to it.
    static func jsonFiles(under directory: URL) -> [(relativePath: String, url: URL)] {
        let enumerator = FileManager.default.enumerator(atPath: directory.path)
        var result: [(String, URL)] = []
        while let path = enumerator?.nextObject() as? String {
            let url = directory.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append((path, url))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// The suite's remotes, known under `http://localhost:1234/` as the suite asks of a harness; the 2020-12
    /// meta-schemas are bundled.
    static func registry() throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        try registry.addDirectory(root.appendingPathComponent("remotes"), baseURI: "http://localhost:1234/")
        return registry
    }

    struct Outcome {
        var passed = 0
        var failures: [String] = []
    }

    /// Runs every test of the suite files `names` (under `tests/draft2020-12`) and returns what failed.
    static func run(_ names: [String], options: ValidationOptions = .init()) throws -> Outcome {
        let registry = try registry()
        var outcome = Outcome()
        for name in names {
            let groups = try JSON.parse(
                Data(contentsOf: root.appendingPathComponent("tests/draft2020-12/\(name)")))
            guard case .array(let list) = groups else { continue }
            for (number, group) in list.enumerated() {
                guard case .object(let fields) = group, let schema = fields["schema"],
                    case .array(let tests)? = fields["tests"], case .string(let description)? = fields["description"]
                else { continue }
                let uri = "https://suite.invalid/\(name)/\(number)/schema.json"
                let validator: JSONSchemaValidator
                do {
                    validator = try JSONSchemaValidator(documents: [(uri, schema)], registry: registry)
                } catch {
                    outcome.failures.append("\(name) «\(description)»: does not compile: \(error)")
                    continue
                }
                for test in tests {
                    guard case .object(let testFields) = test, let data = testFields["data"],
                        case .bool(let expected)? = testFields["valid"],
                        case .string(let testDescription)? = testFields["description"]
                    else { continue }
                    let quick = try validator.isValid(data, againstSchemaAt: uri, options: options)
                    let violations = try validator.validate(data, againstSchemaAt: uri, options: options)
                    // The general evaluation alone, without the fast path deciding first.
                    var general = options
                    general.usesFastPath = false
                    let slow = try validator.isValid(data, againstSchemaAt: uri, options: general)
                    let slowViolations = try validator.validate(data, againstSchemaAt: uri, options: general)
                    if quick == expected && violations.isEmpty == expected && slow == expected
                        && slowViolations.isEmpty == expected
                    {
                        outcome.passed += 1
                    } else {
                        outcome.failures.append(
                            "\(name) «\(description)» «\(testDescription)»: expected "
                                + "\(expected ? "valid" : "invalid"), "
                                + "isValid says \(quick) (\(slow) without the fast path), violations: "
                                + "\(violations.map(\.description)) (\(slowViolations.count) without)")
                    }
                }
            }
        }
        return outcome
    }

    @Test func theSuiteIsPresentWhereCIRequiresIt() {
        #expect(Self.isPresent || !Self.isRequired, "run Tests/scripts/fetch-json-schema-test-suite.sh first")
    }

    @Test(.enabled(if: isPresent)) func everyRequiredDraft202012TestPasses() async throws {
        let names = Self.jsonFiles(under: Self.root.appendingPathComponent("tests/draft2020-12"))
            .map(\.relativePath).filter { !$0.contains("/") }
        #expect(names.contains("refRemote.json"))
        let outcome = try await offThePool { try Self.run(names) }
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed > 1_200)
    }

    /// Every optional test: the formats (`optional/format/`) with `format` asserted, the rest as they are.
    @Test(.enabled(if: isPresent)) func everyOptionalDraft202012TestPasses() async throws {
        let names = Self.jsonFiles(under: Self.root.appendingPathComponent("tests/draft2020-12/optional"))
            .map { "optional/" + $0.relativePath }
        let formats = try await offThePool {
            try Self.run(names.filter { $0.hasPrefix("optional/format/") }, options: .init(assertFormat: true))
        }
        let others = try await offThePool { try Self.run(names.filter { !$0.hasPrefix("optional/format/") }) }
        let failures = formats.failures + others.failures
        #expect(failures.isEmpty, "\(failures.count) failed:\n\(failures.joined(separator: "\n"))")
        #expect(formats.passed + others.passed == 649)
    }

    /// The bundled meta-schemas are the ones the jsonschema project ships, value for value.
    @Test(.enabled(if: isPresent)) func theBundledMetaSchemasAreThePublishedOnes() throws {
        var published: [String: JSON] = [:]
        for file in Self.jsonFiles(under: Self.root.appendingPathComponent("metaschemas")) {
            let json = try JSON.parse(Data(contentsOf: file.url))
            guard case .object(let members) = json, case .string(let id)? = members["$id"] else { continue }
            published[id] = json
        }
        #expect(published.count == 9)
        for (uri, text) in SchemaRegistry.jsonSchema202012MetaSchemas {
            #expect(try JSON.parse(Data(text.utf8)) == published[uri], "\(uri)")
        }
        #expect(Set(SchemaRegistry.jsonSchema202012MetaSchemas.map(\.uri)) == Set(published.keys))
    }
}
