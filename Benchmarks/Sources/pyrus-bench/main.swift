import APICodegen
import APIRuntime
import APISpec
import Foundation
import HandWrittenPyrus
import OpenAPIGeneratorPyrus
import OpenAPIRuntime
import OpenAPIURLSession
import PyrusAPI
import PyrusFake
import PyrusKitPyrus

// pyrus-bench COMMAND [options]; every command prints one JSON object on standard output.
// See ../run.sh and ../bench.py for how they are combined into RESULTS.md.

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return Int(arguments[index + 1]) ?? value
}

func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
}

switch arguments.first {
case "spec-load":
    // Loading (parse + check) a spec in process.
    guard let path = option("--spec") else { throw UsageError(description: "spec-load --spec FILE") }
    let url = URL(fileURLWithPath: path)
    let timing = try await measure(runs: option("--runs", default: 20)) { _ = try Document.load(contentsOf: url) }
    print(timing.json)

case "generate-in-process":
    // Loading and generating in process, without process start-up.
    guard let path = option("--spec") else { throw UsageError(description: "generate-in-process --spec FILE") }
    let url = URL(fileURLWithPath: path)
    let timing = try await measure(runs: option("--runs", default: 10)) {
        let document = try Document.load(contentsOf: url)
        _ = try Generator.generate(document, options: .init(moduleName: "PyrusAPI", specName: "spec.yaml"))
    }
    print(timing.json)

case "decode":
    let count = option("--members", default: 10_000)
    let client = option("--client") ?? "pyruskit"
    let data = membersJSON(count: count)
    let decode = try decoder(for: client, data: data)
    let timing = try await measure(runs: option("--runs", default: 15), decode)
    print(
        #"{"client": "\#(client)", "members": \#(count), "timing": \#(timing.json), "peak_rss_kib": \#(peakResidentKiB())}"#
    )

case "decode-memory":
    // One decode in a fresh process, for its peak memory.
    let count = option("--members", default: 10_000)
    let client = option("--client") ?? "pyruskit"
    let data = membersJSON(count: count)
    let before = peakResidentKiB()
    try await decoder(for: client, data: data)()
    print(
        #"{"client": "\#(client)", "members": \#(count), "peak_rss_kib": \#(peakResidentKiB()), "before_kib": \#(before)}"#
    )

case "roundtrip":
    let client = option("--client") ?? "pyruskit"
    let concurrency = option("--concurrency", default: 1)
    let requests = option("--requests", default: 2000)
    print(try await roundtrip(client: client, concurrency: concurrency, requests: requests))

case "examples":
    let fixtures = URL(fileURLWithPath: option("--fixtures") ?? "../Tests/Fixtures")
    print(await decodeDocumentedExamples(fixtures: fixtures))

case "load":
    print(
        try await loadTest(clients: option("--clients", default: 50), requests: option("--requests", default: 10_000)))

case "contract-cost":
    print(
        try await contractCost(
            members: option("--members", default: 10_000), runs: option("--runs", default: 9),
            rounds: option("--rounds", default: 3),
            spec: URL(fileURLWithPath: option("--spec") ?? "../Spec/pyrus-api.yaml")))

case "soak-server":
    print(
        try await soakServer(
            members: option("--members", default: 1_000), expireEvery: option("--expire-every", default: 7),
            burstEvery: option("--burst-every", default: 5), burst: option("--burst", default: 20)))

case "soak-clients":
    guard let url = option("--url").flatMap(URL.init(string:)) else {
        throw UsageError(description: "soak-clients --url URL [--clients N] [--seconds S] [--seed-members N]")
    }
    print(
        try await soakClients(
            url: url, clients: option("--clients", default: 32), seconds: option("--seconds", default: 60),
            seedMembers: option("--seed-members", default: 1_000), cancels: !arguments.contains("--no-cancel")))

default:
    throw UsageError(
        description:
            "usage: pyrus-bench spec-load|generate-in-process|decode|decode-memory|roundtrip|examples|load|contract-cost|soak-server|soak-clients [options]"
    )
}
