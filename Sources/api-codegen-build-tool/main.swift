import APICodegen
import APISpecCore
import Foundation
import OpenAPIDocument

// The tool the build plugin runs: `api-codegen-build-tool SPEC OUTPUT MODULE-NAME ACCESS`.
//
// It does what `api-codegen generate` does, and nothing else, so that a package applying the plugin builds and
// starts only what generation needs: no argument parser, no subcommands, no JSON output. Its one caller is
// `APICodegenPlugin`, which always passes the four arguments in this order; people use `api-codegen generate`.
// Diagnostics are printed as `file:line:column: severity: message`, which SwiftPM and Xcode show at the spec.
// Exit status: 0 generated (warnings allowed), 1 the spec has no Swift form, 2 unusable input or output.

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4, let access = Generator.Access(rawValue: arguments[3]) else {
    FileHandle.standardError.write(
        Data("usage: api-codegen-build-tool SPEC OUTPUT MODULE-NAME public|internal\n".utf8))
    exit(2)
}
let (specPath, outputPath, moduleName) = (arguments[0], arguments[1], arguments[2])

let document: Document
do {
    document = try Document.load(contentsOf: URL(fileURLWithPath: specPath), displayName: specPath)
} catch {
    for diagnostic in error.diagnostics { print(diagnostic) }
    exit(2)
}
for warning in document.warnings { print(warning) }

let options = Generator.Options(
    moduleName: moduleName, access: access, specName: URL(fileURLWithPath: specPath).lastPathComponent)
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
