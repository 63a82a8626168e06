import Foundation

/// JSON pointers (RFC 6901), the one notation for a place in a document: in diagnostics, in generated `Spec:`
/// lines, and for instance paths.
public enum JSONPointer {
    /// The tokens as a URI fragment: `["paths", "/members/{id}", "get"]` → `#/paths/~1members~1{id}/get`.
    public static func fragment(_ tokens: [String]) -> String {
        "#" + pointer(tokens)
    }

    /// The tokens as a pointer: `["members", "3", "banned"]` → `/members/3/banned`.
    public static func pointer(_ tokens: [String]) -> String {
        var pointer = ""
        for token in tokens {
            pointer += "/"
            pointer += escape(token)
        }
        return pointer
    }

    /// One token escaped: `~` → `~0`, `/` → `~1`.
    public static func escape(_ token: String) -> String {
        // `~` first, so the `~` that escaping `/` adds is not escaped again.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var escaped = String.UnicodeScalarView()
        for scalar in token.unicodeScalars {
            switch scalar {
            case "~": escaped.append(contentsOf: "~0".unicodeScalars)
            case "/": escaped.append(contentsOf: "~1".unicodeScalars)
            default: escaped.append(scalar)
            }
        }
        return String(escaped)
    }

    /// The unescaped tokens of a pointer: `/a~1b/0` → `["a/b", "0"]`; `""` (the whole document) has none.
    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
            return unescape(token)
        }
    }

    /// One token unescaped: `~1` → `/`, `~0` → `~` (a `~` before anything else stays as it is).
    package static func unescape(_ token: Substring) -> String {
        var result = String.UnicodeScalarView()
        var scalars = token.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "~" else {
                result.append(scalar)
                continue
            }
            switch scalars.next() {
            case "0": result.append("~")
            case "1": result.append("/")
            case let other?: result.append(contentsOf: ["~", other])
            case nil: result.append("~")
            }
        }
        return String(result)
    }

    /// A URI fragment with its percent-escapes decoded as UTF-8 (`/a%20b` → `/a b`), or nil when an escape is
    /// malformed or the bytes are not UTF-8. Pure Swift, so resolving a reference does not bridge to `NSString`.
    package static func percentDecoded(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
