// This file is shared, through symbolic links, with the build-tool plugin and the regenerate command plugin, so
// that the CLI and both plugins read `api-codegen.json` with the same code. Keep it to Foundation.
import Foundation

/// How a target's client is generated: the `api-codegen.json` in the target's directory.
///
/// ```json
/// {"spec": "../../Spec/pyrus-api.yaml", "access": "public", "snapshot": "../../Generated"}
/// ```
///
/// Paths are relative to the directory the file is in. Only `spec` is required. `moduleName` defaults to the
/// target's name in the plugins and to the spec's file name in UpperCamelCase on the command line
/// (`pyrus-api.yaml` → `PyrusAPI`); it names the client (`PyrusAPI` → `PyrusClient`). `snapshot` names a directory
/// that keeps a committed copy of the generated files: the regenerate command rewrites it, and tests compare it with
/// fresh output. A key the format does not have is an error, so a typo is not silently ignored.
public struct CodegenConfiguration: Sendable, Equatable {
    /// The file name the plugins look for in a target's directory.
    public static let fileName = "api-codegen.json"

    /// The spec, as written in the file.
    public var spec: String
    /// `public` or `internal`.
    public var access: String
    /// The module the generated files are compiled into, when the file names it.
    public var moduleName: String?
    /// The committed copy of the generated files, as written in the file, when there is one.
    public var snapshot: String?
    /// The directory the paths are relative to: the one holding the file.
    public var directory: URL

    /// The spec's location.
    public var specURL: URL { resolve(spec) }
    /// The snapshot directory's location, when there is one.
    public var snapshotURL: URL? { snapshot.map(resolve) }

    /// What is wrong with a configuration file, with the file's path.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        /// `path: what is wrong`, ready to print.
        public var description: String
    }

    /// Creates a configuration whose paths are relative to `directory`.
    public init(
        spec: String, access: String = "public", moduleName: String? = nil, snapshot: String? = nil, directory: URL
    ) {
        self.spec = spec
        self.access = access
        self.moduleName = moduleName
        self.snapshot = snapshot
        self.directory = URL(fileURLWithPath: directory.path, isDirectory: true)
    }

    /// Reads and checks an `api-codegen.json`: it must be a JSON object with a `spec` string, an `access` of
    /// `public` or `internal` if any, string `moduleName` and `snapshot` if any, no other keys, and a spec that
    /// exists.
    public static func load(from file: URL) throws(Problem) -> CodegenConfiguration {
        let name = file.path
        let object: [String: Any]
        do {
            let data = try Data(contentsOf: file)
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw Problem(description: "\(name): expected a JSON object such as {\"spec\": \"api.yaml\"}")
            }
            object = parsed
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "\(name): cannot read it as JSON: \(error.localizedDescription)")
        }
        let known = ["spec", "access", "moduleName", "snapshot"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(
                description: "\(name): unknown key '\(unknown)'; the keys are \(known.joined(separator: ", "))")
        }
        func string(_ key: String) throws(Problem) -> String? {
            guard let value = object[key] else { return nil }
            guard let text = value as? String, !text.isEmpty else {
                throw Problem(description: "\(name): '\(key)' must be a non-empty string")
            }
            return text
        }
        guard let spec = try string("spec") else {
            throw Problem(description: "\(name): 'spec' is missing; name the spec, e.g. {\"spec\": \"api.yaml\"}")
        }
        let access = try string("access") ?? "public"
        guard access == "public" || access == "internal" else {
            throw Problem(description: "\(name): 'access' must be \"public\" or \"internal\", not \"\(access)\"")
        }
        let configuration = CodegenConfiguration(
            spec: spec, access: access, moduleName: try string("moduleName"), snapshot: try string("snapshot"),
            directory: file.deletingLastPathComponent())
        guard FileManager.default.fileExists(atPath: configuration.specURL.path) else {
            throw Problem(description: "\(name): the spec '\(spec)' does not exist (\(configuration.specURL.path))")
        }
        return configuration
    }

    /// The configuration of a target's directory: its `api-codegen.json`, or else the one `.yaml`/`.yml` file
    /// there as the spec with every default. Returns the file it read, if any, with the configuration.
    public static func find(in directory: URL) throws(Problem) -> (file: URL?, configuration: CodegenConfiguration) {
        let file = directory.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: file.path) {
            return (file, try load(from: file))
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let specs = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard specs.count == 1, let spec = specs.first else {
            throw Problem(
                description: "\(directory.path): found \(specs.count) YAML files; put exactly one spec in the target, "
                    + "or name it in an \(fileName)")
        }
        return (nil, CodegenConfiguration(spec: spec, directory: directory))
    }

    private func resolve(_ path: String) -> URL {
        URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL
    }
}
