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

    @Argument(help: "The spec, a YAML or JSON OpenAPI document (or give --config).")
    var spec: String?

    @Option(help: "An api-codegen.json naming the spec, access, module name; the options below override it.")
    var config: String?

    @Option(help: "The directory to write the generated files into (created if missing).")
    var output: String

    @Option(
        help: """
            The module the files are compiled into; it names the client (PyrusAPI → PyrusClient). Default: the \
            config's moduleName, else the spec's file name in UpperCamelCase (pyrus-api.yaml → PyrusAPI).
            """)
    var moduleName: String?

    @Option(help: "The access level of generated declarations: public or internal (default: the config's, or public).")
    var access: Generator.Access?

    @OptionGroup var limits: InputLimits

    func validate() throws {
        guard (spec == nil) != (config == nil) else {
            throw ValidationError("give the spec, or an api-codegen.json with --config, not both")
        }
    }

    func run() throws {
        var configuration: CodegenConfiguration?
        if let config {
            do {
                configuration = try CodegenConfiguration.load(from: URL(fileURLWithPath: config))
            } catch {
                printError("error: \(error)")
                throw ExitCode.unusableInput
            }
        }
        let specPath = spec ?? configuration?.specURL.path ?? ""
        let document = try loadSpec(specPath, format: .text, limits: limits)
        printDiagnostics(document.warnings, format: .text)
        let specName = URL(fileURLWithPath: specPath).lastPathComponent
        let options = Generator.Options(
            moduleName: moduleName ?? configuration?.moduleName ?? Self.defaultModuleName(forSpecNamed: specName),
            access: access ?? configuration.flatMap { Generator.Access(rawValue: $0.access) } ?? .public,
            specName: specName)
        let files: [GeneratedFile]
        var warnings: [Diagnostic] = []
        do {
            files = try Generator.generate(document, options: options, warnings: &warnings)
            printDiagnostics(warnings, format: .text)
        } catch {
            printDiagnostics(error.diagnostics, format: .text)
            throw ExitCode.findings
        }
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        let written: Int
        do {
            written = try GeneratedFile.write(files, to: directory)
        } catch {
            printError("error: cannot write to \(output): \((error as NSError).localizedDescription)")
            throw ExitCode.unusableInput
        }
        let lines = files.reduce(0) { total, file in
            var contents = file.contents
            return total + contents.withUTF8 { bytes in bytes.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        }
        print(
            "api-codegen: \(document.operations.count) operations, \(document.schemas.count) schemas → "
                + "\(files.count) files, \(lines) lines in \(output) (\(written) written, "
                + "\(files.count - written) unchanged)"
        )
    }
}

extension Generator.Access: ExpressibleByArgument {}

extension GenerateCommand {
    /// The module name a spec gets when nothing names one: its file name without extension, in UpperCamelCase.
    static func defaultModuleName(forSpecNamed name: String) -> String {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return SwiftNaming.typeName(stem)
    }
}
