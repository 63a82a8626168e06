import APIContract
import APIRuntime
import APISpec
import Foundation
import OpenAPIRuntime
import PyrusAPI

/// What `SpecCheckingMiddleware` adds to a `members.list()` of `members` members (issue 30): the same call through
/// the same in-process transport without the checker, with it in `.lenient` mode (the answer validated in the
/// background; timed alone, the pending check awaited between calls outside the timer, and back to back), and in
/// `.strict` mode (validated before the call returns); also the checker's two steps, parsing and validating, alone.
/// Interleaved round by round; each figure the median of `runs` calls, then the median of the rounds.
func contractCost(members: Int, runs: Int, rounds: Int, spec: URL) async throws -> String {
    let data = membersJSON(count: members)
    let document = try Document.load(contentsOf: spec, displayName: spec.lastPathComponent)
    let reported = Shared(0)
    func client(_ middlewares: [any ClientMiddleware]) -> PyrusClient {
        PyrusClient(
            accessToken: "token", transport: StaticTransport(body: data), middlewares: middlewares,
            configuration: quiet)
    }
    let lenient = SpecCheckingMiddleware(document: document) { _ in reported.withLock { $0 += 1 } }
    let strict = SpecCheckingMiddleware(document: document, mode: .strict) { _ in reported.withLock { $0 += 1 } }
    let plain = client([])
    let checked = client([lenient])
    let checkedStrictly = client([strict])
    let schema = try document.schema(for: .response(operationID: "listMembers", status: "200"))
    let json = try JSON.parse(data)

    /// The median of `runs` timed calls, with `between` run untimed after each.
    func timed(_ body: () async throws -> Void, between: () async -> Void = {}) async rethrows -> Double {
        var samples: [Double] = []
        for _ in 0..<runs + 2 {
            let start = ContinuousClock.now
            try await body()
            let elapsed = ContinuousClock.now - start
            samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            await between()
        }
        return Timing(samples: Array(samples.dropFirst(2))).median
    }
    var figures: [String: [Double]] = [:]
    for _ in 0..<rounds {
        figures["list", default: []].append(try await timed { _ = try await plain.members.list() })
        figures["lenient", default: []].append(
            try await timed({ _ = try await checked.members.list() }, between: { await lenient.waitForPendingChecks() })
        )
        figures["lenient_back_to_back", default: []].append(try await timed { _ = try await checked.members.list() })
        await lenient.waitForPendingChecks()
        figures["strict", default: []].append(try await timed { _ = try await checkedStrictly.members.list() })
        figures["parse", default: []].append(try await timed { _ = try JSON.parse(data) })
        figures["validate", default: []].append(try await timed { _ = try document.validate(json, against: schema) })
    }
    func median(_ name: String) -> Double {
        let values = (figures[name] ?? []).sorted()
        return values.isEmpty ? 0 : values[values.count / 2]
    }
    let base = median("list")
    let fields = ["list", "lenient", "lenient_back_to_back", "strict", "parse", "validate"].map { name in
        String(format: #""%@_ms": %.2f"#, name, median(name))
    }
    let added = ["lenient", "lenient_back_to_back", "strict"].map { name in
        String(format: #""%@_added_percent": %.1f"#, name, (median(name) / base - 1) * 100)
    }
    return "{\"members\": \(members), \"bytes\": \(data.count), " + (fields + added).joined(separator: ", ")
        + ", \"violations_reported\": \(reported.withLock { $0 })}"
}
