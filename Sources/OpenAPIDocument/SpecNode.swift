import APISpecCore

/// A node of one of the spec's files together with where it is: the file, the location in it, and its path in that
/// file's document.
struct SpecNode {
    let node: SourceNode
    /// The file, an index into the loader's files (0 is the spec named to the loader).
    let file: Int
    let path: [String]
    let location: SourceLocation
    /// What `pathString` starts with: `""` in the spec itself, the file's path relative to the spec's directory in
    /// another file (`schemas/user.yaml`), so that a path names its file too.
    let filePrefix: String

    /// The node's place as a URI reference relative to the spec: `#/components/schemas/Member` in the spec itself,
    /// `schemas/user.yaml#/properties/id` in another file.
    var pathString: String { filePrefix + JSONPointer.fragment(path) }

    /// The node's text when it is a scalar.
    var scalar: String? { node.scalar?.text }

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
