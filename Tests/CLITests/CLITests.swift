import Foundation
import PyrusKitTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `api-codegen` run as a process, as scripts and CI run it: exit statuses, exact diagnostics, output formats.
@Suite struct CLITests {
    /// What a run printed (standard output and standard error, in order) and how it exited.
    struct Run {
        var status: Int32
        var output: String
    }

    /// A built executable of the package, in the build directory that holds this test bundle: beside the `.xctest`
    /// bundle (macOS, where `xctest` loads it) or beside the test binary that is running (Linux).
    static func executable(_ name: String) -> URL? { Repository.executable(name) }

    // The exit statuses the commands document (`ExitCode.findings` and `.unusableInput` in the CLI): the contract
    // scripts rely on, so the tests spell the numbers out.
    static let success: Int32 = 0
    static let findings: Int32 = 1
    static let unusableInput: Int32 = 2

    func run(_ arguments: String...) throws -> Run {
        try run(tool: "api-codegen", arguments)
    }

    func run(tool name: String, _ arguments: [String]) throws -> Run {
        let tool = try #require(Self.executable(name), "\(name) is not built beside the tests")
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        process.currentDirectoryURL = Repository.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// A file in a fresh temporary directory.
    func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: file)
        return file.path
    }

    static let badSpec = spec(schemas: "    A: {type: strng}")

    // MARK: - lint

    @Test func lintPassesThePyrusSpecAndLocatesAnError() throws {
        // Nothing at all: lint names the module as generate does (PyrusAPI), so no client named like a runtime type.
        let pyrus = try run("lint", "Spec/pyrus-api.yaml")
        #expect(pyrus.status == Self.success)
        #expect(pyrus.output == "")
        #expect(try run("lint", "Tests/differential/keywords.yaml").status == Self.success)
        let bad = try temporaryFile("bad.yaml", Self.badSpec)
        let text = try run("lint", bad)
        #expect(text.status == Self.findings)
        #expect(text.output.contains("\(bad):6:15: error: unknown type 'strng' (did you mean 'string'?)"))
        let json = try run("lint", "--format", "json", bad)
        #expect(json.status == Self.findings)
        let parsed = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        let errors = try #require(parsed).filter { $0["severity"] as? String == "error" }
        #expect(errors.map { "\($0["line"] ?? ""):\($0["column"] ?? "")" } == ["6:15"])
    }

    // MARK: - validate

    @Test func validateChecksOneFileAgainstAnOperationOrASchema() throws {
        let response = try run(
            "validate", "--spec", "Spec/pyrus-api.yaml", "--operation", "getMember", "--status", "200",
            "Tests/Fixtures/getMember.200.json")
        #expect(response.status == Self.success)
        #expect(
            response.output == "Tests/Fixtures/getMember.200.json: valid against the 200 response of 'getMember'\n")
        let request = try run(
            "validate", "--spec", "Spec/pyrus-api.yaml", "--operation", "createRole", "--request",
            "Tests/Fixtures/createRole.request.json")
        #expect(request.status == Self.success)
        let invalid = try run(
            "validate", "--spec", "Spec/pyrus-api.yaml", "--schema", "Role",
            "Tests/Fixtures/invalid/Role.banned-is-maybe.json")
        #expect(invalid.status == Self.findings)
    }

    @Test func validateRefusesWhatItCannotUse() throws {
        let unknown = try run(
            "validate", "--spec", "Spec/pyrus-api.yaml", "--schema", "Rolle", "Tests/Fixtures/getRole.200.json")
        #expect(unknown.status == Self.unusableInput)
        #expect(unknown.output.contains("no schema named 'Rolle' in components/schemas (did you mean 'Role'?)"))
        let missing = try run("validate", "--spec", "Spec/pyrus-api.yaml", "--schema", "Role", "/nonexistent.json")
        #expect(missing.status == Self.unusableInput)
        let bad = try temporaryFile("bad.yaml", Self.badSpec)
        let notJSON = try run("validate", "--spec", "Spec/pyrus-api.yaml", "--schema", "Role", bad)
        #expect(notJSON.status == Self.unusableInput)
        #expect(notJSON.output.contains("not valid JSON"))
        let badSpec = try run("validate", "--spec", bad, "--schema", "A", "Tests/Fixtures/getRole.200.json")
        #expect(badSpec.status == Self.unusableInput)
    }

    @Test func validateFixturesCoversEveryBody() throws {
        let fixtures = try run(
            "validate", "--spec", "Spec/pyrus-api.yaml", "--fixtures", "Tests/Fixtures", "--require-coverage")
        #expect(fixtures.status == Self.success)
        #expect(fixtures.output.contains("Tests/Fixtures/invalid/Role.banned-is-maybe.json: invalid against"))
    }

    // MARK: - generate and configuration

    @Test func generateReadsAConfigurationAndNamesTheModuleAfterTheSpec() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        let configured = try run(
            "generate", "--config", "Sources/PyrusAPI/api-codegen.json", "--output", output, "--module-name",
            "PyrusAPI")
        #expect(configured.status == Self.success)
        for name in ["Models.swift", "Endpoints.swift", "Client.swift", "Server.swift"] {
            let fresh = try String(contentsOfFile: output + "/" + name, encoding: .utf8)
            let committed = try String(
                contentsOf: Repository.generated.appendingPathComponent(name), encoding: .utf8)
            #expect(fresh == committed, "\(name) differs from Generated/")
        }
        // Without a module name, the spec's file name gives one: pyrus-api.yaml → PyrusAPI → PyrusClient.
        let unnamed = try run("generate", "Spec/pyrus-api.yaml", "--output", output)
        #expect(unnamed.status == Self.success)
        #expect(unnamed.output.contains("(0 written, 4 unchanged)"))
        let petStore = try temporaryFile(
            "pet-store.v2.yaml", Self.badSpec.replacingOccurrences(of: "strng", with: "string"))
        let named = try run("generate", petStore, "--output", output + "/pets")
        #expect(named.status == Self.success)
        let client = try String(contentsOfFile: output + "/pets/Client.swift", encoding: .utf8)
        #expect(client.contains("public struct PetStoreClient: Sendable {"))
    }

    // MARK: - the build plugin's tool

    @Test func theBuildToolWritesWhatGenerateWrites() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("build-tool-\(UUID().uuidString)")
        let first = try run(
            tool: "api-codegen-build-tool", ["Spec/pyrus-api.yaml", output.path, "PyrusAPI", "public", "1"])
        #expect(first.status == Self.success)
        #expect(first.output == "")
        for name in ["Models.swift", "Endpoints.swift", "Client.swift", "Server.swift"] {
            let written = try Data(contentsOf: output.appendingPathComponent(name))
            #expect(written == (try Data(contentsOf: Repository.generated.appendingPathComponent(name))), "\(name)")
        }
        // Unchanged files keep their modification date, so the build does not recompile the module.
        let models = output.appendingPathComponent("Models.swift").path
        let before = try FileManager.default.attributesOfItem(atPath: models)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.01)
        #expect(
            try run(tool: "api-codegen-build-tool", ["Spec/pyrus-api.yaml", output.path, "PyrusAPI", "public", "1"])
                .status == Self.success)
        #expect(try FileManager.default.attributesOfItem(atPath: models)[.modificationDate] as? Date == before)
    }

    @Test func generateOptionsOnTheCommandLineAndInTheBuildToolsConfiguration() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)").path
        let filtered = try run(
            "generate", "Spec/pyrus-api.yaml", "--output", output, "--filter-tag", "roles", "--access", "package",
            "--additional-import", "Logging", "--type-override", "Error=ProblemBody")
        #expect(filtered.status == Self.success)
        let models = try String(contentsOfFile: output + "/Models.swift", encoding: .utf8)
        #expect(models.contains("\nimport APIRuntime\nimport Logging\n"))
        #expect(models.contains("package struct Role: Codable, Hashable, Identifiable, Sendable {"))
        #expect(!models.contains("struct Member") && !models.contains("struct ErrorBody"))
        let endpoints = try String(contentsOfFile: output + "/Endpoints.swift", encoding: .utf8)
        #expect(endpoints.contains("errorType: ProblemBody.self"))
        #expect(!endpoints.contains("enum Members"))

        let malformed = try run("generate", "Spec/pyrus-api.yaml", "--output", output, "--type-override", "ErrorBody")
        #expect(malformed.status == 64)
        #expect(malformed.output.contains("--type-override takes SCHEMA=TYPE, not 'ErrorBody'"))
        let unknown = try run("generate", "Spec/pyrus-api.yaml", "--output", output, "--filter-operation", "listMembrs")
        #expect(unknown.status == Self.findings)
        #expect(
            unknown.output.contains(
                "Spec/pyrus-api.yaml:1:1: error: options: filter names operation 'listMembrs', which the spec lacks"))

        // The build tool reads the options beyond access and module name from the target's api-codegen.json.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let spec = directory.appendingPathComponent("pyrus.yaml")
        try FileManager.default.copyItem(at: Repository.root.appendingPathComponent("Spec/pyrus-api.yaml"), to: spec)
        let config = directory.appendingPathComponent("api-codegen.json")
        try Data(#"{"spec": "pyrus.yaml", "filter": {"operations": ["getMember"]}}"#.utf8).write(to: config)
        let built = try run(
            tool: "api-codegen-build-tool", [spec.path, output + "/tool", "P", "internal", "1", config.path])
        #expect(built.status == Self.success)
        let client = try String(contentsOfFile: output + "/tool/Client.swift", encoding: .utf8)
        #expect(client.contains("    func get(id: Int64) async throws(APIError) -> Member {"))
        #expect(!client.contains("func list("))
    }

    @Test func versionIsTheOneTheChangelogsTopEntryNames() throws {
        let changelog = try String(contentsOf: Repository.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let top = try #require(changelog.split(separator: "\n").first { $0.hasPrefix("## ") })
        let version = try #require(top.dropFirst(3).split(separator: " ").first.map(String.init))
        for tool in ["api-codegen", "pyrus-fake-server"] {
            let run = try run(tool: tool, ["--version"])
            #expect(run.status == Self.success)
            #expect(run.output == version + "\n", "\(tool) --version")
        }
    }

    @Test func errorsAboutTheInputGoToStandardErrorAndHelpNamesTheExitStatuses() throws {
        let bad = try temporaryFile("bad.yaml", Self.badSpec)
        let process = Process()
        process.executableURL = Self.executable("api-codegen")
        process.arguments = ["generate", bad, "--output", "/tmp/unused"]
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == Self.unusableInput)
        #expect(printed.isEmpty)
        #expect(errors.hasPrefix("\(bad):6:"))
        let help = try run("--help").output
        for status in ["0 done", "1 the command found", "2 unusable input", "64 a usage error"] {
            #expect(help.contains(status), "--help should document \(status)")
        }
        let seed = try temporaryFile("seed.json", "{not json")
        let fake = try run(tool: "pyrus-fake-server", ["--seed", seed])
        #expect(fake.status == Self.unusableInput)
        #expect(fake.output.hasPrefix("error: cannot read the seed \(seed): "))
        let missing = "/nonexistent-\(UUID().uuidString)"
        let fromFixtures = try run(tool: "pyrus-fake-server", ["--fixtures", missing])
        #expect(fromFixtures.status == Self.unusableInput)
        #expect(fromFixtures.output.hasPrefix("error: cannot read the seed \(missing): "))
        #expect(try run(tool: "pyrus-fake-server", ["--fixtures", missing, "--seed", seed]).status == 64)
    }

    @Test func theBuildToolRefusesOtherArgumentsAndLocatesSpecErrors() throws {
        let usage =
            "usage: api-codegen-build-tool SPEC OUTPUT MODULE-NAME public|package|internal MODEL-FILES [CONFIG]\n"
        #expect(try run(tool: "api-codegen-build-tool", []).output == usage)
        #expect(try run(tool: "api-codegen-build-tool", []).status == Self.unusableInput)
        let wrongAccess = try run(
            tool: "api-codegen-build-tool", ["Spec/pyrus-api.yaml", "/tmp/unused", "A", "open", "1"])
        #expect(wrongAccess.status == Self.unusableInput)
        #expect(wrongAccess.output == usage)
        let bad = try temporaryFile("bad.yaml", Self.badSpec)
        let broken = try run(tool: "api-codegen-build-tool", [bad, "/tmp/unused", "A", "public", "1"])
        #expect(broken.status == Self.unusableInput)
        #expect(
            broken.output == """
                \(bad):6:5: warning: schema 'A' is never used
                \(bad):6:15: error: unknown type 'strng' (did you mean 'string'?); the types are object, array, string, \
                integer, number, boolean and null

                """)
    }

    @Test func aConfigurationWithAMistakeIsRefusedWithItsPath() throws {
        let typo = try temporaryFile("api-codegen.json", #"{"spec": "x.yaml", "acess": "internal"}"#)
        let unknownKey = try run("generate", "--config", typo, "--output", "/tmp/unused")
        #expect(unknownKey.status == Self.unusableInput)
        #expect(
            unknownKey.output
                == "error: \(typo): unknown key 'acess'; the keys are spec, access, moduleName, snapshot, "
                + "additionalImports, typeOverrides, filter, specRoot\n")
        let missing = try temporaryFile("api-codegen.json", #"{"spec": "nowhere.yaml"}"#)
        let noSpec = try run("generate", "--config", missing, "--output", "/tmp/unused")
        #expect(noSpec.status == Self.unusableInput)
        #expect(noSpec.output.contains("\(missing): the spec 'nowhere.yaml' does not exist"))
        let access = try temporaryFile("api-codegen.json", #"{"spec": "api-codegen.json", "access": "open"}"#)
        #expect(
            try run("generate", "--config", access, "--output", "/tmp/unused").output
                == "error: \(access): 'access' must be \"public\", \"package\" or \"internal\", not \"open\"\n")
    }

    /// Specs that share a directory beside their own are read from a root above them: `--spec-root` for every
    /// command, `specRoot` in api-codegen.json for `generate --config` and the build plugin's tool; without one the
    /// error says how to name it. `lint` reads `--schema-dir` as the other commands do (it did not).
    @Test func aSpecRootLetsSpecsShareFilesOnTheCommandLineAndInTheConfiguration() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("root-\(UUID().uuidString)")
        let files = [
            "spec/pets.yaml": spec(schemas: "    Failure: {$ref: '../common/error.yaml'}"),
            "common/error.yaml": """
            type: object
            properties:
              code: {type: integer}
              detail: {$ref: 'https://example.com/code.json'}
            """,
            "schemas/code.json": #"{"$id": "https://example.com/code.json", "type": "integer"}"#,
            "spec/api-codegen.json": #"{"spec": "pets.yaml", "specRoot": ".."}"#,
        ]
        for (path, text) in files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let spec = directory.appendingPathComponent("spec/pets.yaml").path
        let schemas = "--schema-dir=" + directory.appendingPathComponent("schemas").path
        let refused = try run("lint", spec, schemas)
        #expect(refused.status == Self.findings)
        #expect(
            refused.output.contains(
                "error: cannot resolve '../common/error.yaml': it leads outside the spec's directory; only files "
                    + "under it are read, unless a root above it is named (api-codegen's --spec-root, or "
                    + "\"specRoot\" in api-codegen.json)"))
        let linted = try run("lint", spec, "--spec-root", directory.path, schemas)
        #expect(linted.status == Self.success, "\(linted.output)")
        #expect(
            linted.output == """
                \(directory.path)/common/error.yaml:4:12: warning: '$ref' has no Swift type: the generated code holds \
                this value as JSONValue (validation still checks it)
                \(spec):6:5: warning: schema 'Failure' is never used

                """)
        let output = directory.appendingPathComponent("out").path
        let config = directory.appendingPathComponent("spec/api-codegen.json").path
        let generated = try run("generate", "--config", config, "--output", output, schemas)
        #expect(generated.status == Self.success, "\(generated.output)")
        let models = try String(contentsOfFile: output + "/Models.swift", encoding: .utf8)
        #expect(models.contains("public struct Failure: Codable, Hashable, Sendable {"))
        #expect(models.contains("    public var code: Int?\n"))
        let built = try run(tool: "api-codegen-build-tool", [spec, output + "/tool", "P", "public", "1", config])
        #expect(built.output.contains("cannot resolve 'https://example.com/code.json'"))
        #expect(!built.output.contains("../common/error.yaml"))
    }

    // MARK: - diff

    @Test func diffFailsOnABreakingChangeOnlyWhenAsked() throws {
        let spec = try String(contentsOf: Repository.spec, encoding: .utf8)
        let required = "        email:\n          type: string\n          default: \"\"\n"
        #expect(spec.contains(required))
        let optional = try temporaryFile(
            "email-optional.yaml",
            spec.replacingOccurrences(of: required, with: "        email:\n          type: string\n"))
        let breaking = try run(
            "diff", "Spec/pyrus-api.yaml", optional, "--module-name", "PyrusAPI", "--fail-on", "breaking")
        #expect(breaking.status == Self.findings)
        #expect(
            breaking.output.hasPrefix(
                "source-breaking: Member.email: required became optional (String → String?): readers must unwrap it"))
        #expect(try run("diff", "Spec/pyrus-api.yaml", optional).status == Self.success)
        let same = try run("diff", "Spec/pyrus-api.yaml", "Spec/pyrus-api.yaml", "--fail-on", "breaking")
        #expect(same.status == Self.success)
    }
}

