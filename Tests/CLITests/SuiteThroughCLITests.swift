import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The JSON-Schema-Test-Suite (draft 2020-12) the way users run a validation: each file's schemas placed under an
/// OpenAPI 3.1 document's `components/schemas`, each test's instance a file, checked by
/// `api-codegen validate --spec … --schema S<n> --format json`, the suite's remotes given by `--schema-dir`.
///
/// A schema without an `$id` gets one, as a user who moves a standalone schema into a spec gives it: inside the
/// document, `#` means the document, and the schema's own `"$ref": "#"` must still mean the schema.
@Suite struct SuiteThroughCLITests {
    static let root = Repository.root.appendingPathComponent(".build/json-schema-test-suite")
    static let isPresent = FileManager.default.fileExists(atPath: root.appendingPathComponent("tests").path)

    struct Outcome {
        var passed = 0
        var failures: [String] = []
    }

    /// Runs every group of the suite files `names` through the CLI `tool`, with `extra` arguments.
    static func run(_ names: [String], tool: URL, extra: [String] = []) throws -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("suite-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var outcome = Outcome()
        for name in names {
            let text = try Data(contentsOf: root.appendingPathComponent("tests/draft2020-12/\(name)"))
            guard case .array(let groups) = try JSON.parse(text) else { continue }
            var schemas: [String: JSON] = [:]
            for (number, group) in groups.enumerated() {
                guard case .object(let fields) = group, var schema = fields["schema"] else { continue }
                if case .object(var members) = schema, members["$id"] == nil {
                    members["$id"] = .string("https://suite.invalid/\(name)/\(number)/schema.json")
                    schema = .object(members)
                }
                schemas["S\(number)"] = schema
            }
            let spec = work.appendingPathComponent(name.replacingOccurrences(of: "/", with: "_"))
            let document: JSON = .object([
                "openapi": .string("3.1.0"), "info": .object(["title": .string(name), "version": .string("1")]),
                "paths": .object([:]),
                "components": .object(["schemas": .object(schemas)]),
            ])
            try Data(document.jsonText.utf8).write(to: spec)
            for (number, group) in groups.enumerated() {
                guard case .object(let fields) = group, case .array(let tests)? = fields["tests"],
                    case .string(let description)? = fields["description"]
                else { continue }
                var files: [String] = []
                var expected: [(String, Bool)] = []
                for (index, test) in tests.enumerated() {
                    guard case .object(let testFields) = test, let data = testFields["data"],
                        case .bool(let valid)? = testFields["valid"],
                        case .string(let what)? = testFields["description"]
                    else { continue }
                    let file = spec.path + ".\(number).\(index).json"
                    try Data(data.jsonText.utf8).write(to: URL(fileURLWithPath: file))
                    files.append(file)
                    expected.append((what, valid))
                }
                let arguments =
                    [
                        "validate", "--spec", spec.path, "--schema", "S\(number)", "--format", "json", "--schema-dir",
                        "http://localhost:1234/=" + root.appendingPathComponent("remotes").path,
                    ] + extra + files
                let output = try standardOutput(of: tool, arguments)
                guard case .array(let results)? = try? JSON.parse(output), results.count == expected.count else {
                    outcome.failures.append(
                        "\(name) «\(description)»: no report: \(String(decoding: output.prefix(300), as: UTF8.self))")
                    continue
                }
                for ((what, valid), result) in zip(expected, results) {
                    if case .object(let fields) = result, fields["valid"] == .bool(valid) {
                        outcome.passed += 1
                    } else {
                        outcome.failures.append("\(name) «\(description)» «\(what)»: expected \(valid), got \(result)")
                    }
                }
            }
        }
        return outcome
    }

    static func standardOutput(of tool: URL, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    static func names(under directory: String) -> [String] {
        let url = root.appendingPathComponent("tests/draft2020-12/\(directory)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.isEmpty ? $0 : "\(directory)/\($0)" }
    }

    @Test(.enabled(if: isPresent)) func everyRequiredTestPassesInAnOpenAPIDocumentThroughTheCLI() async throws {
        let tool = try #require(Repository.executable("api-codegen"), "api-codegen is not built beside the tests")
        let names = Self.names(under: "")
        #expect(names.contains("refRemote.json"))
        let outcome = try await offThePool { try Self.run(names, tool: tool) }
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed > 1_200)
    }

    @Test(.enabled(if: isPresent)) func everyFormatTestPassesInAnOpenAPIDocumentThroughTheCLI() async throws {
        let tool = try #require(Repository.executable("api-codegen"), "api-codegen is not built beside the tests")
        let names = Self.names(under: "optional/format")
        let outcome = try await offThePool { try Self.run(names, tool: tool, extra: ["--assert-format"]) }
        #expect(
            outcome.failures.isEmpty, "\(outcome.failures.count) failed:\n\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed > 450)
    }
}
