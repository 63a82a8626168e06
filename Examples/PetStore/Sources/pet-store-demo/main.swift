import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import PetStoreAPI

/// Answers every request with one pet, in process, so the demo runs without a network.
struct OnePetTransport: ClientTransport {
    func send(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
    ) async throws -> (HTTPResponse, HTTPBody?) {
        print("\(request.method) \(baseURL.absoluteString)\(request.path ?? "")")
        let json = #"{"id": 7, "kind": "hamster", "nickname": null, "adopted": "true", "2fa": true}"#
        return (HTTPResponse(status: .ok), HTTPBody(json))
    }
}

let client = PetStoreClient(
    apiClient: APIClient(serverURL: PetStoreClient.defaultServerURL, transport: OnePetTransport()))
let pet = try await client.pets.getToy(petID: 1, toyID: "ball/red", limit: 2, sort: .desc)
print("kind: \(pet.kind), nickname: \(String(describing: pet.nickname)), adopted: \(pet.adopted ?? false)")