/// `pyrus-fake-server` copied out of the build directory with its resource bundle, as a device, an archive or a CI
/// cache has it: it reads the spec from the bundle beside it, not from the sources it was built from.
@Suite struct MovedFakeServerTests {
    /// The executable and its resource bundle copied to a fresh directory.
    func copyOfTheProduct() throws -> URL {
        let executable = try #require(CLITests.executable("pyrus-fake-server"), "pyrus-fake-server is not built")
        let build = executable.deletingLastPathComponent()
        let names = try FileManager.default.contentsOfDirectory(atPath: build.path)
        let bundle = try #require(names.first { $0.hasPrefix("PyrusKit_PyrusFake.") }, "no PyrusFake resource bundle")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("moved-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: executable, to: directory.appendingPathComponent("pyrus-fake-server"))
        try FileManager.default.copyItem(
            at: build.appendingPathComponent(bundle), to: directory.appendingPathComponent(bundle))
        return directory
    }

    /// The spec inside the copied bundle.
    func copiedSpec(in directory: URL) throws -> URL {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        let files = (enumerator?.allObjects as? [URL]) ?? []
        return try #require(files.first { $0.lastPathComponent == "pyrus-api.yaml" }, "no spec in the copied bundle")
    }

    /// Starts the copied server, returning the process and the first line it printed (its URL, or the error).
    func start(_ directory: URL) throws -> (Process, String) {
        let process = Process()
        process.executableURL = directory.appendingPathComponent("pyrus-fake-server")
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        return (process, String(decoding: line, as: UTF8.self))
    }

    @Test func theCopiedServerAnswersFromTheSpecBesideIt() async throws {
        let directory = try copyOfTheProduct()
        let (process, printed) = try start(directory)
        defer { process.terminate() }
        let url = try #require(URL(string: printed + "/members"), "printed \(printed)")
        var request = URLRequest(url: url)
        request.setValue("Bearer fake-access-token", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"members":[]}"#)
    }

    @Test func aBrokenSpecBesideTheCopyIsTheOneItReads() throws {
        let directory = try copyOfTheProduct()
        try Data("openapi: [broken\n".utf8).write(to: try copiedSpec(in: directory))
        let (process, printed) = try start(directory)
        process.waitUntilExit()
        // Had it read the spec of the sources it was built from, it would have started.
        #expect(process.terminationStatus != 0)
        #expect(printed.contains("pyrus-api.yaml"), "printed \(printed)")
    }
}
