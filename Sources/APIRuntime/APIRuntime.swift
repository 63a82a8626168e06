/// The runtime that generated API clients call: endpoint execution, JSON coding, errors and middlewares.
///
/// Not implemented yet; see the APIRuntime issue.
public enum APIRuntime {}
