import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory regenerate`: rewrites `Generated/` from `Spec/pyrus-api.yaml`,
/// the committed snapshot of what the build-tool plugin generates for the `PyrusAPI` target, then prints what the
/// spec change does to Swift callers (`api-codegen diff` of the spec at git `HEAD` against the one in the tree).
@main
struct RegenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let root = context.package.directoryURL
        let spec = root.appending(path: "Spec/pyrus-api.yaml")
        let output = root.appending(path: "Generated")
        let tool = try context.tool(named: "api-codegen").url
        let status = try run(
            tool,
            [
                "generate", spec.path(percentEncoded: false), "--output", output.path(percentEncoded: false),
                "--module-name", "PyrusAPI",
            ])
        if status != 0 {
            Diagnostics.error("api-codegen generate exited with status \(status)")
            return
        }
        // The spec as last committed, when git knows it; otherwise there is nothing to compare with.
        let committed = context.pluginWorkDirectoryURL.appending(path: "pyrus-api.HEAD.yaml")
        _ = FileManager.default.createFile(atPath: committed.path(percentEncoded: false), contents: nil)
        let handle = try FileHandle(forWritingTo: committed)
        let git = Process()
        git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        git.arguments = ["git", "-C", root.path(percentEncoded: false), "show", "HEAD:Spec/pyrus-api.yaml"]
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
            print("regenerate: the spec is not in git HEAD, so no diff")
            return
        }
        print("Changes against the spec at HEAD:")
        _ = try run(
            tool,
            [
                "diff", committed.path(percentEncoded: false), spec.path(percentEncoded: false), "--module-name",
                "PyrusAPI",
            ])
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
