import Foundation
import Synchronization

/// Runs `body` `warmup` times unmeasured, then `runs` times, and reports the median, min and max in milliseconds.
func measure(runs: Int, warmup: Int = 2, _ body: () async throws -> Void) async rethrows -> Timing {
    for _ in 0..<warmup { try await body() }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    return Timing(samples: samples)
}

/// Sorted samples in milliseconds.
struct Timing {
    var samples: [Double]

    init(samples: [Double]) { self.samples = samples.sorted() }

    var median: Double { percentile(50) }
    var min: Double { samples.first ?? 0 }
    var max: Double { samples.last ?? 0 }

    func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let index = Int((p / 100 * Double(samples.count - 1)).rounded())
        return samples[Swift.min(samples.count - 1, Swift.max(0, index))]
    }

    var json: String {
        String(
            format: #"{"median_ms": %.4f, "min_ms": %.4f, "max_ms": %.4f, "runs": %d}"#, median, min, max, samples.count
        )
    }
}

/// The peak resident set size of this process so far, from /proc (Linux), in KiB.
func peakResidentKiB() -> Int { statusKiB("VmHWM") }

/// A field of /proc/self/status in KiB (`VmRSS`, `VmHWM`), or -1 where there is none.
func statusKiB(_ field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

/// `GET /members` with `count` members, shaped like the docs' full example.
func membersJSON(count: Int) -> Data {
    var text = #"{"members":["#
    for index in 0..<count {
        if index > 0 { text += "," }
        text +=
            #"{"id":\#(100_000 + index),"first_name":"Bruce\#(index)","last_name":"Brown","email":"bruce\#(index)@company.com","type":"user","external_id":"","status":"😷Got sick","banned":false,"fired":false,"position":"developer","department_id":123,"messenger":{"type":"Telegram","nickname":"Jester"},"phone":"+11235678910","rights":0,"login_phone":""}"#
    }
    return Data((text + "]}").utf8)
}

/// A value shared between tasks.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    func withLock<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T { storage.withLock(body) }
}
