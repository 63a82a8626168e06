import HTTPTypes

/// One operation of a generated router: the method and path template it answers, and the function that decodes
/// the request, calls the service and encodes the answer.
///
/// A generated `route(_:to:)` walks a table of these instead of testing every operation in one function, so no
/// generated function grows with the number of operations: a spec of a thousand operations compiles in the
/// memory of one.
public struct ServerRoute<Service: Sendable>: Sendable {
    /// Decodes the request (with the path parameters `match` found), calls the service and encodes its answer.
    public typealias Handler =
        @Sendable (_ request: ServerRequest, _ path: [String: String], _ service: Service) async throws ->
        ServerResponse

    /// The HTTP method the operation answers.
    public let method: HTTPRequest.Method
    /// The operation's path template, such as `/members/{id}`.
    public let template: String
    /// What answers a request that matches.
    public let handler: Handler

    /// A route of `method` and `template` answered by `handler`.
    public init(_ method: HTTPRequest.Method, _ template: String, _ handler: @escaping Handler) {
        self.method = method
        self.template = template
        self.handler = handler
    }

    /// The answer of the first route in `routes` whose method and template match the request.
    ///
    /// - Returns: The answer, or nil when no route matches.
    public static func answer(
        _ request: ServerRequest, from routes: [ServerRoute], with service: Service
    ) async throws -> ServerResponse? {
        for route in routes where route.method == request.method {
            if let path = request.match(route.template) {
                return try await route.handler(request, path, service)
            }
        }
        return nil
    }
}
