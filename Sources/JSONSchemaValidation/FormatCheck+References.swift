// The grammars of the reference-like formats: URIs and IRIs (RFC 3986, RFC 3987), JSON pointers (RFC 6901) and
// relative JSON pointers, URI templates (RFC 6570) and durations (RFC 3339 appendix A). Each is one linear scan
// over the string's scalars, so no input can make it slow. Foundation's URL parser is not used: it accepts what
// the RFCs refuse (and differs between platforms), and the suite tests the RFCs.

extension FormatCheck {
    /// RFC 6901: empty, or `/`-led reference tokens in which `~` is always followed by `0` or `1`.
    static func isJSONPointer(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = s.first else { return true }
        guard first == "/" else { return false }
        var index = s.startIndex
        while index < s.endIndex {
            if s[index] == "~" {
                guard index + 1 < s.endIndex, s[index + 1] == "0" || s[index + 1] == "1" else { return false }
                index += 1
            }
            index += 1
        }
        return true
    }

    /// Relative JSON Pointer (draft-bhutton-relative-json-pointer-00): a non-negative integer without leading
    /// zeros, an optional index manipulation (`+n` or `-n`), then `#` or a JSON pointer.
    static func isRelativeJSONPointer(_ s: [Unicode.Scalar]) -> Bool {
        let digits = s.prefix { $0.isASCIIDigit }
        guard !digits.isEmpty, digits.count == 1 || digits.first != "0" else { return false }
        var rest = s[digits.count...]
        if let sign = rest.first, sign == "+" || sign == "-" {
            let amount = rest.dropFirst().prefix { $0.isASCIIDigit }
            guard !amount.isEmpty, amount.first != "0" else { return false }
            rest = rest.dropFirst(1 + amount.count)
        }
        if rest.count == 1, rest.first == "#" { return true }
        return isJSONPointer(rest)
    }

    /// RFC 3339 appendix A: `P` then a date part (`nY`, `nM`, `nD` in order, each from the first present to the
    /// last without gaps), a `T` and a time part (`nH`, `nM`, `nS` likewise), or weeks (`nW`) alone.
    static func isDuration(_ s: [Unicode.Scalar]) -> Bool {
        guard s.first == "P", s.count > 1 else { return false }
        var datePart: [Unicode.Scalar] = []
        var timePart: [Unicode.Scalar]?
        var index = 1
        while index < s.count {
            if s[index] == "T" {
                guard timePart == nil else { return false }
                timePart = []
                index += 1
                continue
            }
            let start = index
            while index < s.count, s[index].isASCIIDigit { index += 1 }
            guard index > start, index < s.count else { return false }
            if timePart == nil { datePart.append(s[index]) } else { timePart?.append(s[index]) }
            index += 1
        }
        let date = String(String.UnicodeScalarView(datePart))
        if date == "W" { return timePart == nil }
        guard ["", "D", "M", "MD", "Y", "YM", "YMD"].contains(date) else { return false }
        guard let time = timePart.map({ String(String.UnicodeScalarView($0)) }) else { return !date.isEmpty }
        return ["H", "HM", "HMS", "M", "MS", "S"].contains(time)
    }

    /// RFC 6570 level 4: literals, and expressions `{[operator]varspec,…}` whose variable names are letters, digits,
    /// `_` and percent-encodings joined by single dots, each with an optional `*` or `:n` (n from 1 to 9999).
    static func isURITemplate(_ s: [Unicode.Scalar]) -> Bool {
        var index = 0
        while index < s.count {
            let scalar = s[index]
            if scalar == "{" {
                guard let close = s[index...].firstIndex(of: "}") else { return false }
                guard isTemplateExpression(s[(index + 1)..<close]) else { return false }
                index = close + 1
                continue
            }
            if scalar == "%" {
                guard URIGrammar.isPercentEncoding(s, at: index) else { return false }
                index += 3
                continue
            }
            if scalar.value < 0x21 || "\"'<>\\^`{|}".unicodeScalars.contains(scalar)
                || (0x7F...0x9F).contains(scalar.value)
            {
                return false
            }
            index += 1
        }
        return true
    }

    private static func isTemplateExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = body
        if let first = body.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        return body.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { spec in
            var name = spec[...]
            if name.last == "*" {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: ":") {
                let length = name[(colon + 1)...]
                guard (1...4).contains(length.count), length.first != "0", length.allSatisfy(\.isASCIIDigit)
                else { return false }
                name = name[..<colon]
            }
            guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
            var index = name.startIndex
            while index < name.endIndex {
                let scalar = name[index]
                if scalar == "%" {
                    guard URIGrammar.isPercentEncoding(Array(name), at: index - name.startIndex) else { return false }
                    index += 3
                    continue
                }
                if scalar == "." {
                    guard name[index - 1] != "." else { return false }
                } else if !(scalar.isASCIIAlphanumeric || scalar == "_") {
                    return false
                }
                index += 1
            }
            return true
        }
    }
}

/// RFC 3986 URI and URI-reference, and RFC 3987 IRI and IRI-reference (`international`), checked by their ABNF.
struct URIGrammar {
    let s: [Unicode.Scalar]
    let international: Bool

    init(_ scalars: [Unicode.Scalar], international: Bool) {
        self.s = scalars
        self.international = international
    }

