/// Turns spec names into Swift identifiers: `first_name` → `firstName`, `find pet by id` → `FindPetById`,
/// `2fa` → `_2fa`, `default` → `` `default` ``.
public enum SwiftNaming {
    /// Words of a name: split at anything that is not a letter or digit, and where lower case turns upper.
    static func words(_ name: String) -> [String] {
        // Works on ASCII bytes: names are split and rebuilt for every property, so this is a hot path.
        let bytes = Array(name.utf8)
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

    /// `member_list` → `MemberList`, `member_ids` → `MemberIDs`; keeps inner capitals (`TechSupport` stays).
    public static func typeName(_ name: String) -> String {
        let joined = words(name).map(capitalized).joined()
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
        let tail = parts.dropFirst().map(capitalized)
        let name = head + tail.joined()
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
        func numbered(_ number: Int) -> String { safeIdentifier(base + String(number), reserved: []) }
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
