import APISpecCore
import Foundation

/// References: `$ref`s within a file and to other files of the spec, which are read from under the spec's
/// directory only, bounded in number and bytes, and found before the document is read so that every file a
/// reference names (in schemas too) is there for the validator.
extension SpecLoader {
    /// The value a `$ref` mapping stands for, following references to references; the node itself when it has no
    /// `$ref`; nil, with an error, when a reference cannot be followed.
    mutating func follow(_ node: SpecNode) throws -> SpecNode? {
        var current = node
        var hops = 0
        while current.node.mapping != nil, let refNode = current.node.member("$ref") {
            hops += 1
            let refValue = try child(refNode, of: current, "$ref")
            // A `$ref` that is not a string is no reference: in a map of names (`components.schemas`) it is a name
            // like any other, and where a reference is expected the reader of that place says what is wrong.
            guard let reference = refValue.scalar else { return current }
            guard hops <= Limits.maximumReferenceHops else {
                error("reference '\(reference)' is part of a chain of references that never ends", at: refValue)
                return nil
            }
            guard let target = try resolve(reference, at: refValue) else { return nil }
            current = target.node
        }
        return current
    }

    /// Where a mapping with a `$ref` leads in the end, as a key that is the same for every spelling of the same
    /// target (`../common.yaml#/Error` and `#/Error` in common.yaml); nil when the node has no `$ref` or it cannot
    /// be followed.
    mutating func referenceTarget(of node: SpecNode) throws -> (key: String, node: SpecNode)? {
        guard node.node.mapping != nil, node.node.member("$ref") != nil else { return nil }
        var current = node
        var last: (key: String, node: SpecNode)?
        for _ in 0...Limits.maximumReferenceHops {
            guard current.node.mapping != nil, let refNode = current.node.member("$ref") else { return last }
            let refValue = try child(refNode, of: current, "$ref")
            guard let reference = refValue.scalar, let target = try resolve(reference, at: refValue) else {
                return nil
            }
            last = target
            current = target.node
        }
        error("reference '\(current.scalar ?? "")' is part of a chain of references that never ends", at: current)
        return nil
    }

    /// The node a reference names, and its key: a JSON pointer (`#/components/…`, `#` for the whole file) in this
    /// file, or a file under the spec's directory with an optional pointer (`schemas/user.yaml`,
    /// `common.yaml#/components/schemas/Error`). Nil with an error when it names nothing, or a place that is not read.
    mutating func resolve(_ reference: String, at refValue: SpecNode) throws -> (key: String, node: SpecNode)? {
        let hash = reference.firstIndex(of: "#")
        if hash == nil, let component = bareSchemaReference(reference, at: refValue) {
            return try resolve(component, at: refValue)
        }
        let filePart = String(reference[..<(hash ?? reference.endIndex)])
        let fragment = hash.map { String(reference[reference.index(after: $0)...]) } ?? ""
        var file = refValue.file
        if !filePart.isEmpty {
            guard let index = try loadFile(filePart, referencedFrom: refValue, reference: reference) else {
                return nil
            }
            file = index
        }
        var pointer = JSONPointer.percentDecoded(fragment) ?? fragment
        if swaggerFiles.contains(file) {
            // A reference into a converted Swagger document names a place the conversion moved (those the document
            // makes itself were rewritten already, and stay as they are).
            pointer = SwaggerConversion.componentPointer(pointer)
        }
        guard pointer.isEmpty || pointer.hasPrefix("/") else {
            error(
                "cannot resolve '\(reference)': '#\(fragment)' is not a JSON pointer ('#/…'); anchors are followed "
                    + "only by the validator", at: refValue)
            return nil
        }
        var key = "\(file)\u{0}\(pointer)"
        if let known = targets[key] { return (key, known) }
        let isSwagger = swaggerFiles.contains(file)
        var found = try node(at: pointer, in: file, reference: reference, at: refValue, reporting: !isSwagger)
        if found == nil && isSwagger {
            // A place the conversion moved (a response's `schema`); else the error, as for any other document, with
            // the reference as the Swagger file writes it.
            let moved = movedSwaggerPointer(pointer, in: file)
            key = "\(file)\u{0}\(moved ?? pointer)"
            if let known = targets[key] { return (key, known) }
            found = try node(
                at: moved ?? pointer, in: file, reference: writtenReference(reference, inFile: refValue.file),
                at: refValue, reporting: true)
        }
        guard let node = found else { return nil }
        targets[key] = node
        return (key, node)
    }

