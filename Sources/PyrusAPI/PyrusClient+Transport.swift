import APIRuntime
import OpenAPIRuntime

#if os(Linux) && AsyncHTTPClient
    import AsyncHTTPClient
    import OpenAPIAsyncHTTPClient
#endif

extension PyrusClient {
    /// The transport a client uses when none is given.
    ///
    /// On Linux with the package's `AsyncHTTPClient` trait it is AsyncHTTPClient (through
    /// swift-openapi-async-http-client), which streams answers with back-pressure: URLSession there reads as fast
    /// as the network delivers and queues every chunk, so a fast server can fill memory long before a size limit
    /// is seen. Elsewhere, and on Linux without the trait, it is `StreamingURLSessionTransport`.
    /// Neither follows a redirect to another origin; `APIClient` follows those within the origin. Request bodies
    /// that stream are paced (`PacedTransport`) so that AsyncHTTPClient never queues more than a chunk of them.
    public static func makeDefaultTransport() -> any ClientTransport {
        #if os(Linux) && AsyncHTTPClient
            // `APIClient.Configuration.timeout` bounds each call; this only stops a call whose timeout is off.
            PacedTransport(
                AsyncHTTPClientTransport(configuration: .init(client: sharedHTTPClient, timeout: .hours(1)))
            ) {
                // Each chunk waits until the event loops have run the writes queued before it.
                for loop in HTTPClient.defaultEventLoopGroup.makeIterator() { try await loop.submit {}.get() }
            }
        #else
            StreamingURLSessionTransport()
        #endif
    }

    #if os(Linux) && AsyncHTTPClient
        /// One client for the process, on AsyncHTTPClient's shared event loops. It follows no redirect itself (its
        /// default would carry the request to any host), and is never shut down, as `HTTPClient.shared` is not.
        static let sharedHTTPClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))
    #endif
}
