import APISpec
import ArgumentParser
import Foundation

/// `api-codegen`: generates Swift from an OpenAPI spec, checks specs, and validates JSON against them.
@main
struct APICodegenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-codegen",
        abstract: "Generate a typed Swift client from an OpenAPI 3.1 spec, lint specs, validate JSON against them.",
        discussion: """
            Results go to standard output; errors, warnings and notes about the input go to standard error as \
            file:line:column: severity: message (lint's report, and --format json, are results). Exit status: 0 \
            done; 1 the command found what it reports (lint errors, an invalid file, a breaking change under \
            --fail-on, a spec with no Swift form); 2 unusable input (a missing or unreadable file, a spec that does \
            not load, a configuration with a mistake, an unwritable output); 64 a usage error (an unknown option, a \
            missing argument).
            """,
        version: PyrusKitVersion.current,
        subcommands: [GenerateCommand.self, LintCommand.self, ValidateCommand.self, DiffCommand.self]
    )
}

extension ExitCode {
    /// The command ran and found what it reports: lint errors, a file that is not as expected, a breaking change
    /// under `--fail-on`, a spec the generator cannot turn into Swift.
    static let findings = ExitCode(1)
    /// The input cannot be used: a missing or unreadable file, text that is not JSON, a spec that does not load
    /// (for commands other than `lint`), an unknown schema, a configuration with a mistake, an unwritable output.
    static let unusableInput = ExitCode(2)
}

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Writes a line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// How much input the commands read (each limit bounds memory and time whatever the input holds), and where from.
struct InputLimits: ParsableArguments {
    @Option(
        name: .customLong("max-spec-size"),
        help: "The largest spec to read, in MiB; loading costs about 35 bytes of memory per byte of spec.")
    var maximumSpecMiB = Document.defaultMaximumBytes >> 20

    var maximumSpecBytes: Int { maximumSpecMiB.multipliedReportingOverflow(by: 1 << 20).partialValue }

    @Option(
        name: .customLong("schema-dir"),
        help: ArgumentHelp(
            "Schemas a $ref may name by URI, read from a local directory: [URI=]DIR (repeatable).",
            discussion: """
                Each JSON file under DIR is known by its $id; with URI, every JSON and YAML file is also known as URI \
                followed by its path under DIR (http://localhost:1234/=remotes makes remotes/tree.json \
                http://localhost:1234/tree.json). The JSON Schema 2020-12 meta-schemas are always known. Nothing is \
                ever fetched from the network: a $ref to any other URL is an error.
                """),
        transform: SchemaDirectory.init)
    var schemaDirectories: [SchemaDirectory] = []

    @Option(
        name: .customLong("spec-root"),
        help: ArgumentHelp(
            "A directory above the spec whose files its $refs may name (default: the spec's own directory).",
            discussion: """
                Specs that share files (a $ref to ../common/error.yaml) need a root that holds them all. No file \
                outside the root is read, whether a $ref leads there by .. or by a symbolic link. Overrides \
                specRoot in an api-codegen.json.
                """),
        completion: .directory)
    var specRoot: String?

    /// Loads the spec at `path` within these limits, with the `--schema-dir` registry, from the root `--spec-root`
    /// names, else `configuredRoot` (an `api-codegen.json`'s `specRoot`).
    ///
    /// - Throws: `SpecError` when the spec does not load; `ExitCode.unusableInput` when a `--schema-dir` cannot be
    ///   read.
    func document(at path: String, configuredRoot: URL? = nil) throws -> Document {
        let registry = try registry()
        return try Document.load(
            contentsOf: URL(fileURLWithPath: path), displayName: path,
            root: specRoot.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? configuredRoot,
            maximumBytes: maximumSpecBytes, schemas: registry)
    }

    /// The registry the `--schema-dir` options make.
    func registry() throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        for directory in schemaDirectories {
            do {
                try registry.addDirectory(URL(fileURLWithPath: directory.path), baseURI: directory.baseURI)
            } catch {
                printError("error: --schema-dir \(directory.path): \(error.message)")
                throw ExitCode.unusableInput
            }
        }
        return registry
    }

    func validate() throws {
        guard (1...1024).contains(maximumSpecMiB) else {
            throw ValidationError("--max-spec-size must be between 1 and 1024 MiB")
        }
    }
}

/// `--schema-dir [URI=]DIR`: a directory of schemas, optionally known under a base URI.
struct SchemaDirectory {
    var baseURI: String?
    var path: String

    init(_ argument: String) throws {
        if let equals = argument.firstIndex(of: "="), argument[..<equals].contains(":") {
            baseURI = String(argument[..<equals])
            path = String(argument[argument.index(after: equals)...])
        } else {
            path = argument
        }
        guard !path.isEmpty else { throw ValidationError("--schema-dir needs a directory: [URI=]DIR") }
    }
}

/// Loads a spec, printing its diagnostics when it cannot be used.
func loadSpec(_ path: String, format: OutputFormat, limits: InputLimits, configuredRoot: URL? = nil) throws -> Document
{
    do {
        return try limits.document(at: path, configuredRoot: configuredRoot)
    } catch let error as SpecError {
        printDiagnostics(error.diagnostics, format: format)
        throw ExitCode.unusableInput
    }
}

/// Prints diagnostics as `file:line:col: severity: message` on standard error (on standard output when they are
/// the command's report: `lint`), or as a JSON array on standard output, for tools to read.
func printDiagnostics(_ diagnostics: [Diagnostic], format: OutputFormat, asReport: Bool = false) {
    switch format {
    case .text:
        for diagnostic in diagnostics {
            if asReport { print(diagnostic) } else { printError("\(diagnostic)") }
        }
    case .json:
        let objects = diagnostics.map { diagnostic in
            [
                "severity": JSON.string(diagnostic.severity.rawValue),
                "message": .string(diagnostic.message),
                "file": .string(diagnostic.location.file),
                "line": .integer(Int64(diagnostic.location.line)),
                "column": .integer(Int64(diagnostic.location.column)),
                "path": .string(diagnostic.path),
            ]
        }
        print(JSON.array(objects.map(JSON.object)).jsonText)
    }
}
