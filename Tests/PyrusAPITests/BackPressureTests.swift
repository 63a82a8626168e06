import Foundation
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
}
