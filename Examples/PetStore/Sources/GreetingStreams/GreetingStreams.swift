// The client and service protocol of greetings.yaml, generated into this target by PyrusKit's build-tool plugin: its
// answers and one of its request bodies stream (server-sent events, JSON Lines, a JSON text sequence).
import APIRuntime

/// A greeter that answers in process: what the demo drives through the generated client.
public struct Greeter: GreetingsService {
    /// Creates a greeter.
    public init() {}

    /// `count` greetings of `name` as events, each with its number as its id.
    public func getGreetings(name: String?, count: Int?) async throws -> OutgoingStream<ServerEvent<Greeting>> {
        let name = name ?? "world"
        return OutgoingStream(
            (0..<(count ?? 3)).map { ServerEvent(id: "\($0)", data: Greeting(message: "Hello, \(name)! (\($0 + 1))")) })
    }

    /// `count` greetings as JSON Lines.
    public func getGreetingLines(count: Int?) async throws -> OutgoingStream<Greeting> {
        OutgoingStream((0..<(count ?? 3)).map { Greeting(message: "line \($0 + 1)") })
    }

    /// `count` greetings as a JSON text sequence.
    public func getGreetingSequence(count: Int?) async throws -> OutgoingStream<Greeting> {
        OutgoingStream((0..<(count ?? 3)).map { Greeting(message: "record \($0 + 1)") })
    }

    /// A greeting for each name, as soon as the name arrives.
    public func greetEach(_ body: IncomingStream<Name>) async throws -> OutgoingStream<Greeting> {
        OutgoingStream(body.map { Greeting(message: "Hello, \($0.name)!") })
    }
}
