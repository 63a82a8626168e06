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
    static func text(_ date: Date) -> String {
        // Whole seconds without a fraction; otherwise milliseconds, so a time read and sent back keeps them. The
        // style truncates, and `.678` read into a `Double` is `.67799…`: half a millisecond more makes it round.
        let seconds = date.timeIntervalSinceReferenceDate
        if seconds.rounded(.down) == seconds { return date.formatted(.iso8601) }
        let nearest = Date(timeIntervalSinceReferenceDate: seconds + 0.0005)
        return nearest.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
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
