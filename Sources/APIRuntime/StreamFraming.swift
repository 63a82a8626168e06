// Incremental readers of the framings of streamed bodies: server-sent events (WHATWG HTML §9.2.6), JSON Lines and
// JSON text sequences (RFC 7464). Written here rather than taken from swift-openapi-runtime, whose readers keep an
// unterminated line without bound and remove each line from the front of their buffer (quadratic in the lines of
// one chunk): these walk each chunk once and count every byte read since the last element against one limit, so
// neither an endless line nor an endless run of comments or blank lines can grow memory or go on for ever.

/// How the elements of a streamed body are framed on the wire.
public enum StreamFormat: Sendable, Hashable {
    /// Bytes as they come, in chunks (`application/octet-stream` and any other media type).
    case bytes
    /// One JSON value per line (`application/jsonl`, `application/x-ndjson`).
    case jsonLines
    /// JSON texts each after a record separator, U+001E (`application/json-seq`, RFC 7464).
    case jsonSequence
    /// Server-sent events (`text/event-stream`): `event`, `id`, `data` and `retry` fields, an empty line after each.
    case serverSentEvents

    /// The media type written in `Content-Type` and `Accept`.
    public var contentType: String {
        switch self {
        case .bytes: "application/octet-stream"
        case .jsonLines: "application/jsonl"
        case .jsonSequence: "application/json-seq"
        case .serverSentEvents: "text/event-stream"
        }
    }

