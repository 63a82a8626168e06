// A `multipart/form-data` request body as generated routes read it: split at its boundary, parts by name.
import Foundation

/// The parts of a `multipart/form-data` request body, read by name.
public struct MultipartBody: Sendable {
    /// The parts, in order.
    public var parts: [MultipartPart]

    /// Splits `data` at `boundary` lines; each part's headers give its name, file name and media type.
    public init(_ data: Data, boundary: String) throws(ServerRequestError) {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [MultipartPart] = []
        var rest = data[...]
        guard let first = rest.range(of: delimiter) else {
            throw .invalidBody(jsonPath: "", reason: "the multipart body has no part with its boundary")
        }
        rest = rest[first.upperBound...]
        while !rest.starts(with: Data("--".utf8)) {
            // The part starts after the boundary line's CRLF; the next delimiter is searched from there, so that
            // `--b\r\n--b` (no CRLF of the part's own before the delimiter) is no part rather than a negative one.
            let content = rest.dropFirst(2)
            guard rest.starts(with: Data("\r\n".utf8)), let end = content.range(of: Data("\r\n".utf8) + delimiter)
            else {
                throw .invalidBody(jsonPath: "", reason: "a multipart part does not end with the boundary")
            }
            let part = content[..<end.lowerBound]
            guard let split = part.range(of: Data("\r\n\r\n".utf8)),
                let head = String(bytes: part[..<split.lowerBound], encoding: .utf8)
            else {
                throw .invalidBody(jsonPath: "", reason: "a multipart part has no headers")
            }
            var name: String?
            var filename: String?
            var contentType = "text/plain"
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = Self.attribute("name", in: line)
                    filename = Self.attribute("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { throw .invalidBody(jsonPath: "", reason: "a multipart part has no name") }
            parts.append(
                MultipartPart(
                    name: name, filename: filename, contentType: contentType, body: Data(part[split.upperBound...])))
            rest = rest[end.upperBound...]
        }
        self.parts = parts
    }

    /// A text part converted to its type; nil when absent.
    public func text<T: LosslessStringConvertible>(_ name: String, as type: T.Type) throws(ServerRequestError) -> T? {
        guard let part = parts.last(where: { $0.name == name }) else { return nil }
        return try Self.value(part, as: T.self)
    }

    /// A text part read as a date and time (RFC 3339); nil when absent, an error when it is not one.
    public func text(_ name: String, as type: Date.Type) throws(ServerRequestError) -> Date? {
        guard let part = parts.last(where: { $0.name == name }) else { return nil }
        return try ServerRequest.date(String(decoding: part.body, as: UTF8.self), name: name)
    }

    /// Every text part of that name converted to its type; nil when there is none.
    public func texts<T: LosslessStringConvertible>(
        _ name: String, as type: T.Type
    ) throws(ServerRequestError) -> [T]? {
        let matching = parts.filter { $0.name == name }
        if matching.isEmpty { return nil }
        var values: [T] = []
        for part in matching { values.append(try Self.value(part, as: T.self)) }
        return values
    }

    /// A file part's bytes; nil when absent.
    public func file(_ name: String) -> Data? {
        parts.last(where: { $0.name == name })?.body
    }

    /// The bytes of every part of the name, in order (an array of files); nil when there is none.
    public func files(_ name: String) -> [Data]? {
        let matching = parts.filter { $0.name == name }
        return matching.isEmpty ? nil : matching.map(\.body)
    }

    /// A JSON part decoded as `T`; nil when absent.
    public func json<T: Decodable>(_ name: String, as type: T.Type) throws(ServerRequestError) -> T? {
        guard let part = parts.last(where: { $0.name == name }) else { return nil }
        do {
            return try JSONCoding.makeDecoder().decode(T.self, from: part.body)
        } catch {
            let (path, expected, reason) = DecodingFailure.describe(error)
            throw .invalidParameter(
                name: name, reason: "at \(path.isEmpty ? "the top level" : path): expected \(expected): \(reason)")
        }
    }

    private static func value<T: LosslessStringConvertible>(
        _ part: MultipartPart, as type: T.Type
    ) throws(ServerRequestError) -> T {
        let text = String(decoding: part.body, as: UTF8.self)
        guard let value = TextValues.parse(text, as: T.self) else {
            throw .invalidParameter(name: part.name, reason: "'\(text)' is not a valid \(T.self)")
        }
        return value
    }

    /// `name="value"` from a `Content-Disposition` line (a `;` inside the quotes is part of the value), with the
    /// percent-encoding of quotes and line breaks that `MultipartPart.encode` writes undone.
    private static func attribute(_ key: String, in line: String) -> String? {
        HeaderParameters.value(of: key, in: line).map {
            $0.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%0A", with: "\n")
        }
    }
}
