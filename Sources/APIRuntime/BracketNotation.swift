// Values of any shape in a query or a form, in the bracket notation that servers reading OpenAPI's `deepObject`
// accept: `card[number]=4242`, `items[0][price]=p_1`, `metadata[order]=6735`. OpenAPI defines `deepObject` for
// objects of scalars only; what lies deeper (arrays, maps, alternatives) follows what Rails, PHP and Stripe's API
// read, array elements by index. Our own code, because the coders that know this notation belong to a web
// framework (Vapor's URL-encoded form coders) or to other languages (the `qs` package), and the rules fit on a page.
import Foundation

extension ParameterItem {
    /// The items of `value` in bracket notation: an object's members as `name[member]` (in the order of their
    /// names), an array's elements as `name[0]`, `name[1]`, …, as deep as the value goes, and a scalar as
    /// `name=value`; `null`, an empty object and an empty array as an empty value (`name=`). The value is written as
    /// its JSON would be (dates as RFC 3339, defaults left out). Nil sends nothing; a value that does not encode (a
    /// non-finite number) makes sending fail with `APIError.invalidRequest`.
    public static func brackets(_ name: String, _ value: (some Encodable & Sendable)?) -> [ParameterItem] {
        guard let value else { return [] }
        let json: JSONValue
        do {
            let data = try JSONCoding.makeEncoder(leavingOutDefaults: true).encode(value)
            json = try JSONCoding.makeDecoder().decode(JSONValue.self, from: data)
        } catch {
            var item = ParameterItem(name, nil as String?)
            item.encodingFailure = "\(error)"
            return [item]
        }
        var items: [ParameterItem] = []
        BracketNotation.flatten(json.value, name: name, into: &items)
        return items
    }
}

extension ServerRequest {
    /// The query items (or form fields) named `name` or `name[…]…`, read in bracket notation into `T`: members by
    /// name, array elements by index (`name[0]`) or in order (`name[]`), an empty value as `null`, an empty object
    /// or an empty array, scalars from their text. Nil when no item has the name.
    ///
    /// - Throws: `ServerRequestError.invalidParameter` naming the item when a name is not in bracket notation,
    ///   nests deeper than 32 brackets, or holds a value not of its type.
    public func bracketParameter<T: Decodable>(_ name: String, as type: T.Type) throws(ServerRequestError) -> T? {
        guard let root = try BracketNotation.tree(name, from: query) else { return nil }
        do {
            return try BracketDecoder.decode(T.self, from: root, codingPath: [])
        } catch {
            let (path, expected, reason) = DecodingFailure.describe(error)
            let place = path.split(separator: "/").map { "[\($0)]" }.joined()
            throw .invalidParameter(name: name + place, reason: "expected \(expected): \(reason)")
        }
    }
}

/// Writing and reading the notation.
enum BracketNotation {
    /// Brackets deeper than this are refused, so that a request cannot make the reader recurse without bound.
    static let maximumDepth = 32

    static func flatten(_ value: (any Sendable)?, name: String, into items: inout [ParameterItem]) {
        switch value {
        case let object as [String: (any Sendable)?] where !object.isEmpty:
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                flatten(member, name: name + "[" + key + "]", into: &items)
            }
        case let array as [(any Sendable)?] where !array.isEmpty:
            for (index, element) in array.enumerated() { flatten(element, name: "\(name)[\(index)]", into: &items) }
        case let bool as Bool: items.append(ParameterItem(name, bool))
        case let int as Int: items.append(ParameterItem(name, int))
        case let double as Double: items.append(ParameterItem(name, double))
        case let string as String: items.append(ParameterItem(name, string))
        default: items.append(ParameterItem(name, ""))
        }
    }

    /// The tree of the items named `name` or `name[…]`; nil when there are none.
    static func tree(
        _ name: String, from query: [(name: String, value: String)]
    ) throws(ServerRequestError) -> BracketNode? {
        var root: BracketNode?
        for item in query where item.name.hasPrefix(name) {
            guard let path = segments(of: item.name.dropFirst(name.count)) else { continue }
            guard path.count <= maximumDepth else {
                throw .invalidParameter(name: item.name, reason: "nests deeper than \(maximumDepth) brackets")
            }
            let node = root ?? BracketNode()
            root = node
            try node.insert(item.value, at: path[...], itemName: item.name)
        }
        return root
    }

    /// `[a][b][]` as `["a", "b", ""]`; nil when the text is not a run of bracketed segments (another parameter's
    /// name that begins with this one's, `cards` for `card`).
    static func segments(of text: Substring) -> [String]? {
        var result: [String] = []
        var rest = text
        while !rest.isEmpty {
            guard rest.first == "[", let close = rest.firstIndex(of: "]") else { return nil }
            result.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }
}

