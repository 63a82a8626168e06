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
//
// Which connection is shed is decided by whether the reserve can be held, not by a flag set when it was released:
// accepted connections are set up on every loop of the group, so a connection accepted on one thread can take the
// descriptor a shed connection just freed on another, before the reserve is taken again. With a flag, that connection
// was served, the reserve was never taken again, and the next exhaustion had nothing to release: the loop spun
// (CI, once: 1.1 and 1.6 CPU seconds in two idle windows of 3 s).
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
    ///
    /// The invariant: a connection is served only if, once it holds its descriptor, the reserve is held too.
    final class DescriptorReserve: Sendable {
        /// The reserve's descriptor, or -1 while it is released.
        private let descriptor: Mutex<Int32>

        init() {
            descriptor = Mutex(Self.openReserve())
        }

        deinit {
            descriptor.withLock { descriptor in
                if descriptor >= 0 { close(descriptor) }
            }
        }

        /// A descriptor to hold back (of `/dev/null`), or -1 when none is free.
        private static func openReserve() -> Int32 {
            open("/dev/null", O_RDONLY)
        }

        /// Whether an error of `accept` means that no descriptor was free.
        static func isExhaustion(_ error: any Error) -> Bool {
            guard let error = error as? IOError else { return false }
            return error.errnoCode == EMFILE || error.errnoCode == ENFILE
        }

        /// Frees the reserve so that the next `accept` succeeds; that connection is to be shed.
        func release() {
            descriptor.withLock { descriptor in
                guard descriptor >= 0 else { return }
                close(descriptor)
                descriptor = -1
            }
        }

        /// Whether a connection just accepted is to be closed at once: it is when the reserve is released and cannot
        /// be taken again now, so the connection holds the descriptor the reserve is waiting for. Once that
        /// connection is closed, `retake()`.
        func shedsNext() -> Bool {
            descriptor.withLock { descriptor in
                if descriptor < 0 { descriptor = Self.openReserve() }
                return descriptor < 0
            }
        }

        /// Takes the reserve again, if it is not held and a descriptor is free.
        func retake() {
            descriptor.withLock { descriptor in
                guard descriptor < 0 else { return }
                descriptor = Self.openReserve()
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
