import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Retries requests that failed for reasons that pass: 429 and 502/503/504.
///
/// By default only idempotent methods (GET, PUT, DELETE, HEAD, OPTIONS) are retried; POST only when
/// `RetryPolicy.retriesNonIdempotentRequests` is set. Delays grow exponentially with full jitter, but a
/// `Retry-After` header (seconds or an HTTP date) or an `X-RateLimit-Reset` header (seconds) from the server wins.
/// Attempts and total time are bounded, and a cancelled task stops waiting at once.
public struct RetryMiddleware: ClientMiddleware {
    /// When and how often to retry.
    public struct RetryPolicy: Sendable {
        /// Attempts in all, the first included.
        public var maximumAttempts: Int
        /// The delay before the first retry; it doubles with every further retry (before jitter).
        public var initialDelay: Duration
        /// No single delay is longer than this, whatever the server asks.
        public var maximumDelay: Duration
        /// No retry starts when waiting for it would take the call past this much time in all.
        public var maximumTotalDelay: Duration
        /// The statuses that are retried.
        public var retryableStatuses: Set<Int>
        /// Whether POST and PATCH are retried too (they may then take effect twice).
        public var retriesNonIdempotentRequests: Bool

        /// Creates a policy; the defaults suit Pyrus's rate limits.
        public init(
            maximumAttempts: Int = 4,
            initialDelay: Duration = .milliseconds(500),
            maximumDelay: Duration = .seconds(30),
            maximumTotalDelay: Duration = .seconds(60),
            retryableStatuses: Set<Int> = [429, 502, 503, 504],
            retriesNonIdempotentRequests: Bool = false
        ) {
            self.maximumAttempts = maximumAttempts
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.maximumTotalDelay = maximumTotalDelay
            self.retryableStatuses = retryableStatuses
            self.retriesNonIdempotentRequests = retriesNonIdempotentRequests
        }

        /// Never retry.
        public static let never = RetryPolicy(maximumAttempts: 1)
    }

    /// The policy.
    public var policy: RetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> Date
    private let random: @Sendable (ClosedRange<Double>) -> Double

    /// Creates the middleware. `sleep`, `now` and `random` are for tests: by default they are `Task.sleep`, the
    /// system clock and the system random generator.
    public init(
        policy: RetryPolicy = .init(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) {
        self.policy = policy
        self.sleep = sleep
        self.now = now
        self.random = random
    }

    static let idempotentMethods: Set<HTTPRequest.Method> = [.get, .put, .delete, .head, .options]

    /// Sends the request, and again after a delay while the answer is retryable and the limits allow.
    public func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let retryable =
            (Self.idempotentMethods.contains(request.method) || policy.retriesNonIdempotentRequests)
            && (body?.iterationBehavior ?? .multiple) == .multiple
        var waited = Duration.zero
        var attempt = 1
        while true {
            let (response, responseBody) = try await next(request, body, baseURL)
            guard retryable, attempt < policy.maximumAttempts,
                policy.retryableStatuses.contains(response.status.code)
            else { return (response, responseBody) }
            let delay = self.delay(before: attempt + 1, after: response)
            guard waited + delay <= policy.maximumTotalDelay else { return (response, responseBody) }
            try await sleep(delay)
            waited += delay
            attempt += 1
        }
    }

    /// The server's `Retry-After` or `X-RateLimit-Reset` if it sent one, else exponential backoff with full jitter.
    func delay(before attempt: Int, after response: HTTPResponse) -> Duration {
        if let requested = Self.requestedDelay(response.headerFields, now: now()) {
            return min(requested, policy.maximumDelay)
        }
        let exponential = policy.initialDelay * (1 << min(attempt - 2, 30))
        let capped = min(exponential, policy.maximumDelay)
        let seconds = Double(capped.components.seconds) + Double(capped.components.attoseconds) / 1e18
        return .milliseconds(Int64((random(0...seconds) * 1000).rounded()))
    }

    /// `Retry-After: 7`, `Retry-After: Wed, 21 Oct 2026 07:28:00 GMT` or `X-RateLimit-Reset: 7`.
    static func requestedDelay(_ headers: HTTPFields, now: Date) -> Duration? {
        if let value = headers[.retryAfter]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
            if let date = parseHTTPDate(value) {
                return .milliseconds(max(0, Int64(date.timeIntervalSince(now) * 1000)))
            }
        }
        if let name = HTTPField.Name("X-RateLimit-Reset"), let value = headers[name],
            let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0
        {
            return .seconds(seconds)
        }
        return nil
    }

    /// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form HTTP dates take.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
