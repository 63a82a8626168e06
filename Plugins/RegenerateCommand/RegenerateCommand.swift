import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory regenerate`: for every target whose `api-codegen.json` names
/// a `snapshot` directory (for PyrusKit, `PyrusAPI` → `Generated/`), rewrites that directory from the spec, then
/// prints what the spec change does to Swift callers (`api-codegen diff` of the spec at git `HEAD` against the one
/// in the tree). The configuration is read by `CodegenConfiguration`, as the build plugin and the CLI read it.
@main
struct RegenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "api-codegen").url
        var regenerated = 0
        for target in context.package.targets {
            guard let target = target as? SourceModuleTarget else { continue }
            let file = target.directoryURL.appending(path: CodegenConfiguration.fileName)
            guard FileManager.default.fileExists(atPath: file.path(percentEncoded: false)) else { continue }
            let configuration = try CodegenConfiguration.load(from: file)
            guard let snapshot = configuration.snapshotURL else { continue }
            let moduleName = configuration.moduleName ?? target.name
            let spec = configuration.specURL
            let status = try run(
                tool,
                [
                    "generate", "--config", file.path(percentEncoded: false), "--output",
                    snapshot.path(percentEncoded: false), "--module-name", moduleName,
                ])
            guard status == 0 else {
                Diagnostics.error("api-codegen generate exited with status \(status) for \(target.name)")
                return
            }
            regenerated += 1
            try printDiff(of: spec, moduleName: moduleName, tool: tool, context: context)
        }
        if regenerated == 0 {
            Diagnostics.warning("no target has an \(CodegenConfiguration.fileName) with a \"snapshot\" directory")
        }
    }

    /// Prints `api-codegen diff` of the spec as git `HEAD` has it against the one in the tree, when git knows it.
    private func printDiff(of spec: URL, moduleName: String, tool: URL, context: PluginContext) throws {
        let root = context.package.directoryURL.path(percentEncoded: false)
        let specPath = spec.path(percentEncoded: false)
        guard specPath.hasPrefix(root) else { return }
        let relative = String(specPath.dropFirst(root.count)).drop { $0 == "/" }
        let committed = context.pluginWorkDirectoryURL.appending(path: "\(moduleName).HEAD.yaml")
        _ = FileManager.default.createFile(atPath: committed.path(percentEncoded: false), contents: nil)
        let handle = try FileHandle(forWritingTo: committed)
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", root, "show", "HEAD:\(relative)"]
        git.standardOutput = handle
        git.standardError = FileHandle.nullDevice
        do {
            try git.run()
            git.waitUntilExit()
        } catch {
            print("regenerate: no git here, so no diff against HEAD")
            return
        }
        try handle.close()
        guard git.terminationStatus == 0 else {
            print("regenerate: \(relative) is not in git HEAD, so no diff")
            return
        }
        print("\(moduleName): changes against \(relative) at HEAD:")
        _ = try run(
            tool, ["diff", committed.path(percentEncoded: false), specPath, "--module-name", moduleName])
    }

    private func run(_ tool: URL, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = tool
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
