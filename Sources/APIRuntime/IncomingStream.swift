import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization

/// The limits of reading a streamed body.
public struct StreamLimits: Sendable, Hashable {
    /// The most bytes one element may take, counted from the end of the previous one (so comments, blank lines and
    /// ignored fields count too); more fail with `APIError.responseTooLarge`. Chunks of a byte stream are split to
    /// this size instead.
    public var maximumElementBytes: Int
    /// How long one element may take to arrive, from asking for it; longer fails with `APIError.timedOut`. Nil waits
    /// as long as the transport does.
    public var elementTimeout: Duration?

    /// Creates limits: by default 1 MiB and 60 seconds per element.
    public init(maximumElementBytes: Int = 1 << 20, elementTimeout: Duration? = .seconds(60)) {
        self.maximumElementBytes = maximumElementBytes
        self.elementTimeout = elementTimeout
    }
}

/// A body that arrives as a sequence of elements, read as they come: server-sent events, JSON Lines, JSON text
/// sequences or chunks of bytes.
///
/// Generated clients return one for operations whose answer streams (`text/event-stream`, `application/jsonl`,
/// `application/json-seq`, and the `…Stream` variants of byte downloads); generated server routes hand one to
/// services for request bodies that stream.
///
/// ```swift
/// for try await event in try await client.chat.complete(request) {   // ServerEvent<ChatChunk>
///     print(event.data.text)
/// }
/// ```
///
/// It is read once. Reading is bounded: each element by `StreamLimits.maximumElementBytes` and
/// `StreamLimits.elementTimeout`, and the bytes not yet read by one chunk of the transport (the transport is not asked
/// for more until the elements before are taken, so a fast server cannot grow memory). Leaving the loop or cancelling
/// the task that reads it cancels the transfer, which closes the connection. Every failure is an `APIError`: a bad
/// element `.decodingFailed` with the element's index first in its JSON path (`/3/message`), then the stream ends.
public struct IncomingStream<Element: Sendable>: AsyncSequence, Sendable {
    /// Reading fails with `APIError` only.
    public typealias Failure = APIError

    private let body: HTTPBody
    private let format: StreamFormat
    private let limits: StreamLimits
    private let context: StreamContext

    /// A stream of the elements framed in `format` in `body`, read within `limits`; `operationID` is what its errors
    /// name.
    public init(body: HTTPBody, format: StreamFormat, limits: StreamLimits = StreamLimits(), operationID: String) {
        self.init(
            body: body, format: format, limits: limits,
            context: StreamContext(operationID: operationID, status: .ok, secrets: Secrets()))
    }

    init(body: HTTPBody, format: StreamFormat, limits: StreamLimits, context: StreamContext) {
        self.body = body
        self.format = format
        self.limits = limits
        self.context = context
    }

    /// An iterator that starts the transfer when first asked for an element.
    public func makeAsyncIterator() -> Iterator {
        Iterator(body: body, format: format, limits: limits, context: context)
    }

    /// Reads the elements one at a time.
    public struct Iterator: AsyncIteratorProtocol {
        private var framer: StreamFramer
        private let pump: BodyPump
        private let limits: StreamLimits
        private let context: StreamContext
        private var index = 0
        private var inputEnded = false
        private var finished = false

        init(body: HTTPBody, format: StreamFormat, limits: StreamLimits, context: StreamContext) {
            framer = StreamFramer(format: format, maximumElementBytes: limits.maximumElementBytes)
            pump = BodyPump(body: body)
            self.limits = limits
            self.context = context
        }

        /// The next element, or nil at the end of the body.
        ///
        /// - Throws: `APIError`: `.responseTooLarge` for an element over the limit, `.timedOut` when one does not
        ///   arrive in time, `.decodingFailed` for one that does not decode, `.transportFailed`, `.cancelled`.
        public mutating func next() async throws(APIError) -> Element? {
            try await next(isolation: nil)
        }

