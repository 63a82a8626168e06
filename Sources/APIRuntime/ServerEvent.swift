import Foundation

/// One server-sent event (`text/event-stream`): what an `IncomingStream` of events yields and an `OutgoingStream` of
/// them writes.
///
/// `data` is the event's text (`ServerEvent<String>`), or that text decoded as JSON when the spec gives the data
/// a schema (`ServerEvent<ChatChunk>`).
public struct ServerEvent<Payload: Sendable>: Sendable {
    /// The event's type (`event:`); nil for the default, `message`.
    public var event: String?
    /// The last event id the stream set (`id:`), which persists from event to event as WHATWG's last event ID does.
    public var id: String?
    /// The event's data: the `data:` lines joined by line feeds, or their JSON decoded.
    public var data: Payload
    /// The reconnection time the event asks for (`retry:`, in milliseconds on the wire).
    public var retry: Duration?

    /// Creates an event.
    public init(event: String? = nil, id: String? = nil, data: Payload, retry: Duration? = nil) {
        self.event = event
        self.id = id
        self.data = data
        self.retry = retry
    }
}

extension ServerEvent: Equatable where Payload: Equatable {}
extension ServerEvent: Hashable where Payload: Hashable {}

/// What an element of a stream cannot be read as or written as, with the reason.
struct StreamElementCodingError: Error, CustomStringConvertible {
    var description: String
}

/// How the elements of each `StreamFormat` become values and bytes: chunks as `ArraySlice<UInt8>`, JSON values as
/// their `Decodable` / `Encodable` type, events as `ServerEvent`s.
enum StreamElementCoding {
    /// The element a frame holds, as `Element`.
    static func decode<Element>(_ frame: StreamFrame, as type: Element.Type) throws -> Element {
        switch frame {
        case .bytes(let bytes):
            if let chunk = bytes as? Element { return chunk }
            return try decodeJSON(bytes, as: type)
        case .event(let event):
            guard let eventType = Element.self as? any ServerEventCoding.Type,
                let value = try eventType.init(event) as? Element
            else {
                throw StreamElementCodingError(description: "\(Element.self) is not a ServerEvent")
            }
            return value
        }
    }

    /// A JSON text decoded as `Element`.
    static func decodeJSON<Element>(_ bytes: some Collection<UInt8>, as type: Element.Type) throws -> Element {
        guard let decodable = Element.self as? any Decodable.Type,
            let value = try JSONCoding.makeDecoder().decode(decodable, from: Data(bytes)) as? Element
        else {
            throw StreamElementCodingError(description: "\(Element.self) is not Decodable")
        }
        return value
    }

    /// The bytes that frame `element` in `format`.
    static func encode<Element>(_ element: Element, as format: StreamFormat) throws -> ArraySlice<UInt8> {
        switch format {
        case .bytes:
            if let chunk = element as? ArraySlice<UInt8> { return chunk }
            if let data = element as? Data { return ArraySlice(data) }
            throw StreamElementCodingError(description: "\(Element.self) is not a chunk of bytes")
        case .jsonLines:
            var bytes = try encodeJSON(element)
            bytes.append(0x0A)
            return bytes
        case .jsonSequence:
            var bytes: ArraySlice<UInt8> = [0x1E]
            bytes.append(contentsOf: try encodeJSON(element))
            bytes.append(0x0A)
            return bytes
        case .serverSentEvents:
            guard let event = element as? any ServerEventCoding else {
                throw StreamElementCodingError(description: "\(Element.self) is not a ServerEvent")
            }
            return try event.encoded()
        }
    }

    /// The compact JSON text of a value (no line break: JSON escapes those inside strings).
    static func encodeJSON<Element>(_ element: Element) throws -> ArraySlice<UInt8> {
        guard let encodable = element as? any Encodable else {
            throw StreamElementCodingError(description: "\(Element.self) is not Encodable")
        }
        return ArraySlice(try JSONCoding.makeEncoder().encode(encodable))
    }
}

/// Reads and writes events whatever their payload (a protocol so that a generic stream can find it at run time).
protocol ServerEventCoding {
    init(_ event: RawServerSentEvent) throws
    func encoded() throws -> ArraySlice<UInt8>
}

extension ServerEvent: ServerEventCoding {
    init(_ event: RawServerSentEvent) throws {
        let data: Payload
        if let text = event.data as? Payload {
            data = text
        } else {
            data = try StreamElementCoding.decodeJSON(Array(event.data.utf8), as: Payload.self)
        }
        self.init(event: event.event, id: event.id, data: data, retry: event.retry.map { .milliseconds($0) })
    }

    /// The event's lines and the empty line that ends it. A type or id holding a line break (or an id holding NUL)
    /// is refused: written as it is, it would end the field early and forge another.
    func encoded() throws -> ArraySlice<UInt8> {
        var text = ""
        if let event {
            try Self.checkField("event", event)
            text += "event: \(event)\n"
        }
        if let id {
            try Self.checkField("id", id)
            guard !id.contains("\0") else {
                throw StreamElementCodingError(description: "an event id may not hold NUL")
            }
            text += "id: \(id)\n"
        }
        if let retry {
            let (seconds, attoseconds) = retry.components
            text += "retry: \(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))\n"
        }
        let payload: String
        if let data = data as? String {
            payload = data
        } else {
            payload = String(decoding: try StreamElementCoding.encodeJSON(data), as: UTF8.self)
        }
        // Each line of the data in a `data:` field of its own; the reader joins them with line feeds again.
        var line = ""
        var previousWasCarriageReturn = false
        for scalar in payload.unicodeScalars {
            if scalar == "\n" && previousWasCarriageReturn {
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                text += "data: \(line)\n"
                line = ""
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        text += "data: \(line)\n\n"
        return ArraySlice(text.utf8)
    }

    private static func checkField(_ name: String, _ value: String) throws {
        if value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            throw StreamElementCodingError(description: "an event's \(name) may not hold a line break")
        }
    }
}
