/// Where a node starts in its file: 1-based line and column, the column counted in Unicode scalars (as libyaml
/// counts, and editors show).
package struct SourcePosition: Sendable, Hashable {
    package var line: Int
    package var column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position in `file`.
    package func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}

/// A node of a document as it was written, YAML or JSON: scalars keep their text and whether they were quoted,
/// mappings keep their order (and any key written twice), and every node knows where it starts. The spec loader
/// reads this tree, whichever syntax the file used, so that a JSON spec is read by a JSON parser with exact
/// positions rather than by the YAML parser.
package indirect enum SourceNode: Sendable {
    /// A scalar: a string, number, boolean or null as written.
    case scalar(SourceScalar)
    /// A mapping's entries in the order written.
    case mapping([SourcePair], SourcePosition)
    /// A sequence's elements in order.
    case sequence([SourceNode], SourcePosition)
    /// A YAML alias that was not expanded.
    case alias(SourcePosition)

    /// Where the node starts.
    package var position: SourcePosition {
        switch self {
        case .scalar(let scalar): scalar.position
        case .mapping(_, let position), .sequence(_, let position), .alias(let position): position
        }
    }

    /// The scalar, if the node is one.
    package var scalar: SourceScalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    /// The mapping's entries, if the node is a mapping.
    package var mapping: [SourcePair]? {
        if case .mapping(let pairs, _) = self { pairs } else { nil }
    }

    /// The sequence's elements, if the node is a sequence.
    package var sequence: [SourceNode]? {
        if case .sequence(let elements, _) = self { elements } else { nil }
    }

    /// The value of the entry whose key's text is `key` (the first, if it was written twice).
    package func member(_ key: String) -> SourceNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.scalar?.text == key }?.value
    }

    /// The node at `tokens` (unescaped JSON pointer tokens) below this one, if there is one, as
    /// `LocatedJSON.descendant(_:)` finds it in a value.
    package func descendant(_ tokens: some Sequence<String>) -> SourceNode? {
        var node = self
        for token in tokens {
            switch node {
            case .mapping:
                guard let value = node.member(token) else { return nil }
                node = value
            case .sequence(let elements, _):
                guard let index = Int(token), token == String(index), elements.indices.contains(index) else {
                    return nil
                }
                node = elements[index]
            case .scalar, .alias: return nil
            }
        }
        return node
    }
}

/// One entry of a mapping.
package struct SourcePair: Sendable {
    package var key: SourceNode
    package var value: SourceNode

    package init(key: SourceNode, value: SourceNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar as written.
package struct SourceScalar: Sendable {
    /// The text, escapes resolved.
    package var text: String
    /// Whether it was written without quotes (a YAML plain scalar, or a JSON number, boolean or null): only those
    /// are typed by the YAML 1.2 core schema; a quoted `"1.0"` stays a string.
    package var isPlain: Bool
    package var position: SourcePosition

    package init(text: String, isPlain: Bool, position: SourcePosition) {
        self.text = text
        self.isPlain = isPlain
        self.position = position
    }

    /// The value by the YAML 1.2 core schema, the one JSON-compatible documents need: `null`, `~` and the empty
    /// plain scalar are null, `true`/`false` booleans, integers and floats (`.inf`, `0x1F`, `0o17` too) numbers,
    /// anything else or anything quoted a string.
    package var value: JSON {
        guard isPlain else { return .string(text) }
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
}
