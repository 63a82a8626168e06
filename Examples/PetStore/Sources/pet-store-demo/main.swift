import APIRuntime
import ForumAPI
import Foundation
import GreetingStreams
import HTTPTypes
import OpenAPIRuntime
import PetStoreAPI
import RealWorldAPI
import ShopAPI
import ShopTypes

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

// The real-world constructs, against an in-process server built on the generated `PetsService` protocol.
struct Shelter: RealWorldAPI.PetsService {
    func findPets(
        tags: [String]?, ids: [Int64]?, sizes: [Int]?, colors: [RealWorldAPI.Color]?, since: Date?, token: UUID?,
        xLabels: [String]?
    ) async throws -> [RealWorldAPI.Pet] {
        [RealWorldAPI.Pet(id: 1, name: "Tom", color: colors?.first, owner: .null, nicknames: tags)]
    }
    func ping() async throws -> EmptyResponse { EmptyResponse() }
    func getPet(id: Int64) async throws -> PetsGetPetResponse { PetsGetPetResponse(id: id) }
    func getPetAgain(id: Int64) async throws -> PetsGetPetResponse { PetsGetPetResponse(id: id) }
    func getPetText(id: Int64) async throws -> String { "pet \(id)" }
    func getFileMeta(resource: String) async throws -> String { "file \(resource)" }
    func getPetCard(id: Int64, size: String?) async throws -> String { "card of \(id), \(size ?? "any size")" }
    func getPetCompactCard(id: Int64) async throws -> String { "card of \(id)" }
    func uploadPhoto(id: Int64, _ body: PetsUploadPhotoRequest) async throws -> String {
        "pet \(id): stored \(body.photo.count) bytes, caption \(body.caption ?? "none")"
    }
    func login(_ body: PetsLoginRequest) async throws -> PetsLoginResponse {
        PetsLoginResponse(token: "token-for-\(body.user)")
    }
    func subscribe(_ body: PetsSubscribeRequest) async throws -> String {
        "plan \(body.plan), card \(body.card.number), \(body.lines?.count ?? 0) lines, expand \(body.expand ?? [])"
    }
    func listInvoices(
        created: PetsListInvoicesCreated?, lines: [PetsListInvoicesLinesItem]?, expand: [String]?
    ) async throws -> String {
        switch created {
        case .option1(let range)?: "created after \(range.gt ?? 0), \(lines?.count ?? 0) lines"
        case .int(let at)?: "created at \(at)"
        case nil: "any time"
        }
    }
    func putThumbnail(id: Int64, _ body: PetsPutThumbnailRequest) async throws -> EmptyResponse { EmptyResponse() }
    func putBlob(id: Int64, _ body: Data?) async throws -> Data { Data((body ?? Data()).reversed()) }
    func listAnimals() async throws -> [Animal] {
        [.cat(Cat(kind: "cat", lives: 9)), .dog(Dog(kind: "Dog", good: true))]
    }
    func adopt(_ body: Adoption) async throws -> Adoption { body }
    func addNote(_ body: String) async throws -> EmptyResponse { EmptyResponse() }
    func whoAmI(sessionID: String, visits: Int?) async throws -> String { "session \(sessionID)" }
    func renamePet(id: Int64, name: String) async throws -> RealWorldAPI.Pet? { nil }
    func searchPets(filter: PetsSearchPetsFilter?, order: PetsSearchPetsOrder?) async throws -> String { "" }
    func queryPets(where: PetsQueryPetsWhere?, range: PetsQueryPetsRange?, xContext: Owner?) async throws -> String {
        "name \(`where`?.name ?? "-"), at least \(range?.size?.min ?? 0)"
    }
    func pagePetsWithHeaders() async throws -> ([RealWorldAPI.Pet], PetsPagePetsHeaders) {
        ([RealWorldAPI.Pet(id: 1, name: "Tom")], PetsPagePetsHeaders(xNext: "page-2", xTotal: 12))
    }
    func startJob(mode: String) async throws -> PetsStartJobResponse {
        mode == "now" ? .ok(RealWorldAPI.Pet(id: 2, name: "Rex")) : .accepted(.init(ticket: "job-1"))
    }
    func createAccount(_ body: Account) async throws -> Account { Account(id: 7, name: body.name) }
    func echoCategory(_ body: RealWorldAPI.Category, depth: String?) async throws -> RealWorldAPI.Category { body }
}

let shelter = RealWorldClient(
    apiClient: APIClient(
        serverURL: RealWorldClient.defaultServerURL,
        transport: InProcessTransport { try await RealWorldAPI.Endpoints.Pets.route($0, to: Shelter()) }))
