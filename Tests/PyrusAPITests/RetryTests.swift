import APIRuntime
import Foundation
import HTTPTypes
import Testing

@testable import PyrusAPI

/// Retries: counts, server-requested delays, no retry of POST, bounds, cancellation — with recorded sleeps.
@Suite struct RetryTests {
    static let role = #"{"id": 1, "name": "R", "banned": false}"#

    @Test func idempotentCallIsRetriedOn503WithExponentialBackoff() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.json(.serviceUnavailable, "{}"), ScriptedTransport.json(.serviceUnavailable, "{}"),
            ScriptedTransport.json(.ok, Self.role),
        ])
        let sleeps = RecordedSleeps()
        let role = try await makeClient(transport, sleeps: sleeps).roles.get(id: 1)
        #expect(role.id == 1)
        #expect(transport.requests.count == 3)
        // Full jitter with the random source pinned to its upper bound: 0.5 s, then 1 s.
        #expect(sleeps.all == [.milliseconds(500), .milliseconds(1000)])
    }

    @Test func retryAfterSecondsIsHonoured() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.json(.tooManyRequests, "{}", headers: [.retryAfter: "7"]),
            ScriptedTransport.json(.ok, Self.role),
        ])
        let sleeps = RecordedSleeps()
        _ = try await makeClient(transport, sleeps: sleeps).roles.get(id: 1)
        #expect(sleeps.all == [.seconds(7)])
    }

    @Test func retryAfterHTTPDateIsHonoured() async throws {
        // The injected clock reads 1_800_000_000 (Fri, 15 Jan 2027 08:00:00 GMT); the server asks for 08:00:05.
        let transport = ScriptedTransport([
            ScriptedTransport.json(.tooManyRequests, "{}", headers: [.retryAfter: "Fri, 15 Jan 2027 08:00:05 GMT"]),
            ScriptedTransport.json(.ok, Self.role),
        ])
        let sleeps = RecordedSleeps()
        _ = try await makeClient(transport, sleeps: sleeps).roles.get(id: 1)
        #expect(sleeps.all == [.seconds(5)])
    }

    @Test func rateLimitResetIsHonouredAndRemainingIsExposed() async throws {
        let reset = try #require(HTTPField.Name("X-RateLimit-Reset"))
        let remaining = try #require(HTTPField.Name("X-RateLimit-Remaining"))
        let transport = ScriptedTransport([
            ScriptedTransport.json(.tooManyRequests, "{}", headers: [reset: "12", remaining: "0"]),
            ScriptedTransport.json(.ok, Self.role, headers: [reset: "600", remaining: "4999"]),
        ])
        let sleeps = RecordedSleeps()
        let client = makeClient(transport, sleeps: sleeps)
        #expect(client.apiClient.rateLimits.latest == nil)
        _ = try await client.roles.get(id: 1)
        #expect(sleeps.all == [.seconds(12)])
        #expect(client.apiClient.rateLimits.latest == RateLimitStatus(limit: nil, remaining: 4999, resetSeconds: 600))
    }

    @Test func listWithHeadersReturnsTheTypedRateLimitHeaders() async throws {
        let limit = try #require(HTTPField.Name("X-RateLimit-Limit"))
        let reset = try #require(HTTPField.Name("X-RateLimit-Reset"))
        let remaining = try #require(HTTPField.Name("X-RateLimit-Remaining"))
        let transport = ScriptedTransport([
            ScriptedTransport.json(
                .ok, #"{"roles": [\#(Self.role)]}"#, headers: [limit: "5000", reset: "600", remaining: "4999"])
        ])
        let (roles, headers) = try await makeClient(transport).roles.listWithHeaders()
        #expect(roles.roles.map(\.id) == [1])
        #expect(headers == RolesListHeaders(xRateLimitLimit: 5000, xRateLimitRemaining: 4999, xRateLimitReset: 600))
    }

    @Test func postIsNotRetriedByDefault() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(.serviceUnavailable, "{}")])
        await #expect(throws: APIError.self) {
            _ = try await makeClient(transport).roles.create(.init(name: "R"))
        }
        #expect(transport.requests.count == 1)
    }

    @Test func postIsRetriedWhenTheCallerOptsIn() async throws {
        let transport = ScriptedTransport([
            ScriptedTransport.json(.serviceUnavailable, "{}"), ScriptedTransport.json(.ok, Self.role),
        ])
        let policy = RetryMiddleware.RetryPolicy(retriesNonIdempotentRequests: true)
        _ = try await makeClient(transport, policy: policy).roles.create(.init(name: "R"))
        #expect(transport.requests.count == 2)
        #expect(transport.requests.map(\.body) == [#"{"name":"R"}"#, #"{"name":"R"}"#])
    }

    @Test func attemptsAreBounded() async throws {
        let transport = ScriptedTransport(fallback: { _ in (.gatewayTimeout, [:], Data()) })
        let sleeps = RecordedSleeps()
        do {
            _ = try await makeClient(transport, sleeps: sleeps).roles.get(id: 1)
            Issue.record("expected an error")
        } catch {
            #expect(error.status == .gatewayTimeout)
        }
        #expect(transport.requests.count == 4)
        #expect(sleeps.all.count == 3)
    }

    @Test func totalDelayIsBounded() async throws {
        let transport = ScriptedTransport(fallback: { _ in (.tooManyRequests, [.retryAfter: "25"], Data()) })
        let sleeps = RecordedSleeps()
        await #expect(throws: APIError.self) { _ = try await makeClient(transport, sleeps: sleeps).roles.get(id: 1) }
        // 25 s + 25 s fit in the 60 s budget; a third wait would not.
        #expect(sleeps.all == [.seconds(25), .seconds(25)])
        #expect(transport.requests.count == 3)
    }

    @Test func notFoundIsNotRetried() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(.notFound, "{}")])
        await #expect(throws: APIError.self) { _ = try await makeClient(transport).roles.get(id: 1) }
        #expect(transport.requests.count == 1)
    }

    @Test func cancellationStopsTheWait() async throws {
        let transport = ScriptedTransport(fallback: { _ in (.serviceUnavailable, [.retryAfter: "30"], Data()) })
        let retry = RetryMiddleware(sleep: { try await Task.sleep(for: $0) })
        let client = PyrusClient(
            accessToken: "t", transport: transport, configuration: .init(timeout: nil, retry: retry, logger: nil))
        let task = Task { () async -> APIError? in
            do {
                _ = try await client.roles.get(id: 1)
                return nil
            } catch let error as APIError {
                return error
            } catch {
                return nil
            }
        }
        while transport.requests.isEmpty { await Task.yield() }
        task.cancel()
        let error = await task.value
        guard case .cancelled = error else {
            Issue.record("expected cancelled, got \(String(describing: error))")
            return
        }
        #expect(transport.requests.count == 1)
    }
}
