// The `regex` format: whether a string is a regular expression by ECMA-262's pattern grammar, read with the `u`
// flag (JSON Schema 2020-12 §7.3.8 names ECMA-262; its Unicode mode is the strict one, without Annex B's leniency:
// `\a`, a lone `{` or `]`, and an escaped `-` outside a class are errors).
//
// Written here because ICU (what `pattern` compiles with) reads a different dialect: it accepts `\a` and possessive
// quantifiers, and refuses nothing of ECMA-262's that matters here. The scan is one pass without recursion, so a
// string of a million `(` costs a counter, not a stack.

/// ECMA-262 regular-expression syntax.
enum ECMARegexSyntax {
    static func isValid(_ s: [Unicode.Scalar]) -> Bool {
        var scanner = Scanner(s: s)
        return scanner.scan()
    }

    private struct Scanner {
        let s: [Unicode.Scalar]
        var index = 0
        /// For each open group, whether it can take a quantifier once closed (lookarounds cannot).
        var open: [Bool] = []
        var canQuantify = false
        var groups = 0
        var names: Set<String> = []
        var referencedNames: Set<String> = []
        var largestBackReference = 0

        init(s: [Unicode.Scalar]) { self.s = s }

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < s.count ? s[index + offset] : nil
        }

        mutating func scan() -> Bool {
            while let scalar = peek() {
                switch scalar {
                case "(":
                    guard openGroup() else { return false }
                case ")":
                    guard let quantifiable = open.popLast() else { return false }
                    index += 1
                    canQuantify = quantifiable
                case "|", "^", "$":
                    index += 1
                    canQuantify = false
                case "*", "+", "?":
                    guard canQuantify else { return false }
                    index += 1
                    finishQuantifier()
                case "{":
                    guard canQuantify, boundedQuantifier() else { return false }
                    finishQuantifier()
                case "}", "]":
                    return false
                case "[":
                    guard characterClass() else { return false }
                    canQuantify = true
                case "\\":
                    guard atomEscape() else { return false }
                default:
                    index += 1
                    canQuantify = true
                }
            }
            return open.isEmpty && largestBackReference <= groups && referencedNames.isSubset(of: names)
        }

        private mutating func finishQuantifier() {
            if peek() == "?" { index += 1 }
            canQuantify = false
        }

        private mutating func openGroup() -> Bool {
            index += 1
            var quantifiable = true
            if peek() == "?" {
                switch (peek(1), peek(2)) {
                case (":"?, _):
                    index += 2
                case ("="?, _), ("!"?, _):
                    index += 2
                    quantifiable = false
                case ("<"?, "="?), ("<"?, "!"?):
                    index += 3
                    quantifiable = false
                case ("<"?, _):
                    index += 2
                    guard let name = groupName(), names.insert(name).inserted else { return false }
                    groups += 1
                default:
                    return false
                }
            } else {
                groups += 1
            }
            open.append(quantifiable)
            canQuantify = false
            return true
        }

        /// A group name after `<`, through the closing `>`: an identifier.
        private mutating func groupName() -> String? {
            var name = String.UnicodeScalarView()
            while let scalar = peek(), scalar != ">" {
                let isStart = scalar.properties.isIDStart || scalar == "$" || scalar == "_"
                guard isStart || (!name.isEmpty && (scalar.properties.isIDContinue || scalar == "\u{200C}"))
                else { return nil }
                name.append(scalar)
                index += 1
            }
            guard peek() == ">", !name.isEmpty else { return nil }
            index += 1
            return String(name)
        }

        /// `{n}`, `{n,}` or `{n,m}` with n ≤ m.
        private mutating func boundedQuantifier() -> Bool {
            index += 1
            guard let low = decimal() else { return false }
            var high: Int? = low
            if peek() == "," {
                index += 1
                high = peek() == "}" ? nil : decimal()
                if high == nil, peek() != "}" { return false }
            }
            guard peek() == "}" else { return false }
            index += 1
            return high.map { low <= $0 } ?? true
        }

        private mutating func decimal() -> Int? {
            var value: Int?
            while let scalar = peek(), scalar.isASCIIDigit {
                value = min((value ?? 0) * 10 + Int(scalar.value - 48), Int(Int32.max))
                index += 1
            }
            return value
        }

