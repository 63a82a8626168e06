import APISpecCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The checks behind `format` when it is asserted: the RFCs each format names, without locale or network.
enum FormatCheck {
    static func isValid(_ text: String, as format: CompiledSchema.Format) -> Bool {
        let scalars = Array(text.unicodeScalars)
        switch format {
        case .date: return isDate(scalars[...])
        case .time: return isTime(scalars[...])
        case .dateTime:
            guard scalars.count > 11, scalars[10] == "T" || scalars[10] == "t" else { return false }
            return isDate(scalars[..<10]) && isTime(scalars[11...])
        case .duration: return isDuration(scalars)
        case .email: return isEmail(text, international: false)
        case .idnEmail: return isEmail(text, international: true)
        case .hostname: return isHostname(text)
        case .idnHostname: return IDNA.isHostname(scalars)
        case .ipv4: return isIPv4(text)
        case .ipv6: return isIPv6(text)
        case .uri: return URIGrammar(scalars, international: false).isValid(reference: false)
        case .uriReference: return URIGrammar(scalars, international: false).isValid(reference: true)
        case .iri: return URIGrammar(scalars, international: true).isValid(reference: false)
        case .iriReference: return URIGrammar(scalars, international: true).isValid(reference: true)
        case .uuid: return isUUID(scalars)
        case .uriTemplate: return isURITemplate(scalars)
        case .jsonPointer: return isJSONPointer(scalars[...])
        case .relativeJSONPointer: return isRelativeJSONPointer(scalars)
        case .regex: return ECMARegexSyntax.isValid(scalars)
        }
    }

    /// The value of a run of ASCII digits; nil when it is empty, holds anything else, or has more than 18 digits
    /// (which could overflow: an IPv4 part of twenty 2s trapped here, found by the `format` fuzz target).
    static func number(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        guard (1...18).contains(scalars.count), scalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        return scalars.reduce(0) { $0 * 10 + Int($1.value - 48) }
    }

    /// RFC 3339 full-date: `YYYY-MM-DD`, a real day of a real month.
    private static func isDate(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(s)
        guard s.count == 10, s[4] == "-", s[7] == "-", let year = number(s[0..<4]), let month = number(s[5..<7]),
            let day = number(s[8..<10]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// RFC 3339 full-time: `HH:MM:SS[.frac](Z|±HH:MM)`; a leap second only at 23:59 UTC.
    private static func isTime(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(s)
        guard s.count >= 9, s[2] == ":", s[5] == ":", let hour = number(s[0..<2]), let minute = number(s[3..<5]),
            let second = number(s[6..<8]), hour < 24, minute < 60, second <= 60
        else { return false }
        var rest = s[8...]
        if rest.first == "." {
            let digits = rest.dropFirst().prefix { ("0"..."9").contains($0) }
            guard !digits.isEmpty else { return false }
            rest = rest.dropFirst(1 + digits.count)
        }
        var offsetMinutes = 0
        if rest.count == 1, rest.first == "Z" || rest.first == "z" {
            offsetMinutes = 0
        } else {
            let offset = Array(rest)
            guard offset.count == 6, offset[0] == "+" || offset[0] == "-", offset[3] == ":",
                let hours = number(offset[1..<3]), let minutes = number(offset[4..<6]), hours < 24, minutes < 60
            else { return false }
            offsetMinutes = (hours * 60 + minutes) * (offset[0] == "+" ? 1 : -1)
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    private static func isUUID(_ s: [Unicode.Scalar]) -> Bool {
        guard s.count == 36 else { return false }
        for (index, scalar) in s.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard scalar == "-" else { return false }
            } else if !scalar.properties.isASCIIHexDigit {
                return false
            }
        }
        return true
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard let value = number(Array(part.unicodeScalars)[...]), value <= 255 else { return false }
                return part.count <= 3 && (part.count == 1 || part.first != "0")
            }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard
            text.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isASCIIHexDigit || ":.".unicodeScalars.contains($0))
            })
        else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and hyphens, 1–63 characters each, not
    /// starting or ending with a hyphen, at most 253 characters in all.
    private static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                }
        }
    }

    /// RFC 5321 mailboxes: a dot-atom or quoted local part, and a host name or an address literal. International
    /// ones (RFC 6531) may also hold any non-ASCII character in the local part, and an IDNA host name.
    private static func isEmail(_ text: String, international: Bool) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            let atext = "!#$%&'*+-/=?^_`{|}~"
            guard !local.isEmpty,
                local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ atom in
                    !atom.isEmpty
                        && atom.unicodeScalars.allSatisfy {
                            (international && !$0.isASCII && $0.value > 0x9F)
                                || ($0.isASCII
                                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
                                        || atext.unicodeScalars.contains($0)))
                        }
                })
            else { return false }
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = String(domain.dropFirst().dropLast())
            if literal.hasPrefix("IPv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(literal)
        }
        return international ? IDNA.isHostname(Array(domain.unicodeScalars)) : isHostname(domain)
    }
}
