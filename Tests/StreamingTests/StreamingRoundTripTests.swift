import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

#if AsyncHTTPClient
    import AsyncHTTPClient
    import OpenAPIAsyncHTTPClient
#endif

/// The generated service protocols of `streaming.yaml`, answering from memory.
struct TicksServer: TicksService, BlobsService {
    /// How long an endless stream waits between events.
    var pause: Duration = .milliseconds(20)

    func tickEvents(count: Int, endless: Bool?) async throws -> OutgoingStream<ServerEvent<Tick>> {
        guard count >= 0 else { throw ServiceError(status: .badRequest, body: Problem(message: "count < 0")) }
        if endless == true {
            let pause = pause
            return OutgoingStream(
                AsyncStream<ServerEvent<Tick>> { continuation in
                    let task = Task {
                        var number = 0
                        while !Task.isCancelled {
                            continuation.yield(ServerEvent(id: "\(number)", data: Tick(number: number)))
                            number += 1
                            try? await Task.sleep(for: pause)
                        }
                        continuation.finish()
                    }
                    continuation.onTermination = { _ in task.cancel() }
                })
        }
        return OutgoingStream(
            (0..<count).lazy.map { ServerEvent(event: "tick", id: "\($0)", data: Tick(number: $0, text: "№\($0)")) })
    }

    func tickLog(count: Int) async throws -> OutgoingStream<ServerEvent<String>> {
        OutgoingStream((0..<count).map { ServerEvent(data: "line \($0)\nsecond line: ✓\r\nthird") })
    }

    func tickLines(count: Int) async throws -> OutgoingStream<Tick> {
        OutgoingStream((0..<count).map { Tick(number: $0, text: "a\nb \"\($0)\"") })
    }

    func tickSequence(count: Int) async throws -> OutgoingStream<Tick> {
        OutgoingStream((0..<count).map { Tick(number: $0) })
    }

    func echoTicks(_ body: IncomingStream<Tick>) async throws -> OutgoingStream<Tick> {
        OutgoingStream(body.map { Tick(number: $0.number * 2, text: $0.text) })
    }

    func download(size: Int64) async throws -> Data {
        Data((0..<Int(size)).map { UInt8(truncatingIfNeeded: $0) })
    }

    func upload(_ body: Data) async throws -> Count {
        Count(bytes: Int64(body.count))
    }
}

