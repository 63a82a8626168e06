import Foundation
import HTTPTypes

/// A success answer whose type depends on its status: the enum the generator makes, with a case per status, for an
/// operation whose success statuses have bodies of different types (`.ok(Pet)`, `.accepted(Job)`, `.noContent`).
public protocol StatusAnswer: Sendable {
    /// Reads the answer of a success status from its body.
    ///
    /// - Throws: `UndocumentedStatus` for a status the spec does not list; what decoding the body throws.
    init(status: Int, body: Data) throws

    /// The answer as a server sends it: its status, and its body with the media type.
    func serverResponse() throws -> ServerResponse
}

/// A success status the spec does not document for the operation, which `StatusAnswer` cannot read.
public struct UndocumentedStatus: Error, Sendable, Hashable {
    /// The status that came.
    public var status: Int

    /// Creates the error for `status`.
    public init(status: Int) {
        self.status = status
    }
}

/// The headers an operation's success responses document, as the struct the generator makes for them.
public protocol ResponseHeaders: Sendable {
    /// Reads the documented headers from an answer's.
    ///
    /// - Throws: `ResponseHeaderError` when a header does not parse as its type, or a required one is missing.
    init(reading headers: HeaderReader) throws(ResponseHeaderError)

    /// Writes the headers that have a value, as a server sends them.
    func write(to headers: inout HeaderWriter)
}

/// A response header that is missing though required, or does not parse as its documented type.
public struct ResponseHeaderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The header's name.
    public var name: String
    /// The Swift type expected.
    public var expected: String
    /// What was wrong.
    public var reason: String

    /// "header 'X-Rate-Limit': expected Int: 'many' is not one".
    public var description: String { "header '\(name)': expected \(expected): \(reason)" }
}

/// Reads typed values from an answer's header fields; what generated `ResponseHeaders` use.
public struct HeaderReader: Sendable {
    /// The fields read.
    public var fields: HTTPFields

    /// Reads from `fields`.
    public init(_ fields: HTTPFields) {
        self.fields = fields
    }

    /// The text of the header named `name`: several fields of that name joined with `, `, as HTTP allows.
    func text(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { fields[$0] }
    }

    /// A header that prints itself (`Int`, `String`, `Bool`, open enums); nil when absent.
    public func value<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ResponseHeaderError) -> T? {
        guard let text = text(name) else { return nil }
        return try Self.parse(text, name: name, as: T.self)
    }

    /// A date-and-time header (RFC 3339); nil when absent.
    public func value(_ name: String, as type: Date.Type) throws(ResponseHeaderError) -> Date? {
        guard let text = text(name) else { return nil }
        guard let date = TextValues.date(text) else {
            throw ResponseHeaderError(
                name: name, expected: "Date", reason: "'\(text)' is not a date and time (RFC 3339)")
        }
        return date
    }

    /// A comma-separated header (`simple` style), spaces around the commas dropped; nil when absent.
    public func values<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ResponseHeaderError) -> [T]? {
        guard let text = text(name) else { return nil }
        var values: [T] = []
        for piece in text.split(separator: ",") {
            values.append(try Self.parse(piece.trimmingCharacters(in: .whitespaces), name: name, as: T.self))
        }
        return values
    }

    /// A header the spec requires: `value(_:as:)`, and an error when it is missing.
    public func required<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ResponseHeaderError) -> T {
        try present(value(name, as: T.self), name, expected: "\(T.self)")
    }

    /// A date-and-time header the spec requires.
    public func required(_ name: String, as type: Date.Type) throws(ResponseHeaderError) -> Date {
        try present(value(name, as: Date.self), name, expected: "Date")
    }

    /// A comma-separated header the spec requires.
    public func requiredValues<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ResponseHeaderError) -> [T] {
        try present(values(name, as: T.self), name, expected: "[\(T.self)]")
    }

    private func present<T>(_ value: T?, _ name: String, expected: String) throws(ResponseHeaderError) -> T {
        guard let value else { throw ResponseHeaderError(name: name, expected: expected, reason: "it is missing") }
        return value
    }

    private static func parse<T: LosslessStringConvertible>(
        _ text: String, name: String, as type: T.Type
    ) throws(ResponseHeaderError) -> T {
        guard let value = TextValues.parse(text, as: T.self) else {
            throw ResponseHeaderError(name: name, expected: "\(T.self)", reason: "'\(text)' is not one")
        }
        return value
    }
}

/// Collects header fields from typed values; what generated `ResponseHeaders` write with.
public struct HeaderWriter: Sendable {
    /// The fields written so far.
    public var fields: HTTPFields

    /// Starts with no fields.
    public init() {
        fields = [:]
    }

    /// Adds the header when `value` is not nil. A name that is not a header name is left out.
    public mutating func write(_ name: String, _ value: (some CustomStringConvertible)?) {
        guard let value, let fieldName = HTTPField.Name(name) else { return }
        fields.append(HTTPField(name: fieldName, value: TextValues.text(value)))
    }

    /// Adds a date-and-time header (RFC 3339) when `value` is not nil.
    public mutating func write(_ name: String, _ value: Date?) {
        write(name, value.map(TextValues.text))
    }

    /// Adds a comma-separated header when `values` is not nil.
    public mutating func write(_ name: String, _ values: [some CustomStringConvertible]?) {
        write(name, values.map { $0.map { TextValues.text($0) }.joined(separator: ",") })
    }
}

extension ServerResponse {
    /// Adds the headers that have a value to the response.
    public mutating func write(_ headers: some ResponseHeaders) {
        var writer = HeaderWriter()
        headers.write(to: &writer)
        self.headers.append(contentsOf: writer.fields)
    }
}
