import APICodegen
import APISpec
import ArgumentParser
import Foundation

/// `api-codegen lint SPEC`: prints every diagnostic of a spec.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a spec and print its errors and warnings as file:line:col: severity: message.",
        discussion: """
            Reports what the loader finds, everything `generate` would refuse or fall back on, what makes a schema \
            unusable for validation, and every example that does not match its schema. Exits 0 when the spec has \
            no errors (warnings allowed), 1 when it has errors.
            """
    )

    @Argument(help: "The spec, a YAML or JSON OpenAPI document.")
    var spec: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var limits: InputLimits

    func run() throws {
        let document: Document
        do {
            document = try limits.document(at: spec)
        } catch let error as SpecError {
            printDiagnostics(error.diagnostics, format: format, asReport: true)
            throw ExitCode.findings
        }
        // Everything `generate` would refuse is reported here too, in the same order as the spec's own findings.
        let module = GenerateCommand.defaultModuleName(forSpecNamed: URL(fileURLWithPath: spec).lastPathComponent)
        let problems = Generator.problems(in: document, moduleName: module) + document.validationProblems()
        let diagnostics = (document.warnings + problems).sorted {
            ($0.location, $0.message) < ($1.location, $1.message)
        }
        printDiagnostics(diagnostics, format: format, asReport: true)
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode.findings }
    }
}
