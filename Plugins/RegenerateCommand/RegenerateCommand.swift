import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory regenerate`: rewrites `Generated/` from `Spec/pyrus-api.yaml`,
/// the committed snapshot of what the build-tool plugin generates for the `PyrusAPI` target.
@main
struct RegenerateCommand: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let root = context.package.directoryURL
        let spec = root.appending(path: "Spec/pyrus-api.yaml")
        let output = root.appending(path: "Generated")
        let process = Process()
        process.executableURL = try context.tool(named: "api-codegen").url
        process.arguments = [
            "generate", spec.path(percentEncoded: false), "--output", output.path(percentEncoded: false),
            "--module-name", "PyrusAPI",
        ]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("api-codegen generate exited with status \(process.terminationStatus)")
        }
    }
}
