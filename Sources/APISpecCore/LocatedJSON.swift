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
