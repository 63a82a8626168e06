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
/// fresh output. `access` is `public`, `package` or `internal`; `additionalImports` lists modules every generated
/// file imports; `typeOverrides` maps component schemas (`"schemas"`) and string formats (`"formats"`) to Swift types
/// of the user's own; `filter` keeps only the operations of some tags, operationIds or paths, and the schemas they
/// reach; `specRoot` names a directory above the spec whose files its `$ref`s may name (`"../../Spec"`, when specs
/// share a `common/` directory; by default only files under the spec's own directory are read). A key the format
/// does not have is an error, so a typo is not silently ignored.
public struct CodegenConfiguration: Sendable, Equatable {
    /// The file name the plugins look for in a target's directory.
    public static let fileName = "api-codegen.json"
    /// The values `access` may take.
    public static let accessLevels = ["public", "package", "internal"]

    /// Swift types of the user's own in place of generated ones.
    public struct TypeOverrides: Sendable, Equatable {
        /// Component schema name → the Swift type to use for it (`"Money": "MyModule.Money"`); the schema gets no
        /// declaration, and the type must be `Codable & Hashable & Sendable`.
        public var schemas: [String: String]
        /// String `format` → Swift type (`"uuid": "UUID"`); `format: uuid` is `UUID` unless this says otherwise
        /// (`"uuid": "String"`).
        public var formats: [String: String]

        /// The formats every generation uses unless overridden.
        public static let defaultFormats = ["uuid": "UUID"]

        /// Creates overrides; `formats` are added to (and may replace) the defaults.
        public init(schemas: [String: String] = [:], formats: [String: String] = [:]) {
            self.schemas = schemas
            self.formats = Self.defaultFormats.merging(formats) { _, given in given }
        }
    }

    /// Which operations to generate: those with one of `tags`, one of `operations` (operationIds) or one of
    /// `paths` (templates as written, `/members/{id}`), and the schemas they reach; nothing else.
    public struct Filter: Sendable, Equatable {
        /// Tags whose operations are kept.
        public var tags: [String]
        /// operationIds of operations that are kept.
        public var operations: [String]
        /// Path templates whose operations are kept.
        public var paths: [String]

        /// Creates a filter.
        public init(tags: [String] = [], operations: [String] = [], paths: [String] = []) {
            self.tags = tags
            self.operations = operations
            self.paths = paths
        }
    }

    /// The spec, as written in the file.
    public var spec: String
    /// `public`, `package` or `internal`.
    public var access: String
    /// The module the generated files are compiled into, when the file names it.
    public var moduleName: String?
    /// The committed copy of the generated files, as written in the file, when there is one.
    public var snapshot: String?
    /// Modules each generated file imports besides `APIRuntime` (for the types of `typeOverrides`).
    public var additionalImports: [String]
    /// Swift types of the user's own for schemas and formats.
    public var typeOverrides: TypeOverrides
    /// The operations to generate, when not all.
    public var filter: Filter?
    /// The directory whose files the spec's `$ref`s may name, as written in the file, when it is not the spec's own.
    public var specRoot: String?
    /// The directory the paths are relative to: the one holding the file.
    public var directory: URL

    /// The spec's location.
    public var specURL: URL { resolve(spec) }
    /// The snapshot directory's location, when there is one.
    public var snapshotURL: URL? { snapshot.map(resolve) }
    /// The spec root's location, when the file names one.
    public var specRootURL: URL? { specRoot.map { URL(fileURLWithPath: resolve($0).path, isDirectory: true) } }

    /// What is wrong with a configuration file, with the file's path.
    public struct Problem: Error, CustomStringConvertible, Sendable {
        /// `path: what is wrong`, ready to print.
        public var description: String
    }

    /// Creates a configuration whose paths are relative to `directory`.
    public init(
        spec: String, access: String = "public", moduleName: String? = nil, snapshot: String? = nil,
        additionalImports: [String] = [], typeOverrides: TypeOverrides = TypeOverrides(), filter: Filter? = nil,
        specRoot: String? = nil, directory: URL
    ) {
        self.spec = spec
        self.access = access
        self.moduleName = moduleName
        self.snapshot = snapshot
        self.additionalImports = additionalImports
        self.typeOverrides = typeOverrides
        self.filter = filter
        self.specRoot = specRoot
        self.directory = URL(fileURLWithPath: directory.path, isDirectory: true)
    }

