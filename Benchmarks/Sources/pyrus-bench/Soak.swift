import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import PyrusAPI
import PyrusFake

#if canImport(Glibc)
    import Glibc
#endif

// The soak of issue 31, in two processes so that each one's memory and descriptors can be read apart (soak.py starts
// both and reads /proc): `soak-server` serves the fake and disturbs it on a schedule; `soak-clients` runs many
// signed-in clients against it for a while and then checks the server's final state through the API.

/// Serves a fake seeded with `members` members on an ephemeral port and prints its URL; every `expireEvery` seconds
/// revokes every token (clients must sign in again), and every `burstEvery` seconds makes the next `burst` requests
/// answer 429 with `Retry-After: 1`. Stops when standard input closes, then prints what it did as JSON.
func soakServer(members: Int, expireEvery: Int, burstEvery: Int, burst: Int) async throws -> String {
    let seed = try JSONDecoder().decode(MemberList.self, from: membersJSON(count: members))
    let fake = try PyrusFake(seed: .init(members: seed.members))
    let server = try await PyrusFakeServer.start(fake: fake)
    FileHandle.standardOutput.write(Data((server.url.absoluteString + "\n").utf8))
    let expirations = Shared(0)
    let bursts = Shared(0)
    let chaos = Task {
        var second = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            second += 1
            if second % expireEvery == 0 {
                fake.expireTokens()
                expirations.withLock { $0 += 1 }
            }
            if second % burstEvery == 0 {
                fake.failNextRequests(burst)
                bursts.withLock { $0 += 1 }
            }
        }
    }
    // Standard input closing is the signal to stop (no signal handling needed, and a dying driver stops us too).
    await Task.detached { _ = FileHandle.standardInput.readDataToEndOfFile() }.value
    chaos.cancel()
    try await server.shutdown()
    return
        #"{"requests": \#(fake.requestCount), "token_expirations": \#(expirations.withLock { $0 }), "bursts_of_429": \#(bursts.withLock { $0 }), "members": \#(fake.members.count), "roles": \#(fake.roles.count)}"#
}

