import Foundation

/// The JSON coders generated code and the runtime use: RFC 3339 dates with or without fractional seconds.
public enum JSONCoding {
    /// A decoder that reads RFC 3339 dates with and without fractional seconds.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = TextValues.date(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 date-time, found \"\(text)\"")
        }
        return decoder
    }

    /// An encoder that writes RFC 3339 dates (with milliseconds, or microseconds, when a date has a fraction of a
    /// second) and sorts keys, so the same value always gives the same bytes.
    ///
    /// - Parameter leavingOutDefaults: Whether generated structs leave out an optional property that holds its spec
    ///   `default` (`Encoder.leavesOutDefaults`): `APIClient` sets it for request bodies, where unset means absent,
    ///   so that a partial update sends only what its caller wrote. Everything else writes every property.
    public static func makeEncoder(leavingOutDefaults: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(TextValues.text(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        if leavingOutDefaults, let key = leavesOutDefaultsKey { encoder.userInfo[key] = true }
        return encoder
    }

    /// The `userInfo` key of `Encoder.leavesOutDefaults` (the initializer is failable, though any text is a key).
    static let leavesOutDefaultsKey = CodingUserInfoKey(rawValue: "PyrusKit.leavesOutDefaults")
}

extension Encoder {
    /// Whether an optional property that holds its spec `default` is left out: true when encoding a request body
    /// (`JSONCoding.makeEncoder(leavingOutDefaults:)`), where unset means absent.
    public var leavesOutDefaults: Bool {
        guard let key = JSONCoding.leavesOutDefaultsKey else { return false }
        return userInfo[key] as? Bool ?? false
    }
}

/// A value that may be sent as JSON `null`, distinct from leaving the property out.
///
/// Generated request models use `Nullable<T>?` for optional properties whose schema allows `null`:
/// `nil` leaves the property out, `.null` sends `null`, `.value(x)` sends `x`.
public enum Nullable<Wrapped> {
    /// JSON `null`.
    case null
    /// A value.
    case value(Wrapped)

    /// The value, or nil for `.null`.
    public var wrapped: Wrapped? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// `.null` as it is, a value transformed.
    public func map<Other>(_ transform: (Wrapped) throws -> Other) rethrows -> Nullable<Other> {
        switch self {
        case .null: .null
        case .value(let value): .value(try transform(value))
        }
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}

extension Nullable: Codable where Wrapped: Codable {
    /// Decodes `null` as `.null` and anything else as `.value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }

    /// Encodes `.null` as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a property that may be absent, `null` or a value, keeping the three apart.
    public func decodeNullable<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> Nullable<T>? {
        guard contains(key) else { return nil }
        return try decodeNil(forKey: key) ? .null : .value(decode(T.self, forKey: key))
    }

    /// Decodes a boolean that the server may also send as the string `"true"` or `"false"`.
    public func decodeLenientBool(forKey key: Key) throws -> Bool {
        if let value = try? decode(Bool.self, forKey: key) { return value }
        let text = try decode(String.self, forKey: key)
        switch text {
        case "true": return true
        case "false": return false
        default:
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "expected true, false, \"true\" or \"false\", found \"\(text)\"")
        }
    }

    /// Decodes an optional boolean that the server may also send as the string `"true"` or `"false"`.
    public func decodeLenientBoolIfPresent(forKey key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeLenientBool(forKey: key)
    }
}

/// A string enum that keeps values it does not list (`.unknown("bot")`) and encodes them back unchanged.
///
/// Generated enums declare their cases, `init(rawValue:)` and `rawValue`; this protocol supplies coding and
/// printing, so the generated code stays short.
public protocol OpenStringEnum: Codable, Hashable, Sendable, RawRepresentable, LosslessStringConvertible
where RawValue == String {
    /// The case for a raw value; values the enum does not list become its catch-all case.
    init(rawValue: String)
}

// Inlinable, so that each generated enum gets a specialized copy instead of a generic call per decoded value.
extension OpenStringEnum {
    /// The case for a raw value (`LosslessStringConvertible`).
    @inlinable public init(_ description: String) { self.init(rawValue: description) }

    /// The raw value.
    @inlinable public var description: String { rawValue }

    /// Decodes any string; unknown ones become the catch-all case.
    @inlinable public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the raw value.
    @inlinable public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
