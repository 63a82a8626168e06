import APISpecCore
import Foundation
import Yams

extension Document {
    /// The largest spec read by default: 8 MiB, above the largest public specs (GitHub's REST API is about 7 MiB of
    /// YAML). Loading costs about 35 bytes of memory per byte of spec, so this bounds a load to about 300 MB.
    public static let defaultMaximumBytes = 8 << 20

    /// Loads and checks the spec at `url`.
    ///
    /// - Parameters:
    ///   - url: The spec file, YAML or JSON.
    ///   - displayName: How diagnostics name the file; by default the path as given.
    ///   - maximumBytes: Larger files are refused before they are read.
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(
        contentsOf url: URL, displayName: String? = nil, maximumBytes: Int = defaultMaximumBytes
    ) throws(SpecError) -> Document {
        let file = displayName ?? url.relativePath
        let start = SourceLocation(file: file, line: 1, column: 1)
        let data: Data
        do {
            data = try BoundedFile.read(url, maximumBytes: maximumBytes)
        } catch let error as BoundedFile.TooLarge {
            throw SpecError(diagnostics: [SpecLoader.tooLarge(size: error.size, limit: maximumBytes, at: start)])
        } catch {
            let reason = (error as NSError).localizedDescription
            throw SpecError(diagnostics: [Diagnostic(.error, "cannot read the spec: \(reason)", at: start, path: "")])
        }
        return try load(data: data, file: file, maximumBytes: maximumBytes)
    }

    /// Loads and checks a spec from its bytes (UTF-8 YAML or JSON), naming it `file` in diagnostics.
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(data: Data, file: String, maximumBytes: Int = defaultMaximumBytes) throws(SpecError)
        -> Document
    {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maximumBytes {
            throw SpecError(diagnostics: [SpecLoader.tooLarge(size: data.count, limit: maximumBytes, at: start)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = JSONParser.firstInvalidUTF8Offset(in: data)
            let message = "the spec is not UTF-8 text (invalid byte at offset \(offset)); a spec must be YAML or JSON"
            throw SpecError(diagnostics: [Diagnostic(.error, message, at: start, path: "")])
        }
        return try load(yaml: text, file: file)
    }

    /// Loads and checks a spec from YAML (or JSON) text, naming it `file` in diagnostics.
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(yaml: String, file: String = "<string>") throws(SpecError) -> Document {
        var loader = SpecLoader(file: file, byteCount: yaml.utf8.count)
        let document = loader.load(yaml: yaml)
        let diagnostics = loader.diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
        guard var document, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw SpecError(diagnostics: diagnostics)
        }
        document.warnings = diagnostics
        document.source = yaml
        document.composed = ComposedYAML(loader.composedRoot)
        return document
    }
}

/// Reads the composed YAML tree into a `Document`, collecting every diagnostic instead of stopping at the first.
struct SpecLoader {
    enum Limits {
        /// How deep schemas may nest inside each other.
        static let maximumSchemaDepth = 64
        /// A YAML document of n bytes has fewer than n nodes; far more visits than that means alias expansion.
        static func maximumNodeVisits(byteCount: Int) -> Int { 4 * byteCount + 10_000 }
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

    let file: String
    let maximumNodeVisits: Int
    var nodeVisits = 0
    var diagnostics: [Diagnostic] = []
    /// The "did you mean" hints this load may still give.
    var hints = Suggestion.Budget()
    /// The composed tree, which the document keeps for its validator.
    var composedRoot: Node?
    var isOpenAPI30 = false
    var rawComponents: [String: [String: SpecEntry]] = [:]
    var schemaNames: [String] = []
    var schemaNameSet: Set<String> = []
    var referencedSchemas: Set<String> = []
    /// Responses and headers under `components`, read once by the `$ref` that names them.
    var sharedResponses: [String: Response] = [:]
    var sharedHeaders: [String: Response.Header] = [:]

    init(file: String, byteCount: Int) {
        self.file = file
        self.maximumNodeVisits = Limits.maximumNodeVisits(byteCount: byteCount)
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
            at: entry.keyLocation, path: entry.value.path)
    }

    mutating func error(_ message: String, at node: SpecNode) {
        diagnostics.append(Diagnostic(.error, message, at: node.location, path: node.pathString))
    }

    mutating func warning(_ message: String, at node: SpecNode) {
        diagnostics.append(Diagnostic(.warning, message, at: node.location, path: node.pathString))
    }

    mutating func error(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(Diagnostic(.error, message, at: location, path: JSONPointer.fragment(path)))
    }

    mutating func note(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(Diagnostic(.note, message, at: location, path: JSONPointer.fragment(path)))
    }

    mutating func warning(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(Diagnostic(.warning, message, at: location, path: JSONPointer.fragment(path)))
    }

    // MARK: - Document

    mutating func load(yaml: String) -> Document? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let root: Node
        do {
            guard let composed = try Self.compose(yaml) else {
                diagnostics.append(
                    Diagnostic(.error, "the spec is empty; expected an OpenAPI document", at: start, path: ""))
                return nil
            }
            root = composed
            composedRoot = composed
        } catch let yamlError as YamlError {
            diagnostics.append(yamlDiagnostic(yamlError))
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot parse the spec: \(error)", at: start, path: ""))
            return nil
        }
        do {
            return try readDocument(visit(root, path: []))
        } catch {
            return nil
        }
    }

    /// The YAML text as a tree of nodes, nil when it holds no document.
    ///
    /// The tree is all that is read: `.basic` resolves no tags, since plain scalars are typed by `scalarValue` (YAML
    /// 1.2 core schema), and skipping Yams' regular-expression resolver makes loading several times faster. Nothing
    /// is constructed from the nodes either, so the constructor is an empty one rather than Yams' default, which
    /// builds its tables on every call, and the text is UTF-8 rather than what Yams' default encoding looks up.
    static func compose(_ yaml: String) throws -> Node? {
        try Parser(yaml: yaml, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8).singleRoot()
    }

    func yamlDiagnostic(_ yamlError: YamlError) -> Diagnostic {
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
