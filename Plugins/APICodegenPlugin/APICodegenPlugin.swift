import Foundation
import PackagePlugin

/// Runs `api-codegen generate` on a target's spec at build time, so the target compiles the generated client.
///
/// The target's `api-codegen.json` names the spec and how to generate it (`CodegenConfiguration`, the same type
/// the CLI reads); without one, the spec is the one `.yaml`/`.yml` file in the target's directory. The module name
/// is the target's unless the file names another. The spec and the config are declared as inputs and the generated
/// files as outputs, so SwiftPM runs the generator again only when one of them (or the generator) changes.
@main
struct APICodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let (file, configuration) = try CodegenConfiguration.find(in: target.directoryURL)
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        let spec = configuration.specURL
        return [
            .buildCommand(
                displayName: "Generating the \(target.name) client from \(spec.lastPathComponent)",
                executable: try context.tool(named: "api-codegen").url,
                arguments: [
                    "generate", spec.path(percentEncoded: false),
                    "--output", output.path(percentEncoded: false),
                    "--module-name", configuration.moduleName ?? target.name,
                    "--access", configuration.access,
                ],
                inputFiles: [spec] + (file.map { [$0] } ?? []),
                outputFiles: GeneratedFileNames.all.map { output.appending(path: $0) }
            )
        ]
    }
}
