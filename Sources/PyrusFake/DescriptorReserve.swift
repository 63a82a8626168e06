// Built with the `FakeServer` trait only, beside PyrusFakeServer.
//
// Our own code rather than a library's: SwiftNIO's `AcceptBackoffHandler` delays the next `read`, but a server
// channel whose `accept` failed keeps its read pending (NIO resets it only on a successful accept), so the listening
// socket stays registered, level-triggered `epoll` reports the waiting connection again at once, and the event loop
// calls `accept` some 20,000 times a second while no descriptor is free (measured here with `strace`). Nothing
// public in NIO clears that registration; what ends it is a successful `accept`. So, as libev and nginx do, the
// server keeps one descriptor in reserve: when `accept` fails for want of descriptors, the reserve is released, the
// next connection is accepted into it and closed at once, and the reserve is taken again. The connections that wait
// are refused one by one (each costs one accept and one close), and once none waits the event loop sleeps.
#if FakeServer
    import NIOCore
    import Synchronization

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Musl)
        import Musl
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// One file descriptor held back for the moment every other one is taken.
    final class DescriptorReserve: Sendable {
        private struct State {
            var descriptor: Int32
            /// Set while the reserve is released for a connection that is to be closed once accepted.
            var isShedding: Bool
        }

        private let state: Mutex<State>

        init() {
            state = Mutex(State(descriptor: open("/dev/null", O_RDONLY), isShedding: false))
        }

        deinit {
            state.withLock { state in
                if state.descriptor >= 0 { close(state.descriptor) }
            }
        }

        /// Whether an error of `accept` means that no descriptor was free.
        static func isExhaustion(_ error: any Error) -> Bool {
            guard let error = error as? IOError else { return false }
            return error.errnoCode == EMFILE || error.errnoCode == ENFILE
        }

        /// Frees the reserve so that the next `accept` succeeds; that connection is to be shed.
        func release() {
            state.withLock { state in
                guard state.descriptor >= 0 else { return }
                close(state.descriptor)
                state.descriptor = -1
                state.isShedding = true
            }
        }

        /// Whether a connection just accepted is to be closed at once (it took the reserve's descriptor). The reserve
        /// is taken again once that connection is closed (`retake()`).
        func shedsNext() -> Bool {
            state.withLock { state in
                guard state.isShedding else { return false }
                state.isShedding = false
                return true
            }
        }

        /// Takes the reserve again, if it is not held and a descriptor is free.
        func retake() {
            state.withLock { state in
                guard state.descriptor < 0 else { return }
                state.descriptor = open("/dev/null", O_RDONLY)
            }
        }
    }

    /// On the listening channel: when `accept` fails for want of descriptors, releases the reserve so the next
    /// connection can be accepted, and shed.
    final class DescriptorExhaustionHandler: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = any Channel

        let reserve: DescriptorReserve

        init(reserve: DescriptorReserve) {
            self.reserve = reserve
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            if DescriptorReserve.isExhaustion(error) { reserve.release() }
            context.fireErrorCaught(error)
        }
    }
#endif