/// A value of the notation while it is read: a text, or members by key in the order they were first seen. A class,
/// so that each item is inserted in place, in time proportional to its depth.
final class BracketNode {
    var text: String?
    var keys: [String] = []
    var members: [String: BracketNode] = [:]
    /// One more than the largest index among the keys: where `[]` appends, found without a search (a search from
    /// the number of keys would take as long as the indices sent above it, for every `[]` that follows them).
    var nextIndex = 0

    func insert(_ value: String, at path: ArraySlice<String>, itemName: String) throws(ServerRequestError) {
        guard let first = path.first else {
            guard keys.isEmpty else {
                throw .invalidParameter(name: itemName, reason: "has both a value and members")
            }
            // The last of several values wins, as for any other parameter.
            text = value
            return
        }
        if let text, !text.isEmpty {
            throw .invalidParameter(name: itemName, reason: "has both a value ('\(text)') and members")
        }
        text = nil
        var key = first
        if first.isEmpty {
            // `[]`: a new element, unless the last one does not have what follows yet
            // (`items[][price]=…&items[][qty]=…` is one element).
            let next = path.dropFirst().first
            if let next, let last = keys.last, let element = members[last], element.members[next] == nil {
                key = last
            } else {
                key = String(nextIndex)
            }
        }
        // Any key that reads as an index moves the next one past it (`07` too, so that `8` cannot be taken).
        if let index = Int(key), index >= nextIndex { nextIndex = index == Int.max ? index : index + 1 }
        let child: BracketNode
        if let existing = members[key] {
            child = existing
        } else {
            child = BracketNode()
            members[key] = child
            keys.append(key)
        }
        try child.insert(value, at: path.dropFirst(), itemName: itemName)
    }

    /// An empty value stands for `null`, an empty object and an empty array.
    var isEmpty: Bool { keys.isEmpty && (text ?? "").isEmpty }
}

/// Reads a `BracketNode` into any `Decodable`: members through keyed containers, elements (keys that are indices,
/// in index order) through unkeyed ones, scalars from their text as parameters are read.
struct BracketDecoder: Decoder {
    let node: BracketNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A value of type `T` at `node`: dates as RFC 3339, bytes as base64, URLs as their text, anything else as its
    /// `Decodable` conformance reads it from this decoder.
    static func decode<T: Decodable>(_ type: T.Type, from node: BracketNode, codingPath: [any CodingKey]) throws -> T {
        func text() throws -> String { try Self.text(of: node, as: T.self, codingPath: codingPath) }
        func parsed(_ value: Any?, _ text: String, _ what: String) throws -> T {
            guard let value = value as? T else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: codingPath, debugDescription: "'\(text)' is not \(what)"))
            }
            return value
        }
        if T.self == Date.self {
            let text = try text()
            return try parsed(TextValues.date(text), text, "a date and time (RFC 3339)")
        }
        if T.self == Data.self {
            let text = try text()
            return try parsed(Data(base64Encoded: text), text, "base64")
        }
        if T.self == URL.self {
            let text = try text()
            return try parsed(URL(string: text), text, "a URL")
        }
        return try T(from: BracketDecoder(node: node, codingPath: codingPath))
    }

    /// The node's text, for a value of type `T`; an error when the node has members instead.
    static func text<T>(of node: BracketNode, as type: T.Type, codingPath: [any CodingKey]) throws -> String {
        guard node.keys.isEmpty, let text = node.text else {
            throw DecodingError.typeMismatch(
                T.self, .init(codingPath: codingPath, debugDescription: "members where a value was expected"))
        }
        return text
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard node.isEmpty || !node.keys.isEmpty else {
            throw DecodingError.typeMismatch(
                [String: Any].self,
                .init(codingPath: codingPath, debugDescription: "a value where members were expected"))
        }
        return KeyedDecodingContainer(KeyedBrackets<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard node.isEmpty || !node.keys.isEmpty else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "a value where elements were expected"))
        }
        var indexed: [(Int, BracketNode)] = []
        for key in node.keys {
            guard let index = Int(key), let element = node.members[key] else {
                throw DecodingError.typeMismatch(
                    [Any].self, .init(codingPath: codingPath, debugDescription: "'\(key)' is not an element's index"))
            }
            indexed.append((index, element))
        }
        return UnkeyedBrackets(elements: indexed.sorted { $0.0 < $1.0 }.map(\.1), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleBracket(node: node, codingPath: codingPath)
    }
}

