import APISpecCore
import Foundation
import Yams

extension Document {
    /// The largest spec read by default: 32 MiB, well above the large public specs (GitHub's REST API is about
    /// 8.5 MiB of YAML and grows). Loading costs about 35 bytes of memory per byte of spec at worst (GitHub's: 20),
    /// so this bounds a load to about 1.1 GB.
    public static let defaultMaximumBytes = 32 << 20

    /// Loads and checks the spec at `url`, and every file under its directory (or under `root`) that its `$ref`s
    /// name.
    ///
    /// - Parameters:
    ///   - url: The spec file, YAML or JSON (by its `.json` extension or a first `{`).
    ///   - displayName: How diagnostics name the file; by default the path as given. Other files of the spec are
    ///     named by the directory of this name and their path from it (`../common/error.yaml`).
    ///   - root: The directory whose files `$ref`s may name: the spec's own directory when nil. A directory above
    ///     the spec lets specs that share files (`../common/error.yaml`) be read; no file outside it is, whether
    ///     by `..` or by a symbolic link. The spec must be under it.
    ///   - maximumBytes: Larger files are refused before they are read; all the spec's files together may come to
    ///     eight times as much, in at most 10,000 files.
    ///   - schemas: Documents a `$ref` may name by absolute URI (`https://example.com/schemas/x.json`), read from
    ///     the registry instead of the network, which is never used. The JSON Schema 2020-12 meta-schemas are
    ///     always known.
    /// - Throws: `SpecError` with every diagnostic of the spec's files when they have at least one error.
    public static func load(
        contentsOf url: URL, displayName: String? = nil, root: URL? = nil, maximumBytes: Int = defaultMaximumBytes,
        schemas: SchemaRegistry = SchemaRegistry()
    ) throws(SpecError) -> Document {
        let file = displayName ?? url.relativePath
        let start = SourceLocation(file: file, line: 1, column: 1)
        let under: [String]
        do {
            under = try SpecLoader.directories(from: root, to: url.deletingLastPathComponent())
        } catch {
            throw SpecError(diagnostics: [Diagnostic(.error, error.description, at: start, path: "")])
        }
        let data: Data
        do {
            data = try BoundedFile.read(url, maximumBytes: maximumBytes)
        } catch let error as BoundedFile.TooLarge {
            throw SpecError(diagnostics: [SpecLoader.tooLarge(size: error.size, limit: maximumBytes, at: start)])
        } catch {
            let reason = (error as NSError).localizedDescription
            throw SpecError(diagnostics: [Diagnostic(.error, "cannot read the spec: \(reason)", at: start, path: "")])
        }
        return try load(
            data: data, file: file, fileName: url.lastPathComponent,
            directory: (url.deletingLastPathComponent(), root: root ?? url.deletingLastPathComponent(), under: under),
            maximumBytes: maximumBytes, schemas: schemas)
    }

    /// Loads and checks a spec from its bytes (UTF-8 YAML or JSON), naming it `file` in diagnostics. It has no
    /// directory, so a `$ref` to another file is an error.
    ///
    /// `schemas` are documents a `$ref` may name by absolute URI (see
    /// `load(contentsOf:displayName:root:maximumBytes:schemas:)`).
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(
        data: Data, file: String, maximumBytes: Int = defaultMaximumBytes, schemas: SchemaRegistry = SchemaRegistry()
    ) throws(SpecError) -> Document {
        try load(data: data, file: file, fileName: file, directory: nil, maximumBytes: maximumBytes, schemas: schemas)
    }

    /// Loads and checks a spec from YAML (or JSON) text, naming it `file` in diagnostics. It has no directory, so
    /// a `$ref` to another file is an error.
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(yaml: String, file: String = "<string>") throws(SpecError) -> Document {
        try load(data: Data(yaml.utf8), file: file, fileName: file, directory: nil, maximumBytes: .max)
    }

    private static func load(
        data: Data, file: String, fileName: String, directory: SpecLoader.Directory?, maximumBytes: Int,
        schemas: SchemaRegistry = SchemaRegistry()
    ) throws(SpecError) -> Document {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maximumBytes {
            throw SpecError(diagnostics: [SpecLoader.tooLarge(size: data.count, limit: maximumBytes, at: start)])
        }
        var loader = SpecLoader(
            file: file, fileName: fileName, directory: directory, byteCount: data.count, maximumBytes: maximumBytes,
            registry: schemas)
        let document = loader.load(data)
        let diagnostics = loader.diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
        guard var document, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw SpecError(diagnostics: diagnostics)
        }
        document.warnings = diagnostics
        if let under = directory?.under, !under.isEmpty {
            document.pathUnderRoot = (under + [fileName]).joined(separator: "/")
        }
        document.sourceFiles = SourceFiles(loader.files)
        document.sourceBytes = loader.totalBytes
        document.schemaRegistry = schemas
        return document
    }
}

