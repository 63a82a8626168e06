import APISpecCore
import Foundation

/// Reading nodes: visits bounded by the spec's size, mappings, sequences and scalars with their locations, and the
/// `$ref`s that stand for the value they name wherever the spec has a value that is not a schema.
extension SpecLoader {
    func location(of node: SourceNode, file: Int) -> SourceLocation {
        node.position.location(in: files[file].displayName)
    }

    mutating func visit(_ node: SourceNode, path: [String], file: Int) throws -> SpecNode {
        nodeVisits += 1
        if nodeVisits > maximumNodeVisits {
            let message =
                "the document expands to more than \(maximumNodeVisits) nodes, far more than its size explains; "
                + "are YAML aliases (*name) repeating large parts of it?"
            error(message, at: location(of: node, file: file), path: files[file].prefix + JSONPointer.fragment(path))
            throw LimitReached()
        }
        return SpecNode(
            node: node, file: file, path: path, location: location(of: node, file: file),
            filePrefix: files[file].prefix)
    }

    /// A child of `node`, at `token` below it.
    mutating func child(_ value: SourceNode, of node: SpecNode, _ token: String) throws -> SpecNode {
        try visit(value, path: node.path + [token], file: node.file)
    }

    /// The value of `key` when `node` is a mapping that has it (no `$ref` is followed), else nil, and no error.
    mutating func member(_ node: SpecNode, _ key: String) throws -> SpecNode? {
        guard let value = node.node.member(key) else { return nil }
        return try child(value, of: node, key)
    }

    /// The entries of a mapping, or nil with an error when the node is something else. Unless `following` is false
    /// (a schema, where `$ref` has its own meaning, or data such as an example), a mapping with a `$ref` stands for
    /// the value the reference names, in this file or another.
    mutating func entries(_ node: SpecNode, of what: String, following: Bool = true) throws -> [SpecEntry]? {
        guard let node = following ? try follow(node) : node else { return nil }
        guard case .mapping(let pairs, _) = node.node else {
            error("expected a mapping for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecEntry] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs {
            guard let name = pair.key.scalar?.text else {
                let kind = SpecNode(
                    node: pair.key, file: node.file, path: node.path, location: node.location,
                    filePrefix: node.filePrefix
                ).kindName
                error(
                    "a key of \(what) must be a scalar, found \(kind)", at: location(of: pair.key, file: node.file),
                    path: node.pathString)
                continue
            }
            result.append(
                SpecEntry(
                    key: name, keyLocation: location(of: pair.key, file: node.file),
                    value: try child(pair.value, of: node, name)))
        }
        return result
    }

    /// The elements of a sequence (a `$ref` to one is followed), or nil with an error when the node is something else.
    mutating func elements(_ node: SpecNode, of what: String, following: Bool = true) throws -> [SpecNode]? {
        guard let node = following ? try follow(node) : node else { return nil }
        guard case .sequence(let sequence, _) = node.node else {
            error("expected a sequence for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecNode] = []
        result.reserveCapacity(sequence.count)
        for (index, element) in sequence.enumerated() {
            result.append(try child(element, of: node, String(index)))
        }
        return result
    }

    /// A string (a `$ref` to one is followed), or nil with an error.
    mutating func string(_ node: SpecNode, of what: String) -> String? {
        // A reference that cannot be followed has been reported; its value is then missing.
        let node = node.node.mapping == nil ? node : ((try? follow(node)) ?? nil) ?? node
        guard let text = node.scalar else {
            error("expected a string for \(what), found \(node.kindName)", at: node)
            return nil
        }
        return text
    }

    mutating func bool(_ node: SpecNode, of what: String) -> Bool? {
        if case .bool(let value) = scalarValue(node) { return value }
        error("expected true or false for \(what), found \(describe(node))", at: node)
        return nil
    }

    /// A non-negative integer; a number with a zero fraction (`2.0`) is one, as JSON Schema counts.
    mutating func nonNegativeInt(_ node: SpecNode, of what: String) -> Int? {
        switch scalarValue(node) {
        case .integer(let value) where value >= 0:
            if let int = Int(exactly: value) { return int }
        case .number(let value) where value >= 0 && value.rounded() == value:
            if let int = Int(exactly: value) { return int }
        default:
            break
        }
        error("expected a non-negative integer for \(what), found \(describe(node))", at: node)
        return nil
    }

    mutating func number(_ node: SpecNode, of what: String) -> Double? {
        switch scalarValue(node) {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default:
            error("expected a number for \(what), found \(describe(node))", at: node)
            return nil
        }
    }

    func describe(_ node: SpecNode) -> String {
        if let text = node.scalar { return "'\(text)'" }
        return node.kindName
    }

    mutating func strings(_ node: SpecNode, of what: String) throws -> [String] {
        try (elements(node, of: what) ?? []).compactMap { string($0, of: what) }
    }

    func scalarValue(_ node: SpecNode) -> JSON? {
        node.node.scalar?.value
    }

    /// The node as a JSON value: data (examples, defaults, enums, extensions), in which `$ref` is a key like any other.
    mutating func jsonValue(_ node: SpecNode, depth: Int = 0) throws -> JSON {
        if depth > Limits.maximumSchemaDepth {
            error("a value nests more than \(Limits.maximumSchemaDepth) levels deep", at: node)
            throw LimitReached()
        }
        switch node.node {
        case .scalar(let scalar):
            return scalar.value
        case .sequence:
            var values: [JSON] = []
            for element in try elements(node, of: "a value", following: false) ?? [] {
                values.append(try jsonValue(element, depth: depth + 1))
            }
            return .array(values)
        case .mapping:
            var members: [String: JSON] = [:]
            for entry in try entries(node, of: "a value", following: false) ?? [] {
                members[entry.key] = try jsonValue(entry.value, depth: depth + 1)
            }
            return .object(members)
        case .alias:
            return .null
        }
    }
}