/// The key of an array element.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { intValue.map(String.init) ?? "" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct SingleBracket: SingleValueDecodingContainer {
    let node: BracketNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node.isEmpty }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try BracketDecoder.decode(T.self, from: node, codingPath: codingPath)
    }

    /// A scalar from its text (booleans in any case), or the error that says it is not one.
    func scalar<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
        let text = try BracketDecoder.text(of: node, as: T.self, codingPath: codingPath)
        guard let value = TextValues.parse(text, as: T.self) else {
            throw DecodingError.typeMismatch(
                T.self, .init(codingPath: codingPath, debugDescription: "'\(text)' is not a valid \(T.self)"))
        }
        return value
    }

    func decode(_ type: Bool.Type) throws -> Bool { try scalar(type) }
    func decode(_ type: String.Type) throws -> String { try scalar(type) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(type) }
    func decode(_ type: Float.Type) throws -> Float { try scalar(type) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalar(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalar(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalar(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalar(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalar(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalar(type) }
}

private struct KeyedBrackets<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: BracketNode
    let codingPath: [any CodingKey]

    var allKeys: [Key] { node.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { node.members[key.stringValue] != nil }

    func member(_ key: Key) throws -> SingleBracket {
        guard let member = node.members[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "no item names '\(key.stringValue)'"))
        }
        return SingleBracket(node: member, codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).decodeNil() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try member(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try member(key).scalar(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try member(key).scalar(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try member(key).scalar(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try member(key).scalar(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try member(key).scalar(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try member(key).scalar(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try member(key).scalar(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try member(key).scalar(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try member(key).scalar(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try member(key).scalar(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try member(key).scalar(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try member(key).scalar(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try member(key).scalar(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try member(key).scalar(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { BracketDecoder(node: node, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }

    private func decoder(_ key: Key) throws -> BracketDecoder {
        let member = try member(key)
        return BracketDecoder(node: member.node, codingPath: member.codingPath)
    }
}

private struct UnkeyedBrackets: UnkeyedDecodingContainer {
    let elements: [BracketNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The next element, taken.
    mutating func next<T>(_ type: T.Type) throws -> SingleBracket {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                T.self, .init(codingPath: codingPath, debugDescription: "no element \(currentIndex)"))
        }
        defer { currentIndex += 1 }
        return SingleBracket(node: elements[currentIndex], codingPath: codingPath + [IndexKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isEmpty else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decode(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).scalar(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).scalar(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).scalar(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type).scalar(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).scalar(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).scalar(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).scalar(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).scalar(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).scalar(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).scalar(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).scalar(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).scalar(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).scalar(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).scalar(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let element = try next([String: Any].self)
        return try BracketDecoder(node: element.node, codingPath: element.codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = try next([Any].self)
        return try BracketDecoder(node: element.node, codingPath: element.codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let element = try next(Any.self)
        return BracketDecoder(node: element.node, codingPath: element.codingPath)
    }
}
