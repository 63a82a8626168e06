import OpenAPIRuntime

/// Any JSON value, for schemas that allow anything (the swift-openapi ecosystem's container).
public typealias JSONValue = OpenAPIValueContainer

/// A JSON object with keys that are not known in advance.
public typealias JSONObject = OpenAPIObjectContainer

extension JSONObject {
    /// An object without members: generated code writes a free-form object's `default: {}` so, since a default
    /// argument cannot call an initialiser of a module the generated file does not import.
    public static var empty: JSONObject { JSONObject() }
}

extension JSONValue {
    /// Encodes the value, which must be a JSON object, member by member into the encoder's keyed container.
    ///
    /// Generated code encodes a discriminated choice's unknown variant this way: a value with a discriminator is an
    /// object, and encoded member by member it shares one JSON object with whatever else is encoded into the same
    /// encoder (the properties of a struct that is also one of several alternatives).
    /// - Throws: `EncodingError.invalidValue` when the value is not an object.
    public func encodeMembers(to encoder: any Encoder) throws {
        guard let object = value as? [String: (any Sendable)?] else {
            throw EncodingError.invalidValue(
                value as Any,
                EncodingError.Context(
                    codingPath: encoder.codingPath,
                    debugDescription: "a variant named by a discriminator must be a JSON object"))
        }
        var container = encoder.container(keyedBy: MemberKey.self)
        for (name, member) in object {
            try container.encode(try JSONValue(unvalidatedValue: member), forKey: MemberKey(stringValue: name))
        }
    }
}

/// The key of a JSON object's member whose name is known only at run time.
struct MemberKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
