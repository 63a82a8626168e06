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
            Writes \(GeneratedFileNames.all.joined(separator: ", ")) into the output directory (the models split \
            over Models2.swift, Models3.swift, … for a spec over 256 KiB), rewriting only the files whose content \
            changed, and prints a one-line summary.
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

    @Option(
        help: "The access of generated declarations: public, package or internal (default: the config's, or public).")
    var access: Generator.Access?

    @Option(name: .customLong("additional-import"), help: "A module every generated file imports (repeatable).")
    var additionalImports: [String] = []

    @Option(
        name: .customLong("type-override"),
        help: "SCHEMA=TYPE: a component schema is your own Swift type (Codable, Hashable, Sendable); repeatable.")
    var typeOverrides: [String] = []

    @Option(
        name: .customLong("format-override"),
        help:
            "FORMAT=TYPE: strings of this format are that Swift type (uuid=String keeps UUIDs as strings); repeatable.")
    var formatOverrides: [String] = []

    @Option(name: .customLong("filter-tag"), help: "Generate only the operations of this tag (repeatable).")
    var filterTags: [String] = []

    @Option(name: .customLong("filter-operation"), help: "Generate only this operationId (repeatable).")
    var filterOperations: [String] = []

    @Option(name: .customLong("filter-path"), help: "Generate only the operations of this path template (repeatable).")
    var filterPaths: [String] = []

    @Option(
        name: .customLong("model-files"),
        help: "How many files the models are split over (default: one per 256 KiB of spec, as the build plugin does).")
    var modelFiles: Int?

    @OptionGroup var limits: InputLimits

    func validate() throws {
        guard (spec == nil) != (config == nil) else {
            throw ValidationError("give the spec, or an api-codegen.json with --config, not both")
        }
        if let modelFiles, !(1...GeneratedFileNames.maximumModelFiles).contains(modelFiles) {
            throw ValidationError("--model-files must be between 1 and \(GeneratedFileNames.maximumModelFiles)")
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
        let document = try loadSpec(
            specPath, format: .text, limits: limits, configuredRoot: configuration?.specRootURL)
        printDiagnostics(document.warnings, format: .text)
        let specName = URL(fileURLWithPath: specPath).lastPathComponent
        var options = try options(configuration, specName: specName)
        options.modelFiles = modelFiles ?? GeneratedFileNames.modelFiles(specBytes: document.sourceBytes)
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
    /// The configuration's options, with those on the command line added (lists) or in its place (single values).
    func options(_ configuration: CodegenConfiguration?, specName: String) throws -> Generator.Options {
        var options = Generator.Options(
            configuration ?? CodegenConfiguration(spec: specName, directory: URL(fileURLWithPath: ".")),
            moduleName: moduleName ?? configuration?.moduleName ?? Self.defaultModuleName(forSpecNamed: specName),
            specName: specName)
        if let access { options.access = access }
        options.additionalImports += additionalImports
        for entry in typeOverrides {
            let (schema, type) = try Self.pair(entry, option: "--type-override", shape: "SCHEMA=TYPE")
            options.typeOverrides.schemas[schema] = type
        }
        for entry in formatOverrides {
            let (format, type) = try Self.pair(entry, option: "--format-override", shape: "FORMAT=TYPE")
            options.typeOverrides.formats[format] = type
        }
        if !(filterTags + filterOperations + filterPaths).isEmpty {
            var filter = options.filter ?? CodegenConfiguration.Filter()
            filter.tags += filterTags
            filter.operations += filterOperations
            filter.paths += filterPaths
            options.filter = filter
        }
        return options
    }

    /// `NAME=TYPE`, split at the first `=`, both sides present.
    static func pair(_ entry: String, option: String, shape: String) throws -> (String, String) {
        guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex,
            equals != entry.index(before: entry.endIndex)
        else {
            throw ValidationError("\(option) takes \(shape), not '\(entry)'")
        }
        return (String(entry[..<equals]), String(entry[entry.index(after: equals)...]))
    }
}

extension GenerateCommand {
    /// The module name a spec gets when nothing names one: its file name without extension, in UpperCamelCase.
    static func defaultModuleName(forSpecNamed name: String) -> String {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return SwiftNaming.typeName(stem)
    }
}
