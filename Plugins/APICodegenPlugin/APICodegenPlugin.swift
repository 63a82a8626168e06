import Foundation
import PackagePlugin

/// Generates a target's client from its spec at build time, as `api-codegen generate` would, so the target compiles
/// the generated client.
///
/// The target's `api-codegen.json` names the spec and how to generate it (`CodegenConfiguration`, the same type
/// the CLI reads); without one, the spec is the one `.yaml`/`.yml` file in the target's directory. The module name
/// is the target's unless the file names another. The spec, every file its `$ref`s name (`ReferencedFiles`) and the
/// config are declared as inputs and the generated files as outputs, so SwiftPM runs the generator again only when
/// one of them (or the generator) changes.
@main
struct APICodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let (file, configuration) = try CodegenConfiguration.find(in: target.directoryURL)
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let spec = configuration.specURL
        let referenced = ReferencedFiles.of(spec, root: configuration.specRootURL)
        // The models' split follows the spec's size, known before it is parsed (GeneratedFileNames).
        let bytes = ([spec] + referenced).reduce(0) { total, file in
            let size = try? FileManager.default.attributesOfItem(atPath: file.path(percentEncoded: false))[.size]
            return total + ((size as? Int) ?? 0)
        }
        let modelFiles = GeneratedFileNames.modelFiles(specBytes: bytes)
        return [
            .buildCommand(
                displayName: "Generating the \(target.name) client from \(spec.lastPathComponent)",
                // `api-codegen generate` without the command line around it (Sources/api-codegen-build-tool).
                executable: try context.tool(named: "api-codegen-build-tool").url,
                arguments: [
                    spec.path(percentEncoded: false), output.path(percentEncoded: false),
                    configuration.moduleName ?? target.name, configuration.access, String(modelFiles),
                ] + (file.map { [$0.path(percentEncoded: false)] } ?? []),
                inputFiles: [spec] + referenced + (file.map { [$0] } ?? []),
                outputFiles: GeneratedFileNames.names(modelFiles: modelFiles).map { output.appending(path: $0) }
            )
        ]
    }
}