let found = try await shelter.pets.findPets(tags: ["a b", "c"], ids: [1, 2], colors: [.ginger])
print(
    "found: \(found.map(\.name)), nicknames \(found.first?.nicknames ?? []), color \(found.first?.color?.rawValue ?? "-")"
)
print("login: \(try await shelter.pets.login(.init(user: "ann", scopes: ["read"])).token)")
print("upload: \(try await shelter.pets.uploadPhoto(id: 7, .init(photo: Data([1, 2, 3]), caption: "sofa")))")
// A form in the styles its encoding names (Stripe's `card[number]`, `lines[0][price]`, `expand[]`), read back.
let subscription = PetsSubscribeRequest(
    plan: "gold", expand: ["customer"], card: .init(number: "4242"), lines: [.init(price: "p_1", quantity: 2)])
print("subscribe: \(try await shelter.pets.subscribe(subscription))")
print("invoices: \(try await shelter.pets.listInvoices(created: .option1(.init(gt: 10)), lines: [.init(price: "p")]))")
print("animals: \(try await shelter.pets.listAnimals().count)")
let adoption = try await shelter.pets.adopt(Adoption(adopter: "ann", animal: .cat(Cat(kind: "cat", lives: 9))))
print("adopted by \(adoption.adopter): \(adoption.animal)")
print("query: \(try await shelter.pets.queryPets(where: .init(name: "Tom"), range: .init(size: .init(min: 2))))")
let (page, headers) = try await shelter.pets.pagePetsWithHeaders()
print("page: \(page.map(\.name)), next \(headers.xNext), total \(headers.xTotal ?? 0)")
switch try await shelter.pets.startJob(mode: "later") {
case .ok(let pet): print("job: done, \(pet.name)")
case .accepted(let queued): print("job: queued as \(queued.ticket)")
case .noContent: print("job: nothing to do")
}
print("account: \(try await shelter.pets.createAccount(Account(name: "ann", password: "secret")).id ?? 0)")

// A client of a spec split over several files, whose posts nest replies (recursive schemas), against an in-process
// server built on the generated `ThreadsService`.
struct Board: ThreadsService {
    static let ann = Author(name: "Ann")
    static let thread = Post(
        id: 1, author: ann, body: "Which food?",
        replies: [
            Post(
                id: 2, author: Author(name: "Bo", mentor: ann), body: "Fish.",
                replies: [Post(id: 3, author: ann, body: "Agreed.")])
        ])

    func listThreads(limit: Int?) async throws -> [Post] { [Self.thread] }
    func startThread(_ body: Post) async throws -> Post { body }
    func getThread(threadID: Int64) async throws -> Post {
        guard threadID == Self.thread.id else {
            throw ServiceError(status: .notFound, body: Problem(message: "no thread \(threadID)"))
        }
        return Self.thread
    }
}

let forum = ForumClient(
    apiClient: APIClient(
        serverURL: ForumClient.defaultServerURL,
        transport: InProcessTransport { try await ForumAPI.Endpoints.Threads.route($0, to: Board()) }))
let thread = try await forum.threads.getThread(threadID: 1)
let reply = thread.replies?.first
print(
    "thread: \(thread.body) with \(thread.replyCount) replies; \(reply?.author.name ?? "-") is mentored by "
        + "\(reply?.author.mentor?.name ?? "-")")

// Answers that stream, read as they arrive: server-sent events whose data is a Greeting, JSON Lines, a JSON text
// sequence, and a stream of names answered by a stream of greetings, against the in-process `Greeter`.
let greetings = GreetingStreamsClient(
    apiClient: APIClient(
        serverURL: GreetingStreamsClient.defaultServerURL,
        transport: InProcessTransport { try await GreetingStreams.Endpoints.Greetings.route($0, to: Greeter()) }))
for try await event in try await greetings.greetings.getGreetings(name: "Ann", count: 2) {
    print("event \(event.id ?? "-"): \(event.data.message)")
}
var lines: [String] = []
for try await greeting in try await greetings.greetings.getGreetingLines(count: 2) { lines.append(greeting.message) }
for try await greeting in try await greetings.greetings.getGreetingSequence(count: 2) { lines.append(greeting.message) }
for try await greeting in try await greetings.greetings.greetEach(OutgoingStream([Name(name: "Bo"), Name(name: "Cy")]))
{
    lines.append(greeting.message)
}
print("streamed: " + lines.joined(separator: ", "))

// The options of ShopAPI's api-codegen.json: only the `pets` operations exist, the id is a UUID, the price a Money of
// ShopTypes, and all of it is `package`.
let shop = ShopClient(
    apiClient: APIClient(
        serverURL: ShopClient.defaultServerURL,
        transport: InProcessTransport { try await ShopAPI.Endpoints.Pets.route($0, to: PetCounter()) }))
let rex = try await shop.pets.getPet(id: UUID(uuidString: "6f1c2d3e-4b5a-4978-8695-a4b3c2d1e0f9")!)
print("shop: \(rex.name) \(rex.id) costs \(rex.price?.formatted ?? "-"), tagged \(rex.tags?.map(\.label) ?? [])")