        /// The next element, read on the caller's actor (`for try await` passes it): framing and decoding happen where
        /// the loop runs, so a loop on the main actor does not hop to another thread and back for every element.
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(APIError) -> Element? {
            guard !finished else { return nil }
            let deadline = limits.elementTimeout.map { ContinuousClock.now + $0 }
            while true {
                let frame: StreamFrame?
                do {
                    frame = inputEnded ? try framer.finish() : try framer.next()
                } catch {
                    throw end(.responseTooLarge(operationID: context.operationID, limit: limits.maximumElementBytes))
                }
                if let frame { return try element(frame) }
                if inputEnded {
                    finished = true
                    return nil
                }
                switch await pump.take(until: deadline) {
                case .chunk(let chunk):
                    framer.append(chunk)
                case .end:
                    inputEnded = true
                case .failed(let error):
                    throw end(
                        APIError.transportFailed(operationID: context.operationID, underlying: error).redacting(
                            context.secrets))
                case .timedOut:
                    let after = limits.elementTimeout ?? .zero
                    throw end(.timedOut(operationID: context.operationID, after: after))
                case .cancelled:
                    throw end(.cancelled(operationID: context.operationID))
                }
            }
        }

        /// Ends the stream with `error`: nothing more is read, and the transfer is cancelled.
        private mutating func end(_ error: APIError) -> APIError {
            finished = true
            pump.close()
            return error
        }

        private mutating func element(_ frame: StreamFrame) throws(APIError) -> Element {
            defer { index += 1 }
            do {
                return try StreamElementCoding.decode(frame, as: Element.self)
            } catch {
                let (path, expected, reason) = DecodingFailure.describe(error)
                let excerpt: Data =
                    switch frame {
                    case .bytes(let bytes): Data(bytes.prefix(APIClient.maximumErrorBodyBytes))
                    case .event(let event): Data(event.data.utf8.prefix(APIClient.maximumErrorBodyBytes))
                    }
                let secrets = context.secrets
                throw end(
                    .decodingFailed(
                        DecodingFailure(
                            operationID: context.operationID, status: context.status,
                            jsonPath: "/\(index)" + secrets.redact(path), expected: expected,
                            reason: secrets.redact(reason),
                            bodyExcerpt: DecodingFailure.excerpt(secrets.redact(excerpt)))))
            }
        }
    }
}

/// What the errors of a stream name: the operation, the answer's status and the credentials to hide.
struct StreamContext: Sendable {
    var operationID: String
    var status: HTTPResponse.Status
    var secrets: Secrets
}

/// An answer that `APIClient` hands over unread, for the caller to read as it comes.
protocol StreamingAnswer: Sendable {
    init(body: HTTPBody, format: StreamFormat, limits: StreamLimits, context: StreamContext)
}

extension IncomingStream: StreamingAnswer {}

/// Moves the chunks of a body from a task that reads the transport to the reader of a stream, one at a time: the
/// task asks the transport for the next chunk only after the reader took the previous one, so at most one chunk
/// waits here. When the reader goes away (`close()`, or the iterator that owns this is dropped) the task is
/// cancelled, which makes the transport close the connection.
final class BodyPump: Sendable {
    /// What the reader gets.
    enum Item: Sendable {
        case chunk(ArraySlice<UInt8>)
        case end
        case failed(any Error)
        case timedOut
        case cancelled
    }

    private let mailbox = Mailbox()
    private let body: HTTPBody
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(body: HTTPBody) {
        self.body = body
    }

    deinit {
        close()
    }

    /// The next item, waiting at most until `deadline` (`.timedOut` after it) and no longer than the reader's task
    /// is not cancelled (`.cancelled`).
    func take(until deadline: ContinuousClock.Instant?) async -> Item {
        startIfNeeded()
        return await mailbox.take(until: deadline)
    }

    /// Stops reading the transport; a reader waiting gets `.cancelled`.
    func close() {
        mailbox.close()
        task.withLock { $0 }?.cancel()
    }

    private func startIfNeeded() {
        task.withLock { task in
            guard task == nil else { return }
            let body = body
            let mailbox = mailbox
            task = Task {
                do {
                    for try await chunk in body {
                        guard await mailbox.put(.chunk(chunk)) else { return }
                    }
                    _ = await mailbox.put(.end)
                } catch {
                    _ = await mailbox.put(.failed(error))
                }
            }
        }
    }

