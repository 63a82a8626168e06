import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization
import Testing

@testable import APIRuntime

/// The buffer between URLSession's delegate and the reader of an answer: it pauses the task above the high-water
/// mark and resumes it under the low one, and stops it when the reader goes away.
@Suite struct BackPressureTests {
    final class Calls: Sendable {
        let log = Mutex<[String]>([])
        func record(_ call: String) { log.withLock { $0.append(call) } }
        var all: [String] { log.withLock { $0 } }
    }

    static func buffer(_ calls: Calls) -> ReceivedBytes {
        ReceivedBytes(
            highWaterMark: 1_000, lowWaterMark: 300, pause: { calls.record("pause") },
            resume: { calls.record("resume") }, cancel: { calls.record("cancel") })
    }

    @Test func aFastSenderIsPausedAboveTheHighMarkAndResumedUnderTheLowOne() async throws {
        let calls = Calls()
        let bytes = Self.buffer(calls)
        let chunk = ArraySlice([UInt8](repeating: 1, count: 400))
        for _ in 0..<6 { bytes.append(chunk) }
        // 1,200 bytes waiting after the third chunk: paused once, however many more arrive.
        #expect(calls.all == ["pause"])
        var iterator = bytes.makeAsyncIterator()
        for _ in 0..<5 { _ = try await iterator.next() }
        // 400 bytes still waiting: not under the low mark yet.
        #expect(calls.all == ["pause"])
        _ = try await iterator.next()
        #expect(calls.all == ["pause", "resume"])
        for _ in 0..<3 { bytes.append(chunk) }
        #expect(calls.all == ["pause", "resume", "pause"])
        bytes.finish(nil)
        var rest = 0
        while let chunk = try await iterator.next() { rest += chunk.count }
        #expect(rest == 3 * 400)
        #expect(calls.all == ["pause", "resume", "pause", "resume"])
    }

    @Test func aReaderThatDropsTheBodyStopsTheTransfer() async throws {
        let calls = Calls()
        let bytes = Self.buffer(calls)
        bytes.append(ArraySlice([1, 2, 3]))
        do {
            var iterator = bytes.makeAsyncIterator()
            #expect(try await iterator.next() == [1, 2, 3])
        }
        #expect(calls.all == ["cancel"])
    }

    /// A transport that reads a request body chunk by chunk, as AsyncHTTPClient does, logging each chunk.
    struct ReadingTransport: ClientTransport {
        let calls: Calls
        func send(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
        ) async throws -> (HTTPResponse, HTTPBody?) {
            if let body {
                calls.record("length \(body.length), \(body.iterationBehavior)")
                for try await chunk in body { calls.record("chunk \(String(decoding: chunk, as: UTF8.self))") }
            }
            calls.record("end")
            return (HTTPResponse(status: .ok), nil)
        }
    }

    /// Once `interval` bytes went since the last wait, the body waits for the pace before its next chunk; length and
    /// replayability stay as they were.
    @Test func aPacedBodyWaitsAfterEachIntervalOfBytes() async throws {
        let calls = Calls()
        let transport = PacedTransport(ReadingTransport(calls: calls), interval: 3) { calls.record("pace") }
        let chunks = ["ab", "c", "d", "efgh", "i"].map { ArraySlice(Array($0.utf8)) }
        let body = HTTPBody(chunks.async, length: .known(9), iterationBehavior: .single)
        _ = try await transport.send(
            HTTPRequest(method: .post, scheme: "https", authority: "x", path: "/"), body: body,
            baseURL: URL(fileURLWithPath: "/"), operationID: "upload")
        #expect(
            calls.all == [
                "length known(9), single", "chunk ab", "chunk c", "pace", "chunk d", "chunk efgh", "pace", "chunk i",
                "end",
            ])
    }
}

extension Array where Element: Sendable {
    /// The elements as an `AsyncSequence`.
    fileprivate var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
