import APIRuntime
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Synchronization
import Testing

/// The client generated from `realworld.yaml` (into this target, by the build plugin) talking to the generated
/// server protocol in process: the exact request on the wire, and the values the service receives and returns.
@Suite struct RoundTripTests {
    /// What the service was called with, as text, in call order.
    final class Service: PetsService {
        let calls = Mutex<[String]>([])

        func findPets(
            tags: [String]?, ids: [Int64]?, sizes: [Int]?, colors: [Color]?, since: Date?, token: String?,
            xLabels: [String]?
        ) async throws -> [Pet] {
            let when = since.map { $0.formatted(.iso8601) } ?? "nil"
            calls.withLock {
                $0.append(
                    "findPets tags=\(tags ?? []) ids=\(ids ?? []) sizes=\(sizes ?? []) "
                        + "colors=\((colors ?? []).map(\.rawValue)) since=\(when) token=\(token ?? "nil") "
                        + "labels=\(xLabels ?? [])")
            }
            return [
                Pet(
                    id: 1, name: "Tom", color: .ginger, owner: .null, nicknames: ["tommy", nil],
                    chip: "c0ffee00-0000-4000-8000-000000000000"),
                Pet(id: 2, name: "Rex", color: .unknown("brindle"), owner: .value(Owner(name: "Ann"))),
            ]
        }

        func ping() async throws -> EmptyResponse {
            calls.withLock { $0.append("ping") }
            return EmptyResponse()
        }

        func getPet(id: Int64) async throws -> PetsGetPetResponse {
            PetsGetPetResponse(id: id, owner: nil)
        }

        func getPetAgain(id: Int64) async throws -> PetsGetPetResponse {
            PetsGetPetResponse(id: id, owner: .value(Owner(name: "Ann")))
        }
    }

    /// Records the request line and headers as sent, then hands the request on.
    final class Recorder: ClientTransport {
        let next: InProcessTransport
        let sent = Mutex<[String]>([])

        init(next: InProcessTransport) {
            self.next = next
        }

        func send(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
        ) async throws -> (HTTPResponse, HTTPBody?) {
            let labels = request.headerFields[HTTPField.Name("X-Labels")!].map { " X-Labels: \($0)" } ?? ""
            sent.withLock { $0.append("\(request.method) \(request.path ?? "")\(labels)") }
            return try await next.send(request, body: body, baseURL: baseURL, operationID: operationID)
        }
    }

    let service = Service()
    let recorder: Recorder
    let client: RealWorldClient

    init() {
        let service = self.service
        recorder = Recorder(next: InProcessTransport { try await Endpoints.Pets.route($0, to: service) })
        client = RealWorldClient(
            apiClient: APIClient(serverURL: RealWorldClient.defaultServerURL, transport: recorder))
    }

    @Test func arrayDateAndHeaderParametersAreSentAsTheirStylesSay() async throws {
        let since = try Date("2026-11-23T12:00:00Z", strategy: .iso8601)
        let pets = try await client.pets.findPets(
            tags: ["a b", "c,d"], ids: [1, 2], sizes: [3, 4], colors: [.black, .unknown("blue")], since: since,
            token: "t", xLabels: ["x", "y"])
        #expect(
            recorder.sent.withLock { $0 } == [
                "GET /pets?tags=a%20b,c%2Cd&ids=1&ids=2&sizes=3%204&colors=black%7Cblue"
                    + "&since=2026-11-23T12%3A00%3A00Z&token=t X-Labels: x,y"
            ])
        #expect(
            service.calls.withLock { $0 } == [
                "findPets tags=[\"a b\", \"c,d\"] ids=[1, 2] sizes=[3, 4] colors=[\"black\", \"blue\"] "
                    + "since=2026-11-23T12:00:00Z token=t labels=[\"x\", \"y\"]"
            ])
        #expect(pets.map(\.name) == ["Tom", "Rex"])
        #expect(pets[0].owner == .null && pets[0].nicknames == ["tommy", nil] && pets[0].color == .ginger)
        #expect(pets[1].owner == .value(Owner(name: "Ann")) && pets[1].color == .unknown("brindle"))
        #expect(pets[0].chip == "c0ffee00-0000-4000-8000-000000000000")
    }

    @Test func absentParametersAreNotSent() async throws {
        _ = try await client.pets.findPets()
        #expect(recorder.sent.withLock { $0 } == ["GET /pets"])
        #expect(
            service.calls.withLock { $0 } == [
                "findPets tags=[] ids=[] sizes=[] colors=[] since=nil token=nil labels=[]"
            ])
    }

    @Test func anOperationWithoutResponsesReturnsNothing() async throws {
        try await client.pets.ping()
        #expect(recorder.sent.withLock { $0 } == ["POST /pets/ping"])
        #expect(service.calls.withLock { $0 } == ["ping"])
    }

    @Test func aResponseReferencedByPointerDecodesAsTheSameType() async throws {
        let first: PetsGetPetResponse = try await client.pets.getPet(id: 5)
        let again: PetsGetPetResponse = try await client.pets.getPetAgain(id: 5)
        #expect(first.id == 5 && first.owner == nil)
        #expect(again.owner == .value(Owner(name: "Ann")))
    }

    @Test func anInvalidElementIsA400NamingTheParameter() async throws {
        let request = ServerRequest(method: .get, pathAndQuery: "/pets?ids=1&ids=two")
        await #expect(throws: ServerRequestError.invalidParameter(name: "ids", reason: "'two' is not a valid Int64")) {
            _ = try await Endpoints.Pets.route(request, to: service)
        }
    }
}
