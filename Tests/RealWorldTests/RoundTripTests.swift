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
            tags: [String]?, ids: [Int64]?, sizes: [Int]?, colors: [Color]?, since: Date?, token: UUID?,
            xLabels: [String]?
        ) async throws -> [Pet] {
            let when = since.map { $0.formatted(.iso8601) } ?? "nil"
            calls.withLock {
                $0.append(
                    "findPets tags=\(tags ?? []) ids=\(ids ?? []) sizes=\(sizes ?? []) "
                        + "colors=\((colors ?? []).map(\.rawValue)) since=\(when) token=\(token.map(\.uuidString) ?? "nil") "
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
            // `id` in the dictionary is not sent: the property `id` is the member of that name.
            PetsGetPetResponse(id: id, owner: nil, additionalProperties: ["mood": "shy", "id": "shadowed"])
        }

        func getPetText(id: Int64) async throws -> String {
            calls.withLock { $0.append("getPetText id=\(id)") }
            return "pet \(id)"
        }

        func getFileMeta(resource: String) async throws -> String {
            calls.withLock { $0.append("getFileMeta resource=\(resource)") }
            return "file \(resource)"
        }

        func getPetCard(id: Int64, size: String?) async throws -> String {
            calls.withLock { $0.append("getPetCard id=\(id) size=\(size ?? "nil")") }
            return "card of \(id)"
        }

        func getPetCompactCard(id: Int64) async throws -> String {
            calls.withLock { $0.append("getPetCompactCard id=\(id)") }
            return "short card of \(id)"
        }

        func getPetAgain(id: Int64) async throws -> PetsGetPetResponse {
            PetsGetPetResponse(id: id, owner: .value(Owner(name: "Ann")))
        }

        func uploadPhoto(id: Int64, _ body: PetsUploadPhotoRequest) async throws -> String {
            let size = body.size.map { "\($0.width ?? 0)x\($0.height ?? 0)" } ?? "nil"
            calls.withLock {
                $0.append(
                    "uploadPhoto \(id) photo=\(Array(body.photo)) caption=\(body.caption ?? "nil") "
                        + "tags=\(body.tags ?? []) size=\(size)")
            }
            return "stored \(body.photo.count) bytes"
        }

        func subscribe(_ body: PetsSubscribeRequest) async throws -> String {
            let expiry = body.card.expiry.map { "\($0.month ?? 0)/\($0.year ?? 0)" } ?? "nil"
            let color = body.color.map { "\($0.r ?? 0),\($0.g ?? 0)" } ?? "nil"
            let range = body.range.map { "\($0.min ?? 0)-\($0.max ?? 0)" } ?? "nil"
            let lines = (body.lines ?? []).map { "\($0.price)x\($0.quantity ?? 1)" }
            let metadata: String =
                switch body.metadata {
                case .object(let map)?: "\(map.sorted { $0.key < $1.key })"
                case .option2(let value)?: "'\(value.rawValue)'"
                case nil: "nil"
                }
            return "plan=\(body.plan) items=\(body.items ?? []) labels=\(body.labels ?? []) "
                + "expand=\(body.expand ?? []) card=\(body.card.number) \(expiry) color=\(color) range=\(range) "
                + "note=\(body.note?.text ?? "nil") lines=\(lines) metadata=\(metadata)"
        }

        func listInvoices(
            created: PetsListInvoicesCreated?, lines: [PetsListInvoicesLinesItem]?, expand: [String]?
        ) async throws -> String {
            let createdText: String =
                switch created {
                case .option1(let range)?:
                    "gt \(range.gt.map(String.init) ?? "nil") lte \(range.lte.map(String.init) ?? "nil")"
                case .int(let value)?: "at \(value)"
                case nil: "nil"
                }
            let linesText = (lines ?? []).map { "\($0.price ?? "nil") [\(($0.tags ?? []).joined(separator: ","))]" }
            return "created \(createdText); lines \(linesText.joined(separator: " | ")); expand \(expand ?? [])"
        }

        func putThumbnail(id: Int64, _ body: PetsPutThumbnailRequest) async throws -> EmptyResponse {
            let original = body.original.map(Array.init) ?? []
            calls.withLock { $0.append("putThumbnail \(id) image=\(Array(body.image)) original=\(original)") }
            return EmptyResponse()
        }

        func login(_ body: PetsLoginRequest) async throws -> PetsLoginResponse {
            calls.withLock {
                $0.append("login user=\(body.user) remember=\(body.remember) scopes=\(body.scopes ?? [])")
            }
            return PetsLoginResponse(token: "t-" + body.user)
        }

        func putBlob(id: Int64, _ body: Data?) async throws -> Data {
            Data((body ?? Data()).reversed())
        }

        func listAnimals() async throws -> [Animal] {
            [
                .cat(Cat(kind: "kitten", lives: 9)), .dog(Dog(kind: "Dog", good: true)),
                .unknown(JSONValue.bird),
            ]
        }

        func adopt(_ body: Adoption) async throws -> Adoption {
            Adoption(adopter: body.adopter.uppercased(), animal: body.animal)
        }

        func searchPets(filter: PetsSearchPetsFilter?, order: PetsSearchPetsOrder?) async throws -> String {
            let filterText = filter.map { "color=\($0.color ?? "nil") size=\($0.size)" } ?? "nil"
            let orderText =
                order.map { "field=\($0.field ?? "nil") desc=\($0.desc.map(String.init) ?? "nil")" } ?? "nil"
            return "filter \(filterText); order \(orderText)"
        }

        func renamePet(id: Int64, name: String) async throws -> Pet? {
            name == "Tom" ? nil : Pet(id: id, name: name)
        }

        func whoAmI(sessionID: String, visits: Int?) async throws -> String {
            "session \(sessionID), visit \(visits.map(String.init) ?? "nil")"
        }

        func queryPets(where: PetsQueryPetsWhere?, range: PetsQueryPetsRange?, xContext: Owner?) async throws
            -> String
        {
            let whereText = `where`.map { "name=\($0.name ?? "nil") ages=\($0.ages ?? [])" } ?? "nil"
            let rangeText =
                range.map { "unit=\($0.unit ?? "nil") size=\($0.size.map { "\($0.min)-\($0.max ?? -1)" } ?? "nil")" }
                ?? "nil"
            return "where \(whereText); range \(rangeText); context \(xContext?.name ?? "nil")"
        }

        func pagePetsWithHeaders() async throws -> ([Pet], PetsPagePetsHeaders) {
            let until = try Date("2026-11-23T12:00:00Z", strategy: .iso8601)
            return (
                [Pet(id: 1, name: "Tom")],
                PetsPagePetsHeaders(xNext: "page 2", xTotal: 41, xUntil: until, xColors: [.black, .unknown("blue")])
            )
        }

        func startJob(mode: String) async throws -> PetsStartJobResponse {
            switch mode {
            case "now": .ok(Pet(id: 5, name: "Done"))
            case "later": .accepted(PetsStartJobAcceptedBody(ticket: "t-1"))
            default: .noContent
            }
        }

        func startJobWithHeaders(mode: String) async throws -> (PetsStartJobResponse, PetsStartJobHeaders) {
            let answer = try await startJob(mode: mode)
            guard case .accepted(let body) = answer else { return (answer, PetsStartJobHeaders()) }
            return (answer, PetsStartJobHeaders(location: "/jobs/" + body.ticket))
        }

        func createAccount(_ body: Account) async throws -> Account {
            calls.withLock {
                $0.append("createAccount id=\(body.id.map(String.init) ?? "nil") \(body.password ?? "nil")")
            }
            return Account(id: 7, name: body.name)
        }

        func addNote(_ body: String) async throws -> EmptyResponse {
            calls.withLock { $0.append("addNote \(body)") }
            return EmptyResponse()
        }

        func echoCategory(_ body: Category, depth: String?) async throws -> Category {
            calls.withLock { $0.append("echoCategory \(body.name) depth=\(depth ?? "nil")") }
            guard depth == "0" else { return body }
            var cut = body
            cut.children = nil
            cut.aliases = nil
            return cut
        }
    }

    /// Records the request line and headers as sent, and each body, then hands the request on.
    final class Recorder: ClientTransport {
        let next: InProcessTransport
        let sent = Mutex<[String]>([])
        let bodies = Mutex<[(contentType: String, body: Data)]>([])
        let authorizations = Mutex<[String]>([])

        init(next: InProcessTransport) {
            self.next = next
        }

        func send(
            _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String
        ) async throws -> (HTTPResponse, HTTPBody?) {
            let labels =
                (request.headerFields[HTTPField.Name("X-Labels")!].map { " X-Labels: \($0)" } ?? "")
                + (request.headerFields[.cookie].map { " Cookie: \($0)" } ?? "")
            sent.withLock { $0.append("\(request.method) \(request.path ?? "")\(labels)") }
            let credential =
                (request.headerFields[.authorization].map { " Authorization: \($0)" } ?? "")
                + (request.headerFields[.cookie].map { " Cookie: \($0)" } ?? "")
            authorizations.withLock { $0.append("\(request.method) \(request.path ?? "")\(credential)") }
            var data = Data()
            if let body { data = try await Data(collecting: body, upTo: 1 << 20) }
            let contentType = request.headerFields[.contentType] ?? ""
            bodies.withLock { $0.append((contentType, data)) }
            return try await next.send(request, body: HTTPBody(data), baseURL: baseURL, operationID: operationID)
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
            token: UUID(uuidString: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"), xLabels: ["x", "y"])
        #expect(
            recorder.sent.withLock { $0 } == [
                "GET /pets?tags=a%20b,c%2Cd&ids=1&ids=2&sizes=3%204&colors=black%7Cblue"
                    + "&since=2026-11-23T12%3A00%3A00Z&token=0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9 X-Labels: x,y"
            ])
        #expect(
            service.calls.withLock { $0 } == [
                "findPets tags=[\"a b\", \"c,d\"] ids=[1, 2] sizes=[3, 4] colors=[\"black\", \"blue\"] "
                    + "since=2026-11-23T12:00:00Z token=0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9 labels=[\"x\", \"y\"]"
            ])
        #expect(pets.map(\.name) == ["Tom", "Rex"])
        #expect(pets[0].owner == .null && pets[0].nicknames == ["tommy", nil] && pets[0].color == .ginger)
        #expect(pets[1].owner == .value(Owner(name: "Ann")) && pets[1].color == .unknown("brindle"))
        #expect(pets[0].chip == "c0ffee00-0000-4000-8000-000000000000")
    }

    /// Schemas from two other files, recursive through an optional property (boxed), an array, a dictionary and
    /// a `oneOf` (an `indirect` enum), keep value semantics and come back equal.
    @Test func recursiveSchemasFromOtherFilesRoundTrip() async throws {
        let rule = Expression.every(
            Every(every: [.literal(Literal(value: 1.5)), .negation(Negation(not: .literal(Literal(value: 2))))]))
        let root = Category(name: "root")
        var leaf = Category(name: "leaf", parent: root, rule: rule)
        let tree = Category(name: "root", children: [leaf], aliases: ["top": root])
        let echoed = try await client.pets.echoCategory(tree, depth: "all")
        #expect(echoed == tree)
        #expect(
            String(decoding: try #require(recorder.bodies.withLock { $0.first?.body }), as: UTF8.self)
                == #"{"aliases":{"top":{"name":"root"}},"children":[{"name":"leaf","parent":{"name":"root"},"#
                + #""rule":{"every":[{"value":1.5},{"not":{"value":2}}]}}],"name":"root"}"#)
        #expect(recorder.sent.withLock { $0 } == ["POST /categories?depth=all"])
        let cut = try await client.pets.echoCategory(tree, depth: "0")
        #expect(cut.children == nil && cut.aliases == nil && cut.name == "root")
        // A copy is a value: changing it leaves the original as it was.
        let before = leaf
        leaf.parent?.name = "renamed"
        #expect(before.parent?.name == "root" && leaf.parent?.name == "renamed")
        #expect(service.calls.withLock { $0 } == ["echoCategory root depth=all", "echoCategory root depth=0"])
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

    /// Operations told apart by fixed query items (Azure's `x-ms-paths`) and by text beside a parameter
    /// (`/pets/{id}.txt` beside `/pets/{id}`): each request reaches its own operation, the query items first.
    @Test func operationsToldApartByQueryItemsAndTextReachTheirOwnRoutes() async throws {
        #expect(try await client.pets.getPetCompactCard(id: 5) == "short card of 5")
        #expect(try await client.pets.getPetCard(id: 5, size: "large") == "card of 5")
        #expect(try await client.pets.getPetText(id: 5) == "pet 5")
        #expect(try await client.pets.getPet(id: 5).id == 5)
        #expect(
            recorder.sent.withLock { $0 } == [
                "GET /pets/5?view=card&compact=true", "GET /pets/5?view=card&size=large", "GET /pets/5.txt",
                "GET /pets/5",
            ])
        #expect(
            service.calls.withLock { $0 } == [
                "getPetCompactCard id=5", "getPetCard id=5 size=large", "getPetText id=5",
            ])
    }

    /// `{+path}` (RFC 6570's reserved expansion, as Google writes `{+name}:cancel`): the value's `/` stay, so it is
    /// several segments, and the route reads it back whole; a dot-segment in it is encoded, so it cannot climb.
    @Test func aReservedPathParameterTravelsAsSeveralSegments() async throws {
        #expect(try await client.pets.getFileMeta(resource: "docs/a b/../x:1") == "file docs/a b/../x:1")
        #expect(recorder.sent.withLock { $0 } == ["GET /files/docs/a%20b/%2E%2E/x:1:meta"])
        #expect(service.calls.withLock { $0 } == ["getFileMeta resource=docs/a b/../x:1"])
    }

    @Test func membersBeyondTheListedPropertiesTravelInTheirDictionary() async throws {
        let pet = try await client.pets.getPet(id: 5)
        #expect(pet == PetsGetPetResponse(id: 5, owner: nil, additionalProperties: ["mood": "shy"]))
        let json = #"{"b":"2","id":1,"owner":null,"a":"1"}"#
        let decoded = try JSONCoding.makeDecoder().decode(PetsGetPetResponse.self, from: Data(json.utf8))
        #expect(decoded == PetsGetPetResponse(id: 1, owner: .null, additionalProperties: ["a": "1", "b": "2"]))
        let encoded = try JSONCoding.makeEncoder().encode(decoded)
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"a":"1","b":"2","id":1,"owner":null}"#)
        // A member that is not of the schema's type fails with its path.
        let error = try #require(throws: DecodingError.self) {
            try JSONCoding.makeDecoder().decode(PetsGetPetResponse.self, from: Data(#"{"id":1,"n":3}"#.utf8))
        }
        guard case .typeMismatch(_, let context) = error else {
            Issue.record("expected a type mismatch, got \(error)")
            return
        }
        #expect(context.codingPath.map(\.stringValue) == ["n"])
    }

    @Test func aFormBodyIsSentAsFieldsAndReadBackIntoItsStruct() async throws {
        let answer = try await client.pets.login(.init(user: "ann b", remember: true, scopes: ["read", "write"]))
        let sent = try #require(recorder.bodies.withLock { $0.first })
        #expect(sent.contentType == "application/x-www-form-urlencoded")
        #expect(String(decoding: sent.body, as: UTF8.self) == "user=ann%20b&remember=true&scopes=read&scopes=write")
        #expect(service.calls.withLock { $0 } == ["login user=ann b remember=true scopes=[\"read\", \"write\"]"])
        #expect(answer.token == "t-ann b")
        // Left out, a field with a default gets it.
        _ = try await client.pets.login(.init(user: "c"))
        #expect(service.calls.withLock { $0.last } == "login user=c remember=false scopes=[]")
    }

    @Test func aFormBodysEncodingSaysHowEachArrayAndObjectIsWritten() async throws {
        let body = PetsSubscribeRequest(
            plan: "gold", items: [1, 2, 3], labels: ["a b", "c"], expand: ["customer", "invoice"],
            card: .init(number: "4242", expiry: .init(month: 12, year: 2030)), color: .init(r: 1, g: 2),
            range: .init(min: 5, max: 9), note: .init(text: "hi"),
            lines: [.init(price: "p_1", quantity: 2), .init(price: "p&2")],
            metadata: .object(["order": "6735", "a b": "x=y"]))
        let answer = try await client.pets.subscribe(body)
        let sent = try #require(recorder.bodies.withLock { $0.first })
        #expect(sent.contentType == "application/x-www-form-urlencoded")
        // `style: form, explode: false` joins with commas, pipeDelimited with `|` (encoded, as every character but
        // the unreserved ones); deepObject writes an array's elements as `expand[]` and an object's properties as
        // `card[number]`, nested as `card[expiry][month]`; `form` spreads an object's properties (exploded) or
        // writes them as `name,value` pairs; an object with no style is its JSON text.
        #expect(
            String(decoding: sent.body, as: UTF8.self)
                == "plan=gold&items=1,2,3&labels=a%20b%7Cc&expand%5B%5D=customer&expand%5B%5D=invoice"
                + "&card%5Bnumber%5D=4242&card%5Bexpiry%5D%5Bmonth%5D=12&card%5Bexpiry%5D%5Byear%5D=2030"
                + "&r=1&g=2&range=min,5,max,9&note=%7B%22text%22%3A%22hi%22%7D"
                + "&lines%5B0%5D%5Bprice%5D=p_1&lines%5B0%5D%5Bquantity%5D=2&lines%5B1%5D%5Bprice%5D=p%262"
                + "&metadata%5Ba%20b%5D=x%3Dy&metadata%5Border%5D=6735")
        // The generated server reads every field back into its struct.
        #expect(
            answer
                == "plan=gold items=[1, 2, 3] labels=[\"a b\", \"c\"] expand=[\"customer\", \"invoice\"] card=4242 "
                + "12/2030 color=1,2 range=5-9 note=hi lines=[\"p_1x2\", \"p&2x1\"] "
                + "metadata=[(key: \"a b\", value: \"x=y\"), (key: \"order\", value: \"6735\")]")
        // Left out, the optional arrays and objects are absent, and the required object is still read.
        let least = try await client.pets.subscribe(.init(plan: "free", card: .init(number: "1")))
        #expect(
            least
                == "plan=free items=[] labels=[] expand=[] card=1 nil color=nil range=nil note=nil lines=[] metadata=nil"
        )
    }

    @Test func aDeepObjectOfAnyShapeTravelsInBracketNotation() async throws {
        let answer = try await client.pets.listInvoices(
            created: .option1(.init(gt: 10, lte: 20)),
            lines: [.init(price: "p_1", tags: ["a", "b"]), .init(tags: [])], expand: ["lines", "customer"])
        // Members by name, elements by index, an empty array as an empty value.
        let sent = try #require(recorder.sent.withLock { $0.first })
        #expect(
            sent
                == "GET /invoices?created%5Bgt%5D=10&created%5Blte%5D=20&lines%5B0%5D%5Bprice%5D=p_1"
                + "&lines%5B0%5D%5Btags%5D%5B0%5D=a&lines%5B0%5D%5Btags%5D%5B1%5D=b&lines%5B1%5D%5Btags%5D="
                + "&expand%5B%5D=lines&expand%5B%5D=customer")
        #expect(answer == "created gt 10 lte 20; lines p_1 [a,b] | nil []; expand [\"lines\", \"customer\"]")
        // One alternative of the `anyOf` is a scalar: `created=5`.
        #expect(try await client.pets.listInvoices(created: .int(5)) == "created at 5; lines ; expand []")
        #expect(recorder.sent.withLock { $0.last } == "GET /invoices?created=5")
    }

    @Test func aMultipartFilePartHasTheMediaTypeItsEncodingNames() async throws {
        try await client.pets.putThumbnail(id: 3, .init(image: Data([1, 2]), original: Data([3])))
        let sent = try #require(recorder.bodies.withLock { $0.first })
        let boundary = String(sent.contentType.dropFirst("multipart/form-data; boundary=".count))
        // One media type is the part's; a list of them leaves the part application/octet-stream.
        let expected =
            "--B\r\nContent-Disposition: form-data; name=\"image\"; filename=\"image\"\r\n"
            + "Content-Type: image/png\r\n\r\n\u{1}\u{2}\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"original\"; filename=\"original\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n\u{3}\r\n--B--\r\n"
        #expect(
            String(decoding: sent.body, as: UTF8.self).replacingOccurrences(of: boundary, with: "B") == expected)
        #expect(service.calls.withLock { $0 } == ["putThumbnail 3 image=[1, 2] original=[3]"])
    }

    @Test func aMultipartBodyIsSentAsPartsAndReadBackIntoItsStruct() async throws {
        let stored = try await client.pets.uploadPhoto(
            id: 7,
            .init(
                photo: Data([0, 1, 2, 13, 10]), caption: "on \"the\" sofa", tags: ["a", "b"],
                size: Size(width: 3, height: 4)))
        let sent = try #require(recorder.bodies.withLock { $0.first })
        let prefix = "multipart/form-data; boundary="
        #expect(sent.contentType.hasPrefix(prefix))
        let boundary = String(sent.contentType.dropFirst(prefix.count))
        let expected =
            "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n\u{0}\u{1}\u{2}\r\n\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"caption\"\r\nContent-Type: text/plain\r\n\r\n"
            + "on \"the\" sofa\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain\r\n\r\na\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/plain\r\n\r\nb\r\n"
            + "--B\r\nContent-Disposition: form-data; name=\"size\"\r\nContent-Type: application/json\r\n\r\n"
            + "{\"height\":4,\"width\":3}\r\n--B--\r\n"
        #expect(
            String(decoding: sent.body, as: UTF8.self).replacingOccurrences(of: boundary, with: "B") == expected)
        #expect(
            service.calls.withLock { $0 } == [
                "uploadPhoto 7 photo=[0, 1, 2, 13, 10] caption=on \"the\" sofa tags=[\"a\", \"b\"] size=3x4"
            ])
        #expect(stored == "stored 5 bytes")
    }

    @Test func textAndBytesTravelAsTheyAre() async throws {
        try await client.pets.addNote("feed at 6\n")
        let reversed = try await client.pets.putBlob(id: 1, Data([1, 2, 3]))
        let sent = recorder.bodies.withLock { $0 }
        #expect(sent.map(\.contentType) == ["text/plain", "application/octet-stream"])
        #expect(sent.map { Array($0.body) } == [Array("feed at 6\n".utf8), [1, 2, 3]])
        #expect(service.calls.withLock { $0 } == ["addNote feed at 6\n"])
        #expect(reversed == Data([3, 2, 1]))
    }

    @Test func aDiscriminatorPicksTheVariantAndKeepsUnknownOnes() async throws {
        let animals = try await client.pets.listAnimals()
        #expect(animals.count == 3)
        #expect(animals[0] == .cat(Cat(kind: "kitten", lives: 9)))
        #expect(animals[1] == .dog(Dog(kind: "Dog", good: true)))
        #expect(animals[2] == .unknown(JSONValue.bird))
        let json = #"[{"kind": "cat", "good": true}, {"wings": 1}, {"kind": "fish", "fins": 2}, {"kind": "Fish"}]"#
        let decoded = try JSONCoding.makeDecoder().decode([Animal].self, from: Data(json.utf8))
        #expect(decoded[0] == .cat(Cat(kind: "cat")))
        #expect(decoded[1] == .unknown(try JSONValue(unvalidatedValue: ["wings": 1] as [String: any Sendable])))
        // `Fish` allows only `kind: fish`: that value names it, and its component's name does not.
        #expect(decoded[2] == .fish(Fish(kind: "fish", fins: 2)))
        #expect(decoded[3] == .unknown(try JSONValue(unvalidatedValue: ["kind": "Fish"] as [String: any Sendable])))
    }

    /// `prefixItems` (a Python tuple, as Pydantic writes it) is a struct of its elements that travels as the JSON
    /// array: in order, ending early where the rest is nil, `null` where an optional element is followed by more.
    @Test func aTupleTravelsAsItsJSONArray() throws {
        let json = #"{"name":"Ann","span":["a",2],"reading":[1.5,null,true,false]}"#
        let owner = try JSONCoding.makeDecoder().decode(Owner.self, from: Data(json.utf8))
        #expect(owner.span == Owner.Span(item0: "a", item1: 2))
        #expect(owner.reading == Reading(item0: 1.5, item1: nil, rest: [true, false]))
        let encoder = JSONCoding.makeEncoder()
        #expect(
            String(decoding: try encoder.encode(owner), as: UTF8.self)
                == #"{"name":"Ann","reading":[1.5,null,true,false],"span":["a",2]}"#)
        #expect(String(decoding: try encoder.encode(Reading(item0: 2)), as: UTF8.self) == "[2]")
        #expect(String(decoding: try encoder.encode(Reading()), as: UTF8.self) == "[]")
        #expect(String(decoding: try encoder.encode(Reading(item1: "x")), as: UTF8.self) == #"[null,"x"]"#)
        // A tuple of two needs both: one element short is a decoding error at its place.
        #expect(throws: DecodingError.self) {
            try JSONCoding.makeDecoder().decode(Owner.self, from: Data(#"{"span":["a"]}"#.utf8))
        }
        #expect(try JSONCoding.makeDecoder().decode(Reading.self, from: Data("[]".utf8)) == Reading())
    }

    @Test func aStructThatIsAlsoOneOfSeveralVariantsTravelsAsOneObject() async throws {
        let adopted = try await client.pets.adopt(Adoption(adopter: "ann", animal: .cat(Cat(kind: "cat", lives: 9))))
        let sent = try #require(recorder.bodies.withLock { $0.first })
        #expect(String(decoding: sent.body, as: UTF8.self) == #"{"adopter":"ann","kind":"cat","lives":9}"#)
        #expect(adopted == Adoption(adopter: "ANN", animal: .cat(Cat(kind: "cat", lives: 9))))
        // A variant the spec does not list is kept whole (the property too: it is the variant's object), and sent
        // back as it came.
        let json = #"{"adopter":"bo","kind":"bird","wings":2}"#
        let decoded = try JSONCoding.makeDecoder().decode(Adoption.self, from: Data(json.utf8))
        let bird = try JSONValue(
            unvalidatedValue: ["adopter": "bo", "kind": "bird", "wings": 2] as [String: any Sendable])
        #expect(decoded == Adoption(adopter: "bo", animal: .unknown(bird)))
        #expect(String(decoding: try JSONCoding.makeEncoder().encode(decoded), as: UTF8.self) == json)
        // Without the property it requires it does not decode; an unknown variant that is no object is not sent.
        let missing = #"{"kind":"cat"}"#
        #expect(throws: DecodingError.self) {
            try JSONCoding.makeDecoder().decode(Adoption.self, from: Data(missing.utf8))
        }
        #expect(throws: EncodingError.self) {
            try JSONCoding.makeEncoder().encode(Adoption(adopter: "x", animal: .unknown(JSONValue("not an object"))))
        }
    }

    @Test func eachOperationSendsTheCredentialItsSecurityNames() async throws {
        let credentialed = RealWorldClient(
            transport: recorder,
            credentials: [
                "bearer": .token("bearer-token-1"), "basic": .basic(user: "ann", password: "pw-secret"),
                "key": .token("key 42"), "cookieKey": .token("cookie-77"),
            ])
        _ = try await credentialed.pets.findPets()
        _ = try await credentialed.pets.login(.init(user: "u"))
        try await credentialed.pets.addNote("n")
        _ = try await credentialed.pets.listAnimals()
        try await credentialed.pets.ping()
        #expect(
            recorder.authorizations.withLock { $0 } == [
                "GET /pets Authorization: Bearer bearer-token-1",
                "POST /login",
                "POST /notes Authorization: Basic YW5uOnB3LXNlY3JldA==",
                "GET /animals?api_key=key%2042",
                // `[{cookieKey: [], key: []}, {bearer: []}]`: the first alternative, both of its credentials.
                "POST /pets/ping?api_key=key%2042 Cookie: sid=cookie-77",
            ])
        // Every credential is hidden, in the spelling it travels in too (a query key is percent-encoded).
        #expect(
            credentialed.apiClient.secrets.redact("GET /animals?api_key=key%2042 key 42 cookie-77")
                == "GET /animals?api_key=<redacted> <redacted> <redacted>")
        // Without every credential of its first alternative, an operation uses the next one it can meet, and with
        // none, sends none (never half of an alternative).
        let cookieAndBearer = RealWorldClient(
            transport: recorder, credentials: ["cookieKey": .token("cookie-77"), "bearer": .token("bearer-token-1")])
        try await cookieAndBearer.pets.ping()
        #expect(recorder.authorizations.withLock { $0.last } == "POST /pets/ping Authorization: Bearer bearer-token-1")
        let cookieOnly = RealWorldClient(transport: recorder, credentials: ["cookieKey": .token("cookie-77")])
        try await cookieOnly.pets.ping()
        #expect(recorder.authorizations.withLock { $0.last } == "POST /pets/ping")
    }

    @Test func objectParametersAreSentAsTheirStylesSay() async throws {
        let answer = try await client.pets.searchPets(
            filter: .init(color: "red tabby", size: 2), order: .init(field: "name,first", desc: true))
        #expect(
            recorder.sent.withLock { $0 }.first
                == "GET /pets/search?filter%5Bcolor%5D=red%20tabby&filter%5Bsize%5D=2&order=field,name%2Cfirst,desc,true"
        )
        #expect(answer == "filter color=red tabby size=2; order field=name,first desc=true")
        #expect(try await client.pets.searchPets() == "filter nil; order nil")
        let missing = ServerRequest(method: .get, pathAndQuery: "/pets/search?filter%5Bcolor%5D=red")
        await #expect(
            throws: ServerRequestError.invalidParameter(name: "filter", reason: "property 'size' is required")
        ) {
            _ = try await Endpoints.Pets.route(missing, to: service)
        }
    }

    @Test func aSuccessWithoutABodyIsNilBesideOneWithABody() async throws {
        let renamed = try await client.pets.renamePet(id: 3, name: "Rex")
        #expect(renamed == Pet(id: 3, name: "Rex"))
        let unchanged = try await client.pets.renamePet(id: 3, name: "Tom")
        #expect(unchanged == nil)
        let answer = try await Endpoints.Pets.route(
            ServerRequest(method: .put, pathAndQuery: "/pets/3/nickname?name=Tom"), to: service)
        #expect(answer?.status == .noContent && answer?.body.isEmpty == true)
    }

    @Test func cookieParametersTravelInOneCookieHeader() async throws {
        let answer = try await client.pets.whoAmI(sessionID: "a;b c", visits: 3)
        #expect(recorder.sent.withLock { $0 } == ["GET /session Cookie: session%20id=a%3Bb%20c; visits=3"])
        #expect(answer == "session a;b c, visit 3")
        #expect(try await client.pets.whoAmI(sessionID: "x") == "session x, visit nil")
    }

    @Test func serverVariablesHaveDefaultsAndCanBeFilledIn() {
        #expect(RealWorldClient.defaultServerURL.absoluteString == "https://zoo.example.com/v1")
        #expect(RealWorldClient.serverURL()?.absoluteString == "https://zoo.example.com/v1")
        #expect(RealWorldClient.serverURL(zone: "farm", version: "v2")?.absoluteString == "https://farm.example.com/v2")
        #expect(RealWorldClient.serverURL(version: "a/b")?.absoluteString == "https://zoo.example.com/a%2Fb")
    }

    @Test func jsonAndNestedObjectParametersAreSentAsTheSpecSays() async throws {
        let answer = try await client.pets.queryPets(
            where: .init(name: "a&b", ages: [1, 2]), range: .init(unit: "cm", size: .init(min: 2, max: 9)),
            xContext: Owner(name: "Ann \"A\""))
        #expect(
            recorder.sent.withLock { $0 }
                == [
                    "GET /pets/query?where=%7B%22ages%22%3A%5B1%2C2%5D%2C%22name%22%3A%22a%26b%22%7D&range%5Bunit%5D=cm"
                        + "&range%5Bsize%5D%5Bmin%5D=2&range%5Bsize%5D%5Bmax%5D=9"
                ])
        #expect(answer == "where name=a&b ages=[1, 2]; range unit=cm size=2-9; context Ann \"A\"")
        #expect(try await client.pets.queryPets() == "where nil; range nil; context nil")
        #expect(
            try await client.pets.queryPets(range: .init(size: .init(min: 1)))
                == "where nil; range unit=nil size=1--1; context nil")
        let missing = ServerRequest(method: .get, pathAndQuery: "/pets/query?range%5Bsize%5D%5Bmax%5D=3")
        await #expect(
            throws: ServerRequestError.invalidParameter(name: "range[size]", reason: "property 'min' is required")
        ) {
            _ = try await Endpoints.Pets.route(missing, to: service)
        }
        let notJSON = ServerRequest(method: .get, pathAndQuery: "/pets/query?where=%7Bname")
        await #expect(
            throws: ServerRequestError.invalidParameter(
                name: "where", reason: "'{name' is not JSON for PetsQueryPetsWhere")
        ) {
            _ = try await Endpoints.Pets.route(notJSON, to: service)
        }
    }

    @Test func aJSONParameterThatDoesNotEncodeFailsTheRequest() async throws {
        let endpoint = Endpoint<String>(
            method: .get, path: "/pets/query", query: [ParameterItem("where", json: Double.nan)],
            operationID: "queryPets")
        #expect(
            throws: APIError.self,
            performing: { _ = try client.apiClient.makeRequest(endpoint) })
        do {
            _ = try client.apiClient.makeRequest(endpoint)
        } catch {
            guard case .invalidRequest(let operationID, let reason) = error else { throw error }
            #expect(operationID == "queryPets")
            #expect(reason.hasPrefix("parameter 'where' does not encode: "))
        }
    }

    @Test func typedHeadersTravelBesideTheAnswer() async throws {
        let (pets, headers) = try await client.pets.pagePetsWithHeaders()
        #expect(pets == [Pet(id: 1, name: "Tom")])
        #expect(
            headers
                == PetsPagePetsHeaders(
                    xNext: "page 2", xTotal: 41, xUntil: try Date("2026-11-23T12:00:00Z", strategy: .iso8601),
                    xColors: [.black, .unknown("blue")]))
        let answer = try await Endpoints.Pets.route(
            ServerRequest(method: .get, pathAndQuery: "/pets/page"), to: service)
        #expect(
            answer?.headers.map { "\($0.name): \($0.value)" } == [
                "Content-Type: application/json", "X-Next: page 2", "X-Total: 41", "X-Until: 2026-11-23T12:00:00Z",
                "X-Colors: black,blue",
            ])
        // The plain method returns the answer alone.
        #expect(try await client.pets.pagePets() == [Pet(id: 1, name: "Tom")])
    }

    @Test func aHeaderThatDoesNotReadIsADecodingFailureNamingIt() async throws {
        let transport = InProcessTransport { _ in
            ServerResponse(status: .ok, headers: [HTTPField.Name("X-Total")!: "many"], body: Data("[]".utf8))
        }
        let broken = RealWorldClient(
            apiClient: APIClient(serverURL: RealWorldClient.defaultServerURL, transport: transport))
        await #expect {
            _ = try await broken.pets.pagePetsWithHeaders()
        } throws: { error in
            guard case APIError.decodingFailed(let failure) = error else { return false }
            return failure.description
                == "pagePets: the answer's header 'X-Next' does not decode: expected String: it is missing"
        }
        let noTotal = InProcessTransport { _ in
            ServerResponse(
                status: .ok, headers: [HTTPField.Name("X-Next")!: "2", HTTPField.Name("X-Total")!: "many"],
                body: Data("[]".utf8))
        }
        let second = RealWorldClient(
            apiClient: APIClient(serverURL: RealWorldClient.defaultServerURL, transport: noTotal))
        await #expect {
            _ = try await second.pets.pagePetsWithHeaders()
        } throws: { error in
            guard case APIError.decodingFailed(let failure) = error else { return false }
            return failure.header == "X-Total"
                && failure.description
                    == "pagePets: the answer's header 'X-Total' does not decode: expected Int: 'many' is not one"
        }
    }

    @Test func eachSuccessStatusIsItsOwnCase() async throws {
        #expect(try await client.pets.startJob(mode: "now") == .ok(Pet(id: 5, name: "Done")))
        #expect(try await client.pets.startJob(mode: "later") == .accepted(PetsStartJobAcceptedBody(ticket: "t-1")))
        #expect(try await client.pets.startJob(mode: "skip") == .noContent)
        let (answer, headers) = try await client.pets.startJobWithHeaders(mode: "later")
        #expect(answer == .accepted(PetsStartJobAcceptedBody(ticket: "t-1")))
        #expect(headers.location == "/jobs/t-1")
        let sent = try await Endpoints.Pets.route(
            ServerRequest(method: .post, pathAndQuery: "/jobs?mode=later"), to: service)
        #expect(sent?.status == .accepted)
        #expect(String(decoding: sent?.body ?? Data(), as: UTF8.self) == #"{"ticket":"t-1"}"#)
        // A success status the spec does not list is unexpected, not a guess.
        let odd = InProcessTransport { _ in ServerResponse(status: .init(code: 203), body: Data("{}".utf8)) }
        let client = RealWorldClient(apiClient: APIClient(serverURL: RealWorldClient.defaultServerURL, transport: odd))
        await #expect {
            _ = try await client.pets.startJob(mode: "now")
        } throws: { error in
            guard case APIError.unexpectedStatus(let failure) = error else { return false }
            return failure.status.code == 203
        }
    }

    @Test func readOnlyAndWriteOnlyPropertiesTravelOneWay() async throws {
        let stored = try await client.pets.createAccount(Account(name: "ann", password: "pw"))
        #expect(stored == Account(id: 7, name: "ann"))
        #expect(
            recorder.bodies.withLock { $0.map { String(decoding: $0.body, as: UTF8.self) } }
                == [#"{"name":"ann","password":"pw"}"#])
        #expect(service.calls.withLock { $0 } == ["createAccount id=nil pw"])
    }

    @Test func aMissingRequiredPartIsA400NamingIt() async throws {
        var request = ServerRequest(method: .post, pathAndQuery: "/pets/7/photo")
        request.headers[.contentType] = "multipart/form-data; boundary=xyz"
        request.body = Data("--xyz\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n--xyz--\r\n".utf8)
        await #expect(throws: ServerRequestError.invalidParameter(name: "photo", reason: "is required")) {
            _ = try await Endpoints.Pets.route(request, to: service)
        }
    }

    @Test func anInvalidElementIsA400NamingTheParameter() async throws {
        let request = ServerRequest(method: .get, pathAndQuery: "/pets?ids=1&ids=two")
        await #expect(throws: ServerRequestError.invalidParameter(name: "ids", reason: "'two' is not a valid Int64")) {
            _ = try await Endpoints.Pets.route(request, to: service)
        }
    }
}

extension JSONValue {
    /// `{"kind": "bird", "wings": 2}`: an animal the spec does not list.
    static let bird = try! JSONValue(unvalidatedValue: ["kind": "bird", "wings": 2] as [String: any Sendable])
}