/// Reads the spec's files into a `Document`, collecting every diagnostic instead of stopping at the first.
struct SpecLoader {
    enum Limits {
        /// How deep schemas may nest inside each other.
        static let maximumSchemaDepth = 64
        /// A YAML document of n bytes has fewer than n nodes; far more visits than that means alias expansion.
        static func maximumNodeVisits(byteCount: Int) -> Int { 4 * byteCount + 10_000 }
        /// How many `$ref`s may lead from one to the next before the chain is taken to be endless.
        static let maximumReferenceHops = 32
        /// How many files a spec may consist of (real specs split over files have hundreds to thousands).
        static let maximumFiles = 10_000
        /// How many bytes all the files of a spec may come to, when each may have `perFile`.
        static func maximumTotalBytes(perFile: Int) -> Int { perFile > Int.max / 8 ? Int.max : perFile * 8 }
    }

    /// Thrown to stop reading when a limit is reached; the reason is already a diagnostic.
    struct LimitReached: Error {}

    static func tooLarge(size: Int, limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error,
            "the spec is \(size) bytes, more than the limit of \(limit) bytes (api-codegen's --max-spec-size "
                + "raises it)",
            at: location, path: "")
    }

    /// The spec's files, the one named to the loader first.
    var files: [SpecFile]
    var fileIndexByPath: [String: Int]
    /// Where a spec read from a file is: its directory, which `$ref`s are relative to; the root, the directory no
    /// file outside of is read; and the names of the directories from the root down to the spec's (none when the
    /// root is the spec's directory).
    typealias Directory = (url: URL, root: URL, under: [String])

    /// The spec's directory, when the spec was read from a file.
    let directory: URL?
    /// The canonical path of the root, and the directories from it to the spec's.
    let canonicalRoot: String?
    let directoriesUnderRoot: [String]
    /// Whether the root was named above the spec's directory (diagnostics then name it "the spec root").
    var hasRootAbove: Bool { !directoriesUnderRoot.isEmpty }
    let maximumBytes: Int
    var totalBytes: Int
    var maximumNodeVisits: Int
    var nodeVisits = 0
    var diagnostics: [Diagnostic] = []
    /// What `diagnostics` holds, so that a place read twice (a response two operations share, say) reports once.
    var reported: Set<Diagnostic> = []
    /// The "did you mean" hints this load may still give.
    var hints = Suggestion.Budget()
    var isOpenAPI30 = false
    /// The files that were Swagger documents, converted whole: a reference into one names a place the conversion
    /// moved (`#/definitions/Pet` is `#/components/schemas/Pet`).
    var swaggerFiles: Set<Int> = []
    /// Those files as they were written, for a reference to a place their conversion moved
    /// (`SpecLoader+SwaggerPointers.swift`), and where each converted node starts, made on the first such reference.
    var swaggerOriginals: [Int: SourceNode] = [:]
    var swaggerPositionIndexes: [Int: SwaggerPositionIndex] = [:]
    /// The names of each file's component schemas, for `$ref: Pet` (`bareSchemaReference`), made on first use.
    var componentSchemaNames: [Int: Set<String>] = [:]
    /// Whether the spec is a Swagger 2.0 document, read as the OpenAPI 3.0 one it converts to (`SwaggerConversion`).
    var isSwagger2: Bool { swaggerFiles.contains(0) }
    /// The spec's own URI, OpenAPI 3.2's `$self`: a `$ref` to it, or to a URI under its directory, names the spec,
    /// or the file at that relative path under the spec's directory.
    var selfURI: URIReference?
    var rawComponents: [String: [String: SpecEntry]] = [:]
    var schemaNames: [String] = []
    var schemaNameSet: Set<String> = []
    var referencedSchemas: Set<String> = []
    /// Responses and headers under `components`, read once by the `$ref` that names them, by target.
    var sharedResponses: [String: Response] = [:]
    var sharedHeaders: [String: Response.Header] = [:]
    /// Every reference followed, by target (file and pointer), and the indexes of large mappings by their place.
    var targets: [String: SpecNode] = [:]
    var mappingIndexes: [String: [String: Int]] = [:]
    /// The anchors each file declares, by file, found on the first reference to one.
    var anchorsByFile: [Int: Anchors] = [:]
    /// Schemas that a `$ref` names outside `#/components/schemas` of the spec (in another file, say), by target,
    /// with the name they get; those still to read, in the order first named.
    var schemaNamesByTarget: [String: String] = [:]
    var schemasToRead: [(name: String, node: SpecNode)] = []
    /// How many schemas with an `$id` enclose the one being read.
    var schemaIDScopes = 0
    /// Documents known by URI: a `$ref` to one of them is read from here (never from the network).
    let registry: SchemaRegistry

    init(
        file: String, fileName: String, directory: Directory?, byteCount: Int, maximumBytes: Int,
        registry: SchemaRegistry = SchemaRegistry()
    ) {
        self.registry = registry
        files = [SpecFile(displayName: file, relativePath: fileName, root: nil, isSpec: true)]
        fileIndexByPath = [fileName: 0]
        self.directory = directory?.url
        canonicalRoot = directory.flatMap { BoundedFile.canonicalPath($0.root.path) }
        directoriesUnderRoot = directory?.under ?? []
        self.maximumBytes = maximumBytes
        totalBytes = byteCount
        maximumNodeVisits = Limits.maximumNodeVisits(byteCount: byteCount)
    }

    // MARK: - Diagnostics

    /// " (did you mean 'x'?)" for the first `Suggestion.maximumHints` names that ask, then "".
    mutating func hint(for name: String, among candidates: @autoclosure () -> [String]) -> String {
        hints.hint(for: name, among: candidates())
    }

    /// A warning for a key the object does not have (a typo such as `requried`), with the closest known key. The
    /// object's other keys (`known`: those OpenAPI defines that nothing here reads) and `x-` extensions pass.
    mutating func warnUnknownKey(_ entry: SpecEntry, in what: String, known: [String]) {
        guard !entry.key.hasPrefix("x-"), !known.contains(entry.key) else { return }
        warning(
            "unknown key '\(entry.key)' in \(what) is ignored" + hint(for: entry.key, among: known),
            at: entry.keyLocation, path: entry.value.pathString)
    }

    /// Adds a diagnostic unless the same one (severity, message, place) is already there.
    mutating func report(_ diagnostic: Diagnostic) {
        if reported.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
    }

    mutating func error(_ message: String, at node: SpecNode) {
        report(Diagnostic(.error, message, at: node.location, path: node.pathString))
    }

    mutating func warning(_ message: String, at node: SpecNode) {
        report(Diagnostic(.warning, message, at: node.location, path: node.pathString))
    }

    mutating func error(_ message: String, at location: SourceLocation, path: String) {
        report(Diagnostic(.error, message, at: location, path: path))
    }

    mutating func note(_ message: String, at location: SourceLocation, path: String) {
        report(Diagnostic(.note, message, at: location, path: path))
    }

    mutating func warning(_ message: String, at location: SourceLocation, path: String) {
        report(Diagnostic(.warning, message, at: location, path: path))
    }

    // MARK: - Document

    /// Reads the spec: its text, the files its `$ref`s name, then the document.
    mutating func load(_ data: Data) -> Document? {
        let start = SourceLocation(file: files[0].displayName, line: 1, column: 1)
        guard var root = parse(data, file: 0, at: start) else {
            if !diagnostics.contains(where: { $0.severity == .error }) {
                diagnostics.append(
                    Diagnostic(.error, "the spec is empty; expected an OpenAPI document", at: start, path: ""))
            }
            return nil
        }
        if SwaggerConversion.isSwagger2(root) { root = convertSwagger(root, file: 0) }
        files[0].root = root
        if case .scalar(let version)? = root.member("openapi") { isOpenAPI30 = version.text.hasPrefix("3.0") }
        if case .scalar(let uri)? = root.member("$self"), URIReference(uri.text).scheme != nil {
            selfURI = URIReference(uri.text).withoutFragment
        }
        do {
            try discoverReferences(in: root, file: 0)
            return try readDocument(visit(root, path: [], file: 0))
        } catch {
            return nil
        }
    }

    /// A file of a Swagger 2.0 spec as OpenAPI 3.0: a Swagger document (the spec, or one whose definitions and
    /// parameters it shares) converted whole, what OpenAPI 3.0 cannot say a warning where it is written; any other
    /// file's schemas (a file of definitions), their own `#/definitions/…` references left as they are.
    mutating func convertSwagger(_ root: SourceNode, file: Int) -> SourceNode {
        guard SwaggerConversion.isSwagger2(root) else {
            return SwaggerConversion.schemas(in: root, rewritingReferences: false)
        }
        var conversion = SwaggerConversion(root: root)
        let converted = conversion.document()
        for (message, position) in conversion.warnings {
            warning(message, at: position.location(in: files[file].displayName), path: "")
        }
        swaggerFiles.insert(file)
        swaggerOriginals[file] = root
        return converted
    }

    /// A file's text as a tree, nil (with an error) when it is not UTF-8, YAML or JSON, or holds nothing. A file
    /// named `.json`, or whose text starts with `{`, is read by the JSON parser (exact positions, and every escape
    /// JSON has, surrogate pairs included); YAML by libyaml, and a `{` that is not JSON too.
    mutating func parse(_ data: Data, file: Int, at start: SourceLocation) -> SourceNode? {
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = JSONParser.firstInvalidUTF8Offset(in: data)
            let message = "the spec is not UTF-8 text (invalid byte at offset \(offset)); a spec must be YAML or JSON"
            report(Diagnostic(.error, message, at: start, path: ""))
            return nil
        }
        let nodeLimit = Limits.maximumNodeVisits(byteCount: data.count)
        let isJSONFile = files[file].relativePath.lowercased().hasSuffix(".json")
        if isJSONFile || text.utf8.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }) == 0x7B {
            do {
                let (root, duplicates) = try JSONParser.parseSource(data)
                for duplicate in duplicates {
                    warning(
                        "key '\(duplicate.key)' is written twice in one object; the last one is used",
                        at: duplicate.position.location(in: start.file), path: "")
                }
                return root
            } catch {
                if isJSONFile {
                    let location = SourceLocation(file: start.file, line: error.line ?? 1, column: error.column ?? 1)
                    // The position is the diagnostic's; the message without it reads better after it.
                    let message = error.message.replacingOccurrences(
                        of: " at line \(error.line ?? 0), column \(error.column ?? 0)", with: "")
                    // A trailing comma (the error is at the bracket after it) is read as YAML, which allows one, as
                    // tools that load JSON with a YAML parser do; anything else is the JSON error, which says more
                    // than what YAML would make of the text (`tru` is a string to YAML).
                    if message.hasPrefix("unexpected '}'") || message.hasPrefix("unexpected ']'"),
                        let root = try? SourceNode.yaml(text, maximumNodes: nodeLimit), root.mapping != nil
                    {
                        warning("JSON: \(message); the file is read as YAML, which allows it", at: location, path: "")
                        return root
                    }
                    diagnostics.append(Diagnostic(.error, "JSON: \(message)", at: location, path: ""))
                    return nil
                }
            }
        }
        do {
            return try SourceNode.yaml(text, maximumNodes: nodeLimit)
        } catch let yamlError as YamlError {
            diagnostics.append(yamlDiagnostic(yamlError, file: start.file))
        } catch let tooMany as SourceNode.TooManyNodes {
            let message =
                "the document expands to more than \(tooMany.maximumNodes) nodes, far more than its size explains; "
                + "are YAML aliases (*name) repeating large parts of it?"
            report(Diagnostic(.error, message, at: tooMany.position.location(in: start.file), path: ""))
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot parse the spec: \(error)", at: start, path: ""))
        }
        return nil
    }

    func yamlDiagnostic(_ yamlError: YamlError, file: String) -> Diagnostic {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = "YAML: \(problem)"
            if let context { message += " \(context.text) at \(context.mark.line):\(context.mark.column)" }
            return Diagnostic(
                .error, message, at: SourceLocation(file: file, line: mark.line, column: mark.column), path: "")
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(problem, context, mark)
        case .reader(let problem, let offset, let value, _):
            // libyaml's reader counts characters here, not bytes.
            let at = offset.map { " at character offset \($0)" } ?? ""
            return Diagnostic(.error, "YAML: \(problem) (character \(value))\(at)", at: start, path: "")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let mark = context.mark
            return Diagnostic(
                .error, "YAML: duplicate key \(keys) in a mapping",
                at: SourceLocation(file: file, line: mark.line, column: mark.column), path: "")
        default:
            return Diagnostic(.error, "YAML: \(yamlError)", at: start, path: "")
        }
    }

}