    /// The node at `pointer` in a file, or nil with an error (unless not `reporting`). Mappings with many keys are
    /// looked up through an index made on first use, so a file of thousands of components costs one scan, not one
    /// per reference.
    private mutating func node(
        at pointer: String, in file: Int, reference: String, at refValue: SpecNode, reporting: Bool = true
    ) throws -> SpecNode? {
        guard var node = files[file].root else {
            guard reporting else { return nil }
            error("'\(reference)' points at nothing: \(files[file].displayName) is empty", at: refValue)
            return nil
        }
        // By RFC 6901 `#/` names the member "" of the root; writers mean the whole document by it, and when the
        // root has no such member, that is how it is read.
        if pointer == "/", case .mapping(let pairs, _) = node, !pairs.contains(where: { $0.key.scalar?.text == "" }) {
            warning(
                "'\(reference)' names the member \"\" of the document's root (RFC 6901), which has none; it is read "
                    + "as the whole document", at: refValue)
            return try visit(node, path: [], file: file)
        }
        var path: [String] = []
        let place = file == refValue.file ? "the document" : files[file].displayName
        for token in JSONPointer.tokens(pointer) {
            switch node {
            case .mapping(let pairs, _):
                let indexKey = "\(file)\u{0}" + JSONPointer.pointer(path)
                var position: Int?
                if pairs.count > 16 {
                    if mappingIndexes[indexKey] == nil {
                        var index: [String: Int] = [:]
                        for (offset, pair) in pairs.enumerated() {
                            if let text = pair.key.scalar?.text, index[text] == nil { index[text] = offset }
                        }
                        mappingIndexes[indexKey] = index
                    }
                    position = mappingIndexes[indexKey]?[token]
                } else {
                    position = pairs.firstIndex { $0.key.scalar?.text == token }
                }
                let isComponent = path.count == 2 && path[0] == "components"
                if position == nil, reporting, isComponent,
                    let variant = caseVariant(
                        of: token, among: pairs.compactMap { $0.key.scalar?.text }, reference: reference, at: refValue)
                {
                    position = pairs.firstIndex { $0.key.scalar?.text == variant }
                }
                guard let position else {
                    guard reporting else { return nil }
                    // A named component gets a "did you mean": the usual typo.
                    if isComponent {
                        let names = pairs.compactMap { $0.key.scalar?.text }
                        error("unresolved reference '\(reference)'" + hint(for: token, among: names), at: refValue)
                    } else {
                        error("'\(reference)' points at nothing in \(place)", at: refValue)
                    }
                    return nil
                }
                node = pairs[position].value
            case .sequence(let elements, _):
                guard let index = Int(token), token == String(index), elements.indices.contains(index) else {
                    if reporting { error("'\(reference)' points at nothing in \(place)", at: refValue) }
                    return nil
                }
                node = elements[index]
            case .scalar, .alias:
                if reporting { error("'\(reference)' points at nothing in \(place)", at: refValue) }
                return nil
            }
            path.append(token)
        }
        return try visit(node, path: path, file: file)
    }

    // MARK: - Files

