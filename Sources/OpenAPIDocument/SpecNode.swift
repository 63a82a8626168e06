import APISpecCore
import Yams

/// A YAML node of the spec together with where it is: its location in the file and its path in the document.
struct SpecNode {
    let node: Node
    let path: [String]
    let location: SourceLocation

    var pathString: String { JSONPointer.fragment(path) }

    /// The node's text when it is a scalar.
    var scalar: String? { node.scalar?.string }

    var kindName: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .alias: "an alias"
        }
    }
}

/// A mapping's entry: the key's text and location, and the value.
struct SpecEntry {
    let key: String
    let keyLocation: SourceLocation
    let value: SpecNode
}
