import APICodegen
import APISpec
import Foundation
import PyrusKitTestSupport

/// Generates from a spec's text and returns the files by name, without their header lines.
func generate(_ yaml: String, moduleName: String = "TestAPI") throws -> [String: String] {
    let document = try Document.load(yaml: yaml, file: "spec.yaml")
    let files = try Generator.generate(document, options: .init(moduleName: moduleName, specName: "spec.yaml"))
    var result: [String: String] = [:]
    for file in files {
        let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        // Drop the generated-by comment, the blank line and `import APIRuntime` with the blank line after it.
        result[file.name] = lines.drop { $0.hasPrefix("// ") || $0.isEmpty || $0.hasPrefix("import ") }
            .joined(separator: "\n")
    }
    return result
}

/// The Models.swift body generated for `schemas` (indented by four spaces under components.schemas).
func models(_ schemas: String) throws -> String {
    try generate(spec(schemas: schemas))["Models.swift"] ?? ""
}

/// The generator's located errors for a spec, as printed.
func generatorErrors(_ schemas: String) -> [String] {
    do {
        _ = try generate(spec(schemas: schemas))
        return []
    } catch let failure as SpecError {
        return failure.diagnostics.map(\.description)
    } catch {
        return ["\(error)"]
    }
}

/// The files generated for a whole spec and every warning of loading and generating it, as printed, without the
/// "never used" ones.
func generateWithWarnings(_ yaml: String, file: String = "spec.yaml") throws -> (
    files: [String: String], warnings: [String]
) {
    let document = try Document.load(yaml: yaml, file: file)
    var warnings: [Diagnostic] = []
    let generated = try Generator.generate(
        document, options: .init(moduleName: "TestAPI", specName: file), warnings: &warnings)
    var files: [String: String] = [:]
    for file in generated { files[file.name] = file.contents }
    return (files, (document.warnings + warnings).map(\.description).filter { !$0.contains("never used") })
}

/// The located errors of loading a whole spec, as printed (its warnings left out); none when it loads.
func loadErrors(_ yaml: String, file: String = "spec.yaml") -> [String] {
    do {
        _ = try Document.load(yaml: yaml, file: file)
        return []
    } catch {
        return error.diagnostics.filter { $0.severity == .error }.map(\.description)
    }
}
