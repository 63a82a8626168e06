import APISpecCore

/// Plain-name fragments (`#node`): references to the schema that declares `$anchor: node` (or `$dynamicAnchor:
/// node`). The generator names schemas by their place, so such a reference is read as a reference to that place,
/// a JSON pointer, and gets the type the place has. The validator resolves anchors itself, by JSON Schema's rules.
extension SpecLoader {
    /// The anchors a file declares outside any schema that has an `$id` of its own (which starts another resource,
    /// whose anchors are its own): the place of each, by name, and whether any such resource is in the file.
    struct Anchors {
        /// The path of the schema that declares each name; nil for a name declared twice, which names no place.
        var places: [String: [String]?] = [:]
        /// The names declared by `$dynamicAnchor`.
        var dynamic: Set<String> = []
        /// Whether a schema below the file's root has an `$id`.
        var hasInnerResources = false
    }

    /// `reference` with its plain-name fragment replaced by the JSON pointer of the schema that declares the name
    /// in the file the reference names: `#node` → `#/components/schemas/Tree`. Nil when the fragment is no plain
    /// name, or the file declares the name no place or twice (the validator then says what it means).
    ///
    /// A `$dynamicRef` (`dynamic`) is read so only when the name is a `$dynamicAnchor` of the spec's own file and that
    /// file holds no other schema resource: then the dynamic scope has one place with that name, and the reference
    /// means what a `$ref` would.
    mutating func anchorAsPointer(_ reference: String, at refValue: SpecNode, dynamic: Bool) throws -> String? {
        guard !isOpenAPI30, schemaIDScopes == 0, let hash = reference.firstIndex(of: "#") else { return nil }
        let filePart = String(reference[..<hash])
        let written = String(reference[reference.index(after: hash)...])
        let name = JSONPointer.percentDecoded(written) ?? written
        guard !name.isEmpty, !name.hasPrefix("/"), Self.isFollowable(filePart) else { return nil }
        var file = refValue.file
        if !filePart.isEmpty {
            guard !dynamic, let index = try loadFile(filePart, referencedFrom: refValue, reference: reference) else {
                return nil
            }
            file = index
        }
        let anchors = self.anchors(in: file)
        // The spec's own root is no schema, whatever it holds.
        guard let found = anchors.places[name], let path = found, file != 0 || !path.isEmpty,
            !dynamic || (anchors.dynamic.contains(name) && !anchors.hasInnerResources && file == 0)
        else { return nil }
        // A `%` in a token would be read back as an escape by the pointer's resolution: such a place is left to the
        // validator.
        guard !path.contains(where: { $0.contains("%") }) else { return nil }
        return filePart + JSONPointer.fragment(path)
    }

    /// The anchors of a file, found by one walk of it on first use. Values that are data, not schemas (`example`,
    /// `examples`, `default`, `const`, `enum`), are not walked.
    private mutating func anchors(in file: Int) -> Anchors {
        if let known = anchorsByFile[file] { return known }
        var anchors = Anchors()
        var pending: [(node: SourceNode, path: [String])] = files[file].root.map { [($0, [])] } ?? []
        let data: Set<String> = ["example", "examples", "default", "const", "enum"]
        while let (node, path) = pending.popLast() {
            switch node {
            case .mapping(let pairs, _):
                if !path.isEmpty, pairs.contains(where: { $0.key.scalar?.text == "$id" && $0.value.scalar != nil }) {
                    anchors.hasInnerResources = true
                    continue
                }
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if key == "$anchor" || key == "$dynamicAnchor", let name = pair.value.scalar?.text {
                        anchors.places[name] = anchors.places[name] == nil ? .some(path) : .some(nil)
                        if key == "$dynamicAnchor" { anchors.dynamic.insert(name) }
                    } else if !data.contains(key) {
                        pending.append((pair.value, path + [key]))
                    }
                }
            case .sequence(let elements, _):
                for (index, element) in elements.enumerated() { pending.append((element, path + [String(index)])) }
            case .scalar, .alias:
                break
            }
        }
        anchorsByFile[file] = anchors
        return anchors
    }
}
