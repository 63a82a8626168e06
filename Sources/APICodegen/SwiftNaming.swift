import Foundation

/// Turns spec names into Swift identifiers: `first_name` → `firstName`, `find pet by id` → `FindPetById`,
/// `2fa` → `_2fa`, `default` → `` `default` ``.
public enum SwiftNaming {
    /// Words of a name: split at anything that is not a letter or digit, and where lower case turns upper.
    /// Letters of any script are kept (`статус`, `prénom`, `用户名`), as Swift identifiers allow. A name with no
    /// letter spells its signs (`>=` → greater, than, equals; `-1` → minus, 1), which would otherwise leave nothing
    /// (`unnamed`) or only digits that read as another number (`-1` as `_1`).
    static func words(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        let words = bytes.allSatisfy({ $0 < 0x80 }) ? asciiWords(bytes) : unicodeWords(name)
        return words.contains { $0.contains(where: \.isLetter) } ? words : spelledWords(name)
    }

    /// `words(_:)` of an ASCII name.
    private static func asciiWords(_ bytes: [UInt8]) -> [String] {
        // Works on ASCII bytes: names are split and rebuilt for every property, so this is a hot path.
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        var words: [String] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                if let first = start { words.append(String(decoding: bytes[first..<index], as: UTF8.self)) }
                start = nil
                continue
            }
            if let first = start, index > first, isUpper(byte) {
                let previous = bytes[index - 1]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                // `firstName` splits before `N`; `URLValue` splits before `V`, keeping the acronym whole.
                if isLower(previous) || isDigit(previous) || (isUpper(previous) && isLower(next)) {
                    words.append(String(decoding: bytes[first..<index], as: UTF8.self))
                    start = index
                }
            }
            if start == nil { start = index }
        }
        if let first = start { words.append(String(decoding: bytes[first...], as: UTF8.self)) }
        return words
    }

    /// `words(_:)` of a name with other scripts: the same splits, over Unicode scalars in canonical composition
    /// (so `é` written as `e` and an accent is one identifier, not two that look alike). Only letters, digits and
    /// combining marks that Swift allows in an identifier are kept: format characters such as the right-to-left
    /// override, which could make generated code read differently from what it is, are separators.
    private static func unicodeWords(_ name: String) -> [String] {
        let scalars = Array(name.precomposedStringWithCanonicalMapping.unicodeScalars)
        func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.numericType == .decimal }
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let kind = identifierKind(scalar)
            guard kind != .none, kind != .mark || !word.isEmpty else {
                if !word.isEmpty { words.append(String(word)) }
                word = String.UnicodeScalarView()
                continue
            }
            if let previous = word.last, scalar.properties.isUppercase {
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                if previous.properties.isLowercase || isDigit(previous)
                    || (previous.properties.isUppercase && next.properties.isLowercase)
                {
                    words.append(String(word))
                    word = String.UnicodeScalarView()
                }
            }
            word.append(scalar)
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }

    /// What a scalar can be in a generated identifier.
    private enum IdentifierKind { case none, letter, digit, mark }

    /// Letters and decimal digits of any script, and combining marks after them, within the ranges Swift's lexer
    /// accepts in identifiers (C11's Annex D, which Swift uses), and visible.
    private static func identifierKind(_ scalar: Unicode.Scalar) -> IdentifierKind {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            if (65...90).contains(byte) || (97...122).contains(byte) { return .letter }
            return (48...57).contains(byte) ? .digit : .none
        }
        // Default-ignorable scalars are invisible: a Hangul filler (U+3164) is a letter, a variation selector a mark,
        // and either would make a name that looks like another, or like nothing.
        guard isIdentifierContinuation(scalar.value), !scalar.properties.isDefaultIgnorableCodePoint else {
            return .none
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber: return .digit
        case .nonspacingMark, .spacingMark: return .mark
        default: return .none
        }
    }

    /// Code points past ASCII that Swift accepts after an identifier's first character. The first may be any of
    /// them but the combining marks, which `unicodeWords` never puts first.
    private static func isIdentifierContinuation(_ value: UInt32) -> Bool {
        if value >= 0x10000 { return value < 0xF0000 && value & 0xFFFF <= 0xFFFD }
        return identifierRanges.contains { $0.contains(value) }
    }

    /// C11 Annex D's ranges below U+10000, past ASCII.
    private static let identifierRanges: [ClosedRange<UInt32>] = [
        0xA8...0xA8, 0xAA...0xAA, 0xAD...0xAD, 0xAF...0xAF, 0xB2...0xB5, 0xB7...0xBA, 0xBC...0xBE, 0xC0...0xD6,
        0xD8...0xF6, 0xF8...0x167F, 0x1681...0x180D, 0x180F...0x1FFF, 0x2070...0x218F, 0x2460...0x24FF,
        0x2776...0x2793, 0x2C00...0x2DFF, 0x2E80...0x2FFF, 0x3004...0x3007, 0x3021...0x302F, 0x3031...0x303F,
        0x3040...0xD7FF, 0xF900...0xFD3D, 0xFD40...0xFDCF, 0xFDF0...0xFE44, 0xFE47...0xFFFD,
    ]

    /// The words of a name without letters: runs of digits, a sign before a number (`-1` → minus, 1), and, in a
    /// name without digits, each ASCII sign by its name (`!=` → not, equals). Other characters separate.
    private static func spelledWords(_ name: String) -> [String] {
        let scalars = Array(name.unicodeScalars)
        let hasDigit = scalars.contains { identifierKind($0) == .digit }
        var words: [String] = []
        var digits = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if identifierKind(scalar) == .digit {
                digits.append(scalar)
                continue
            }
            if !digits.isEmpty { words.append(String(digits)) }
            digits = String.UnicodeScalarView()
            let beforeNumber = index + 1 < scalars.count && identifierKind(scalars[index + 1]) == .digit
            if (scalar == "-" || scalar == "+") && beforeNumber && words.isEmpty {
                words.append(scalar == "-" ? "minus" : "plus")
            } else if !hasDigit, scalar.isASCII, let spelled = signNames[Character(scalar)] {
                words += spelled.split(separator: " ").map(String.init)
            }
        }
        if !digits.isEmpty { words.append(String(digits)) }
        return words
    }

    /// ASCII signs by name, for names made only of them (`=`, `>=`, `*`, `_`).
    private static let signNames: [Character: String] = [
        "!": "not", "\"": "quote", "#": "hash", "$": "dollar", "%": "percent", "&": "and", "'": "apostrophe",
        "(": "open paren", ")": "close paren", "*": "asterisk", "+": "plus", ",": "comma", "-": "minus", ".": "dot",
        "/": "slash", ":": "colon", ";": "semicolon", "<": "less than", "=": "equals", ">": "greater than",
        "?": "question", "@": "at", "[": "open bracket", "\\": "backslash", "]": "close bracket", "^": "caret",
        "_": "underscore", "`": "backtick", "{": "open brace", "|": "or", "}": "close brace", "~": "tilde",
        " ": "space",
    ]

    /// Acronyms Swift writes in one case (`ID`, `URL`, …), by their lower-case spelling, as the API Design
    /// Guidelines ask: `member_ids` → `memberIDs`, `api_url` → `apiURL`, `find pet by id` → `FindPetByID`.
    static let acronyms: [String: String] = [
        "id": "ID", "ids": "IDs", "url": "URL", "urls": "URLs", "uri": "URI", "uris": "URIs", "uuid": "UUID",
        "uuids": "UUIDs", "http": "HTTP", "https": "HTTPS", "json": "JSON", "api": "API", "apis": "APIs",
        "html": "HTML", "xml": "XML",
    ]

    /// A word that is not the first of a name, capitalised, or in one case if it is an acronym.
    private static func capitalized(_ word: String) -> String {
        acronyms[word.lowercased()] ?? (word.prefix(1).uppercased() + word.dropFirst())
    }

    /// Words run together, with `_` where a number would run into the next (`v1.2` → `v1_2`, not `v12`).
    private static func joining(_ words: [String]) -> String {
        var result = ""
        for word in words {
            if let last = result.last, last.isNumber, word.first?.isNumber == true { result += "_" }
            result += word
        }
        return result
    }

    /// `member_list` → `MemberList`, `member_ids` → `MemberIDs`; keeps inner capitals (`TechSupport` stays).
    public static func typeName(_ name: String) -> String {
        let joined = joining(words(name).map(capitalized))
        let name = joined.isEmpty ? "Unnamed" : joined
        if ReservedNames.types.contains(name) || unescapable.contains(name) { return name + "Model" }
        return safeIdentifier(name, reserved: [])
    }

    /// `first_name` → `firstName`, `department_id` → `departmentID`, `ID` → `id`, `URLValue` → `urlValue`.
    public static func memberName(_ name: String) -> String {
        let parts = words(name)
        guard let first = parts.first else { return "unnamed" }
        let head: String
        if first.allSatisfy({ $0.isUppercase || $0.isNumber }) {
            head = first.lowercased()
        } else {
            head = first.prefix(1).lowercased() + first.dropFirst()
        }
        let name = joining([head] + parts.dropFirst().map(capitalized))
        // `.none` on an optional enum would mean Optional.none: a trap for every caller.
        if name == "none" { return "noneValue" }
        return safeIdentifier(name, reserved: [])
    }

    /// Escapes what cannot stand as is: a leading digit gets `_`, a keyword gets backticks, and the few words even
    /// backticks cannot rescue get a trailing `_`.
    static func safeIdentifier(_ identifier: String, reserved: Set<String>) -> String {
        var result = identifier
        if let first = result.first, first.isNumber { result = "_" + result }
        if reserved.contains(result) || unescapable.contains(result) { return result + "_" }
        if keywords.contains(result) { return "`\(result)`" }
        return result
    }

    /// The identifier without backticks, for building other names from it.
    static func bare(_ identifier: String) -> String {
        guard identifier.first == "`", identifier.count > 2 else { return identifier }
        return String(identifier.dropFirst().dropLast())
    }

    /// A name as an argument label, in a call or a function's name (`f(in: x)`, `f(in:)`): without backticks, which a
    /// keyword there does not need (Swift warns about them), except `inout`, which even there is a keyword.
    static func argumentLabel(_ identifier: String) -> String {
        let name = bare(identifier)
        return name == "inout" ? "`inout`" : name
    }

    /// Makes `name` unique among `taken` and `reserved` by appending 2, 3, … in the order names are asked for,
    /// and adds the result to `taken`.
    static func unique(_ name: String, in taken: inout SwiftNames, avoiding reserved: SwiftNames = []) -> String {
        let base = bare(name)
        guard taken.contains(base) || reserved.contains(base) else {
            taken.insert(base)
            return name
        }
        // `_1` twice is `_1_2`, not `_12`, which reads as twelve.
        let separator = base.last?.isNumber == true ? "_" : ""
        func numbered(_ number: Int) -> String { safeIdentifier(base + separator + String(number), reserved: []) }
        // Numbers below `firstFree` are all taken, and `taken` keeps them until `remove` lowers it again.
        var firstFree = taken.firstFree[base] ?? 2
        while taken.contains(bare(numbered(firstFree))) { firstFree += 1 }
        var number = firstFree
        while taken.contains(bare(numbered(number))) || reserved.contains(bare(numbered(number))) { number += 1 }
        taken.firstFree[base] = number == firstFree ? firstFree + 1 : firstFree
        let candidate = numbered(number)
        taken.insert(bare(candidate))
        return candidate
    }

    /// Swift keywords, which need backticks to be used as names.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "as", "false", "is", "nil", "super", "throws", "true", "try", "await", "async", "any",
        "some", "consume", "copy", "borrowing", "consuming", "package",
    ]

    /// Names that stay ambiguous or invalid even in backticks, or that shadow what generated code uses.
    static let unescapable: Set<String> = ["self", "Self", "Type", "Protocol", "init", "_"]

    /// Why `name`, given in `x-swift-name`, cannot be used as it is, or nil when it is a plain Swift identifier
    /// (ASCII letters, digits and `_`, not starting with a digit) that shadows nothing generated code relies on.
    static func problem(withExplicitName name: String, isTypeName: Bool) -> String? {
        let bytes = Array(name.utf8)
        func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) || byte == 95 }
        guard let first = bytes.first, isLetter(first), bytes.allSatisfy({ isLetter($0) || (48...57).contains($0) })
        else {
            return
                "x-swift-name \(name.swiftLiteral) is not a Swift identifier (letters, digits and _, not "
                + "starting with a digit)"
        }
        if unescapable.contains(name) || (isTypeName && keywords.contains(name)) {
            return "x-swift-name '\(name)' is a Swift keyword that cannot name this declaration"
        }
        if isTypeName, ReservedNames.types.contains(name) || ReservedNames.functions.contains(name) {
            return "x-swift-name '\(name)' would shadow '\(name)', which generated code uses; choose another name"
        }
        return nil
    }

    /// HTTPTypes' names of the success statuses it declares (`HTTPResponse.Status.noContent`).
    static let httpTypesStatusNames = [
        200: "ok", 201: "created", 202: "accepted", 203: "nonAuthoritativeInformation", 204: "noContent",
        205: "resetContent", 206: "partialContent",
    ]

    /// A success status's case name: HTTP's reason phrase in lower camel case (`noContent`), else `status299`.
    static func statusCaseName(_ status: Int) -> String {
        let others = [207: "multiStatus", 208: "alreadyReported", 226: "imUsed"]
        return httpTypesStatusNames[status] ?? others[status] ?? "status\(status)"
    }
}

