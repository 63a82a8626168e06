import Foundation

// `idn-hostname`: internationalized host names by IDNA 2008 (RFC 5890–5892), with Punycode (RFC 3492) for A-labels.
//
// Written here because no well-kept Swift package checks IDNA 2008 (swift-foundation's URL parser maps hosts with
// UTS #46 through ICU and accepts what RFC 5892 disallows; the Swift IDNA packages that exist are unmaintained ports).
// The derived property of RFC 5892 §2–3 is computed from the Unicode properties the standard library has
// (general category, Changes_When_NFKC_Casefolded, Default_Ignorable_Code_Point, White_Space,
// Noncharacter_Code_Point, the canonical combining class), so it follows the standard library's Unicode version.
// Two properties the standard library lacks are tables here: scripts (Greek, Hebrew, Hiragana, Katakana, Han, for
// the CONTEXTO rules) and Joining_Type (for ZERO WIDTH NON-JOINER), which covers the joining scripts' letters:
// Arabic, Syriac, N'Ko and Mongolian. The Bidi rule (RFC 5893) is not checked: the standard library has no
// Bidi_Class, and the rule is about how labels display, not which code points they may hold.
//
// Bounded: a host name has at most 253 characters and a label at most 63, so longer input is refused before any
// label is decoded or encoded.

/// IDNA 2008 host names.
enum IDNA {
    /// Whether `s` is a host name of IDNA 2008: labels separated by any of the four full stops, each an ASCII
    /// label, an A-label (`xn--` and Punycode) or a U-label, at most 63 characters each in ASCII form and 253 in all.
    static func isHostname(_ s: [Unicode.Scalar]) -> Bool {
        guard !s.isEmpty, s.count <= 253 else { return false }
        var total = 0
        for label in s.split(omittingEmptySubsequences: false, whereSeparator: isFullStop) {
            guard let length = asciiLength(ofLabel: Array(label)) else { return false }
            total += length + 1
        }
        return total - 1 <= 253
    }

    private static func isFullStop(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "\u{3002}" || scalar == "\u{FF0E}" || scalar == "\u{FF61}"
    }

    /// The length of a valid label in ASCII form, or nil when it is not valid.
    private static func asciiLength(ofLabel label: [Unicode.Scalar]) -> Int? {
        guard !label.isEmpty, label.count <= 63 else { return nil }
        if label.allSatisfy(\.isASCII) {
            let lowered = label.map { $0.isASCIILetter ? Unicode.Scalar($0.value | 0x20) ?? $0 : $0 }
            if lowered.count > 4, lowered[0] == "x", lowered[1] == "n", lowered[2] == "-", lowered[3] == "-" {
                // An A-label: the Punycode must decode to a valid U-label that encodes back to it.
                guard let decoded = Punycode.decode(lowered[4...]), !decoded.allSatisfy(\.isASCII),
                    isULabel(decoded), Punycode.encode(decoded) == Array(lowered[4...])
                else { return nil }
                return label.count
            }
            guard label.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "-" }), hasValidHyphens(label) else {
                return nil
            }
            return label.count
        }
        guard isULabel(label), let encoded = Punycode.encode(label), encoded.count + 4 <= 63 else { return nil }
        return encoded.count + 4
    }

    /// RFC 5891 §4.2.3.1: no hyphen first or last, and none in both the third and fourth positions.
    private static func hasValidHyphens(_ label: [Unicode.Scalar]) -> Bool {
        label.first != "-" && label.last != "-" && !(label.count >= 4 && label[2] == "-" && label[3] == "-")
    }

    /// RFC 5891 §4.2: in NFC, hyphens placed well, not starting with a combining mark, and every code point PVALID
    /// or allowed by its contextual rule.
    static func isULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard hasValidHyphens(label), let first = label.first else { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        let text = String(String.UnicodeScalarView(label))
        guard Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) == label else { return false }
        for index in label.indices {
            switch property(of: label[index]) {
            case .valid: continue
            case .disallowed: return false
            case .contextual: guard isAllowedInContext(label, at: index) else { return false }
            }
        }
        return true
    }

    enum Property {
        case valid
        case contextual
        case disallowed
    }

    /// The derived property of RFC 5892 §3, CONTEXTJ and CONTEXTO together as `contextual`.
    static func property(of scalar: Unicode.Scalar) -> Property {
        let value = scalar.value
        switch value {
        case 0xDF, 0x3C2, 0x6FD, 0x6FE, 0xF0B, 0x3007: return .valid
        case 0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, 0x660...0x669, 0x6F0...0x6F9, 0x200C, 0x200D: return .contextual
        case 0x640, 0x7FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        case 0x61...0x7A, 0x30...0x39, 0x2D: return .valid
        default: break
        }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned || properties.changesWhenNFKCCaseFolded
            || properties.isDefaultIgnorableCodePoint || properties.isWhitespace || properties.isNoncharacterCodePoint
        {
            return .disallowed
        }
        switch value {
        // Combining marks for symbols, musical symbols, ancient Greek musical notation, old Hangul jamo.
        case 0x20D0...0x20FF, 0x1D100...0x1D24F, 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed
        default: break
        }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark,
            .spacingMark:
            return .valid
        default: return .disallowed
        }
    }

    /// The contextual rules of RFC 5892 appendix A.
    private static func isAllowedInContext(_ label: [Unicode.Scalar], at index: Int) -> Bool {
        let before = index > 0 ? label[index - 1] : nil
        let after = index + 1 < label.count ? label[index + 1] : nil
        switch label[index].value {
        case 0x200C:
            if before?.properties.canonicalCombiningClass.rawValue == 9 { return true }
            // (L|D) T* ZWNJ T* (R|D)
            let left = label[..<index].reversed().first { joiningType($0) != .transparent }
            let right = label[(index + 1)...].first { joiningType($0) != .transparent }
            guard let left, let right else { return false }
            return [.left, .dual].contains(joiningType(left)) && [.right, .dual].contains(joiningType(right))
        case 0x200D: return before?.properties.canonicalCombiningClass.rawValue == 9
        case 0xB7: return before == "l" && after == "l"
        case 0x375: return after.map(isGreek) ?? false
        case 0x5F3, 0x5F4: return before.map(isHebrew) ?? false
        case 0x30FB: return label.contains { $0.value != 0x30FB && isJapanese($0) }
        case 0x660...0x669: return !label.contains { (0x6F0...0x6F9).contains($0.value) }
        case 0x6F0...0x6F9: return !label.contains { (0x660...0x669).contains($0.value) }
        default: return false
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x374, 0x375, 0x37E, 0x385, 0x387: return false
        case 0x370...0x3FF, 0x1F00...0x1FFF, 0x10140...0x1018F: return true
        default: return false
        }
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        (0x591...0x5F4).contains(scalar.value) || (0xFB1D...0xFB4F).contains(scalar.value)
    }

    /// Hiragana, Katakana or Han.
    private static func isJapanese(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3041...0x309F, 0x1B001...0x1B11F, 0x1F200: return true
        case 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF, 0x32D0...0x32FE, 0x3300...0x3357, 0xFF66...0xFF6F,
            0xFF71...0xFF9D, 0x1B000:
            return true
        case 0x2E80...0x2E99, 0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F:
            return true
        default: return false
        }
    }

    enum JoiningType {
        case left, right, dual, transparent, other
    }

    /// Unicode's Joining_Type for the joining scripts' letters; marks and format characters are transparent.
    static func joiningType(_ scalar: Unicode.Scalar) -> JoiningType {
        let value = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return value == 0x200C || value == 0x200D ? .other : .transparent
        case .otherLetter: break
        default: return .other
        }
        switch value {
        case 0x621, 0x674: return .other
        case 0x622...0x625, 0x627, 0x629, 0x62F...0x632, 0x648, 0x671...0x673, 0x675...0x677, 0x688...0x699, 0x6C0,
            0x6C3...0x6CB, 0x6CD, 0x6CF, 0x6D2, 0x6D3, 0x6D5, 0x6EE, 0x6EF, 0x759...0x75B, 0x76B, 0x76C, 0x771, 0x773,
            0x774, 0x778, 0x779, 0x8AA...0x8AC, 0x8AE, 0x8B1, 0x8B2, 0x8B9:
            return .right
        case 0x710, 0x715...0x719, 0x71E, 0x728, 0x72A, 0x72C, 0x72F, 0x74D: return .right
        case 0x620...0x6FF, 0x710...0x74F, 0x750...0x77F, 0x7CA...0x7EA, 0x8A0...0x8C9, 0x1820...0x1878: return .dual
        default: return .other
        }
    }
}

