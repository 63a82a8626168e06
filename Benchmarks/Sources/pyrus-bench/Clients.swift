import APIRuntime
import Foundation
import HandWrittenPyrus
import OpenAPIGeneratorPyrus
import OpenAPIRuntime
import OpenAPIURLSession
import PyrusAPI
import PyrusFake
import PyrusKitPyrus
import Synchronization

/// No retries and no logging: the benchmarks measure the clients, not the policies.
let quiet = APIClient.Configuration(retry: RetryMiddleware(policy: .never), logger: nil)

/// A closure that decodes `data` as `GET /members` through the named client.
func decoder(for client: String, data: Data) throws -> () async throws -> Void {
    switch client {
    case "pyruskit":
        let pyrus = PyrusKitPyrusClient(
            apiClient: APIClient(
                serverURL: URL(checkedLiteral: "https://api.pyrus.com/v4"), transport: StaticTransport(body: data), configuration: quiet))
        return { _ = try await pyrus.members.list() }
    case "openapi-generator":
        let generated = OpenAPIGeneratorPyrus.Client(
            serverURL: URL(fileURLWithPath: "/"), transport: StaticTransport(body: data))
        return { _ = try await generated.listMembers().ok.body.json }
    case "handwritten":
        return { _ = try JSONDecoder().decode(HandWrittenMemberList.self, from: data) }
    default:
        throw UsageError(description: "unknown client \(client); use pyruskit, openapi-generator or handwritten")
    }
}

/// Requests per second of `GET /roles/{id}` through the named client against the fake over loopback.
func roundtrip(client: String, concurrency: Int, requests: Int) async throws -> String {
    let fake = try PyrusFake(
        seed: .init(roles: [Role(id: 1, name: "Accountant", banned: false, memberIDs: [1, 2, 3])]))
    let server = try await PyrusFakeServer.start(fake: fake)
    defer { Task { try? await server.shutdown() } }
    let call: @Sendable () async throws -> Void
    switch client {
    case "pyruskit":
        let pyrus = PyrusKitPyrusClient(
            apiClient: APIClient(
                serverURL: server.url, transport: URLSessionTransport(),
                middlewares: [BearerTokenMiddleware(token: PyrusFake.defaultAccessToken)], configuration: quiet))
        call = { _ = try await pyrus.roles.get(id: 1) }
    case "openapi-generator":
        let generated = OpenAPIGeneratorPyrus.Client(
            serverURL: server.url, transport: URLSessionTransport(), middlewares: [BearerTokenMiddleware(token: PyrusFake.defaultAccessToken)])
        call = { _ = try await generated.getRole(path: .init(id: 1)).ok.body.json }
    default:
        throw UsageError(description: "unknown client \(client)")
    }
    for _ in 0..<50 { try await call() }
    let counter = Shared(0)
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                while counter.withLock({ count -> Bool in
                    count += 1
                    return count <= requests
                }) {
                    try await call()
                }
            }
        }
        try await group.waitForAll()
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    return
        #"{"client": "\#(client)", "concurrency": \#(concurrency), "requests": \#(requests), "seconds": \#(seconds), "rps": \#(Double(requests) / seconds)}"#
}
