import Foundation

/// Paths of the repository's files that the tests read.
public enum Repository {
    /// The package root, found from this file's path (`Tests/TestSupport/TestSupport.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The Pyrus spec.
    public static let spec = root.appendingPathComponent("Spec/pyrus-api.yaml")
    /// The committed output of the generator for the Pyrus spec.
    public static let generated = root.appendingPathComponent("Generated")
    /// The JSON fixtures, named after what they are an example of.
    public static let fixtures = root.appendingPathComponent("Tests/Fixtures")
    /// The public API docs the spec is written from; present beside the repository in CI and development.
    public static let apiDocs = root.deletingLastPathComponent().appendingPathComponent("shared/api-docs")

    /// The files of `directory` whose names end in `.ext`, sorted by name.
    public static func files(in directory: URL, withExtension ext: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { directory.appendingPathComponent($0) }
    }
}

/// A document with no paths and `schemas` (indented by four spaces) under `components/schemas`: the first schema
/// line is line 6, so a diagnostic at `spec.yaml:6:5` is at the first schema's name.
public func spec(schemas: String) -> String {
    """
    openapi: 3.1.0
    info: {title: Test, version: "1"}
    paths: {}
    components:
      schemas:
    \(schemas)
    """
}

/// An OpenAPI 3.1 document with `paths` (indented by two spaces under `paths:`): the first path is on line 4.
public func spec(paths: String) -> String {
    """
    openapi: 3.1.0
    info: {title: Test, version: "1"}
    paths:
    \(paths)
    """
}
