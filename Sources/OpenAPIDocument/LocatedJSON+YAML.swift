import APISpecCore
import Foundation
import Yams

extension LocatedJSON {
    /// The YAML text as located JSON, with the same bounds as loading the spec: at most `maximumNodes` nodes
    /// (YAML aliases can repeat a part many times) and `maximumDepth` levels.
    static func read(yaml: String, file: String, maximumNodes: Int, maximumDepth: Int = 512) throws(SpecError)
        -> LocatedJSON
    {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let root: Node?
        do {
            root = try SpecLoader.compose(yaml)
        } catch {
            throw SpecError(diagnostics: [Diagnostic(.error, "cannot parse the spec: \(error)", at: start, path: "")])
        }
        guard let root else { return LocatedJSON(.null, file: file) }
        return try read(root, file: file, maximumNodes: maximumNodes, maximumDepth: maximumDepth)
    }

    /// A composed YAML tree as located JSON, with the bounds of `read(yaml:file:maximumNodes:maximumDepth:)`.
    static func read(_ root: Node, file: String, maximumNodes: Int, maximumDepth: Int = 512) throws(SpecError)
        -> LocatedJSON
    {
        var reader = YAMLReader(file: file, nodesLeft: maximumNodes, maximumDepth: maximumDepth)
        return try reader.read(root, depth: 0)
    }

    private struct YAMLReader {
        let file: String
        var nodesLeft: Int
        let maximumDepth: Int

        mutating func read(_ node: Node, depth: Int) throws(SpecError) -> LocatedJSON {
            let location = SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
            nodesLeft -= 1
            if nodesLeft < 0 || depth > maximumDepth {
                let message =
                    nodesLeft < 0
                    ? "the document expands to far more nodes than its size explains; are YAML aliases repeating it?"
                    : "the document nests more than \(maximumDepth) levels deep"
                throw SpecError(diagnostics: [Diagnostic(.error, message, at: location, path: "")])
            }
            switch node {
            case .scalar(let scalar):
                return LocatedJSON(value: SpecLoader.value(of: scalar), location: location)
            case .sequence(let sequence):
                var elements: [LocatedJSON] = []
                elements.reserveCapacity(sequence.count)
                for element in sequence { elements.append(try read(element, depth: depth + 1)) }
                return LocatedJSON(value: .array(elements.map(\.value)), location: location, elements: elements)
            case .mapping(let mapping):
                var members: [String: LocatedJSON] = [:]
                members.reserveCapacity(mapping.count)
                for (key, value) in mapping {
                    guard let name = key.scalar?.string else { continue }
                    members[name] = try read(value, depth: depth + 1)
                }
                return LocatedJSON(value: .object(members.mapValues(\.value)), location: location, members: members)
            case .alias:
                return LocatedJSON(value: .null, location: location)
            }
        }
    }
}

/// The YAML tree the loader composed, kept for the validator so that the spec is not parsed twice, and let go once
/// the validator has read it.
final class ComposedYAML: @unchecked Sendable {
    // Yams' `Node` is an immutable value tree without a `Sendable` conformance; it is only read, and only under
    // `lock`, by whoever takes it first.
    private let lock = NSLock()
    private var root: Node?

    init(_ root: Node?) {
        self.root = root
    }

    /// The tree, once; nil afterwards.
    func take() -> Node? {
        lock.lock()
        defer { lock.unlock() }
        let taken = root
        root = nil
        return taken
    }
}