/// `clients` clients, each signing in with its own login, create a member and a role, then cycle through reads,
/// updates, a large list and a call cancelled at a random moment until `seconds` pass; then each sets a final
/// position and role membership, and a fresh client checks that the server holds exactly that.
func soakClients(url: URL, clients: Int, seconds: Int, seedMembers: Int, cancels: Bool = true) async throws -> String {
    let outcomes = Shared<[String: Int]>([:])
    func count(_ kind: String) { outcomes.withLock { $0[kind, default: 0] += 1 } }
    func kind(of error: any Error) -> String {
        guard let error = error as? APIError else { return "\(type(of: error))" }
        return switch error {
        case .unexpectedStatus(let failure): "status \(failure.status.code)"
        case .decodingFailed: "decoding failed"
        case .transportFailed: "transport failed"
        case .invalidRequest: "invalid request"
        case .responseTooLarge: "response too large"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .untrustedServer: "untrusted server"
        }
    }
    /// Runs `call`, counting its outcome; nil when it failed.
    @discardableResult
    func counted<T: Sendable>(_ call: () async throws -> T) async -> T? {
        do {
            let value = try await call()
            count("ok")
            return value
        } catch {
            count(kind(of: error))
            return nil
        }
    }
    /// Repeats `call` until it succeeds (every failure counted), at most 100 times.
    func eventually<T: Sendable>(_ what: String, _ call: () async throws -> T) async throws -> T {
        for _ in 0..<100 {
            if let value = await counted(call) { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw UsageError(description: "\(what) failed 100 times")
    }
    // The client's own retries (429 with Retry-After) and sign-ins stay on: they are part of what is soaked. The
    // transport counts every exchange, sign-ins and retried attempts included.
    let configuration = APIClient.Configuration(logger: nil)
    let exchanges = Shared<[String: Int]>([:])
    let transport = CountingTransport(base: PyrusClient.makeDefaultTransport(), counts: exchanges)
    let deadline = ContinuousClock.now + .seconds(seconds)
    let start = ContinuousClock.now
    // Every 30 s, the resident memory once the allocator has returned what it keeps: whether a growing RSS is live
    // memory (a leak) or freed memory the allocator holds on to.
    let heap = Shared<[Double]>([])
    let sampler = Task {
        while !Task.isCancelled {
            heap.withLock { $0.append(trimmedResidentMiB()) }
            try? await Task.sleep(for: .seconds(30))
        }
    }
    defer { sampler.cancel() }
    let finals = try await withThrowingTaskGroup(of: (member: Int64, role: Int64, position: String).self) { group in
        for index in 0..<clients {
            group.addTask {
                let pyrus = PyrusClient(
                    login: "soak\(index)@company.com", securityKey: "key \(index)", authURL: url,
                    transport: transport, configuration: configuration)
                let member = try await eventually("creating a member") {
                    try await pyrus.members.create(
                        .init(firstName: "Soak", lastName: "\(index)", email: "soak\(index)@company.com"))
                }
                let role = try await eventually("creating a role") {
                    try await pyrus.roles.create(.init(name: "Soak role \(index)"))
                }
                var step = 0
                while ContinuousClock.now < deadline {
                    step += 1
                    switch step % 6 {
                    case 0: await counted { try await pyrus.members.get(id: member.id) }
                    case 1:
                        await counted { try await pyrus.members.update(id: member.id, .init(position: "step \(step)")) }
                    case 2: await counted { try await pyrus.roles.update(id: role.id, .init(memberAdd: [member.id])) }
                    case 3: await counted { try await pyrus.members.list() }
                    case 4 where !cancels: await counted { try await pyrus.roles.list() }
                    case 4:
                        // A call cancelled at a random moment: before it is sent, while it waits, or never.
                        let call = Task { await counted { try await pyrus.roles.list() } }
                        try? await Task.sleep(for: .microseconds(Int.random(in: 0..<3_000)))
                        call.cancel()
                        _ = await call.value
                    default: await counted { try await pyrus.roles.get(id: role.id) }
                    }
                }
                let position = "final \(index)"
                _ = try await eventually("the final update") {
                    try await pyrus.members.update(id: member.id, .init(position: position))
                }
                _ = try await eventually("the final role update") {
                    try await pyrus.roles.update(id: role.id, .init(memberAdd: [member.id]))
                }
                return (member.id, role.id, position)
            }
        }
        var all: [(member: Int64, role: Int64, position: String)] = []
        for try await result in group { all.append(result) }
        return all
    }
    let elapsed = (ContinuousClock.now - start) / .seconds(1)

    // The state the calls imply: the seed's members untouched, one member per client with its final position, one
    // role per client holding exactly its client's member.
    let checker = PyrusClient(
        login: "checker@company.com", securityKey: "key", authURL: url, configuration: configuration)
    let members: [Member] = try await eventually("listing the members") { try await checker.members.list() }.members
    let roles: [Role] = try await eventually("listing the roles") { try await checker.roles.list() }.roles
    var problems: [String] = []
    if members.count != seedMembers + clients {
        problems.append("\(members.count) members, expected \(seedMembers + clients)")
    }
    if Set(members.map(\.id)).count != members.count { problems.append("duplicate member ids") }
    if roles.count != clients { problems.append("\(roles.count) roles, expected \(clients)") }
    let seed = try JSONDecoder().decode(MemberList.self, from: membersJSON(count: seedMembers)).members
    if Array(members.prefix(seedMembers)) != seed { problems.append("the seed's members changed") }
    for final in finals {
        let member = members.first { $0.id == final.member }
        if member?.position != final.position {
            problems.append("member \(final.member) holds position \(member?.position ?? "nil")")
        }
        let role = roles.first { $0.id == final.role }
        if role?.memberIDs != [final.member] { problems.append("role \(final.role) holds \(role?.memberIDs ?? [])") }
    }
    let verdict = problems.isEmpty ? "exact" : problems.prefix(5).joined(separator: "; ")
    func json(_ counts: [String: Int]) -> String {
        "{" + counts.sorted { $0.key < $1.key }.map { #""\#($0.key)": \#($0.value)"# }.joined(separator: ", ") + "}"
    }
    return
        #"{"clients": \#(clients), "seconds": \#(elapsed), "calls": \#(json(outcomes.withLock { $0 })), "exchanges": \#(json(exchanges.withLock { $0 })), "rss_after_trim_every_30_s_mib": \#(heap.withLock { $0 }.map { (($0 * 10).rounded() / 10) }), "final_state": "\#(verdict)"}"#
}

/// The resident memory (MiB) right after asking glibc's allocator to return the free memory it keeps
/// (`malloc_trim(0)`, looked up at run time; Swift's Glibc module does not export `malloc.h`): what is left is live
/// memory, so a growing RSS that this does not follow is the allocator's cache, not a leak. -1 where unknown.
func trimmedResidentMiB() -> Double {
    #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        typealias Stats = @convention(c) () -> Void
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return -1 }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        // glibc's own count of the bytes in use, on standard error ("in use bytes" under "Total"), for soak.py.
        if let stats = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_stats") {
            unsafeBitCast(stats, to: Stats.self)()
        }
        let kib = statusKiB("VmRSS")
        return kib < 0 ? -1 : Double(kib) / 1024
    #else
        return -1
    #endif
}

/// Counts every exchange by operation and status (or "transport error"), retried attempts and sign-ins included.
struct CountingTransport: ClientTransport {
    var base: any ClientTransport
    var counts: Shared<[String: Int]>

    func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (
        HTTPResponse, HTTPBody?
    ) {
        do {
            let (response, body) = try await base.send(request, body: body, baseURL: baseURL, operationID: operationID)
            counts.withLock { $0["\(operationID) \(response.status.code)", default: 0] += 1 }
            return (response, body)
        } catch {
            counts.withLock { $0["\(operationID) failed", default: 0] += 1 }
            throw error
        }
    }
}
