import APIContract
import APIRuntime
import APISpec
import Foundation
import PyrusAPI

/// What `SpecCheckingMiddleware` adds to a `members.list()` of `members` members (issue 30): the same call through
/// the same in-process transport without and with the checker, interleaved round by round, medians of `runs` calls
/// per round; also the checker's two steps (parsing, validating) alone on the same bytes.
func contractCost(members: Int, runs: Int, rounds: Int, spec: URL) async throws -> String {
    let data = membersJSON(count: members)
    let document = try Document.load(contentsOf: spec, displayName: spec.lastPathComponent)
    let reported = Shared(0)
    let plain = PyrusClient(
        accessToken: "token", transport: StaticTransport(body: data), configuration: quiet)
    let checked = PyrusClient(
        accessToken: "token", transport: StaticTransport(body: data),
        middlewares: [SpecCheckingMiddleware(document: document) { _ in reported.withLock { $0 += 1 } }],
        configuration: quiet)
    let schema = try document.schema(for: .response(operationID: "listMembers", status: "200"))
    var without: [Double] = []
    var with: [Double] = []
    var parse: [Double] = []
    var validate: [Double] = []
    for _ in 0..<rounds {
        without.append(try await measure(runs: runs) { _ = try await plain.members.list() }.median)
        with.append(try await measure(runs: runs) { _ = try await checked.members.list() }.median)
        parse.append(try await measure(runs: runs) { _ = try JSON.parse(data) }.median)
        let json = try JSON.parse(data)
        validate.append(try await measure(runs: runs) { _ = try document.validate(json, against: schema) }.median)
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let ratio = median(with) / median(without)
    return
        #"{"members": \#(members), "bytes": \#(data.count), "list_ms": \#(median(without)), "list_checked_ms": \#(median(with)), "added_percent": \#((ratio - 1) * 100), "parse_ms": \#(median(parse)), "validate_ms": \#(median(validate)), "rounds": {"list": \#(without), "checked": \#(with)}, "violations_reported": \#(reported.withLock { $0 })}"#
}
