import APISpecCore
import Foundation

/// A regular expression of `pattern` or `patternProperties`, whose searches stop when their work runs out.
///
/// ICU's matcher backtracks, so a pattern such as `(x+x+)+y` takes exponential time on a string of `x`s: a fixture,
/// a server's answer or a client's request could hold a validation for hours. A search therefore runs as a single
/// anchored match, `\A[\s\S]*?(?:…)`, that tries every start position itself. All of the matcher's work then
/// passes through its progress callback, which ICU calls every 10,000 steps, and the search stops when the steps
/// it may take run out. The answer is then "undecided", which the validator reports as a failure.
struct SchemaPattern: Sendable {
    /// The pattern as the schema wrote it (ECMA-262).
    let source: String
    private let expression: NSRegularExpression

    /// The steps ICU's matcher takes between two calls of its progress callback.
    static let stepsPerTick = 10_000
    /// The steps a search may take for each UTF-16 unit of its string, before it draws on the evaluation's budget.
    /// A pattern that does not backtrack takes one or two per unit (measured).
    static let stepsPerUnit = 16

    /// Compiles `source`, or returns nil when it is not a regular expression ICU reads.
    init?(_ source: String) {
        let icu = Self.icuPattern(forECMAScript: source)
        // Compiled alone first: wrapped, `a)(b` would read as two groups.
        guard (try? NSRegularExpression(pattern: icu)) != nil,
            let expression = try? NSRegularExpression(pattern: "\\A[\\s\\S]*?(?:" + icu + ")")
        else { return nil }
        self.source = source
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `string`, or nil when that was not decided within the steps allowed:
    /// `stepsPerUnit` for each UTF-16 unit of `string`, then what is left in `budget`, in ticks of `stepsPerTick`
    /// steps. What the search takes beyond its own allowance is taken from `budget`.
    func search(in string: String, budget: inout Int) -> Bool? {
        let range = NSRange(string.startIndex..., in: string)
        let allowance = range.length.multipliedReportingOverflow(by: Self.stepsPerUnit).partialValue / Self.stepsPerTick
        var ticksLeft = budget + max(0, allowance)
        var matched = false
        var stopped = false
        expression.enumerateMatches(in: string, options: .reportProgress, range: range) { result, _, stop in
            if result != nil {
                matched = true
                stop.pointee = true
            } else {
                ticksLeft -= 1
                if ticksLeft < 0 {
                    stopped = true
                    stop.pointee = true
                }
            }
        }
        budget = max(0, min(budget, ticksLeft))
        return stopped ? nil : matched
    }

    /// An ECMA-262 pattern (what JSON Schema's `pattern` is) as ICU reads it: `\d`, `\w` and their negations match
    /// ASCII only, `\s` includes U+FEFF, and `$` matches only at the very end, not before a final line break.
    static func icuPattern(forECMAScript pattern: String) -> String {
        var result = ""
        var inClass = false
        var scalars = pattern.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\\":
                guard let escaped = scalars.next() else {
                    result += "\\"
                    break
                }
                switch (escaped, inClass) {
                case ("d", false): result += "[0-9]"
                case ("D", false): result += "[^0-9]"
                case ("w", false): result += "[A-Za-z0-9_]"
                case ("W", false): result += "[^A-Za-z0-9_]"
                case ("d", true): result += "0-9"
                case ("w", true): result += "A-Za-z0-9_"
                // ECMA-262 counts U+FEFF as white space; ICU does not.
                case ("s", false): result += "[\\s\\x{FEFF}]"
                case ("S", false): result += "[^\\s\\x{FEFF}]"
                case ("s", true): result += "\\s\\x{FEFF}"
                default:
                    result.unicodeScalars.append(scalar)
                    result.unicodeScalars.append(escaped)
                }
            case "[" where !inClass:
                inClass = true
                result += "["
            case "]" where inClass:
                inClass = false
                result += "]"
            case "$" where !inClass:
                result += "\\z"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
