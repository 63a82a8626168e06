import APISpecCore
import Yams

extension SourceNode {
    /// The YAML text as a tree of nodes (nil when it holds no document), composed by Yams (libyaml).
    ///
    /// Only the tree is read: `.basic` resolves no tags, since plain scalars are typed by `SourceScalar.value` (YAML
    /// 1.2 core schema), and skipping Yams' regular-expression resolver makes loading several times faster. Nothing
    /// is constructed from the nodes either, so the constructor is an empty one rather than Yams' default, which
    /// builds its tables on every call, and the text is UTF-8 rather than what Yams' default encoding looks up.
    ///
    /// - Throws: the `YamlError` of text that is not YAML; `TooManyNodes` when aliases (`*name`) make the tree
    ///   larger than `maximumNodes`: libyaml shares an aliased node, this tree copies it.
    static func yaml(_ text: String, maximumNodes: Int) throws -> SourceNode? {
        let parser = try Parser(
            yaml: text, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8)
        guard let root = try parser.singleRoot() else { return nil }
        var nodesLeft = maximumNodes
        do {
            return try SourceNode(root, nodesLeft: &nodesLeft)
        } catch {
            throw TooManyNodes(maximumNodes: maximumNodes, position: error.position)
        }
    }

    /// A tree that has more nodes than its text explains: YAML aliases repeat large parts of it.
    struct TooManyNodes: Error {
        /// The limit.
        var maximumNodes = 0
        /// Where the node that passed the limit starts.
        var position: SourcePosition
    }

    private init(_ node: Node, nodesLeft: inout Int) throws(TooManyNodes) {
        let mark = node.mark
        let position = SourcePosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
        nodesLeft -= 1
        if nodesLeft < 0 { throw TooManyNodes(position: position) }
        switch node {
        case .scalar(let scalar):
            let isPlain = scalar.style == .plain || scalar.style == .any
            self = .scalar(SourceScalar(text: scalar.string, isPlain: isPlain, position: position))
        case .mapping(let mapping):
            var pairs: [SourcePair] = []
            pairs.reserveCapacity(mapping.count)
            var merged: [SourceNode] = []
            for (key, value) in mapping {
                // `<<: *defaults` (YAML's merge key, which libyaml leaves to the application): the mappings it names
                // lend the keys this one does not have.
                if case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain || scalar.style == .any
                {
                    let source = try SourceNode(value, nodesLeft: &nodesLeft)
                    merged += source.sequence ?? [source]
                    continue
                }
                pairs.append(
                    SourcePair(
                        key: try SourceNode(key, nodesLeft: &nodesLeft),
                        value: try SourceNode(value, nodesLeft: &nodesLeft)))
            }
            if !merged.isEmpty {
                var keys = Set(pairs.compactMap { $0.key.scalar?.text })
                for case .mapping(let lent, _) in merged {
                    for pair in lent where keys.insert(pair.key.scalar?.text ?? "").inserted { pairs.append(pair) }
                }
            }
            self = .mapping(pairs, position)
        case .sequence(let sequence):
            var elements: [SourceNode] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try SourceNode(element, nodesLeft: &nodesLeft)) }
            self = .sequence(elements, position)
        case .alias:
            self = .alias(position)
        }
    }
}
