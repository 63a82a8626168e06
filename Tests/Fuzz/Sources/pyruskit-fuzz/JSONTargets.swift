// The located JSON parser, against Foundation's on what is JSON.
import APISpec
import Foundation

/// `JSON.parse` accepts exactly what `JSONSerialization` accepts (RFC 8259 text, any value at the top), within the
/// depth both bound, and what it accepts prints back to JSON that parses to the same JSON.
func fuzzJSON(_ data: Data) {
    let ours: JSON?
    var refusal = ""
    do {
        ours = try JSON.parse(data, maximumDepth: 512)
    } catch {
        ours = nil
        refusal = error.message
    }
    let theirs = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    if (ours == nil) != (theirs == nil) {
        // Known, deliberate differences: Foundation accepts a leading byte order mark, which RFC 8259 tells
        // parsers they may ignore and this parser refuses as not JSON.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return }
        // Foundation reads a text with a NUL byte as if it ended there (`0\u{0}.` is 0 to it); a NUL outside a
        // string is not JSON, and this parser says so.
        if data.contains(0) { return }
        // Foundation accepts a comma before a closing bracket (`[0,]`), which RFC 8259 does not.
        if theirs != nil, structure(data).trailingComma { return }
        // A number beyond a Double's range (`61e4000`): Foundation reads it somehow, this parser refuses it by name,
        // as RFC 8259 §6 allows (ValidatorTests checks the message and its position).
        if refusal.contains("too large for a 64-bit floating-point value") { return }
        // Both stop near 512 levels of nesting, counted a little differently.
        if structure(data).nesting >= 500 { return }
        failure(
            "JSON.parse \(ours == nil ? "refused" : "accepted") what JSONSerialization \(theirs == nil ? "refused" : "accepted")"
        )
    }
    guard let ours else { return }
    let printed = Data(ours.jsonText.utf8)
    guard let again = try? JSON.parse(printed, maximumDepth: 512) else { failure("printed JSON does not parse") }
    // Printing is a fixed point (`1.0` prints as `1`, which is the same JSON number).
    if again.jsonText != ours.jsonText { failure("printed JSON parses to another value") }
}

/// Outside strings: the deepest nesting of `[` and `{`, and whether a `,` is followed, after whitespace, by `]` or
/// `}`.
func structure(_ data: Data) -> (nesting: Int, trailingComma: Bool) {
    var depth = 0
    var deepest = 0
    var trailingComma = false
    var afterComma = false
    var inString = false
    var escaped = false
    for byte in data {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            continue
        }
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            deepest = max(deepest, depth)
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            depth -= 1
            trailingComma = trailingComma || afterComma
        default: break
        }
        afterComma = byte == UInt8(ascii: ",")
    }
    return (deepest, trailingComma)
}
