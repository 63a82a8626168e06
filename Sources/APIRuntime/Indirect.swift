/// A value kept on the heap, so that a generated struct can hold a value of its own type: `parent: Job?` inside
/// `struct Job`, which Swift refuses as a stored property, is stored as `Indirect<Job>?`. The generator boxes only
/// the properties on a cycle of schemas; generated code reads and writes them as the plain type.
///
/// It is immutable, so value semantics stay: setting the property stores a new box. It encodes and decodes as the
/// value itself, and compares and hashes by the value.
public final class Indirect<Value: Sendable>: Sendable {
    /// The value.
    public let value: Value

    /// Boxes `value`.
    public init(_ value: Value) {
        self.value = value
    }
}

extension Indirect: Equatable where Value: Equatable {
    /// Equal values, whichever boxes hold them.
    public static func == (lhs: Indirect, rhs: Indirect) -> Bool {
        lhs === rhs || lhs.value == rhs.value
    }
}

extension Indirect: Hashable where Value: Hashable {
    /// Hashes the value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(value)
    }
}

extension Indirect: Decodable where Value: Decodable {
    /// Decodes the value itself: the box leaves no trace in JSON.
    public convenience init(from decoder: any Decoder) throws {
        self.init(try Value(from: decoder))
    }
}

extension Indirect: Encodable where Value: Encodable {
    /// Encodes the value itself.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
