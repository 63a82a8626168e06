import Foundation
import Synchronization
import Testing

@testable import APIRuntime

/// The clock a call races against.
@Suite struct DeadlineTests {
    final class Flag: Sendable {
        let value = Mutex(false)
    }

    /// An error that says when it is gone.
    final class Sentinel: Error, Sendable {
        let released: Flag
        init(_ released: Flag) { self.released = released }
        deinit { released.value.withLock { $0 = true } }
    }

    /// The clock lets go of what it holds when the work wins.
    @Test func aFinishedCallReleasesItsTimeoutError() async throws {
        let flag = Flag()
        let answer = try await Deadline.run({ 42 }, within: .seconds(3600), orThrow: Sentinel(flag))
        #expect(answer == 42)
        for _ in 0..<100 where !flag.value.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(flag.value.withLock { $0 }, "the timeout's error, held by the clock, was not released")
    }

    #if os(Linux)
        /// Found by the soak (heaptrack): with `Task.sleep` as the clock, every finished call left its cancelled sleep (a
        /// task and a dispatch timer, about 300 bytes) in the runtime until the timeout: on Linux a cancelled sleep lives
        /// until its deadline, 24,000 of them at 200 calls a second and a 120 s timeout. 20,000 calls with an hour's
        /// timeout grew the process by about 18 MB that way; now the clock is freed when the work wins.
        @Test func finishedCallsLeaveNoClockRunningUntilTheirTimeout() async throws {
            func residentKiB() -> Int {
                let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
                let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
                return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
            }
            struct Late: Error {}
            /// `count` calls, 1,000 at a time, each taking 5 ms: long enough for its clock to start.
            func calls(_ count: Int) async throws {
                for _ in 0..<count / 1_000 {
                    try await withThrowingTaskGroup(of: Int.self) { group in
                        for _ in 0..<1_000 {
                            group.addTask {
                                try await Deadline.run(
                                    {
                                        try await Task.sleep(for: .milliseconds(5))
                                        return 1
                                    }, within: .seconds(3600), orThrow: Late())
                            }
                        }
                        for try await _ in group {}
                    }
                }
            }
            try await calls(2_000)
            // Five windows of 20,000 calls: the old clock grew each by about 18 MB. Other tests run in this process at
            // the same time and may grow it in a window (once, all three windows of an earlier version grew by 9.4
            // MiB under such load); the smallest growth is this test's.
            var growths: [Int] = []
            for _ in 0..<5 {
                let before = residentKiB()
                try await calls(20_000)
                growths.append(residentKiB() - before)
                #expect(before > 0)
            }
            #expect((growths.min() ?? .max) < 9_000, "20,000 finished calls grew the process by \(growths) KiB")
        }
    #endif

    @Test func workThatIgnoresTheDeadlineLosesToIt() async throws {
        struct TimedOut: Error, Equatable {}
        let start = ContinuousClock.now
        await #expect(throws: TimedOut.self) {
            try await Deadline.run(
                {
                    try? await Task.sleep(for: .seconds(60))
                    return 1
                }, within: .milliseconds(100), orThrow: TimedOut())
        }
        // Far below the work's minute, with room for a loaded machine running the other tests beside this one.
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func hugeTimeoutsDoNotOverflow() {
        #expect(Deadline.Race<Int>.dispatchInterval(.seconds(Int64.max)) == .seconds(Int.max / 1_000_000_000))
        #expect(Deadline.Race<Int>.dispatchInterval(.milliseconds(1_500)) == .nanoseconds(1_500_000_000))
    }
}
