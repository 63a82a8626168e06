import Foundation

/// A strict JSON parser (RFC 8259) that reads UTF-8 bytes into a `JSON` value, or into a `SourceNode` tree that
/// keeps key order and every value's position (what the spec loader reads a JSON spec as).
///
/// It bounds nesting depth, keeps integers that fit in 64 bits exact, rejects invalid UTF-8, lone surrogates,
/// trailing commas and anything after the value, and says where the text went wrong (line and column). Duplicate
/// object keys keep the last value, as most parsers do.
///
/// The file holds the parser and its two builders in one place (about 500 lines) because the reader is generic over
/// the builder and specialised for each: split across files, the hot paths (strings, keys, objects) would be harder
/// to read against the builders they feed.
package enum JSONParser {
    /// The deepest nesting of arrays and objects accepted by default.
    package static let defaultMaximumDepth = 512

    /// The value `data` holds.
    package static func parse(_ data: Data, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> JSON {
        try read(data, maximumDepth: maximumDepth, with: ValueBuilder()).value
    }

    /// The tree `data` holds, in order and with positions, and the keys written twice (the tree keeps only the last
    /// entry of each, as `parse` does).
    package static func parseSource(_ data: Data, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError)
        -> (root: SourceNode, duplicateKeys: [(key: String, position: SourcePosition)])
    {
        let (root, builder) = try read(data, maximumDepth: maximumDepth, with: SourceBuilder())
        return (root, builder.duplicateKeys)
    }

    private static func read<Builder: JSONBuilder>(_ data: Data, maximumDepth: Int, with builder: Builder)
        throws(JSONParseError) -> (value: Builder.Value, builder: Builder)
    {
        let result: Result<(Builder.Value, Builder), JSONParseError> = data.withUnsafeBytes { raw in
            var reader = JSONReader(
                bytes: raw.bindMemory(to: UInt8.self), maximumDepth: maximumDepth, builder: builder)
            do throws(JSONParseError) {
                reader.skipWhitespace()
                let value = try reader.value(depth: 0)
                reader.skipWhitespace()
                if reader.index < reader.bytes.count { throw reader.failure("unexpected text after the JSON value") }
                return .success((value, reader.builder))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// How many bytes of `data` are valid UTF-8 before the first that is not (the count of all when all are).
    package static func firstInvalidUTF8Offset(in data: Data) -> Int {
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var offset = 0
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return offset
            case .error:
                return offset
            }
        }
    }
}

/// What a `JSONReader` builds values with: `JSON` values, or a `SourceNode` tree with positions.
protocol JSONBuilder {
    associatedtype Value
    associatedtype Object
    associatedtype Position

    /// Where the value or key starting at `offset` stands; asked in increasing order of offsets.
    mutating func position(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Position
    func null(_ position: Position) -> Value
    func bool(_ value: Bool, _ position: Position) -> Value
    /// A number from its text (valid JSON syntax); nil when the builder cannot hold it.
    func number(_ text: String, isInteger: Bool, _ position: Position) -> Value?
    func string(_ value: String, _ position: Position) -> Value
    func array(_ elements: [Value], _ position: Position) -> Value
    func makeObject() -> Object
    mutating func add(_ key: String, at position: Position, _ value: Value, to object: inout Object)
    func object(_ object: Object, _ position: Position) -> Value
}

/// Builds `JSON` values, without positions.
struct ValueBuilder: JSONBuilder {
    func position(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {}
    func null(_ position: Void) -> JSON { .null }
    func bool(_ value: Bool, _ position: Void) -> JSON { .bool(value) }

    func number(_ text: String, isInteger: Bool, _ position: Void) -> JSON? {
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { return nil }
        return .number(double)
    }

    func string(_ value: String, _ position: Void) -> JSON { .string(value) }
    func array(_ elements: [JSON], _ position: Void) -> JSON { .array(elements) }
    // Members are gathered in order, then put into a dictionary of the right size at once: a dictionary grown
    // member by member rehashes at every doubling (measured: a tenth of a parse).
    func makeObject() -> [(String, JSON)] { [] }

    func add(_ key: String, at position: Void, _ value: JSON, to object: inout [(String, JSON)]) {
        if object.isEmpty { object.reserveCapacity(16) }
        object.append((key, value))
    }

    func object(_ object: [(String, JSON)], _ position: Void) -> JSON {
        var members = [String: JSON](minimumCapacity: object.count)
        for (key, value) in object { members[key] = value }
        return .object(members)
    }
}

/// Builds a `SourceNode` tree: entries in order, scalars as their text, each node with its line and column (in
/// Unicode scalars, counted as the reader moves on, so a long line costs no more than a short one).
struct SourceBuilder: JSONBuilder {
    /// Keys written twice in one object, where the later one stands; only the last entry is kept.
    private(set) var duplicateKeys: [(key: String, position: SourcePosition)] = []
    private var offset = 0
    private var line = 1
    private var column = 1

    mutating func position(at target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        while offset < target {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return SourcePosition(line: line, column: column)
    }

    func null(_ position: SourcePosition) -> SourceNode {
        .scalar(SourceScalar(text: "null", isPlain: true, position: position))
    }

    func bool(_ value: Bool, _ position: SourcePosition) -> SourceNode {
        .scalar(SourceScalar(text: value ? "true" : "false", isPlain: true, position: position))
    }

    func number(_ text: String, isInteger: Bool, _ position: SourcePosition) -> SourceNode? {
        .scalar(SourceScalar(text: text, isPlain: true, position: position))
    }

    func string(_ value: String, _ position: SourcePosition) -> SourceNode {
        .scalar(SourceScalar(text: value, isPlain: false, position: position))
    }

    func array(_ elements: [SourceNode], _ position: SourcePosition) -> SourceNode {
        .sequence(elements, position)
    }

    func makeObject() -> (pairs: [SourcePair], index: [String: Int]) { ([], [:]) }

    mutating func add(
        _ key: String, at position: SourcePosition, _ value: SourceNode,
        to object: inout (pairs: [SourcePair], index: [String: Int])
    ) {
        let pair = SourcePair(key: .scalar(SourceScalar(text: key, isPlain: false, position: position)), value: value)
        if let earlier = object.index[key] {
            duplicateKeys.append((key, position))
            object.pairs[earlier] = pair
        } else {
            object.index[key] = object.pairs.count
            object.pairs.append(pair)
        }
    }

    func object(_ object: (pairs: [SourcePair], index: [String: Int]), _ position: SourcePosition) -> SourceNode {
        .mapping(object.pairs, position)
    }
}

/// Reads one JSON value from UTF-8 bytes with a builder.
struct JSONReader<Builder: JSONBuilder> {
    let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    var index = 0
    var builder: Builder
    /// Object keys already made, by a hash of their bytes: the same key in ten thousand objects is one string, made
    /// once (fewer allocations, and validation compares keys that sit together in memory).
    private var keys = [String?](repeating: nil, count: 256)

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, builder: Builder) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.builder = builder
    }

    // MARK: - Errors

    /// An error at the current position, with its line and column (from 1; columns count Unicode scalars, as
    /// editors do).
    func failure(_ message: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for offset in 0..<min(index, bytes.count) where bytes[offset] == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        let column = 1 + (lineStart..<min(index, bytes.count)).count { bytes[$0] & 0xC0 != 0x80 }
        return JSONParseError(message: "\(message) at line \(line), column \(column)", line: line, column: column)
    }

    private func unexpected(_ expected: String) -> JSONParseError {
        guard index < bytes.count else { return failure("unexpected end of text, expected \(expected)") }
        let byte = bytes[index]
        let found = (0x20..<0x7F).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte 0x\(hex(byte))"
        return failure("unexpected \(found), expected \(expected)")
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    // MARK: - Values

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> Builder.Value {
        guard index < bytes.count else { throw unexpected("a value") }
        let position = builder.position(at: index, in: bytes)
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1, at: position)
        case UInt8(ascii: "["): return try array(depth: depth + 1, at: position)
        case UInt8(ascii: "\""): return builder.string(try string(), position)
        case UInt8(ascii: "t"):
            try literal("true")
            return builder.bool(true, position)
        case UInt8(ascii: "f"):
            try literal("false")
            return builder.bool(false, position)
        case UInt8(ascii: "n"):
            try literal("null")
            return builder.null(position)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(at: position)
        default: throw unexpected("a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let start = index
        for byte in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard index < bytes.count, bytes[index] == byte else {
                index = start
                throw unexpected("a value")
            }
            index += 1
        }
    }

    private mutating func enter(_ depth: Int) throws(JSONParseError) {
        if depth > maximumDepth {
            throw failure("the JSON nests more than \(maximumDepth) arrays and objects deep")
        }
        index += 1
        skipWhitespace()
    }

    private mutating func object(depth: Int, at position: Builder.Position) throws(JSONParseError) -> Builder.Value {
        try enter(depth)
        var members = builder.makeObject()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return builder.object(members, position)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected("a string key") }
            let keyPosition = builder.position(at: index, in: bytes)
            let key = try self.key()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected("':'") }
            index += 1
            skipWhitespace()
            let member = try value(depth: depth)
            builder.add(key, at: keyPosition, member, to: &members)
            skipWhitespace()
            guard index < bytes.count else { throw unexpected("',' or '}'") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return builder.object(members, position)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw unexpected("',' or '}'") }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func array(depth: Int, at position: Builder.Position) throws(JSONParseError) -> Builder.Value {
        try enter(depth)
        var elements: [Builder.Value] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return builder.array(elements, position)
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw unexpected("',' or ']'") }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return builder.array(elements, position)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw unexpected("',' or ']'") }
            index += 1
            skipWhitespace()
        }
    }

    // MARK: - Strings

    /// An object key: a string, taken from `keys` when the same ASCII bytes were a key before.
    private mutating func key() throws(JSONParseError) -> String {
        var end = index + 1
        var hash = 0
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20,
            bytes[end] < 0x80
        {
            hash = (hash &* 31) &+ Int(bytes[end])
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return try string() }
        let slot = (hash ^ (hash >> 8)) & (keys.count - 1)
        let text = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
        if let known = keys[slot], known.utf8.count == text.count,
            known.utf8.withContiguousStorageIfAvailable({ $0.elementsEqual(text) }) ?? false
        {
            index = end + 1
            return known
        }
        let made = try string()
        keys[slot] = made
        return made
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1  // the opening quote
        let start = index
        var bits: UInt8 = 0
        // The common case: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                // ASCII needs no validation; `String(validating:)` is generic and costs more than the rest of a
                // parse (measured: a quarter of a 2.7 MB answer's parse).
                let text =
                    bits < 0x80
                    ? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    : try decodeUTF8(start..<index)
                index += 1
                return text
            }
            bits |= byte
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character must be escaped in a string") }
            index += 1
        }
        // With escapes: the UTF-8 of the runs between them (each validated) and of each escaped character, decoded
        // once at the end.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(index - start + 16)
        var runStart = start
        func appendRun(_ reader: Self, upTo end: Int) throws(JSONParseError) {
            if bits >= 0x80 { _ = try reader.decodeUTF8(runStart..<end) }
            utf8.append(contentsOf: UnsafeBufferPointer(rebasing: reader.bytes[runStart..<end]))
            bits = 0
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                try appendRun(self, upTo: index)
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendRun(self, upTo: index)
                let scalar = try escape()
                UTF8.encode(scalar) { utf8.append($0) }
                runStart = index
            case ..<0x20:
                throw failure("a control character must be escaped in a string")
            default:
                bits |= byte
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    private func decodeUTF8(_ range: Range<Int>) throws(JSONParseError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if let text = String(validating: slice, as: UTF8.self) { return text }
        var parser = self
        parser.index = range.lowerBound + JSONParser.firstInvalidUTF8Offset(in: Data(slice))
        throw parser.failure("invalid UTF-8")
    }

    private mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
        index += 1
        guard index < bytes.count else { throw unexpected("an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexQuad()
            if (0xD800..<0xDC00).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("a high surrogate must be followed by a low surrogate") }
                index += 2
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw failure("a high surrogate must be followed by a low surrogate")
                }
                let value = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                if let scalar = Unicode.Scalar(value) { return scalar }
            } else if let scalar = Unicode.Scalar(unit) {
                return scalar
            }
            throw failure("a lone surrogate \\u\(String(unit, radix: 16)) is not a character")
        default:
            index -= 1
            throw unexpected("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)")
        }
    }

    private mutating func hexQuad() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw unexpected("four hexadecimal digits") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw unexpected("four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    // MARK: - Numbers

    private mutating func number(at position: Builder.Position) throws(JSONParseError) -> Builder.Value {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected("a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("a number must not start with 0") }
        } else {
            skipDigits()
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected("a digit after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected("a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = builder.number(text, isInteger: isInteger, position) else {
            throw failure("the number \(text) is too large for a 64-bit floating-point value")
        }
        return number
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}
