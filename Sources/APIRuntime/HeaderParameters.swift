/// The parameters of a header value such as `form-data; name="a;b"; filename="x.png"` or
/// `multipart/form-data; Boundary=abc`: split at the semicolons outside quoted strings, names without regard to case
/// (RFC 9110 §5.6.6), quoted values unquoted (`\"` is a quote).
enum HeaderParameters {
    /// The value of parameter `name` (any case), or nil when the header value has none.
    static func value(of name: String, in header: some StringProtocol) -> String? {
        let wanted = name.lowercased()
        return parameters(of: header).first { $0.name == wanted }?.value
    }

    /// Each `name=value` after the first `;`, names lowercased, in order.
    static func parameters(of header: some StringProtocol) -> [(name: String, value: String)] {
        var pieces: [String] = []
        var current = ""
        var inQuotes = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "\"" {
                current.append(character)
                inQuotes.toggle()
            } else if character == ";" && !inQuotes {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        return pieces.dropFirst().compactMap { piece in
            guard let equals = piece.firstIndex(of: "=") else { return nil }
            let name = piece[..<equals].trimmingWhitespace.lowercased()
            var value = piece[piece.index(after: equals)...].trimmingWhitespace
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                value = Substring(unquoted(value.dropFirst().dropLast()))
            }
            return (name, String(value))
        }
    }

    /// A quoted string's content with its quoted pairs (`\"`, `\\`) undone.
    private static func unquoted(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
