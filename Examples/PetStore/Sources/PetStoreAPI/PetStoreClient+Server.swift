import APIRuntime
import OpenAPIRuntime

extension PetStoreClient {
    /// A client of the default server that sends requests through `transport`.
    public init(transport: any ClientTransport) {
        self.init(apiClient: APIClient(serverURL: PetStoreClient.defaultServerURL, transport: transport))
    }
}
