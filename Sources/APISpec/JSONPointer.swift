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
        tokens.map { "/" + escape($0) }.joined()
    }

    /// One token escaped: `~` → `~0`, `/` → `~1`.
    public static func escape(_ token: String) -> String {
        // `~` first, so the `~` that escaping `/` adds is not escaped again.
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The unescaped tokens of a pointer: `/a~1b/0` → `["a/b", "0"]`; `""` (the whole document) has none.
    public static func tokens(_ pointer: String) -> [String] {
        guard !pointer.isEmpty else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { token in
            guard token.contains("~") else { return String(token) }
            return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}
