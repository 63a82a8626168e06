import APISpec
import ArgumentParser
import Foundation

/// `api-codegen lint SPEC`: prints every diagnostic of a spec.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a spec and print its errors and warnings as file:line:col: severity: message.",
        discussion: "Exits 0 when the spec has no errors (warnings allowed), 1 when it has errors."
    )

    @Argument(help: "The spec, a YAML or JSON OpenAPI document.")
    var spec: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        do {
            let document = try Document.load(contentsOf: URL(fileURLWithPath: spec), displayName: spec)
            printDiagnostics(document.warnings, format: format)
        } catch {
            printDiagnostics(error.diagnostics, format: format)
            throw ExitCode(1)
        }
    }
}
