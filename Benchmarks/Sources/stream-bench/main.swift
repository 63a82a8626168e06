import APIRuntime
import AsyncHTTPClient
import Foundation
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import StreamingBenchAPI

// `stream-bench download|upload|upload-unpaced|events URL AMOUNT`: one streaming call through the generated client of
// streaming.yaml over AsyncHTTPClient, against the server stream_bench.py runs. Prints one JSON line with the bytes
// or events moved, the time and the process's peak RSS, so that the peak belongs to the client alone.
let arguments = CommandLine.arguments
guard arguments.count == 4, let url = URL(string: arguments[2]), let amount = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: stream-bench download|upload|upload-unpaced|events URL AMOUNT\n".utf8))
    exit(2)
}

/// The peak resident set size of this process so far, from /proc (Linux), in KiB.
func peakResidentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

var configuration = HTTPClient.Configuration()
configuration.redirectConfiguration = .disallow
let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
let plain = AsyncHTTPClientTransport(configuration: .init(client: httpClient))
// Uploads are paced as PyrusClient's default transport paces them, except in `upload-unpaced`, which shows what
// AsyncHTTPClient does alone.
let transport: any ClientTransport =
    arguments[1] == "upload-unpaced"
    ? plain
    : PacedTransport(plain) {
        for loop in HTTPClient.defaultEventLoopGroup.makeIterator() { try await loop.submit {}.get() }
    }
let client = StreamingClient(
    serverURL: url, transport: transport, credentials: ["bearer": .token("bench")],
    configuration: .init(timeout: .seconds(600), logger: nil))

/// `count` chunks of `size` bytes, made as they are asked for.
struct Chunks: AsyncSequence, Sendable {
    let count: Int
    let size: Int
    func makeAsyncIterator() -> Iterator { Iterator(left: count, chunk: ArraySlice(repeating: 0x61, count: size)) }
    struct Iterator: AsyncIteratorProtocol {
        var left: Int
        let chunk: ArraySlice<UInt8>
        mutating func next() async -> ArraySlice<UInt8>? {
            guard left > 0 else { return nil }
            left -= 1
            return chunk
        }
    }
}

let start = ContinuousClock.now
var moved = 0
switch arguments[1] {
case "download":
    for try await chunk in try await client.blobs.downloadStream(size: Int64(amount)) { moved += chunk.count }
case "upload", "upload-unpaced":
    let chunk = 64 << 10
    moved = Int(try await client.blobs.upload(OutgoingStream(Chunks(count: amount / chunk, size: chunk))).bytes)
case "events":
    for try await _ in try await client.ticks.tickLog(count: amount) { moved += 1 }
default:
    FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
    exit(2)
}
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let mode = arguments[1]
print(#"{"mode": "\#(mode)", "moved": \#(moved), "seconds": \#(seconds), "peak_rss_kib": \#(peakResidentKiB())}"#)
try await httpClient.shutdown().get()
