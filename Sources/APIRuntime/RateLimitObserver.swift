import Foundation
import HTTPTypes
import Synchronization

/// The rate-limit headers of the most recent answer, so callers can pace bulk work.
public struct RateLimitStatus: Sendable, Hashable {
    /// `X-RateLimit-Limit`: requests allowed per window.
    public var limit: Int?
    /// `X-RateLimit-Remaining`: requests left in the current window.
    public var remaining: Int?
    /// `X-RateLimit-Reset`: seconds until the window resets, as of the answer.
    public var resetSeconds: Int?

    /// Creates a status.
    public init(limit: Int? = nil, remaining: Int? = nil, resetSeconds: Int? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }
}

/// Remembers the last rate-limit headers an `APIClient` saw; safe to read from any task.
public final class RateLimitObserver: Sendable {
    private let state = Mutex<RateLimitStatus?>(nil)

    /// Creates an observer that has seen nothing yet.
    public init() {}

    /// The last status seen, or nil before any answer carried the headers.
    public var latest: RateLimitStatus? { state.withLock { $0 } }

    static let limitName = HTTPField.Name("X-RateLimit-Limit")
    static let remainingName = HTTPField.Name("X-RateLimit-Remaining")
    static let resetName = HTTPField.Name("X-RateLimit-Reset")

    /// Records the headers of an answer that has at least one of them.
    func record(_ headers: HTTPFields) {
        func value(_ name: HTTPField.Name?) -> Int? {
            name.flatMap { headers[$0] }.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        let status = RateLimitStatus(
            limit: value(Self.limitName), remaining: value(Self.remainingName), resetSeconds: value(Self.resetName))
        guard status.limit != nil || status.remaining != nil || status.resetSeconds != nil else { return }
        state.withLock { $0 = status }
    }
}
