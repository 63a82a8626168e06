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

    /// An executable of the package (`api-codegen`, `pyrus-fake-server`) built beside the tests, or nil.
    public static func executable(_ name: String) -> URL? {
        let testBundles = Bundle.allBundles.filter { $0.bundlePath.hasSuffix(".xctest") }
        let candidates =
            testBundles.map { $0.bundleURL.deletingLastPathComponent() } + [
                URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent(),
                Bundle.main.bundleURL.deletingLastPathComponent(),
                Bundle.main.bundleURL,
            ]
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

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

/// Runs `body` on a thread of its own and waits for it without holding a thread of Swift's concurrency pool. The
/// pool has one thread per core (on Linux, Dispatch's worker threads also run its jobs), and tests that measure time
/// (a 0.5 s timeout, say) need one while a blocking read or a long synchronous test (hundreds of processes, or the
/// whole JSON-Schema-Test-Suite) runs beside them.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// `offThePool(_:)` for work that throws.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await offThePool { Result { try body() } }.get()
}