        /// An escape outside a class: an assertion, a class escape, a back reference or a character escape.
        private mutating func atomEscape() -> Bool {
            guard let escaped = peek(1) else { return false }
            canQuantify = true
            switch escaped {
            case "b", "B":
                index += 2
                canQuantify = false
                return true
            case "1"..."9":
                index += 1
                largestBackReference = max(largestBackReference, decimal() ?? 0)
                return true
            case "k":
                index += 2
                guard peek() == "<" else { return false }
                index += 1
                guard let name = groupName() else { return false }
                referencedNames.insert(name)
                return true
            default:
                return classOrCharacterEscape(inClass: false) != nil
            }
        }

        /// A character escape or class escape at `\`; returns whether it stands for a single character (so that
        /// it can bound a range), or nil when it is not an escape.
        private mutating func classOrCharacterEscape(inClass: Bool) -> Bool? {
            index += 1
            guard let escaped = peek() else { return nil }
            index += 1
            switch escaped {
            case "d", "D", "s", "S", "w", "W":
                return false
            case "p", "P":
                guard peek() == "{" else { return nil }
                let name = s[index...].prefix { $0 != "}" }
                guard index + name.count < s.count, name.count > 1,
                    name.dropFirst().allSatisfy({ $0.isASCIIAlphanumeric || $0 == "_" || $0 == "=" })
                else { return nil }
                index += name.count + 1
                return false
            case "f", "n", "r", "t", "v":
                return true
            case "c":
                guard let letter = peek(), letter.isASCIILetter else { return nil }
                index += 1
                return true
            case "0":
                return peek()?.isASCIIDigit == true ? nil : true
            case "x":
                return hexDigits(2) ? true : nil
            case "u":
                if peek() == "{" {
                    index += 1
                    var value: UInt32 = 0
                    var count = 0
                    while let scalar = peek(), scalar.properties.isASCIIHexDigit {
                        value = min(value * 16 + UInt32(Int(String(scalar), radix: 16) ?? 0), 0x11_0000)
                        count += 1
                        index += 1
                    }
                    guard count > 0, value <= 0x10_FFFF, peek() == "}" else { return nil }
                    index += 1
                    return true
                }
                return hexDigits(4) ? true : nil
            case "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/":
                return true
            case "-" where inClass, "b" where inClass:
                return true
            default:
                return nil
            }
        }

        private mutating func hexDigits(_ count: Int) -> Bool {
            guard index + count <= s.count, s[index..<(index + count)].allSatisfy(\.properties.isASCIIHexDigit)
            else { return false }
            index += count
            return true
        }

        /// `[…]`: class atoms and ranges between two single characters in order, through the closing `]`.
        private mutating func characterClass() -> Bool {
            index += 1
            if peek() == "^" { index += 1 }
            var previous: UInt32?
            var pendingRange = false
            while let scalar = peek(), scalar != "]" {
                var single: UInt32?
                if scalar == "\\" {
                    let start = index + 1
                    guard let isSingle = classOrCharacterEscape(inClass: true) else { return false }
                    single = isSingle ? escapedValue(from: start) : nil
                } else {
                    index += 1
                    single = scalar.value
                }
                if pendingRange {
                    guard let low = previous, let high = single, low <= high else { return false }
                    pendingRange = false
                    previous = nil
                    continue
                }
                if peek() == "-", let next = peek(1), next != "]" {
                    guard single != nil else { return false }
                    index += 1
                    pendingRange = true
                    previous = single
                    continue
                }
                previous = single
            }
            guard peek() == "]" else { return false }
            index += 1
            return true
        }

        /// The character a single-character escape starting at `start` (after the `\`) stands for.
        private func escapedValue(from start: Int) -> UInt32? {
            let escaped = s[start]
            switch escaped {
            case "f": return 0x0C
            case "n": return 0x0A
            case "r": return 0x0D
            case "t": return 0x09
            case "v": return 0x0B
            case "b": return 0x08
            case "0": return 0
            case "c": return s[start + 1].value % 32
            case "x", "u":
                let digits = s[(start + 1)..<index].filter(\.properties.isASCIIHexDigit)
                return UInt32(String(String.UnicodeScalarView(digits)), radix: 16)
            default: return escaped.value
            }
        }
    }
}