/// The Swift names used in one scope. `SwiftNaming.unique` numbers a name that is taken; this remembers, for each
/// name, the first number that may still be free, so that many names that differ only in what Swift cannot spell
/// (`a☀`, `a☁`, … all become `a`) are numbered in linear time rather than each counting up from 2.
struct SwiftNames: ExpressibleByArrayLiteral {
    private(set) var names: Set<String>
    /// For a base name, a number such that the base followed by any smaller number from 2 on is taken.
    fileprivate var firstFree: [String: Int] = [:]

    init(_ names: Set<String>) {
        self.names = names
    }

    init(arrayLiteral elements: String...) {
        names = Set(elements)
    }

    func contains(_ name: String) -> Bool { names.contains(name) }

    @discardableResult
    mutating func insert(_ name: String) -> Bool { names.insert(name).inserted }

    mutating func formUnion(_ other: SwiftNames) { names.formUnion(other.names) }

    /// Frees `name`. Any base name it is a numbered form of may be given that number again.
    mutating func remove(_ name: String) {
        names.remove(name)
        let scalars = Array(name.unicodeScalars)
        var split = scalars.count
        while split > 0, ("0"..."9").contains(scalars[split - 1]) {
            split -= 1
            let digits = String(String.UnicodeScalarView(scalars[split...]))
            let base = String(String.UnicodeScalarView(scalars[..<split]))
            if let number = Int(digits), String(number) == digits, let first = firstFree[base], first > number {
                firstFree[base] = number
            }
        }
    }
}
