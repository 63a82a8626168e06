import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

#if AsyncHTTPClient
    /// What a hostile server can send to a client reading a stream: each attack ends in a typed `APIError` within
    /// the stream's limits, the connection is closed, and no credential leaves its origin.
    @Suite(.serialized) struct HostileStreamTests {
        /// What the hostile server answers every request with: a status, headers and a body made afresh each time.
        struct Answer: Sendable {
            var status: HTTPResponse.Status = .ok
            var headers: HTTPFields = [.contentType: "text/event-stream"]
            var body: @Sendable () -> HTTPBody

            /// `text` whole.
            static func text(_ text: String) -> Answer { Answer { HTTPBody(text) } }

            /// `chunk` again and again, for ever (until the client goes away).
            static func endless(_ chunk: String) -> Answer {
                let bytes = ArraySlice(chunk.utf8)
                return Answer {
                    HTTPBody(
                        AsyncStream<ArraySlice<UInt8>>(unfolding: { bytes }), length: .unknown,
                        iterationBehavior: .single)
                }
            }

            /// The chunks of `body`, which can be sent once.
            static func once(_ body: HTTPBody) -> Answer { Answer { body } }
        }

        /// A server that answers every request with `answer`, as fast as the client takes it.
        static func withServer(_ answer: Answer, _ test: (LoopbackServer) async throws -> Void) async throws {
            try await LoopbackServer.with(
                { request in
                    // The request's body is read first, as a server that answers it would: answering while the
                    // client still writes races its write with the answer.
                    if let body = request.bodyStream { _ = try await Data(collecting: body, upTo: 1 << 20) }
                    var response = ServerResponse(status: answer.status, headers: answer.headers)
                    response.bodyStream = answer.body()
                    return response
                }, test)
        }

        static func waitUntilCutShort(_ server: LoopbackServer) async throws {
            let cutShort = try await server.waitUntilAnAnswerIsCutShort()
            #expect(cutShort)
        }

        /// Reads the stream to its end, returning the elements read and the error it ended with.
        /// Reads `stream` to its end. Events already buffered arrive without suspending, so the loop gives up its
        /// thread now and then: the test process's cooperative pool is as wide as the machine (two threads here), and
        /// ten million events read in one go would hold one of them for half a minute.
        static func drain<Element>(_ stream: IncomingStream<Element>) async -> (count: Int, error: APIError?) {
            var count = 0
            do throws(APIError) {
                for try await _ in stream {
                    count += 1
                    if count.isMultiple(of: 4_096) { await Task.yield() }
                }
                return (count, nil)
            } catch {
                return (count, error)
            }
        }

        @Test func anEndlessEventWithoutALineBreakIsTooLarge() async throws {
            try await Self.withServer(.endless(String(repeating: "x", count: 65_536))) { server in
                let client = StreamingRoundTripTests.client(server, limits: StreamLimits(maximumElementBytes: 1 << 20))
                let (count, error) = await Self.drain(try await client.ticks.tickLog(count: 1))
                #expect(count == 0)
                guard case .responseTooLarge(let operationID, let limit)? = error else {
                    Issue.record("expected .responseTooLarge, got \(String(describing: error))")
                    return
                }
                #expect(operationID == "tickLog")
                #expect(limit == 1 << 20)
                try await Self.waitUntilCutShort(server)
            }
        }

        @Test func anElementOverTheLimitEndsTheStreamAfterTheOnesBefore() async throws {
            let events = "data: small\n\ndata: \(String(repeating: "y", count: 5_000))\n\ndata: never read\n\n"
            try await Self.withServer(.text(events)) { server in
                let client = StreamingRoundTripTests.client(server, limits: StreamLimits(maximumElementBytes: 4_096))
                var received: [String] = []
                do throws(APIError) {
                    for try await event in try await client.ticks.tickLog(count: 3) { received.append(event.data) }
                    Issue.record("expected .responseTooLarge")
                } catch {
                    guard case .responseTooLarge(_, 4_096) = error else {
                        Issue.record("expected .responseTooLarge, got \(error)")
                        return
                    }
                }
                #expect(received == ["small"])
            }
        }

        @Test func commentsAndBlankLinesForEverAreTooLargeToo() async throws {
            for filler in [": keep-alive\n", "\n", "\r\n", "retry: 10\n", "id: 1\n"] {
                try await Self.withServer(.endless(String(repeating: filler, count: 4_096))) { server in
                    let client = StreamingRoundTripTests.client(
                        server, limits: StreamLimits(maximumElementBytes: 256 << 10))
                    let (count, error) = await Self.drain(try await client.ticks.tickLog(count: 1))
                    #expect(count == 0)
                    guard case .responseTooLarge? = error else {
                        Issue.record(
                            "\(filler.debugDescription): expected .responseTooLarge, got \(error.debugDescription)")
                        return
                    }
                }
            }
        }

        @Test func aStreamThatStallsTimesOutPerElement() async throws {
            let (stalled, continuation) = AsyncStream<ArraySlice<UInt8>>.makeStream()
            continuation.yield(ArraySlice("data: {\"number\": 1}\n\n".utf8))
            continuation.yield(ArraySlice("data: {\"number\": 2}\n\n: and then nothing more".utf8))
            let body = HTTPBody(stalled, length: .unknown, iterationBehavior: .single)
            try await Self.withServer(.once(body)) { server in
                let client = StreamingRoundTripTests.client(
                    server, limits: StreamLimits(elementTimeout: .milliseconds(300)))
                var numbers: [Int] = []
                let start = ContinuousClock.now
                do throws(APIError) {
                    for try await event in try await client.ticks.tickEvents(count: 3) {
                        numbers.append(event.data.number)
                    }
                    Issue.record("expected .timedOut")
                } catch {
                    guard case .timedOut(let operationID, let after) = error else {
                        Issue.record("expected .timedOut, got \(error)")
                        return
                    }
                    #expect(operationID == "tickEvents")
                    #expect(after == .milliseconds(300))
                }
                #expect(numbers == [1, 2])
                // The stream stalls for good, so only the element timeout ends it; the bound leaves room for a
                // cooperative pool busy with the CPU-heavy suites beside this one.
                #expect(ContinuousClock.now - start < .seconds(25))
                // The client closed the connection: the server finds out when it writes again.
                let cutShort = try await server.waitUntilAnAnswerIsCutShort {
                    continuation.yield(ArraySlice("\n".utf8))
                }
                #expect(cutShort)
            }
            continuation.finish()
        }

        @Test func anElementThatDoesNotDecodeEndsTheStreamWithItsIndexAndPath() async throws {
            let events = "data: {\"number\": 0}\n\ndata: {\"number\": 1}\n\ndata: {\"number\": \"two\"}\n\n"
            try await Self.withServer(.text(events)) { server in
                var numbers: [Int] = []
                do throws(APIError) {
                    for try await event in try await StreamingRoundTripTests.client(server).ticks.tickEvents(count: 3) {
                        numbers.append(event.data.number)
                    }
                    Issue.record("expected .decodingFailed")
                } catch {
                    guard case .decodingFailed(let failure) = error else {
                        Issue.record("expected .decodingFailed, got \(error)")
                        return
                    }
                    #expect(failure.jsonPath == "/2/number")
                    #expect(failure.expected == "Int")
                    #expect(failure.bodyExcerpt == #"{"number": "two"}"#)
                }
                #expect(numbers == [0, 1])
            }
        }

        /// Ten million events of one byte of data each (80 MB): read one at a time, in memory that does not grow with
        /// them (the release build's figure is in RESULTS.md).
        @Test func tenMillionTinyEventsAreReadOneAtATime() async throws {
            let chunk = String(repeating: "data:x\n\n", count: 8_192)
            let chunks = 1_221
            let body = HTTPBody(
                (0..<chunks).async.map { _ in ArraySlice(chunk.utf8) }, length: .unknown, iterationBehavior: .single)
            try await Self.withServer(.once(body)) { server in
                let (count, error) = await Self.drain(
                    try await StreamingRoundTripTests.client(server).ticks.tickLog(count: 1))
                #expect(error == nil)
                #expect(count == 8_192 * chunks)
                #expect(count >= 10_000_000)
            }
        }

        /// A redirect of a streaming call to another origin is returned, not followed: the other server never sees
        /// the request, and so never the token.
        @Test func aRedirectOfAStreamToAnotherOriginIsNotFollowed() async throws {
            let elsewhere = try await LoopbackServer.start { request in
                Issue.record("the other origin received \(request.method) \(request.path) with \(request.headers)")
                return ServerResponse(status: .ok)
            }
            let location = elsewhere.url.absoluteString + "/ticks/events?count=1"
            let redirect = Answer(status: .found, headers: [.location: location]) { HTTPBody() }
            try await Self.withServer(redirect) { server in
                let client = StreamingRoundTripTests.client(server)
                do throws(APIError) {
                    _ = try await client.ticks.tickEvents(count: 1)
                    Issue.record("expected .unexpectedStatus")
                } catch {
                    #expect(error.status == .found)
                    #expect(!"\(error)".contains(StreamingRoundTripTests.token))
                }
                // A body that streams is sent once: a 307 would need it again, so it is not followed either.
                do throws(APIError) {
                    _ = try await client.ticks.echoTicks(OutgoingStream([Tick(number: 1)].async))
                    Issue.record("expected .unexpectedStatus")
                } catch {
                    #expect(error.status == .found)
                }
            }
            await elsewhere.shutdown()
        }
    }

    extension Sequence where Self: Sendable, Element: Sendable {
        /// The elements as an `AsyncSequence` that can be read once.
        var async: AsyncStream<Element> {
            AsyncStream { continuation in
                for element in self { continuation.yield(element) }
                continuation.finish()
            }
        }
    }
#endif
