/// Builds indented Swift text line by line (4 spaces a level).
///
/// Spec text reaches the output through three doors only: `documentation(_:)` for comments, `SpecText.literal`
/// for string literals, and `SwiftNaming` for identifiers. `line(_:)` takes code the renderers composed from those.
struct CodeWriter {
    private(set) var text = ""
    private var indentation = 0

    /// Appends one line at the current indentation; an empty line has no trailing spaces.
    ///
    /// A line break inside `content` would let what follows it escape a comment, so any that slipped through is
    /// written as a space: one call is always one line of output.
    mutating func line(_ content: String = "") {
        if !content.isEmpty {
            for _ in 0..<indentation { text += "    " }
            text += SpecText.containsLineBreak(content) ? SpecText.singleLine(content) : content
        }
        text += "\n"
    }

    /// `header {`, the body one level deeper, `}`.
    mutating func block(_ header: String, _ body: (inout CodeWriter) -> Void) {
        line(header + " {")
        indentation += 1
        body(&self)
        indentation -= 1
        line("}")
    }

    /// The body one level deeper, with no lines around it.
    mutating func indented(_ body: (inout CodeWriter) -> Void) {
        indentation += 1
        body(&self)
        indentation -= 1
    }

    /// `switch subject {` with its `case` lines at the switch's own indentation, as Swift style has it.
    mutating func switchBlock(_ subject: String, _ body: (inout CodeWriter) -> Void) {
        line("switch \(subject) {")
        body(&self)
        line("}")
    }

    /// `///` lines from a description; blank lines inside stay, blank lines at the ends go.
    mutating func documentation(_ text: String?) {
        guard let text else { return }
        var lines = SpecText.commentLines(text)
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        for docLine in lines {
            line(docLine.isEmpty ? "///" : "/// " + docLine)
        }
    }

    /// Documentation paragraphs, separated by `///` lines.
    mutating func documentation(paragraphs: [String?]) {
        let present = paragraphs.compactMap { $0 }.filter { !$0.trimmingTrailingWhitespace().isEmpty }
        for (index, paragraph) in present.enumerated() {
            if index > 0 { line("///") }
            documentation(paragraph)
        }
    }

    /// A `//` comment line (the file header), its text kept on one line.
    mutating func comment(_ text: String) {
        line("// " + SpecText.singleLine(text))
    }
}

/// How text from a spec (written by anyone) becomes part of Swift source without becoming code.
enum SpecText {
    /// Lines of comment text. Every line terminator Swift or an editor recognises ends a line (`\n`, `\r`, `\r\n`,
    /// VT, FF, U+0085, U+2028, U+2029); control and bidirectional-formatting characters, which could hide code from
    /// a reader or upset the compiler, are written as visible `\u{…}` escapes.
    static func commentLines(_ text: String) -> [String] {
        // Runs of ordinary scalars are copied as slices; only the breaks and escapes are looked at one by one.
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var current = ""
        var runStart = scalars.startIndex
        var index = scalars.startIndex
        var previousWasCarriageReturn = false
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if isLineBreak(scalar) {
                current += String(scalars[runStart..<index])
                // `\r\n` is one line break, not two.
                if !(scalar == "\n" && previousWasCarriageReturn) {
                    lines.append(current.trimmingTrailingWhitespace())
                }
                current = ""
                runStart = next
                previousWasCarriageReturn = scalar == "\r"
            } else {
                previousWasCarriageReturn = false
                if isHidden(scalar) {
                    current += String(scalars[runStart..<index])
                    current += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                    runStart = next
                }
            }
            index = next
        }
        current += String(scalars[runStart..<index])
        lines.append(current.trimmingTrailingWhitespace())
        return lines
    }

    /// Comment text on one line: line breaks become spaces, runs of white space one space.
    static func singleLine(_ text: String) -> String {
        commentLines(text).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The text as a Swift string literal: quotes, backslashes, line breaks, control and bidirectional-formatting
    /// characters escaped, so neither the literal nor the line can end early and no interpolation can start.
    static func literal(_ text: String) -> String {
        "\"" + literalBody(text) + "\""
    }

    /// `literal(_:)` without the quotes, for building a literal from several parts.
    static func literalBody(_ text: String) -> String {
        // Runs that need no escape are copied as slices, as in `commentLines`.
        let scalars = text.unicodeScalars
        var result = ""
        var runStart = scalars.startIndex
        var index = scalars.startIndex
        while index != scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            let escape: String? =
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case "\n": "\\n"
                case "\r": "\\r"
                case "\t": "\\t"
                case _ where isLineBreak(scalar) || isHidden(scalar): "\\u{\(String(scalar.value, radix: 16))}"
                default: nil
                }
            if let escape {
                result += String(scalars[runStart..<index])
                result += escape
                runStart = next
            }
            index = next
        }
        result += String(scalars[runStart..<index])
        return result
    }

    /// Whether `text` holds any line terminator (a fast check on UTF-8 bytes; exact for every terminator above).
    static func containsLineBreak(_ text: String) -> Bool {
        var text = text
        // 0x0A–0x0D: LF, VT, FF, CR; 0xC2 starts U+0085; 0xE2 starts U+2028 and U+2029.
        let mayBreak = text.withUTF8 { bytes in
            bytes.contains { byte in (0x0A...0x0D).contains(byte) || byte == 0xC2 || byte == 0xE2 }
        }
        return mayBreak && text.unicodeScalars.contains(where: isLineBreak)
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Characters that are invisible or reorder what a reader sees: C0 and C1 controls (but tab), DEL, the
    /// bidirectional marks, embeddings, overrides and isolates, and the byte-order mark.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: true
        default: false
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }).trimmingTrailingWhitespace()
    }

    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }

    /// The text as a Swift string literal (`SpecText.literal`).
    var swiftLiteral: String { SpecText.literal(self) }

    /// The text escaped for use inside a Swift string literal, without the quotes (`SpecText.literalBody`).
    var swiftLiteralBody: String { SpecText.literalBody(self) }
}