    /// Whether the string is a URI (or IRI) with a scheme, or, when `reference`, also a relative reference.
    func isValid(reference: Bool) -> Bool {
        var index = 0
        if let colon = schemeEnd() {
            index = colon + 1
        } else if !reference {
            return false
        } else {
            // A relative reference's first path segment cannot hold a colon (it would read as a scheme).
            let firstSegment = s.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !firstSegment.contains(":") else { return false }
        }
        if s.count >= index + 2, s[index] == "/", s[index + 1] == "/" {
            index += 2
            let end = s[index...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? s.count
            guard isAuthority(s[index..<end]) else { return false }
            index = end
        }
        // The path: segments of pchars.
        while index < s.count, s[index] != "?", s[index] != "#" {
            if s[index] == "/" {
                index += 1
            } else if !isPathCharacter(at: &index) {
                return false
            }
        }
        if index < s.count, s[index] == "?" {
            index += 1
            while index < s.count, s[index] != "#" {
                let scalar = s[index]
                if scalar == "/" || scalar == "?" || (international && Self.isPrivate(scalar)) {
                    index += 1
                } else if !isPathCharacter(at: &index) {
                    return false
                }
            }
        }
        if index < s.count, s[index] == "#" {
            index += 1
            while index < s.count {
                if s[index] == "/" || s[index] == "?" {
                    index += 1
                } else if !isPathCharacter(at: &index) {
                    return false
                }
            }
        }
        return true
    }

    /// The index of the colon after a well-formed scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`), if any.
    private func schemeEnd() -> Int? {
        guard let first = s.first, first.isASCIILetter else { return nil }
        var index = 1
        while index < s.count, s[index].isASCIIAlphanumeric || "+-.".unicodeScalars.contains(s[index]) {
            index += 1
        }
        return index < s.count && s[index] == ":" ? index : nil
    }

    /// `[ userinfo "@" ] host [ ":" port ]`, the host an IP literal in brackets, an IPv4 address or a registered
    /// name.
    private func isAuthority(_ authority: ArraySlice<Unicode.Scalar>) -> Bool {
        var hostAndPort = authority
        if let at = authority.firstIndex(of: "@") {
            guard isRun(authority[..<at], extra: ":") else { return false }
            hostAndPort = authority[(at + 1)...]
        }
        var port: ArraySlice<Unicode.Scalar> = []
        if hostAndPort.first == "[" {
            guard let close = hostAndPort.firstIndex(of: "]") else { return false }
            let literal = String(String.UnicodeScalarView(hostAndPort[(hostAndPort.startIndex + 1)..<close]))
            guard Self.isIPvFuture(literal) || FormatCheck.isIPv6(literal) else { return false }
            let after = hostAndPort[(close + 1)...]
            if let colon = after.first {
                guard colon == ":" else { return false }
                port = after.dropFirst()
            }
        } else {
            var host = hostAndPort
            if let colon = hostAndPort.lastIndex(of: ":") {
                host = hostAndPort[..<colon]
                port = hostAndPort[(colon + 1)...]
            }
            guard isRun(host, extra: "") else { return false }
        }
        return port.allSatisfy(\.isASCIIDigit)
    }

    /// `"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    private static func isIPvFuture(_ literal: String) -> Bool {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.first == "v" || scalars.first == "V", let dot = scalars.firstIndex(of: "."), dot > 1,
            scalars[1..<dot].allSatisfy(\.properties.isASCIIHexDigit), dot + 1 < scalars.count
        else { return false }
        return scalars[(dot + 1)...].allSatisfy {
            $0.isASCIIAlphanumeric || "-._~!$&'()*+,;=:".unicodeScalars.contains($0)
        }
    }

    /// Whether every character of `run` is unreserved, a sub-delimiter, one of `extra` or part of a
    /// percent-encoding.
    private func isRun(_ run: ArraySlice<Unicode.Scalar>, extra: String) -> Bool {
        var index = run.startIndex
        while index < run.endIndex {
            let scalar = run[index]
            if scalar == "%" {
                guard index + 2 < run.endIndex, Self.isPercentEncoding(s, at: index) else { return false }
                index += 3
                continue
            }
            guard isUnreserved(scalar) || Self.isSubDelimiter(scalar) || extra.unicodeScalars.contains(scalar)
            else { return false }
            index += 1
        }
        return true
    }

    /// Consumes one pchar (`unreserved / pct-encoded / sub-delims / ":" / "@"`) at `index`; false when there is
    /// none there.
    private func isPathCharacter(at index: inout Int) -> Bool {
        let scalar = s[index]
        if scalar == "%" {
            guard Self.isPercentEncoding(s, at: index) else { return false }
            index += 3
            return true
        }
        guard isUnreserved(scalar) || Self.isSubDelimiter(scalar) || scalar == ":" || scalar == "@" else {
            return false
        }
        index += 1
        return true
    }

    private func isUnreserved(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIIAlphanumeric || "-._~".unicodeScalars.contains(scalar) || (international && Self.isUCS(scalar))
    }

    private static func isSubDelimiter(_ scalar: Unicode.Scalar) -> Bool {
        "!$&'()*+,;=".unicodeScalars.contains(scalar)
    }

    static func isPercentEncoding(_ s: [Unicode.Scalar], at index: Int) -> Bool {
        index + 2 < s.count && s[index] == "%" && s[index + 1].properties.isASCIIHexDigit
            && s[index + 2].properties.isASCIIHexDigit
    }

    /// RFC 3987 `ucschar`: the non-ASCII characters an IRI may hold anywhere.
    private static func isUCS(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xEFFFD: return value & 0xFFFF <= 0xFFFD
        default: return false
        }
    }

    /// RFC 3987 `iprivate`: private-use characters, allowed in an IRI's query only.
    private static func isPrivate(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true
        default: return false
        }
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }
}
