import Foundation

/// How the runtime reads values that arrive as text (parameters, form fields, multipart parts, headers and JSON
/// dates), and writes a date as text.
enum TextValues {
    /// A value that prints itself, booleans without regard to case (`True`, `TRUE`), as servers on .NET and Java
    /// write them; nil when the text is not one.
    static func parse<T: LosslessStringConvertible>(_ text: String, as type: T.Type) -> T? {
        T(T.self == Bool.self ? text.lowercased() : text)
    }

    /// An RFC 3339 date and time, with or without fractional seconds; nil when the text is not one. RFC 3339 lets
    /// `T` and `Z` be written in lower case, and (§5.6, as Python's `str(datetime)` writes it) a space part the date
    /// from the time: `2018-03-01 15:29:26+00:00` is read too.
    static func date(_ text: String) -> Date? {
        var utf8 = Array(text.utf8)
        if utf8.count > 10, [UInt8(ascii: " "), UInt8(ascii: "t")].contains(utf8[10]) { utf8[10] = UInt8(ascii: "T") }
        if utf8.last == UInt8(ascii: "z") { utf8[utf8.count - 1] = UInt8(ascii: "Z") }
        let text = String(decoding: utf8, as: UTF8.self)
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// A value as the text of a parameter, header or form field: what it prints, and a UUID in lower case, as RFC
    /// 9562 writes UUIDs. Foundation prints upper case (`uuidString`), and a server that matches a path or a query
    /// by its text finds no `a54a57ca-…` in `A54A57CA-…`.
    static func text(_ value: some CustomStringConvertible) -> String {
        if let uuid = value as? UUID { return uuid.uuidString.lowercased() }
        return value.description
    }

    /// A date and time as RFC 3339 (`2026-11-23T12:00:00Z`), as `format: date-time` says: what `date(_:)` reads.
    ///
    /// Whole seconds are written without a fraction, a whole number of milliseconds with three digits
    /// (`.250`), and anything finer with six (`.123456`): a time read and sent back keeps the microseconds that
    /// Python, PostgreSQL and Go servers write, which a `Date` holds (within a tenth of a microsecond in this
    /// century). Three or six digits, because Python before 3.11 reads only those. Nanoseconds do not fit a `Date`.
    static func text(_ date: Date) -> String {
        // Counted in whole microseconds, rounded: `.678` read into a `Double` is `.67799…`.
        let microseconds = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        guard abs(microseconds) < 1e17 else { return date.formatted(.iso8601) }  // far beyond year 9999
        let total = Int64(microseconds)
        let (seconds, fraction) = (total.floorDivided(by: 1_000_000), total.floorModulo(1_000_000))
        let whole = Date(timeIntervalSinceReferenceDate: Double(seconds)).formatted(.iso8601)
        guard fraction != 0, whole.last == "Z" else { return whole }
        let digits = fraction % 1000 == 0 ? String(fraction / 1000) : String(fraction)
        let width = fraction % 1000 == 0 ? 3 : 6
        return whole.dropLast() + "." + String(repeating: "0", count: width - digits.count) + digits + "Z"
    }
}

extension Int64 {
    /// The quotient rounded towards minus infinity, so that a time before 2001 keeps a positive fraction.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// The remainder of `floorDivided(by:)`, from 0 to `divisor - 1`.
    fileprivate func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

// `format: uuid` is `UUID` in generated code, and parameters, headers and form fields are read from their text
// through `LosslessStringConvertible` (`T(text)`), which Foundation's `UUID` does not adopt. Adopting it here (text is
// `uuidString`, read case-insensitively by `init(uuidString:)`) keeps one generic path for every scalar instead of a
// second overload of each reader for `UUID`. Should Foundation adopt it too, both conformances read and print alike.
// swift-format-ignore: AvoidRetroactiveConformances
extension UUID: @retroactive LosslessStringConvertible {
    /// The UUID a string such as `E621E1F8-C36C-495A-93FC-0C247A3E6E5F` spells, in either case; nil for other text.
    public init?(_ description: String) {
        self.init(uuidString: description)
    }
}
