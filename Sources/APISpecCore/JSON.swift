import Foundation

/// The primitive types of JSON Schema.
public enum JSONType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A JSON object.
    case object
    /// A JSON array.
    case array
    /// A JSON string.
    case string
    /// A number with no fractional part.
    case integer
    /// Any number.
    case number
    /// `true` or `false`.
    case boolean
    /// `null`.
    case null
}

/// A JSON value as the tooling reads it: the instances that are validated against schemas, and the values a spec
/// holds (`enum`, `const`, `default`, `x-` extensions). Generated clients use APIRuntime's `JSONValue` (the
/// swift-openapi container) for values without a Swift type; the two names never meet in one file.
public enum JSON: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSON])
    /// An object. Key order is not kept; JSON gives it no meaning.
    case object([String: JSON])

    /// The JSON Schema type of the value; an integral `.number` is an `integer`, as JSON Schema counts.
    public var jsonType: JSONType {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .integer: .integer
        case .number(let value): value.rounded() == value && value.isFinite ? .integer : .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// Equality as JSON Schema defines it for `enum` and `const`: `1` equals `1.0`; `true` never equals `1`.
    public func isJSONEqual(to other: JSON) -> Bool {
        switch (self, other) {
        case (.integer(let lhs), .number(let rhs)), (.number(let rhs), .integer(let lhs)):
            return Double(lhs) == rhs
        case (.array(let lhs), .array(let rhs)):
            return lhs.count == rhs.count && zip(lhs, rhs).allSatisfy { $0.isJSONEqual(to: $1) }
        case (.object(let lhs), .object(let rhs)):
            return lhs.count == rhs.count
                && lhs.allSatisfy { key, value in rhs[key].map { value.isJSONEqual(to: $0) } ?? false }
        default:
            return self == other
        }
    }

    /// Parses JSON text (RFC 8259, UTF-8). Arrays and objects may nest at most `maximumDepth` deep.
    ///
    /// - Throws: `JSONParseError` saying what is wrong and at which line and column.
    public static func parse(_ data: Data, maximumDepth: Int = 512) throws(JSONParseError) -> JSON {
        try JSONParser.parse(data, maximumDepth: maximumDepth)
    }

    /// The value as compact JSON text, keys sorted, for messages.
    public var jsonText: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): Self.quoted(value)
        case .array(let values): "[" + values.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members):
            "{"
                + members.keys.sorted().map { Self.quoted($0) + ":" + (members[$0]?.jsonText ?? "") }
                .joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// JSON text that could not be parsed.
public struct JSONParseError: Error, Sendable, CustomStringConvertible {
    /// What the parser said, with the position where it gave up when it knows it.
    public var message: String
    /// The line where the parser gave up, from 1, when it knows it.
    public var line: Int? = nil
    /// The column where the parser gave up, from 1, counted in Unicode scalars, when it knows it.
    public var column: Int? = nil
    /// The parser's message.
    public var description: String { message }
}

extension JSON: Decodable {
    /// Decodes any JSON value, keeping integers that fit in 64 bits exact.
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [JSON] = []
            while !array.isAtEnd {
                values.append(try array.decode(JSON.self))
            }
            self = .array(values)
        } else if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members: [String: JSON] = [:]
            for key in object.allKeys {
                members[key.stringValue] = try object.decode(JSON.self, forKey: key)
            }
            self = .object(members)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let value = try? single.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? single.decode(String.self) {
                self = .string(value)
            } else if let value = try? single.decode(Int64.self) {
                self = .integer(value)
            } else {
                self = .number(try single.decode(Double.self))
            }
        }
    }
}

extension JSON: Encodable {
    /// Encodes the value as the JSON it stands for.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .integer(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .number(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let values):
            var array = encoder.unkeyedContainer()
            for value in values { try array.encode(value) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, value) in members { try object.encode(value, forKey: AnyCodingKey(key)) }
        }
    }
}

/// A coding key for any string, used to walk objects whose keys are not known in advance.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