    /// The index of the file `filePart` names, relative to the file `refValue` is in, read on first use; nil with
    /// an error when it is a URL, an absolute path, outside the spec's directory (by `..` or a symbolic link), or
    /// cannot be read.
    mutating func loadFile(_ filePart: String, referencedFrom refValue: SpecNode, reference: String) throws -> Int? {
        guard let relative = relativePath(of: filePart, from: refValue.file, reference: reference, at: refValue) else {
            return nil
        }
        if let known = fileIndexByPath[relative] { return known }
        if URIReference(relative).scheme != nil {
            guard let entry = registry.entry(for: relative) else { return nil }
            return try addFile(
                entry.data, name: entry.displayName, relative: relative, reference: reference, at: refValue)
        }
        guard let directory else {
            error(
                "cannot resolve '\(reference)': a reference to another file needs the spec to be read from a file "
                    + "(its directory is where referenced files are looked for)", at: refValue)
            return nil
        }
        let url = directory.appendingPathComponent(relative, isDirectory: false)
        // Symbolic links are resolved before the check, so a link cannot lead outside either.
        guard let canonical = BoundedFile.canonicalPath(url.path) else {
            error("cannot resolve '\(reference)': \(displayName(of: relative)) does not exist", at: refValue)
            return nil
        }
        guard let root = canonicalRoot, canonical.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            error("cannot resolve '\(reference)': \(leavesRoot(throughALink: true))", at: refValue)
            return nil
        }
        let name = displayName(of: relative)
        let data: Data
        do {
            data = try BoundedFile.read(path: canonical, maximumBytes: maximumBytes)
        } catch let tooLarge as BoundedFile.TooLarge {
            error(
                "cannot resolve '\(reference)': \(name) is \(tooLarge.size) bytes, more than the limit of "
                    + "\(maximumBytes) bytes for one file", at: refValue)
            return nil
        } catch {
            self.error(
                "cannot resolve '\(reference)': \(name) cannot be read: \((error as NSError).localizedDescription)",
                at: refValue)
            return nil
        }
        return try addFile(data, name: name, relative: relative, reference: reference, at: refValue)
    }

    /// Adds a file read for a reference, and reads the files its own references name.
    private mutating func addFile(
        _ data: Data, name: String, relative: String, reference: String, at refValue: SpecNode
    )
        throws -> Int
    {
        guard files.count < Limits.maximumFiles else {
            error(
                "cannot resolve '\(reference)': the spec already refers to \(Limits.maximumFiles) files, the most "
                    + "that are read", at: refValue)
            throw LimitReached()
        }
        let start = SourceLocation(file: name, line: 1, column: 1)
        totalBytes += data.count
        guard totalBytes <= Limits.maximumTotalBytes(perFile: maximumBytes) else {
            error(
                "cannot resolve '\(reference)': the spec's files come to more than "
                    + "\(Limits.maximumTotalBytes(perFile: maximumBytes)) bytes, the most that are read", at: refValue)
            throw LimitReached()
        }
        maximumNodeVisits = Limits.maximumNodeVisits(byteCount: totalBytes)
        let index = files.count
        files.append(SpecFile(displayName: name, relativePath: relative, root: nil))
        fileIndexByPath[relative] = index
        files[index].root = parse(data, file: index, at: start)
        if isSwagger2, let root = files[index].root {
            files[index].root = convertSwagger(root, file: index)
        }
        if let root = files[index].root { try discoverReferences(in: root, file: index) }
        return index
    }

    /// Where a URI names a file through the spec's `$self` (OpenAPI 3.2): the spec itself, or the file at the same
    /// path under the spec's directory as the URI has under `$self`'s. Nil for any other URI.
    func pathUnderSelf(_ uri: String) -> String? {
        guard let selfURI else { return nil }
        if uri == selfURI.text { return files[0].relativePath }
        guard let slash = selfURI.text.lastIndex(of: "/") else { return nil }
        let directory = selfURI.text[...slash]
        guard uri.hasPrefix(directory), uri.count > directory.count else { return nil }
        return String(uri.dropFirst(directory.count))
    }

    /// A schema's `$ref` to a URI under the spec's `$self`, written as the same reference relative to `file`, so
    /// that it names a component as `#/components/schemas/…` does; any other reference as it is.
    func localReference(_ reference: String, inFile file: Int) -> String {
        guard selfURI != nil, URIReference(reference).scheme != nil,
            URIReference(files[file].relativePath).scheme == nil
        else { return reference }
        let hash = reference.firstIndex(of: "#") ?? reference.endIndex
        guard let local = pathUnderSelf(String(reference[..<hash])) else { return reference }
        let fragment = String(reference[hash...])
        if file == 0, local == files[0].relativePath { return fragment.isEmpty ? "#" : fragment }
        return link(from: files[file].relativePath, to: local) + fragment
    }

    /// A path that leads from the directory of the file at `from` to the file at `to`, both relative to the spec's
    /// directory, up to the root and down again (`../common/a.yaml` to `b.yaml` is `../spec/b.yaml` when the spec is
    /// in `spec/`).
    func link(from: String, to: String) -> String {
        func underRoot(_ path: String) -> [String] {
            let parts = path.split(separator: "/").map(String.init)
            let up = parts.prefix { $0 == ".." }.count
            return Array(directoriesUnderRoot.dropLast(up)) + parts.dropFirst(up)
        }
        return String(repeating: "../", count: max(underRoot(from).count - 1, 0))
            + underRoot(to).joined(separator: "/")
    }

    /// Why a reference that leaves the root is not read, and how to name a root above the spec's directory.
    func leavesRoot(throughALink: Bool = false) -> String {
        let how = throughALink ? " (through a symbolic link)" : ""
        guard !hasRootAbove else { return "it leads outside the spec root\(how); only files under it are read" }
        return "it leads outside the spec's directory\(how); only files under it are read, unless a root above it "
            + "is named (api-codegen's --spec-root, or \"specRoot\" in api-codegen.json)"
    }

    /// The names of the directories from `root` down to `directory` (canonical, so that symbolic links and `..`
    /// cannot disagree with what is read); none when `root` is nil or is `directory`.
    ///
    /// - Throws: `RootProblem` when the root does not exist or does not hold the spec's directory.
    static func directories(from root: URL?, to directory: URL) throws(RootProblem) -> [String] {
        guard let root else { return [] }
        guard let canonicalRoot = BoundedFile.canonicalPath(root.path) else {
            throw RootProblem(description: "the spec root '\(root.relativePath)' does not exist")
        }
        guard let canonicalDirectory = BoundedFile.canonicalPath(directory.path), canonicalDirectory != canonicalRoot
        else { return [] }
        let prefix = canonicalRoot.hasSuffix("/") ? canonicalRoot : canonicalRoot + "/"
        guard canonicalDirectory.hasPrefix(prefix) else {
            throw RootProblem(
                description: "the spec is not under the spec root '\(root.relativePath)'; name a directory that "
                    + "holds the spec and the files it refers to")
        }
        return canonicalDirectory.dropFirst(prefix.count).split(separator: "/").map(String.init)
    }

    /// A spec root that cannot be used.
    struct RootProblem: Error, CustomStringConvertible {
        var description: String
    }

    /// The path of `filePart` relative to the spec's directory, from the file `file`; nil with an error when it is
    /// a URL or an absolute path, or when its `..` segments leave the spec's directory.
    private mutating func relativePath(of filePart: String, from file: Int, reference: String, at refValue: SpecNode)
        -> String?
    {
        // A URI, or a reference inside a document read by its URI: the registry has it, or nothing does.
        let base = URIReference(files[file].relativePath)
        if URIReference(filePart).scheme != nil || base.scheme != nil {
            let uri = URIReference(filePart).resolved(against: base).withoutFragment
            if base.scheme == nil, let local = pathUnderSelf(uri.text) {
                return relativePath(of: local, from: 0, reference: reference, at: refValue)
            }
            guard registry.entry(for: uri.text) != nil else {
                error(
                    "cannot resolve '\(reference)': no schema is registered at '\(uri.text)', and remote references "
                        + "are never fetched; refer to a file under the spec's directory, or register the URI "
                        + "(api-codegen's --schema-dir)", at: refValue)
                return nil
            }
            return uri.text
        }
        let decoded = JSONPointer.percentDecoded(filePart) ?? filePart
        if decoded.hasPrefix("/") || decoded.hasPrefix("\\") {
            error(
                "cannot resolve '\(reference)': an absolute path; refer to files relative to the file the reference "
                    + "is in, under the spec's directory", at: refValue)
            return nil
        }
        var segments = files[file].relativePath.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            .map(String.init)
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                // Above the spec's directory a path starts with `..`, as far up as the root.
                if let last = segments.last, last != ".." {
                    segments.removeLast()
                } else if segments.count < directoriesUnderRoot.count {
                    segments.append("..")
                } else {
                    error("cannot resolve '\(reference)': \(leavesRoot())", at: refValue)
                    return nil
                }
            default: segments.append(String(segment))
            }
        }
        // One spelling per file: `../spec/a.yaml` from the spec's directory `spec` is `a.yaml`.
        var up = segments.prefix { $0 == ".." }.count
        while up > 0, segments.count > up, segments[up] == directoriesUnderRoot[directoriesUnderRoot.count - up] {
            segments.remove(at: up)
            segments.removeFirst()
            up -= 1
        }
        return segments.joined(separator: "/")
    }

    /// How diagnostics name a file of the spec: the spec's directory as it was named, then the file's path from it
    /// (`api/spec/openapi.yaml` and `../common/error.yaml` make `api/common/error.yaml`).
    func displayName(of relative: String) -> String {
        let spec = files[0].displayName
        var directory = spec.lastIndex(of: "/").map { String(spec[...$0]) } ?? ""
        var rest = Substring(relative)
        while rest.hasPrefix("../") {
            rest = rest.dropFirst(3)
            let parent = directory.dropLast()
            let slash = parent.lastIndex(of: "/")
            let last = slash.map { parent[parent.index(after: $0)...] } ?? parent
            if last.isEmpty || last == ".." || last == "." {
                directory += "../"
            } else {
                directory = slash.map { String(parent[...$0]) } ?? ""
            }
        }
        return directory + rest
    }

    /// Reads every file the `$ref`s under `node` name, before the document is read: references in schemas the
    /// generator does not read (under `not`, say) name files the validator needs. Data (examples, defaults,
    /// `x-` extensions) holds no references, and below an `$id` relative references resolve against it, not
    /// against files.
    mutating func discoverReferences(in node: SourceNode, file: Int) throws {
        var stack: [(SourceNode, [String])] = [(node, [])]
        while let (current, path) = stack.popLast() {
            switch current {
            case .mapping(let pairs, _):
                if !isOpenAPI30, case .scalar? = current.member("$id") { continue }
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if key == "$ref", case .scalar(let reference) = pair.value {
                        let filePart = reference.text.prefix { $0 != "#" }
                        if !filePart.isEmpty {
                            let refValue = try visit(pair.value, path: path + [key], file: file)
                            if !reference.text.contains("#"),
                                bareSchemaReference(reference.text, at: refValue, warning: false) != nil
                            {
                                continue
                            }
                            _ = try loadFile(String(filePart), referencedFrom: refValue, reference: reference.text)
                        }
                    } else if !Self.dataKeys.contains(key), !key.hasPrefix("x-") {
                        stack.append((pair.value, path + [key]))
                    }
                }
            case .sequence(let elements, _):
                for (index, element) in elements.enumerated().reversed() {
                    stack.append((element, path + [String(index)]))
                }
            case .scalar, .alias:
                break
            }
        }
    }

    /// Keys whose values are data, not spec: a `$ref` there is a key like any other. (`default` is also a response
    /// status, so its references are read when the response is.)
    static let dataKeys: Set<String> = ["example", "examples", "enum", "const"]
}
