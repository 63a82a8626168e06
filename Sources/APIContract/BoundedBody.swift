import Foundation
import OpenAPIRuntime

/// Reads a body up to a limit without losing it: either all of it as `Data`, or, past the limit, a body that gives
/// what was read and then the rest, unchanged, so the caller (the client, which has its own limit) sees the same
/// bytes either way.
enum BoundedBody {
    /// `body` read whole when it ends within `limit` bytes; otherwise nil and a body standing in for it.
    static func read(_ body: HTTPBody, upTo limit: Int) async throws -> (data: Data?, body: HTTPBody) {
        if case .known(let length) = body.length, length > limit { return (nil, body) }
        let iterator = SharedIterator(body.makeAsyncIterator())
        var read: [ArraySlice<UInt8>] = []
        var count = 0
        while let chunk = try await iterator.next() {
            read.append(chunk)
            count += chunk.count
            if count > limit {
                return (
                    nil, HTTPBody(Replay(read: read, rest: iterator), length: body.length, iterationBehavior: .single)
                )
            }
        }
        var data = Data(capacity: count)
        for chunk in read { data.append(contentsOf: chunk) }
        return (data, HTTPBody(data))
    }

    /// The chunks read so far, then whatever the original body still holds.
    private struct Replay: AsyncSequence, Sendable {
        typealias Element = ArraySlice<UInt8>
        let read: [ArraySlice<UInt8>]
        let rest: SharedIterator

        func makeAsyncIterator() -> Iterator { Iterator(read: read[...], rest: rest) }

        struct Iterator: AsyncIteratorProtocol {
            var read: ArraySlice<ArraySlice<UInt8>>
            let rest: SharedIterator

            mutating func next() async throws -> ArraySlice<UInt8>? {
                if let chunk = read.popFirst() { return chunk }
                return try await rest.next()
            }
        }
    }

    /// The original body's iterator, handed from the reader to the replaying body. `@unchecked Sendable`: the body
    /// is iterated once (`iterationBehavior: .single`), so exactly one task calls `next()` at a time: first the
    /// reader, then, after it has returned, the replay's single consumer.
    private final class SharedIterator: @unchecked Sendable {
        private var iterator: HTTPBody.AsyncIterator
        init(_ iterator: HTTPBody.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> ArraySlice<UInt8>? { try await iterator.next() }
    }
}
