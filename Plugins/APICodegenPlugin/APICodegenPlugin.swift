import Foundation
import PackagePlugin

/// Runs `api-codegen generate` on a target's spec at build time, so the target compiles the generated client.
///
/// The spec is named by an `api-codegen.json` in the target's directory (`{"spec": "../../Spec/api.yaml"}`, a path
/// relative to that directory, and optionally `"access": "internal"`), or is the one `.yaml`/`.yml` file there.
/// The spec and the config are declared as inputs and the generated files as outputs, so SwiftPM runs the
/// generator again only when one of them (or the generator) changes.
@main
struct APICodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let configuration = try PluginConfiguration.find(in: target.directoryURL)
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        return [
            .buildCommand(
                displayName: "Generating the \(target.name) client from \(configuration.spec.lastPathComponent)",
                executable: try context.tool(named: "api-codegen").url,
                arguments: [
                    "generate", configuration.spec.path(percentEncoded: false),
                    "--output", output.path(percentEncoded: false),
                    "--module-name", target.name,
                    "--access", configuration.access,
                ],
                inputFiles: [configuration.spec] + (configuration.file.map { [$0] } ?? []),
                outputFiles: GeneratedFileNames.all.map { output.appending(path: $0) }
            )
        ]
    }
}

/// Where a target's spec is and how to generate it.
struct PluginConfiguration {
    /// The config file, when there is one.
    var file: URL?
    /// The spec.
    var spec: URL
    /// `public` or `internal`.
    var access: String

    struct PluginError: Error, CustomStringConvertible {
        var description: String
    }

    private struct Contents: Decodable {
        var spec: String
        var access: String?
    }

    static func find(in directory: URL) throws -> PluginConfiguration {
        let file = directory.appending(path: "api-codegen.json")
        if let data = try? Data(contentsOf: file) {
            let contents: Contents
            do {
                contents = try JSONDecoder().decode(Contents.self, from: data)
            } catch {
                throw PluginError(description: "\(file.path): expected {\"spec\": \"path/to/spec.yaml\"}: \(error)")
            }
            let spec = URL(filePath: contents.spec, relativeTo: directory).standardizedFileURL
            guard FileManager.default.fileExists(atPath: spec.path(percentEncoded: false)) else {
                throw PluginError(
                    description: "\(file.path): the spec '\(contents.spec)' does not exist (\(spec.path))")
            }
            let access = contents.access ?? "public"
            guard access == "public" || access == "internal" else {
                throw PluginError(
                    description: "\(file.path): access must be \"public\" or \"internal\", not \"\(access)\"")
            }
            return PluginConfiguration(file: file, spec: spec, access: access)
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false))) ?? []
        let specs = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard specs.count == 1, let name = specs.first else {
            throw PluginError(
                description: "\(directory.path): found \(specs.count) YAML files; put exactly one spec in the target, "
                    + "or name it in an api-codegen.json")
        }
        return PluginConfiguration(file: nil, spec: directory.appending(path: name), access: "public")
    }
}
