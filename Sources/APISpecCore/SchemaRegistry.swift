import Foundation

/// Schema documents known by URI, so that a `$ref` to `https://example.com/schemas/x.json` resolves to a local
/// file. Nothing is ever fetched from the network: a reference to a URI the registry does not hold is an error.
///
/// The meta-schemas of JSON Schema 2020-12 (`https://json-schema.org/draft/2020-12/schema` and its vocabularies)
/// are always known, whatever the registry holds.
public struct SchemaRegistry: Sendable {
    /// A registered document: its text (JSON, or YAML when read from a `.yaml`/`.yml` file) and how diagnostics
    /// name it.
    public struct Entry: Sendable {
        /// The document's bytes.
        public var data: Data
        /// How diagnostics name it: the file it was read from, or its URI.
        public var displayName: String
    }

    /// The registered documents, each once, and the URIs each is known by.
    private var documents: [Entry] = []
    private var indexByURI: [String: Int] = [:]

    /// The most files `addDirectory` reads.
    public static let maximumFiles = 10_000
    /// The most bytes each file `addDirectory` reads may have.
    public static let maximumFileBytes = 8 << 20
    /// The most bytes all the files one `addDirectory` reads may come to, by default.
    public static let maximumTotalBytes = 64 << 20
    /// The most entries (files and directories of any kind) `addDirectory` looks at.
    public static let maximumEntries = 100_000

    /// A registry with the 2020-12 meta-schemas only.
    public init() {}

    /// Registers `data` (a JSON or YAML document) as the document at `uri`, an absolute URI (a fragment is
    /// ignored). A later registration of the same URI replaces an earlier one.
    public mutating func register(_ data: Data, at uri: String, displayName: String? = nil) {
        let key = Self.key(uri)
        documents.append(Entry(data: data, displayName: displayName ?? key))
        indexByURI[key] = documents.count - 1
    }

    /// Registers `uri` as one more name of the document registered at `existing`.
    private mutating func alias(_ uri: String, to existing: String) {
        guard let index = indexByURI[Self.key(existing)] else { return }
        indexByURI[Self.key(uri)] = index
    }

    /// Every document once, with the URIs it is known by (sorted), the bundled meta-schemas last (those that no
    /// registered document replaces).
    package var allDocuments: [(uris: [String], entry: Entry)] {
        var urisByIndex: [Int: [String]] = [:]
        for (uri, index) in indexByURI { urisByIndex[index, default: []].append(uri) }
        var result = urisByIndex.keys.sorted().compactMap { index in
            urisByIndex[index].map { ($0.sorted(), documents[index]) }
        }
        for (uri, _) in Self.jsonSchema202012MetaSchemas.sorted(by: { $0.uri < $1.uri }) where indexByURI[uri] == nil {
            if let entry = Self.bundled(uri) { result.append(([uri], entry)) }
        }
        return result
    }

    /// Registers every `.json`, `.yaml` and `.yml` file under `directory` (symbolic links are not followed out of
    /// it): a JSON file by its top-level `$id` when that is an absolute URI, and every file at `baseURI` followed
    /// by its path under the directory when `baseURI` is given (`http://localhost:1234/` and `tree.json` give
    /// `http://localhost:1234/tree.json`).
    ///
    /// - Throws: `SchemaRegistry.Problem` when the directory cannot be listed, holds more than `maximumFiles` schema
    ///   files or `maximumEntries` entries, a file is larger than `maximumFileBytes` or cannot be read, or the files
    ///   come to more than `maximumTotalBytes`.
    public mutating func addDirectory(
        _ directory: URL, baseURI: String? = nil, maximumTotalBytes: Int = SchemaRegistry.maximumTotalBytes
    ) throws(Problem) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
            let enumerator = FileManager.default.enumerator(atPath: directory.path)
        else {
            throw Problem(message: "\(directory.path): cannot list the directory")
        }
        var count = 0
        var entries = 0
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            entries += 1
            guard entries <= Self.maximumEntries else {
                throw Problem(message: "\(directory.path): more than \(Self.maximumEntries) entries")
            }
            let lowered = path.lowercased()
            guard lowered.hasSuffix(".json") || lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") else {
                continue
            }
            let full = directory.appendingPathComponent(path).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            count += 1
            guard count <= Self.maximumFiles else {
                throw Problem(message: "\(directory.path): more than \(Self.maximumFiles) schema files")
            }
            paths.append(path)
        }
        let root = BoundedFile.canonicalPath(directory.path).map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
        var totalBytes = 0
        for path in paths.sorted() {
            let full = directory.appendingPathComponent(path).path
            // A symbolic link that leads out of the directory is skipped, like one that leads nowhere.
            guard let canonical = BoundedFile.canonicalPath(full), canonical.hasPrefix(root) else { continue }
            let data: Data
            do {
                data = try BoundedFile.read(path: canonical, maximumBytes: Self.maximumFileBytes)
            } catch let error as BoundedFile.TooLarge {
                throw Problem(message: "\(full): \(error.size) bytes, more than \(error.limit) bytes for one schema")
            } catch {
                throw Problem(message: "\(full): cannot read: \((error as NSError).localizedDescription)")
            }
            totalBytes += data.count
            guard totalBytes <= maximumTotalBytes else {
                throw Problem(
                    message: "\(directory.path): the schema files come to more than \(maximumTotalBytes) bytes")
            }
            var id: String?
            if path.lowercased().hasSuffix(".json"), case .object(let members)? = try? JSON.parse(data),
                case .string(let text)? = members["$id"], URIReference(text).scheme != nil
            {
                id = text
            }
            if let baseURI {
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
                register(data, at: baseURI + encoded, displayName: full)
                if let id { alias(id, to: baseURI + encoded) }
            } else if let id {
                register(data, at: id, displayName: full)
            }
        }
    }

    /// The document at `uri` (its fragment ignored): a registered one first, else a bundled meta-schema.
    public func entry(for uri: String) -> Entry? {
        let key = Self.key(uri)
        return indexByURI[key].map { documents[$0] } ?? Self.bundled(key)
    }

    /// Why a directory of schemas cannot be used.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// What cannot be read, and why.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    private static func key(_ uri: String) -> String {
        URIReference(uri).withoutFragment.text
    }

    /// A bundled meta-schema, made from its text when asked for. (Not kept in a static dictionary of `Data`: built
    /// once and never freed, LeakSanitizer cannot see the pointers inside and reports it as a leak.)
    private static func bundled(_ uri: String) -> Entry? {
        jsonSchema202012MetaSchemas.first { $0.uri == uri }.map { Entry(data: Data($0.text.utf8), displayName: $0.uri) }
    }
}
