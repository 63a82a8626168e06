import APISpecCore
import Foundation

/// How a body is written, by its media type.
public enum MediaKind: String, Sendable, Hashable {
    /// `application/json` and `*/*+json`.
    case json
    /// `application/x-www-form-urlencoded`.
    case form
    /// `multipart/form-data`.
    case multipart
    /// `text/event-stream`: server-sent events, read and written as they come.
    case eventStream
    /// `application/jsonl` and `application/x-ndjson`: one JSON value per line, as they come.
    case jsonLines
    /// `application/json-seq` (RFC 7464): JSON texts after record separators, as they come.
    case jsonSequence
    /// `text/*`: a string.
    case text
    /// Anything else (`application/octet-stream`, `image/png`, `*/*`): bytes.
    case binary

    /// The kind of a media type (parameters such as `; charset=utf-8` ignored, case ignored).
    public init(mediaType: String) {
        var base = mediaType.split(separator: ";").first ?? ""
        while base.first == " " || base.first == "\t" { base.removeFirst() }
        while base.last == " " || base.last == "\t" { base.removeLast() }
        let type = base.lowercased()
        self =
            switch type {
            case "application/json": .json
            case "application/x-www-form-urlencoded": .form
            case "multipart/form-data": .multipart
            case "text/event-stream": .eventStream
            case "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines":
                .jsonLines
            case "application/json-seq": .jsonSequence
            case _ where type.hasSuffix("+json"): .json
            case _ where type.hasPrefix("text/"): .text
            default: .binary
            }
    }

    /// Whether bodies of this kind are sequences of elements read and written as they come.
    public var isStream: Bool {
        switch self {
        case .eventStream, .jsonLines, .jsonSequence: true
        case .json, .form, .multipart, .text, .binary: false
        }
    }

    /// Which kind a body with several media types is generated for: JSON first, then form, multipart, the streams
    /// (events, JSON Lines, JSON sequences), text, bytes.
    var preference: Int {
        switch self {
        case .json: 0
        case .form: 1
        case .multipart: 2
        case .eventStream: 3
        case .jsonLines: 4
        case .jsonSequence: 5
        case .text: 6
        case .binary: 7
        }
    }
}

/// A request body.
public struct RequestBody: Sendable, Hashable {
    /// Whether the body must be sent.
    public var required: Bool
    /// What it is.
    public var description: String?
    /// The media type generated for (`application/json`); of several, the first JSON one, else form, multipart,
    /// text, bytes.
    public var contentType: String
    /// The body's schema; for text and bytes without one, an empty schema.
    public var schema: Schema
    /// How properties of a form or multipart body are written (the media type's `encoding`), by property name.
    public var encodings: [String: PropertyEncoding] = [:]
    /// How the body is written.
    public var kind: MediaKind { MediaKind(mediaType: contentType) }

    /// How one property of a form or multipart body is written: an entry of the media type's `encoding`.
    public struct PropertyEncoding: Sendable, Hashable {
        /// The part's media type (multipart), as written: one (`image/png`) or several (`image/png, image/jpeg`).
        public var contentType: String?
        /// How an array or object is written in a form (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`),
        /// when the spec says.
        public var style: String?
        /// Whether an array or object is written one field per element or property, when the spec says.
        public var explode: Bool?
        /// Where the entry's property name stands in the spec.
        public var location: SourceLocation?
        /// The JSON pointer to the entry.
        public var path: String

        /// Creates an encoding.
        public init(
            contentType: String? = nil, style: String? = nil, explode: Bool? = nil, location: SourceLocation? = nil,
            path: String = ""
        ) {
            self.contentType = contentType
            self.style = style
            self.explode = explode
            self.location = location
            self.path = path
        }
    }
}

/// A response of an operation.
public struct Response: Sendable, Hashable {
    /// A documented response header.
    public struct Header: Sendable, Hashable {
        /// The header's name.
        public var name: String
        /// What it says.
        public var description: String?
        /// Its schema.
        public var schema: Schema?
        /// Whether every such response carries it.
        public var required = false
        /// Where the header's name stands in the spec.
        public var location: SourceLocation? = nil
    }

    /// `200`, `404`, `4XX` or `default`.
    public var status: String
    /// What the response means.
    public var description: String
    /// The media type of the body, when there is one (of several, chosen as for `RequestBody.contentType`).
    public var contentType: String?
    /// How the body is written, when there is one.
    public var kind: MediaKind? { contentType.map(MediaKind.init(mediaType:)) }
    /// The body's schema, when there is a body.
    public var schema: Schema?
    /// Documented headers, in spec order.
    public var headers: [Header]
    /// Whether the status is 2XX.
    public var isSuccess: Bool { status.hasPrefix("2") }
}
