import APISpecCore
import Foundation
import Yams

/// Reading YAML nodes: visits bounded by the document's size, mappings, sequences and scalars with their locations.
extension SpecLoader {
    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func visit(_ node: Node, path: [String]) throws -> SpecNode {
        nodeVisits += 1
        if nodeVisits > maximumNodeVisits {
            let message =
                "the document expands to more than \(maximumNodeVisits) nodes, far more than its size explains; "
                + "are YAML aliases (*name) repeating large parts of it?"
            error(message, at: location(of: node), path: path)
            throw LimitReached()
        }
        return SpecNode(node: node, path: path, location: location(of: node))
    }

    /// The entries of a mapping, or nil with an error when the node is something else.
    mutating func entries(_ node: SpecNode, of what: String) throws -> [SpecEntry]? {
        guard case .mapping(let mapping) = node.node else {
            error("expected a mapping for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecEntry] = []
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(
                    "a key of \(what) must be a scalar, found "
                        + "\(SpecNode(node: key, path: node.path, location: location(of: key)).kindName)",
                    at: location(of: key), path: node.path)
                continue
            }
            result.append(
                SpecEntry(key: name, keyLocation: location(of: key), value: try visit(value, path: node.path + [name])))
        }
        return result
    }

    mutating func elements(_ node: SpecNode, of what: String) throws -> [SpecNode]? {
        guard case .sequence(let sequence) = node.node else {
            error("expected a sequence for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecNode] = []
        for (index, element) in sequence.enumerated() {
            result.append(try visit(element, path: node.path + [String(index)]))
        }
        return result
    }

    mutating func string(_ node: SpecNode, of what: String) -> String? {
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

    mutating func nonNegativeInt(_ node: SpecNode, of what: String) -> Int? {
        if case .integer(let value) = scalarValue(node), value >= 0, let int = Int(exactly: value) { return int }
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
        node.node.scalar.map(Self.value(of:))
    }

    /// A scalar's value by the YAML 1.2 core schema, which is the one JSON-compatible documents need.
    static func value(of scalar: Node.Scalar) -> JSON {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        default: break
        }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else {
            return .string(text)
        }
        if let value = Int64(text) { return .integer(value) }
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .integer(value) }
        if text.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    mutating func jsonValue(_ node: SpecNode, depth: Int = 0) throws -> JSON {
        if depth > Limits.maximumSchemaDepth {
            error("a value nests more than \(Limits.maximumSchemaDepth) levels deep", at: node)
            throw LimitReached()
        }
        switch node.node {
        case .scalar:
            return scalarValue(node) ?? .null
        case .sequence:
            var values: [JSON] = []
            for element in try elements(node, of: "a value") ?? [] {
                values.append(try jsonValue(element, depth: depth + 1))
            }
            return .array(values)
        case .mapping:
            var members: [String: JSON] = [:]
            for entry in try entries(node, of: "a value") ?? [] {
                members[entry.key] = try jsonValue(entry.value, depth: depth + 1)
            }
            return .object(members)
        case .alias:
            return .null
        }
    }
}
