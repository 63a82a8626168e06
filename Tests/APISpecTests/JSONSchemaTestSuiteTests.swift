import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The official JSON-Schema-Test-Suite, draft 2020-12, against `JSONSchemaValidator`.
///
/// `Tests/scripts/fetch-json-schema-test-suite.sh` puts the suite under `.build/json-schema-test-suite` (CI runs it
/// first and sets `REQUIRE_JSON_SCHEMA_TEST_SUITE=1`, so a missing suite fails there instead of being skipped).
/// Remotes under `http://localhost:1234/` and the 2020-12 metaschemas are preloaded, as the suite asks of a
/// harness; `refRemote.json` (the remote-reference group) is left out.
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

    /// The remotes and metaschemas every group may refer to, by URI.
    static func sharedDocuments() throws -> [(uri: String, json: JSON)] {
        var documents: [(uri: String, json: JSON)] = []
        for file in jsonFiles(under: root.appendingPathComponent("remotes/draft2020-12")) {
            let json = try JSON.parse(Data(contentsOf: file.url))
            documents.append(("http://localhost:1234/draft2020-12/" + file.relativePath, json))
        }
        for file in jsonFiles(under: root.appendingPathComponent("metaschemas")) {
            let json = try JSON.parse(Data(contentsOf: file.url))
            guard case .object(let members) = json, case .string(let id)? = members["$id"] else { continue }
            documents.append((id, json))
        }
        return documents
    }

    struct Outcome {
        var passed = 0
        var failures: [String] = []
    }

    /// Runs every test of the suite files `names` (under `tests/draft2020-12`) and returns what failed.
    static func run(_ names: [String], options: ValidationOptions = .init()) throws -> Outcome {
        let shared = try sharedDocuments()
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
                    validator = try JSONSchemaValidator(documents: [(uri, schema)] + shared)
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
                    if quick == expected && violations.isEmpty == expected {
                        outcome.passed += 1
                    } else {
                        outcome.failures.append(
                            "\(name) «\(description)» «\(testDescription)»: expected "
                                + "\(expected ? "valid" : "invalid"), "
                                + "isValid says \(quick), violations: \(violations.map(\.description))")
                    }
                }
            }
        }
        return outcome
    }

    @Test func theSuiteIsPresentWhereCIRequiresIt() {
        #expect(Self.isPresent || !Self.isRequired, "run Tests/scripts/fetch-json-schema-test-suite.sh first")
    }

    @Test(.enabled(if: isPresent)) func everyRequiredDraft202012TestPasses() throws {
        let names = Self.jsonFiles(under: Self.root.appendingPathComponent("tests/draft2020-12"))
            .map(\.relativePath).filter { !$0.contains("/") && $0 != "refRemote.json" }
        let outcome = try Self.run(names)
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed > 1_100)
    }

    @Test(.enabled(if: isPresent)) func assertedFormatsPassTheirOptionalTests() throws {
        let names = ["date-time", "date", "time", "email", "uuid", "uri", "ipv4", "ipv6", "hostname"].map {
            "optional/format/\($0).json"
        }
        let outcome = try Self.run(names, options: ValidationOptions(assertFormat: true))
        #expect(outcome.passed > 250)
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
    }

    /// The optional tests that apply to a 2020-12 validator: all but `cross-draft.json` (references to draft 2019-09
    /// and draft 7 schemas, which are read as 2020-12 here) and the formats not asserted.
    @Test(.enabled(if: isPresent)) func optionalTestsPass() throws {
        let names = [
            "anchor", "bignum", "dependencies-compatibility", "dynamicRef", "ecmascript-regex", "float-overflow", "id",
            "no-schema", "non-bmp-regex", "refOfUnknownKeyword", "unknownKeyword", "format-assertion",
        ].map { "optional/\($0).json" }
        let outcome = try Self.run(names)
        #expect(outcome.passed > 140)
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
    }
}
