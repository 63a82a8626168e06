import APICodegen
import APISpec
import ArgumentParser
import Foundation

/// `api-codegen generate SPEC --output DIR`: writes the Swift client for a spec.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate Swift models, endpoints, a client and server protocols from a spec.",
        discussion: """
            Writes \(GeneratedFileNames.all.joined(separator: ", ")) into the output directory, rewriting only \
            the files whose content changed, and prints a one-line summary.
            """
    )

    @Argument(help: "The spec, a YAML or JSON OpenAPI document.")
    var spec: String

    @Option(help: "The directory to write the generated files into (created if missing).")
    var output: String

    @Option(help: "The module the files are compiled into; it names the client (PyrusAPI → PyrusClient).")
    var moduleName = "PyrusAPI"

    @Option(help: "The access level of generated declarations: public or internal.")
    var access: Generator.Access = .public

    @OptionGroup var limits: InputLimits

    func run() throws {
        let document = try loadSpec(spec, format: .text, limits: limits)
        printDiagnostics(document.warnings, format: .text)
        let specName = URL(fileURLWithPath: spec).lastPathComponent
        let files: [GeneratedFile]
        var warnings: [Diagnostic] = []
        do {
            files = try Generator.generate(
                document, options: Generator.Options(moduleName: moduleName, access: access, specName: specName),
                warnings: &warnings)
            printDiagnostics(warnings, format: .text)
        } catch {
            printDiagnostics(error.diagnostics, format: .text)
            throw ExitCode(1)
        }
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        var written = 0
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for file in files {
                let url = directory.appendingPathComponent(file.name)
                let data = Data(file.contents.utf8)
                // Unchanged bytes are not rewritten, so an unchanged spec never triggers a recompile.
                if (try? Data(contentsOf: url)) == data { continue }
                try data.write(to: url, options: .atomic)
                written += 1
            }
        } catch {
            printError("error: cannot write to \(output): \((error as NSError).localizedDescription)")
            throw ExitCode(2)
        }
        let lines = files.reduce(0) { total, file in total + file.contents.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        print(
            "api-codegen: \(document.operations.count) operations, \(document.schemas.count) schemas → "
                + "\(files.count) files, \(lines) lines in \(output) (\(written) written, \(files.count - written) unchanged)"
        )
    }
}

extension Generator.Access: ExpressibleByArgument {}
