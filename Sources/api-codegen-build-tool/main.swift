import APICodegen
import APISpecCore
import Foundation
import OpenAPIDocument

// The tool the build plugin runs: `api-codegen-build-tool SPEC OUTPUT MODULE-NAME ACCESS MODEL-FILES [CONFIG]`.
//
// It does what `api-codegen generate` does, and nothing else, so that a package applying the plugin builds and
// starts only what generation needs: no argument parser, no subcommands, no JSON output. Its one caller is
// `APICodegenPlugin`, which passes the arguments in this order (MODEL-FILES, how many model files it declared for the
// spec's size; CONFIG, the target's `api-codegen.json`, when there is one: the options it holds beyond access and
// module name); people use `api-codegen generate`.
// Diagnostics are printed as `file:line:column: severity: message`, which SwiftPM and Xcode show at the spec.
// Exit status: 0 generated (warnings allowed), 1 the spec has no Swift form, 2 unusable input or output.

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 5 || arguments.count == 6, let access = Generator.Access(rawValue: arguments[3]),
    let modelFiles = Int(arguments[4]), (1...GeneratedFileNames.maximumModelFiles).contains(modelFiles)
else {
    FileHandle.standardError.write(
        Data(
            "usage: api-codegen-build-tool SPEC OUTPUT MODULE-NAME public|package|internal MODEL-FILES [CONFIG]\n"
                .utf8))
    exit(2)
}
let (specPath, outputPath, moduleName) = (arguments[0], arguments[1], arguments[2])
var configuration = CodegenConfiguration(spec: specPath, directory: URL(fileURLWithPath: "."))
if arguments.count == 6 {
    do {
        configuration = try CodegenConfiguration.load(from: URL(fileURLWithPath: arguments[5]))
    } catch {
        print("error: \(error)")
        exit(2)
    }
}

let document: Document
do {
    document = try Document.load(
        contentsOf: URL(fileURLWithPath: specPath), displayName: specPath, root: configuration.specRootURL)
} catch {
    for diagnostic in error.diagnostics { print(diagnostic) }
    exit(2)
}
for warning in document.warnings { print(warning) }

var options = Generator.Options(
    configuration, moduleName: moduleName, specName: URL(fileURLWithPath: specPath).lastPathComponent)
options.access = access
options.modelFiles = modelFiles
var warnings: [Diagnostic] = []
let files: [GeneratedFile]
do {
    files = try Generator.generate(document, options: options, warnings: &warnings)
} catch {
    for diagnostic in error.diagnostics { print(diagnostic) }
    exit(1)
}
for warning in warnings { print(warning) }

do {
    _ = try GeneratedFile.write(files, to: URL(fileURLWithPath: outputPath, isDirectory: true))
} catch {
    print("error: cannot write to \(outputPath): \(error.localizedDescription)")
    exit(2)
}