    /// One slot between the task that reads the transport and the reader.
    private final class Mailbox: Sendable {
        private struct State {
            var item: Item?
            /// The writer waiting for its item to be taken.
            var writer: CheckedContinuation<Bool, Never>?
            /// The reader waiting for an item, and the timer that ends its wait.
            var reader: CheckedContinuation<Item, Never>?
            var timer: Task<Void, Never>?
            /// Counts the reader's waits, so that a timer ends only the wait it was started for.
            var wait = 0
            var readerIsCancelled = false
            var isClosed = false
        }

        private let state = Mutex(State())

        /// Hands the reader an item, waiting until it took it; false when the reader went away.
        func put(_ item: Item) async -> Bool {
            await withCheckedContinuation { (writer: CheckedContinuation<Bool, Never>) in
                enum Outcome {
                    case closed
                    case delivered(CheckedContinuation<Item, Never>, Task<Void, Never>?)
                    case waiting
                }
                let outcome: Outcome = state.withLock { state in
                    if state.isClosed { return .closed }
                    if let reader = state.reader {
                        defer {
                            state.reader = nil
                            state.timer = nil
                        }
                        return .delivered(reader, state.timer)
                    }
                    state.item = item
                    state.writer = writer
                    return .waiting
                }
                switch outcome {
                case .closed:
                    writer.resume(returning: false)
                case .delivered(let reader, let timer):
                    timer?.cancel()
                    reader.resume(returning: item)
                    writer.resume(returning: true)
                case .waiting:
                    break
                }
            }
        }

        func take(until deadline: ContinuousClock.Instant?) async -> Item {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (reader: CheckedContinuation<Item, Never>) in
                    enum Outcome {
                        case ready(Item, CheckedContinuation<Bool, Never>?)
                        case waiting(Int)
                    }
                    let outcome: Outcome = state.withLock { state in
                        if let item = state.item {
                            state.item = nil
                            defer { state.writer = nil }
                            return .ready(item, state.writer)
                        }
                        if state.readerIsCancelled { return .ready(.cancelled, nil) }
                        if state.isClosed { return .ready(.cancelled, nil) }
                        if let deadline, deadline <= .now { return .ready(.timedOut, nil) }
                        state.reader = reader
                        state.wait += 1
                        return .waiting(state.wait)
                    }
                    switch outcome {
                    case .ready(let item, let writer):
                        writer?.resume(returning: true)
                        reader.resume(returning: item)
                    case .waiting(let wait):
                        guard let deadline else { return }
                        let timer = Task { [self] in
                            try? await Task.sleep(until: deadline, clock: .continuous)
                            guard !Task.isCancelled else { return }
                            end(wait: wait, with: .timedOut)
                        }
                        let cancelTimer = state.withLock { state in
                            if state.wait == wait && state.reader != nil {
                                state.timer = timer
                                return false
                            }
                            return true
                        }
                        if cancelTimer { timer.cancel() }
                    }
                }
            } onCancel: {
                let reader = state.withLock { state in
                    state.readerIsCancelled = true
                    defer { state.reader = nil }
                    return (state.reader, state.timer)
                }
                reader.1?.cancel()
                reader.0?.resume(returning: .cancelled)
            }
        }

        /// Ends the reader's wait number `wait`, if it is still waiting.
        private func end(wait: Int, with item: Item) {
            let reader = state.withLock { state -> CheckedContinuation<Item, Never>? in
                guard state.wait == wait, let reader = state.reader else { return nil }
                state.reader = nil
                state.timer = nil
                return reader
            }
            reader?.resume(returning: item)
        }

        /// The reader went away: a writer waiting, and every later one, gets false.
        func close() {
            let (writer, reader, timer) = state.withLock { state in
                state.isClosed = true
                state.item = nil
                defer {
                    state.writer = nil
                    state.reader = nil
                    state.timer = nil
                }
                return (state.writer, state.reader, state.timer)
            }
            timer?.cancel()
            writer?.resume(returning: false)
            reader?.resume(returning: .cancelled)
        }
    }
}