    /// The framing of a media type that streams elements, or nil for one that does not (`application/json`, `text/*`
    /// other than event streams, bytes). Parameters such as `; charset=utf-8` and case are ignored.
    public init?(mediaType: String) {
        let base = mediaType.split(separator: ";").first.map { $0.trimmingSpaces.lowercased() } ?? ""
        switch base {
        case "text/event-stream": self = .serverSentEvents
        case "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines":
            self = .jsonLines
        case "application/json-seq": self = .jsonSequence
        default: return nil
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}

/// One server-sent event as it was framed, before its data is decoded.
struct RawServerSentEvent: Sendable, Hashable {
    var event: String?
    var id: String?
    var data: String
    var retry: Int?
}

/// One element as it was framed.
enum StreamFrame: Sendable, Hashable {
    /// A chunk of bytes, or the bytes of one JSON value.
    case bytes(ArraySlice<UInt8>)
    /// A server-sent event.
    case event(RawServerSentEvent)
}

/// More bytes arrived since the last element than one element may have.
struct StreamElementTooLarge: Error {}

/// Splits the bytes of a streamed body into elements as they arrive: `append` a chunk, then take elements with
/// `next()` until it answers nil, and at the end of the body take the last with `finish()`.
struct StreamFramer: Sendable {
    let format: StreamFormat
    let maximumElementBytes: Int

    /// The part of the latest chunk not read yet.
    private var chunk: ArraySlice<UInt8> = []
    /// An element (or line) begun in an earlier chunk.
    private var pending: [UInt8] = []
    /// Bytes read since the last element, against `maximumElementBytes`.
    private var bytesSinceElement = 0
    /// The previous chunk ended with CR, so an LF that starts this one ends no second line (event streams).
    private var skipsLineFeed = false
    /// Whether the stream's first bytes have been seen, for an event stream's byte-order mark.
    private var hasStarted = false
    private var event = EventFields()

    private struct EventFields: Sendable {
        var type: String?
        var data: [UInt8] = []
        var hasData = false
        var retry: Int?
        /// The last event id persists from event to event, as WHATWG's "last event ID buffer" does.
        var lastID: String?
    }

    init(format: StreamFormat, maximumElementBytes: Int) {
        self.format = format
        self.maximumElementBytes = max(1, maximumElementBytes)
    }

    /// Hands the framer the next chunk; the previous one must have been read to its end (`next()` answered nil).
    mutating func append(_ bytes: ArraySlice<UInt8>) {
        chunk = bytes
        if !hasStarted && !chunk.isEmpty {
            hasStarted = true
            if format == .serverSentEvents && chunk.starts(with: [0xEF, 0xBB, 0xBF]) { chunk = chunk.dropFirst(3) }
        }
    }

    /// The next complete element, or nil when the bytes appended so far hold none.
    ///
    /// - Throws: `StreamElementTooLarge` when more than `maximumElementBytes` were read without an element ending.
    mutating func next() throws(StreamElementTooLarge) -> StreamFrame? {
        switch format {
        case .bytes:
            guard !chunk.isEmpty else { return nil }
            let piece = chunk.prefix(maximumElementBytes)
            chunk = chunk.dropFirst(piece.count)
            return .bytes(piece)
        case .jsonLines:
            while let line = try nextSegment(endingAt: 0x0A) {
                let value = trimmed(line)
                if !value.isEmpty { return element(.bytes(value)) }
            }
            return nil
        case .jsonSequence:
            while let record = try nextSegment(endingAt: 0x1E) {
                let value = trimmed(record)
                if !value.isEmpty { return element(.bytes(value)) }
            }
            return nil
        case .serverSentEvents:
            while let line = try nextEventLine() {
                if let event = readEventLine(line) { return element(.event(event)) }
            }
            return nil
        }
    }

    /// At the end of the body: the last element when it was not terminated (a JSON value after the last line feed or
    /// record separator). An event stream's unfinished event is dropped, as WHATWG says.
    mutating func finish() throws(StreamElementTooLarge) -> StreamFrame? {
        defer { pending = [] }
        switch format {
        case .bytes, .serverSentEvents:
            return nil
        case .jsonLines, .jsonSequence:
            let value = trimmed(pending[...])
            return value.isEmpty ? nil : element(.bytes(value))
        }
    }

    /// Resets the count of bytes since the last element.
    private mutating func element(_ frame: StreamFrame) -> StreamFrame {
        bytesSinceElement = 0
        return frame
    }

    /// Counts `count` more bytes read since the last element.
    private mutating func count(_ count: Int) throws(StreamElementTooLarge) {
        bytesSinceElement += count
        if bytesSinceElement > maximumElementBytes { throw StreamElementTooLarge() }
    }

    /// The bytes up to the next `delimiter` (which is dropped), joined with those begun in earlier chunks; nil when
    /// the chunk ends first (its bytes are kept for the next one).
    private mutating func nextSegment(endingAt delimiter: UInt8) throws(StreamElementTooLarge) -> ArraySlice<UInt8>? {
        guard let end = chunk.firstIndex(of: delimiter) else {
            try keepRestOfChunk()
            return nil
        }
        return try take(upTo: end, resumingAt: end + 1)
    }

    /// Keeps what is left of the chunk for the next one: an element begun and not ended.
    private mutating func keepRestOfChunk() throws(StreamElementTooLarge) {
        try count(chunk.count)
        pending.append(contentsOf: chunk)
        chunk = []
    }

    /// The bytes before `end`, joined with those begun in earlier chunks; the chunk resumes at `next`.
    private mutating func take(upTo end: Int, resumingAt next: Int) throws(StreamElementTooLarge) -> ArraySlice<UInt8> {
        try count(next - chunk.startIndex)
        let taken: ArraySlice<UInt8>
        if pending.isEmpty {
            taken = chunk[chunk.startIndex..<end]
        } else {
            pending.append(contentsOf: chunk[chunk.startIndex..<end])
            taken = pending[...]
            pending = []
        }
        chunk = chunk[next...]
        return taken
    }

    /// The next line of an event stream, ended by CR LF, LF or CR; nil when the chunk ends first.
    private mutating func nextEventLine() throws(StreamElementTooLarge) -> ArraySlice<UInt8>? {
        if skipsLineFeed, let first = chunk.first {
            skipsLineFeed = false
            if first == 0x0A {
                try count(1)
                chunk = chunk.dropFirst()
            }
        }
        guard let end = chunk.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
            try keepRestOfChunk()
            return nil
        }
        var after = end + 1
        if chunk[end] == 0x0D {
            if after < chunk.endIndex {
                if chunk[after] == 0x0A { after += 1 }
            } else {
                skipsLineFeed = true
            }
        }
        return try take(upTo: end, resumingAt: after)
    }

    /// Reads one line of an event stream into the event being built; an empty line ends the event, which is returned
    /// when it has data (WHATWG: an event without a `data` field is not dispatched).
    private mutating func readEventLine(_ line: ArraySlice<UInt8>) -> RawServerSentEvent? {
        if line.isEmpty {
            defer {
                event.type = nil
                event.data = []
                event.hasData = false
                event.retry = nil
            }
            guard event.hasData else { return nil }
            return RawServerSentEvent(
                event: event.type, id: event.lastID, data: String(decoding: event.data, as: UTF8.self),
                retry: event.retry)
        }
        if line.first == 0x3A { return nil }  // `:` starts a comment
        let colon = line.firstIndex(of: 0x3A)
        let field = line[line.startIndex..<(colon ?? line.endIndex)]
        var value = colon.map { line[($0 + 1)...] } ?? []
        if value.first == 0x20 { value = value.dropFirst() }
        switch String(decoding: field, as: UTF8.self) {
        case "event":
            event.type = value.isEmpty ? nil : String(decoding: value, as: UTF8.self)
        case "data":
            if event.hasData { event.data.append(0x0A) }
            event.data.append(contentsOf: value)
            event.hasData = true
        case "id":
            if !value.contains(0) { event.lastID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ (0x30...0x39).contains($0) }) {
                event.retry = Int(String(decoding: value, as: UTF8.self))
            }
        default:
            break
        }
        return nil
    }

    /// The bytes without white space (space, tab, CR, LF) around them.
    private func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return bytes[first...last]
    }
}
