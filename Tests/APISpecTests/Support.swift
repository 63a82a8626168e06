import APISpec
import Foundation

/// Paths of the repository's files that the tests read.
enum Repository {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let spec = root.appendingPathComponent("Spec/pyrus-api.yaml")
    static let fixtures = root.appendingPathComponent("Tests/Fixtures")
    /// The public API docs the spec is written from; present beside the repository in CI and development.
    static let apiDocs = root.deletingLastPathComponent().appendingPathComponent("shared/api-docs")

    static func files(in directory: URL, withExtension ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { directory.appendingPathComponent($0) }
    }
}

/// Loads a spec from text and returns every diagnostic as printed, or the warnings when it loads.
func diagnostics(of yaml: String) -> [String] {
    do {
        return try Document.load(yaml: yaml, file: "spec.yaml").warnings.map(\.description)
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// A minimal valid document with `schemas` (indented by four spaces) under components.schemas.
/// The first schema line is line 8.
func spec(schemas: String) -> String {
    """
    openapi: 3.1.0
    info:
      title: Test
      version: "1"
    paths: {}
    components:
      schemas:
    \(schemas)
    """
}
