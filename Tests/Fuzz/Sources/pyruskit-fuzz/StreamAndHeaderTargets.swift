// Streamed answers as they arrive (server-sent events, JSON Lines, JSON sequences), in chunks the input chooses,
// and typed response headers.
import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The first byte picks the framing, the second the chunk size; the rest is the body. The stream ends, with nil or
/// an `APIError`, having yielded no more elements than the body has bytes; an element over the limit ends it with
/// `.responseTooLarge`, never later than the limit's worth of bytes past the element before.
func fuzzStream(_ data: Data) {
    guard data.count >= 2 else { return }
    let bytes = [UInt8](data)
    let formats: [StreamFormat] = [.serverSentEvents, .jsonLines, .jsonSequence]
    let format = formats[Int(bytes[0]) % formats.count]
    let chunkSize = Int(bytes[1] % 16) + 1
    let body = Array(bytes.dropFirst(2))
    let chunks = stride(from: 0, to: body.count, by: chunkSize).map {
        ArraySlice(body[$0..<min($0 + chunkSize, body.count)])
    }
    let limits = StreamLimits(maximumElementBytes: 64, elementTimeout: .seconds(5))
    let done = DispatchSemaphore(value: 0)
    Task {
        defer { done.signal() }
        let http = HTTPBody(chunks.async, length: .known(Int64(body.count)), iterationBehavior: .single)
        var count = 0
        do throws(APIError) {
            if format == .serverSentEvents {
                for try await event in IncomingStream<ServerEvent<JSONValue>>(
                    body: http, format: format, limits: limits, operationID: "fuzz")
                {
                    count += 1
                    if (event.event?.utf8.count ?? 0) > 64 { failure("an event name over the element limit") }
                }
            } else {
                for try await _ in IncomingStream<JSONValue>(
                    body: http, format: format, limits: limits, operationID: "fuzz")
                {
                    count += 1
                }
            }
        } catch {
            if case .timedOut = error { failure("a body at hand timed out") }
        }
        if count > body.count + 1 { failure("\(count) elements from \(body.count) bytes") }
    }
    done.wait()
}

/// Header fields (name and value per line, `name: value`): every typed reader ends in a value, nil or a
/// `ResponseHeaderError`, the same way twice.
func fuzzHeaders(_ data: Data) {
    var fields = HTTPFields()
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let name = HTTPField.Name(String(parts[0])) else { continue }
        fields.append(HTTPField(name: name, value: String(parts[1])))
    }
    let reader = HeaderReader(fields)
    for name in ["a", "Retry-After", "X-RateLimit-Remaining", "Date"] {
        let first =
            "\(String(describing: try? reader.value(name, as: Int.self)))"
            + "\(String(describing: try? reader.values(name, as: Double.self)))"
            + "\(String(describing: try? reader.value(name, as: Date.self)))"
            + "\(String(describing: try? reader.value(name, as: Bool.self)))"
        let again =
            "\(String(describing: try? reader.value(name, as: Int.self)))"
            + "\(String(describing: try? reader.values(name, as: Double.self)))"
            + "\(String(describing: try? reader.value(name, as: Date.self)))"
            + "\(String(describing: try? reader.value(name, as: Bool.self)))"
        if first != again { failure("header '\(name)' read two ways") }
        _ = try? reader.required(name, as: String.self)
        _ = try? reader.requiredValues(name, as: Int.self)
    }
}

extension Array where Element: Sendable {
    /// The elements as an `AsyncSequence`.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
