import Foundation

/// How the runtime reads values that arrive as text: parameters, form fields, multipart parts, headers and JSON dates.
enum TextValues {
    /// A value that prints itself, booleans without regard to case (`True`, `TRUE`), as servers on .NET and Java
    /// write them; nil when the text is not one.
    static func parse<T: LosslessStringConvertible>(_ text: String, as type: T.Type) -> T? {
        T(T.self == Bool.self ? text.lowercased() : text)
    }

    /// An RFC 3339 date and time, with or without fractional seconds; nil when the text is not one.
    static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
