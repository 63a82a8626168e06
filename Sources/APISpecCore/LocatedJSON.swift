import Foundation

/// A JSON value together with where each of its parts stands in its file: the form in which the validator reads
/// schemas, so that every violation can point at the schema that failed.
package struct LocatedJSON: Sendable {
    /// The value, with everything below it.
    package var value: JSON
    /// Where the value starts.
    package var location: SourceLocation
    /// For an object, its members.
    package var members: [String: LocatedJSON] = [:]
    /// For an array, its elements.
    package var elements: [LocatedJSON] = []

    /// A value at `location`, with the located parts of an object or an array.
    package init(
        value: JSON, location: SourceLocation, members: [String: LocatedJSON] = [:], elements: [LocatedJSON] = []
    ) {
        self.value = value
        self.location = location
        self.members = members
        self.elements = elements
    }

    /// The part of the value at `tokens` (unescaped JSON pointer tokens), if there is one.
    package func descendant(_ tokens: some Sequence<String>) -> LocatedJSON? {
        var node = self
        for token in tokens {
            switch node.value {
            case .object:
                guard let member = node.members[token] else { return nil }
                node = member
            case .array:
                guard let index = Int(token), token == String(index), node.elements.indices.contains(index) else {
                    return nil
                }
                node = node.elements[index]
            default:
                return nil
            }
        }
        return node
    }
}

extension LocatedJSON {
    /// A value that has no file (a schema built in code, or parsed from JSON without positions): every part is
    /// placed at line 1, column 1 of `file`.
    package init(_ value: JSON, file: String) {
        self.init(value, at: SourceLocation(file: file, line: 1, column: 1))
    }

    private init(_ value: JSON, at location: SourceLocation) {
        self.value = value
        self.location = location
        switch value {
        case .object(let object): members = object.mapValues { LocatedJSON($0, at: location) }
        case .array(let array): elements = array.map { LocatedJSON($0, at: location) }
        default: break
        }
    }
}

extension LocatedJSON {
    /// A parsed file as located JSON: each value where its node starts, scalars typed by the YAML 1.2 core schema,
    /// keys written twice keeping the first value, aliases as null.
    ///
    /// - Throws: `SpecError` when the tree nests more than `maximumDepth` levels.
    package init(_ node: SourceNode, file: String, maximumDepth: Int = 512) throws(SpecError) {
        try self.init(node, file: file, depth: 0, maximumDepth: maximumDepth)
    }

    private init(_ node: SourceNode, file: String, depth: Int, maximumDepth: Int) throws(SpecError) {
        let location = node.position.location(in: file)
        guard depth <= maximumDepth else {
            throw SpecError(diagnostics: [
                Diagnostic(.error, "the document nests more than \(maximumDepth) levels deep", at: location, path: "")
            ])
        }
        switch node {
        case .scalar(let scalar):
            self.init(value: scalar.value, location: location)
        case .sequence(let sequence, _):
            var elements: [LocatedJSON] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence {
                elements.append(try LocatedJSON(element, file: file, depth: depth + 1, maximumDepth: maximumDepth))
            }
            self.init(value: .array(elements.map(\.value)), location: location, elements: elements)
        case .mapping(let pairs, _):
            var members: [String: LocatedJSON] = [:]
            members.reserveCapacity(pairs.count)
            for pair in pairs {
                guard let name = pair.key.scalar?.text, members[name] == nil else { continue }
                members[name] = try LocatedJSON(pair.value, file: file, depth: depth + 1, maximumDepth: maximumDepth)
            }
            self.init(value: .object(members.mapValues(\.value)), location: location, members: members)
        case .alias:
            self.init(value: .null, location: location)
        }
    }
}
