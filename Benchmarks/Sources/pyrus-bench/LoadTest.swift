import APIRuntime
import Foundation
import OpenAPIURLSession
import PyrusAPI
import PyrusFake
import Synchronization

/// `clients` concurrent PyrusKit clients doing mixed operations against the fake over loopback, `requests` in all;
/// then checks that the fake's final state is exactly what the operations imply.
func loadTest(clients: Int, requests: Int) async throws -> String {
    let fake = try PyrusFake()
    let server = try await PyrusFakeServer.start(fake: fake)
    defer { Task { try? await server.shutdown() } }
    let latencies = Shared<[Double]>([])
    let failures = Shared(0)
    let perClient = requests / clients
    let start = ContinuousClock.now
    // Each client: create a member, then cycle through get, update, list, a role of its own and its updates.
    let created = try await withThrowingTaskGroup(of: (member: Int64, role: Int64, adds: Int).self) { group in
        for index in 0..<clients {
            group.addTask {
                let pyrus = PyrusClient(
                    accessToken: PyrusFake.defaultAccessToken, serverURL: server.url, configuration: quiet)
                func timed<T>(_ call: () async throws -> T) async throws -> T {
                    let begin = ContinuousClock.now
                    do {
                        let value = try await call()
                        let elapsed = ContinuousClock.now - begin
                        latencies.withLock {
                            $0.append(
                                Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds)
                                    * 1000)
                        }
                        return value
                    } catch {
                        failures.withLock { $0 += 1 }
                        throw error
                    }
                }
                let member = try await timed {
                    try await pyrus.members.create(
                        .init(firstName: "Load", lastName: "\(index)", email: "load\(index)@company.com"))
                }
                let role = try await timed { try await pyrus.roles.create(.init(name: "Role \(index)")) }
                var adds = 0
                for step in 1..<max(perClient - 1, 1) {
                    switch step % 5 {
                    case 0: _ = try await timed { try await pyrus.members.get(id: member.id) }
                    case 1:
                        _ = try await timed {
                            try await pyrus.members.update(id: member.id, .init(position: "step \(step)"))
                        }
                    case 2: _ = try await timed { try await pyrus.roles.get(id: role.id) }
                    case 3:
                        _ = try await timed { try await pyrus.roles.update(id: role.id, .init(memberAdd: [member.id])) }
                        adds += 1
                    default: _ = try await timed { try await pyrus.members.list() }
                    }
                }
                return (member.id, role.id, adds)
            }
        }
        var all: [(member: Int64, role: Int64, adds: Int)] = []
        for try await result in group { all.append(result) }
        return all
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    let timing = Timing(samples: latencies.withLock { $0 })

    // The state the operations imply: one member and one role per client, ids unique and consecutive, each
    // role holding exactly its client's member once (adds are idempotent), each member's last position set.
    let members = fake.members
    let roles = fake.roles
    var problems: [String] = []
    if members.count != clients { problems.append("\(members.count) members, expected \(clients)") }
    if Set(members.map(\.id)).count != members.count { problems.append("duplicate member ids") }
    if members.map(\.id) != Array(1001...Int64(1000 + clients)) {
        problems.append("member ids are not 1001…\(1000 + clients)")
    }
    if roles.count != clients { problems.append("\(roles.count) roles, expected \(clients)") }
    for result in created {
        let role = roles.first { $0.id == result.role }
        let expected = result.adds > 0 ? [result.member] : []
        if role?.memberIDs != expected { problems.append("role \(result.role) holds \(role?.memberIDs ?? [])") }
    }
    let verdict = problems.isEmpty ? "exact" : problems.prefix(5).joined(separator: "; ")
    return
        #"{"clients": \#(clients), "requests": \#(timing.samples.count), "failures": \#(failures.withLock { $0 }), "seconds": \#(seconds), "rps": \#(Double(timing.samples.count) / seconds), "p50_ms": \#(timing.percentile(50)), "p99_ms": \#(timing.percentile(99)), "final_state": "\#(verdict)"}"#
}
