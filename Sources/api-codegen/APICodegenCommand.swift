import APISpec
import ArgumentParser
import Foundation

/// `api-codegen`: generates Swift from an OpenAPI spec, checks specs, and validates JSON against them.
@main
struct APICodegenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-codegen",
        abstract: "Generate a typed Swift client from an OpenAPI 3.1 spec, lint specs, validate JSON against them.",
        subcommands: [GenerateCommand.self, LintCommand.self, ValidateCommand.self]
    )
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

/// Loads a spec, printing its diagnostics when it cannot be used.
func loadSpec(_ path: String, format: OutputFormat) throws -> Document {
    do {
        return try Document.load(contentsOf: URL(fileURLWithPath: path), displayName: path)
    } catch {
        printDiagnostics(error.diagnostics, format: format)
        throw ExitCode(2)
    }
}

/// Prints diagnostics as `file:line:col: severity: message`, or as a JSON array.
func printDiagnostics(_ diagnostics: [Diagnostic], format: OutputFormat) {
    switch format {
    case .text:
        for diagnostic in diagnostics { print(diagnostic) }
    case .json:
        let objects = diagnostics.map { diagnostic in
            [
                "severity": JSONValue.string(diagnostic.severity.rawValue),
                "message": .string(diagnostic.message),
                "file": .string(diagnostic.location.file),
                "line": .integer(Int64(diagnostic.location.line)),
                "column": .integer(Int64(diagnostic.location.column)),
                "path": .string(diagnostic.path),
            ]
        }
        print(JSONValue.array(objects.map(JSONValue.object)).jsonText)
    }
}