/// Punycode (RFC 3492), the encoding of A-labels.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / 700 : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + 38)
    }

    private static func threshold(_ k: Int, bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "a"..."z": Int(scalar.value) - 0x61
        case "A"..."Z": Int(scalar.value) - 0x41
        case "0"..."9": Int(scalar.value) - 0x30 + 26
        default: nil
        }
    }

    private static func digit(_ value: Int) -> Unicode.Scalar {
        Unicode.Scalar(UInt8(value < 26 ? 0x61 + value : 0x30 + value - 26))
    }

    /// The code points `input` encodes, or nil when it is not Punycode.
    static func decode(_ input: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar]? {
        var output: [Unicode.Scalar] = []
        var position = input.startIndex
        if let delimiter = input.lastIndex(of: "-") {
            guard input[..<delimiter].allSatisfy(\.isASCII) else { return nil }
            output = Array(input[..<delimiter])
            position = delimiter + 1
        }
        var n = 128
        var i = 0
        var bias = 72
        while position < input.endIndex {
            let old = i
            var weight = 1
            var k = base
            while true {
                guard position < input.endIndex, let value = digitValue(input[position]) else { return nil }
                position += 1
                guard value <= (Int(Int32.max) - i) / weight else { return nil }
                i += value * weight
                let t = threshold(k, bias: bias)
                if value < t { break }
                guard weight <= Int(Int32.max) / (base - t) else { return nil }
                weight *= base - t
                k += base
            }
            bias = adapt(i - old, points: output.count + 1, first: old == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard let scalar = Unicode.Scalar(UInt32(clamping: n)), n >= 0x80 else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    /// The Punycode of `input` (without the `xn--` prefix), or nil when a count overflows.
    static func encode(_ input: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var output = input.filter(\.isASCII)
        let basic = output.count
        var handled = basic
        if basic > 0 { output.append("-") }
        var n = 128
        var delta = 0
        var bias = 72
        while handled < input.count {
            guard let m = input.lazy.map({ Int($0.value) }).filter({ $0 >= n }).min() else { return nil }
            guard (m - n) <= (Int(Int32.max) - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for scalar in input {
                let value = Int(scalar.value)
                if value < n { delta += 1 }
                guard value == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = threshold(k, bias: bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, points: handled + 1, first: handled == basic)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return output
    }
}