    /// Reads and checks an `api-codegen.json`: a JSON object with a `spec` string, an `access` of `public`, `package`
    /// or `internal` if any, string `moduleName` and `snapshot` if any, `additionalImports` of module names,
    /// `typeOverrides` of Swift type names, a `filter` of string lists, a string `specRoot` if any, no other keys,
    /// and a spec that exists.
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
        let known = [
            "spec", "access", "moduleName", "snapshot", "additionalImports", "typeOverrides", "filter", "specRoot",
        ]
        try checkKeys(object, known: known, in: name)
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
        if let problem = checkAccess(access) { throw Problem(description: "\(name): \(problem)") }
        let imports = try strings(object["additionalImports"], "additionalImports", in: name) ?? []
        for module in imports where !isDottedIdentifier(module) {
            throw Problem(description: "\(name): 'additionalImports' holds '\(module)', which is not a module name")
        }
        var overrides = TypeOverrides()
        if let value = object["typeOverrides"] {
            guard let table = value as? [String: Any] else {
                throw Problem(description: "\(name): 'typeOverrides' must be an object with 'schemas' and 'formats'")
            }
            try checkKeys(table, known: ["schemas", "formats"], in: name + ": typeOverrides")
            let schemas = try typeTable(table["schemas"], "typeOverrides.schemas", in: name)
            let formats = try typeTable(table["formats"], "typeOverrides.formats", in: name)
            overrides = TypeOverrides(schemas: schemas, formats: formats)
        }
        var filter: Filter?
        if let value = object["filter"] {
            guard let table = value as? [String: Any] else {
                throw Problem(description: "\(name): 'filter' must be an object with 'tags', 'operations' or 'paths'")
            }
            try checkKeys(table, known: ["tags", "operations", "paths"], in: name + ": filter")
            filter = Filter(
                tags: try strings(table["tags"], "filter.tags", in: name) ?? [],
                operations: try strings(table["operations"], "filter.operations", in: name) ?? [],
                paths: try strings(table["paths"], "filter.paths", in: name) ?? [])
        }
        let configuration = CodegenConfiguration(
            spec: spec, access: access, moduleName: try string("moduleName"), snapshot: try string("snapshot"),
            additionalImports: imports, typeOverrides: overrides, filter: filter, specRoot: try string("specRoot"),
            directory: file.deletingLastPathComponent())
        guard FileManager.default.fileExists(atPath: configuration.specURL.path) else {
            throw Problem(description: "\(name): the spec '\(spec)' does not exist (\(configuration.specURL.path))")
        }
        return configuration
    }

    /// Why `access` is not one of `accessLevels`, or nil when it is.
    public static func checkAccess(_ access: String) -> String? {
        accessLevels.contains(access)
            ? nil : "'access' must be \"public\", \"package\" or \"internal\", not \"\(access)\""
    }

    /// Whether `text` is a Swift identifier or several joined by dots (`Foundation.UUID`, `MyModule.Money`): what may
    /// name a module to import or a type to use, and nothing that could end a line of generated code.
    public static func isDottedIdentifier(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                guard let first = part.unicodeScalars.first, first == "_" || isASCIILetter(first) else {
                    return false
                }
                return part.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
            }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func checkKeys(_ object: [String: Any], known: [String], in name: String) throws(Problem) {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(
                description: "\(name): unknown key '\(unknown)'; the keys are \(known.joined(separator: ", "))")
        }
    }

    private static func strings(_ value: Any?, _ key: String, in name: String) throws(Problem) -> [String]? {
        guard let value else { return nil }
        guard let list = value as? [String], list.allSatisfy({ !$0.isEmpty }) else {
            throw Problem(description: "\(name): '\(key)' must be a list of non-empty strings")
        }
        return list
    }

    private static func typeTable(_ value: Any?, _ key: String, in name: String) throws(Problem) -> [String: String] {
        guard let value else { return [:] }
        guard let table = value as? [String: String] else {
            throw Problem(description: "\(name): '\(key)' must map names to Swift type names")
        }
        for (entry, type) in table where !isDottedIdentifier(type) {
            throw Problem(description: "\(name): '\(key)' maps '\(entry)' to '\(type)', which is not a Swift type name")
        }
        return table
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