#if AsyncHTTPClient
    /// The generated client and service protocols of `streaming.yaml` over a real loopback connection
    /// (AsyncHTTPClient to SwiftNIO): every kind of body that streams, both ways.
    @Suite(.serialized) struct StreamingRoundTripTests {
        static let token = "stream-token-7f3a"

        /// One client for the suite, following no redirect itself (the `APIClient` decides), never shut down: a
        /// static lives as long as the process.
        static let httpClient: HTTPClient = {
            var configuration = HTTPClient.Configuration()
            configuration.redirectConfiguration = .disallow
            return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        }()

        static func client(
            _ server: LoopbackServer, limits: StreamLimits = StreamLimits(), timeout: Duration = .seconds(30)
        ) -> StreamingClient {
            let transport = AsyncHTTPClientTransport(configuration: .init(client: httpClient))
            return StreamingClient(
                serverURL: server.url, transport: transport, credentials: ["bearer": .token(token)],
                configuration: .init(
                    timeout: timeout, retry: RetryMiddleware(policy: .never), logger: nil,
                    streamLimits: limits))
        }

        static func withServer(
            _ service: TicksServer = TicksServer(), _ body: (LoopbackServer) async throws -> Void
        ) async throws {
            try await LoopbackServer.with({ request in try await Endpoints.serve(request, with: service) }, body)
        }

        @Test func tenThousandEventsArriveInOrderWithTheirIDs() async throws {
            try await Self.withServer { server in
                let events = try await Self.client(server).ticks.tickEvents(count: 10_000)
                var received: [ServerEvent<Tick>] = []
                for try await event in events { received.append(event) }
                #expect(received.count == 10_000)
                #expect(received.map(\.data.number) == Array(0..<10_000))
                #expect(received.map(\.id) == (0..<10_000).map { "\($0)" })
                #expect(received.allSatisfy { $0.event == "tick" })
                #expect(received[9_999].data.text == "№9999")
            }
        }

        @Test func eventsOfTextKeepTheirLines() async throws {
            try await Self.withServer { server in
                var received: [String] = []
                for try await event in try await Self.client(server).ticks.tickLog(count: 3) {
                    received.append(event.data)
                }
                #expect(received == (0..<3).map { "line \($0)\nsecond line: ✓\nthird" })
            }
        }

        @Test func jsonLinesAndSequencesOfTypedValues() async throws {
            try await Self.withServer { server in
                let client = Self.client(server)
                var lines: [Tick] = []
                for try await tick in try await client.ticks.tickLines(count: 500) { lines.append(tick) }
                #expect(lines == (0..<500).map { Tick(number: $0, text: "a\nb \"\($0)\"") })
                var sequence: [Tick] = []
                for try await tick in try await client.ticks.tickSequence(count: 500) { sequence.append(tick) }
                #expect(sequence == (0..<500).map { Tick(number: $0) })
            }
        }

        @Test func aStreamSentIsAnsweredByAStreamAsItArrives() async throws {
            try await Self.withServer { server in
                let (ticks, sender) = AsyncStream<Tick>.makeStream()
                let answers = try await Self.client(server).ticks.echoTicks(OutgoingStream(ticks))
                var iterator = answers.makeAsyncIterator()
                // Each answer comes back before the next tick is sent: the body streams both ways at once.
                for number in 0..<50 {
                    sender.yield(Tick(number: number, text: "t\(number)"))
                    #expect(try await iterator.next() == Tick(number: number * 2, text: "t\(number)"))
                }
                sender.finish()
                #expect(try await iterator.next() == nil)
            }
        }

        @Test func bytesDownloadAndUploadAsStreams() async throws {
            try await Self.withServer { server in
                let client = Self.client(server)
                let size = 3 << 20 + 17
                var received = 0
                var checksum = 0
                for try await chunk in try await client.blobs.downloadStream(size: Int64(size)) {
                    for byte in chunk {
                        checksum = checksum &+ Int(byte) &* (received &+ 1)
                        received += 1
                    }
                }
                #expect(received == size)
                let expected = (0..<size).reduce(0) { $0 &+ Int(UInt8(truncatingIfNeeded: $1)) &* ($1 &+ 1) }
                #expect(checksum == expected)
                #expect(try await client.blobs.download(size: 5) == Data([0, 1, 2, 3, 4]))

                let chunks = (0..<64).map { ArraySlice([UInt8](repeating: UInt8($0), count: 65_536)) }
                #expect(try await client.blobs.upload(OutgoingStream(chunks)) == Count(bytes: 64 * 65_536))
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID()).bin")
                try Data(repeating: 7, count: 1_000_003).write(to: file)
                defer { try? FileManager.default.removeItem(at: file) }
                #expect(try await client.blobs.upload(.file(at: file, chunkSize: 4096)) == Count(bytes: 1_000_003))
            }
        }

        @Test func leavingTheLoopClosesTheConnection() async throws {
            try await Self.withServer { server in
                var seen: [Int] = []
                for try await event in try await Self.client(server).ticks.tickEvents(count: 0, endless: true) {
                    seen.append(event.data.number)
                    if seen.count == 3 { break }
                }
                #expect(seen == [0, 1, 2])
                // The server learns of it when its next write fails.
                let cutShort = try await server.waitUntilAnAnswerIsCutShort()
                #expect(cutShort)
            }
        }

        @Test func cancellingTheReadingTaskClosesTheConnection() async throws {
            try await Self.withServer { server in
                let client = Self.client(server)
                let reader = Task { () throws(APIError) -> Int in
                    var count = 0
                    for try await _ in try await client.ticks.tickEvents(count: 0, endless: true) { count += 1 }
                    return count
                }
                try await Task.sleep(for: .milliseconds(200))
                reader.cancel()
                let result = await reader.result
                guard case .failure(let error) = result, case .cancelled(let operationID)? = error as? APIError else {
                    Issue.record("expected .cancelled, got \(result)")
                    return
                }
                #expect(operationID == "tickEvents")
                let cutShort = try await server.waitUntilAnAnswerIsCutShort()
                #expect(cutShort)
            }
        }

        @Test func anErrorStatusOfAStreamingOperationCarriesTheErrorBody() async throws {
            try await Self.withServer { server in
                do throws(APIError) {
                    _ = try await Self.client(server).ticks.tickEvents(count: -1)
                    Issue.record("expected an error")
                } catch {
                    guard case .unexpectedStatus(let failure) = error else {
                        Issue.record("expected .unexpectedStatus, got \(error)")
                        return
                    }
                    #expect(failure.status == .badRequest)
                    #expect(failure.errorBody(as: Problem.self) == Problem(message: "count < 0"))
                }
            }
        }
    }
#endif

/// The same streams over `StreamingURLSessionTransport`, the default on Apple platforms: its answers arrive through a
/// buffer that suspends the URLSession task above its high-water mark and resumes it below the low one.
@Suite(.serialized) struct URLSessionStreamingTests {
    static func client(_ server: LoopbackServer, highWaterMark: Int = 64 << 10) -> StreamingClient {
        StreamingClient(
            serverURL: server.url,
            transport: StreamingURLSessionTransport(highWaterMark: highWaterMark, lowWaterMark: 16 << 10),
            credentials: ["bearer": .token("t")],
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
    }

    @Test func aLargeAnswerReadSlowlyArrivesWholeAndInOrder() async throws {
        let server = try await LoopbackServer.start { request in try await Endpoints.serve(request, with: TicksServer())
        }
        let size = 12 << 20
        var received = 0
        var expected: UInt8 = 0
        var inOrder = true
        var chunks = 0
        for try await chunk in try await Self.client(server).blobs.downloadStream(size: Int64(size)) {
            for byte in chunk {
                if byte != expected { inOrder = false }
                expected &+= 1
            }
            received += chunk.count
            chunks += 1
            // A slow reader: the task is suspended and resumed many times on the way.
            if chunks % 16 == 0 { try await Task.sleep(for: .milliseconds(1)) }
        }
        #expect(received == size)
        #expect(inOrder)
        await server.shutdown()
    }

    @Test func eventsOverURLSessionAndLeavingTheLoopStopsTheTransfer() async throws {
        let server = try await LoopbackServer.start { request in try await Endpoints.serve(request, with: TicksServer())
        }
        var numbers: [Int] = []
        // The client is a temporary: the stream keeps its transport alive.
        for try await event in try await Self.client(server).ticks.tickEvents(count: 0, endless: true) {
            numbers.append(event.data.number)
            if numbers.count == 3 { break }
        }
        #expect(numbers == [0, 1, 2])
        let cutShort = try await server.waitUntilAnAnswerIsCutShort()
        #expect(cutShort)
        await server.shutdown()
    }
}
