import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import PyrusAPI
import Synchronization

/// An in-memory Pyrus: the members and roles operations with the semantics the docs describe.
///
/// It implements the server-side protocols the generator emits from the spec (`MembersService`, `RolesService`,
/// `AuthService`), so spec, client and fake cannot drift apart. Use it in process through `PyrusFakeTransport`,
/// or over HTTP through `PyrusFakeServer`. Every method is safe to call from any task.
public final class PyrusFake: Sendable {
    /// Members and roles to start with.
    public struct Seed: Sendable, Codable {
        /// The members, as `GET /members` answers them.
        public var members: [Member]
        /// The roles, as `GET /roles` answers them.
        public var roles: [Role]

        /// Creates a seed.
        public init(members: [Member] = [], roles: [Role] = []) {
            self.members = members
            self.roles = roles
        }

        /// Reads a seed from JSON: `{"members": [...], "roles": [...]}`, either key optional.
        public init(contentsOf url: URL) throws {
            struct File: Decodable {
                var members: [Member]?
                var roles: [Role]?
            }
            let file = try JSONCoding.makeDecoder().decode(File.self, from: Data(contentsOf: url))
            self.init(members: file.members ?? [], roles: file.roles ?? [])
        }

        /// A seed from a directory of recorded fixtures (`FixtureRecorder`, or hand-written ones named the same
        /// way): the members of every `listMembers.200*.json` and of the single-member answers (`getMember`,
        /// `createMember`, `updateMember`, `blockMember`), and likewise the roles; files in file-name order, the
        /// first answer for an id wins. Other files are ignored.
        ///
        /// - Throws: the file system's error, or a decoding error naming the file.
        public init(fixtures directory: URL) throws {
            let decoder = JSONCoding.makeDecoder()
            var members: [Member] = []
            var roles: [Role] = []
            var memberIDs: Set<Int64> = []
            var roleIDs: Set<Int64> = []
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            for name in names where name.hasSuffix(".json") {
                let parts = name.split(separator: ".")
                guard parts.count >= 3, parts[1] == "200" else { continue }
                let url = directory.appendingPathComponent(name, isDirectory: false)
                do {
                    switch parts[0] {
                    case "listMembers":
                        members += try decoder.decode(MemberList.self, from: Data(contentsOf: url)).members
                    case "getMember", "createMember", "updateMember", "blockMember":
                        members.append(try decoder.decode(Member.self, from: Data(contentsOf: url)))
                    case "listRoles":
                        roles += try decoder.decode(RoleList.self, from: Data(contentsOf: url)).roles
                    case "getRole", "createRole", "updateRole":
                        roles.append(try decoder.decode(Role.self, from: Data(contentsOf: url)))
                    default:
                        continue
                    }
                } catch {
                    throw SeedError(description: "the fixture \(name) cannot seed the fake: \(error)")
                }
            }
            self.init(
                members: members.filter { memberIDs.insert($0.id).inserted },
                roles: roles.filter { roleIDs.insert($0.id).inserted })
        }
    }

    /// Values by id, listed in the order they were added (as Pyrus lists them).
    struct Table<Value: Sendable>: Sendable {
        private(set) var order: [Int64] = []
        private var values: [Int64: Value] = [:]

        subscript(id: Int64) -> Value? {
            get { values[id] }
            set {
                if values[id] == nil, newValue != nil { order.append(id) }
                values[id] = newValue
                if newValue == nil { order.removeAll { $0 == id } }
            }
        }

        /// Every value, in insertion order.
        var all: [Value] { order.compactMap { values[$0] } }
    }

    struct State {
        var members = Table<Member>()
        var roles = Table<Role>()
        var nextMemberID: Int64 = 1
        var nextRoleID: Int64 = 1
        var forcedFailures: [(status: HTTPResponse.Status, retryAfter: Int?)] = []
        var requestCount = 0
        var apiURL = "http://127.0.0.1/v4/"
        /// Tokens that authenticate: the seeded ones and those `POST /auth` issued.
        var validTokens: Set<String> = []
        /// Tokens `expireTokens()` revoked: they answer `expired_token` rather than `invalid_token`.
        var expiredTokens: Set<String> = []
        var issuedTokens = 0
        /// What the fake's own answers broke of the spec (contract mode).
        var contractViolations: [String] = []
    }

    let state: Mutex<State>
    /// The spec the fake validates request bodies against.
    let spec: SpecCheck
    /// Whether the fake checks its own answers against the spec (contract mode).
    public let checksAnswers: Bool

    /// The spec `PyrusClient` was generated from: a copy of `Spec/pyrus-api.yaml` shipped as this module's resource,
    /// which a test keeps byte-identical, so it cannot drift from the generated code. What `SpecCheckingMiddleware`
    /// and `FixtureRecorder` (APIContract) check Pyrus traffic against.
    public static var specURL: URL {
        get throws { try SpecCheck.defaultSpecURL }
    }

    /// The spec the fake answers by, loaded.
    public var specDocument: Document { spec.document }

    /// Every way the fake's own answers broke the spec so far (contract mode): empty unless the fake has a bug.
    public var contractViolations: [String] { state.withLock { $0.contractViolations } }

    /// The token a fake accepts unless told otherwise: `PyrusClient(accessToken: PyrusFake.defaultAccessToken, …)`.
    public static let defaultAccessToken = "fake-access-token"

    /// The ids the fake hands out and accepts in a seed: positive 32-bit integers, as Pyrus's own clients store them.
    public static let validIDs: ClosedRange<Int64> = 1...Int64(Int32.max)

    /// A seed the fake cannot start from.
    public struct SeedError: Error, CustomStringConvertible {
        /// What is wrong, naming the member or role.
        public var description: String
    }

    /// Creates a fake holding `seed`; new members and roles get ids above the seed's (or from 1001).
    ///
    /// - Parameters:
    ///   - accessTokens: The tokens that authenticate from the start (as if issued earlier). Any request with
    ///     another bearer token is answered 401 `invalid_token`, as Pyrus does; `POST /auth` issues more.
    ///   - specURL: The spec requests (and, in contract mode, answers) are checked against; by default
    ///     `PyrusFake.specURL`, the copy of `Spec/pyrus-api.yaml` this module ships as a resource.
    ///   - checksAnswers: Contract mode: check every answer against the spec too (on by default); off only where a
    ///     benchmark must not pay for validating its own large answers.
    /// - Throws: `SeedError` for an id outside `validIDs` or used twice; `SpecError` when the spec cannot be read.
    public init(
        seed: Seed = Seed(), accessTokens: Set<String> = [defaultAccessToken], specURL: URL? = nil,
        checksAnswers: Bool = true
    ) throws {
        for (kind, ids) in [("member", seed.members.map(\.id)), ("role", seed.roles.map(\.id))] {
            if let bad = ids.first(where: { !Self.validIDs.contains($0) }) {
                throw SeedError(description: "\(kind) id \(bad) is outside \(Self.validIDs), the ids Pyrus uses")
            }
            var seen: Set<Int64> = []
            if let duplicate = ids.first(where: { !seen.insert($0).inserted }) {
                throw SeedError(description: "\(kind) id \(duplicate) appears twice in the seed")
            }
        }
        var state = State()
        for member in seed.members { state.members[member.id] = member }
        for role in seed.roles { state.roles[role.id] = role }
        state.nextMemberID = (seed.members.map(\.id).max() ?? 1000) + 1
        state.nextRoleID = (seed.roles.map(\.id).max() ?? 1000) + 1
        state.validTokens = accessTokens
        self.state = Mutex(state)
        self.spec = try SpecCheck.load(specURL ?? SpecCheck.defaultSpecURL)
        self.checksAnswers = checksAnswers
    }

    /// Makes the next `count` requests answer `status` (429 by default) with a `Retry-After` header.
    public func failNextRequests(_ count: Int, status: HTTPResponse.Status = .tooManyRequests, retryAfter: Int? = 1) {
        state.withLock { state in
            state.forcedFailures += Array(repeating: (status, retryAfter), count: count)
        }
    }

    /// The `api_url` that `POST /auth` answers; `PyrusFakeServer` sets it to its own address.
    public var apiURL: String {
        get { state.withLock { $0.apiURL } }
        set { state.withLock { $0.apiURL = newValue } }
    }

    /// How many requests reached the fake, rejected ones included.
    public var requestCount: Int { state.withLock { $0.requestCount } }

    /// Every member, in the order they were added.
    public var members: [Member] { state.withLock { $0.members.all } }

    /// Every role, in the order they were added.
    public var roles: [Role] { state.withLock { $0.roles.all } }

    /// Revokes every token issued or seeded so far: later calls with one answer 401 `expired_token`, so a test can
    /// watch a client sign in again.
    public func expireTokens() {
        state.withLock { state in
            state.expiredTokens.formUnion(state.validTokens)
            state.validTokens.removeAll()
        }
    }

    /// Why a request's `Authorization` header does not authenticate, as Pyrus's error code; nil when it does.
    func authorizationProblem(_ header: String?) -> String? {
        guard let header, header.hasPrefix("Bearer "), header.count > 7 else { return "token_not_specified" }
        let token = String(header.dropFirst(7))
        return state.withLock { state in
            state.validTokens.contains(token)
                ? nil : state.expiredTokens.contains(token) ? "expired_token" : "invalid_token"
        }
    }

    /// A missing member or role: Pyrus answers 404 with `invalid_person_id` (roles are persons too).
    static func notFound(_ what: String, _ id: Int64) -> ServiceError {
        ServiceError(
            status: .notFound,
            body: ErrorBody(error: "there is no \(what) with id \(id)", errorCode: "invalid_person_id"))
    }

    static func badRequest(_ message: String, code: String = "validation_error") -> ServiceError {
        ServiceError(status: .badRequest, body: ErrorBody(error: message, errorCode: code))
    }
}

extension PyrusFake: MembersService {
    /// `GET /members`: in the order they were added; fired members only with `include_fired=true`.
    public func list(includeFired: Bool?) async throws -> MemberList {
        MemberList(members: members.filter { includeFired == true || !$0.fired })
    }

    /// `POST /members`: a new user with the next id.
    public func create(_ body: MemberCreate) async throws -> Member {
        try state.withLock { state in
            try Self.checkEmailIsFree(body.email, except: nil, in: state)
            try Self.checkIDIsLeft(state.nextMemberID)
            let member = Member(
                id: state.nextMemberID, firstName: body.firstName ?? "", lastName: body.lastName ?? "",
                email: body.email, type: .user, status: body.status ?? "", banned: false,
                position: body.position ?? "", departmentID: body.departmentID, messenger: body.messenger,
                phone: body.phone ?? "")
            state.members[member.id] = member
            state.nextMemberID += 1
            return member
        }
    }

    /// `GET /members/{id}`.
    public func get(id: Int64) async throws -> Member {
        guard let member = state.withLock({ $0.members[id] }) else { throw Self.notFound("member", id) }
        return member
    }

    /// `PUT /members/{id}`: changes only the fields that were sent.
    public func update(id: Int64, _ body: MemberUpdate) async throws -> Member {
        try state.withLock { state in
            guard var member = state.members[id] else { throw Self.notFound("member", id) }
            if let value = body.firstName { member.firstName = value }
            if let value = body.lastName { member.lastName = value }
            if let value = body.email {
                try Self.checkEmailIsFree(value, except: id, in: state)
                member.email = value
            }
            if let value = body.position { member.position = value }
            if let value = body.departmentID { member.departmentID = value }
            if let value = body.messenger { member.messenger = value }
            if let value = body.phone { member.phone = value }
            if let value = body.banned { member.banned = value }
            if let value = body.status { member.status = value }
            state.members[id] = member
            return member
        }
    }

    /// Emails are unique among members, as in Pyrus (`non_unique_email`), on create and on update alike.
    private static func checkEmailIsFree(_ email: String, except id: Int64?, in state: State) throws {
        if state.members.all.contains(where: { $0.email == email && $0.id != id }) {
            throw badRequest("email \(email) is already in use", code: "non_unique_email")
        }
    }

    /// New ids stay within `validIDs`: past the last one, creating answers 400 instead of overflowing.
    static func checkIDIsLeft(_ id: Int64) throws {
        guard validIDs.contains(id) else {
            throw badRequest("no ids are left (the last is \(validIDs.upperBound))", code: "limit_exceeded")
        }
    }

    /// `DELETE /members/{id}`: blocks the member (`banned: true`) and returns it; nothing is removed.
    public func block(id: Int64) async throws -> Member {
        try state.withLock { state in
            guard var member = state.members[id] else { throw Self.notFound("member", id) }
            member.banned = true
            state.members[id] = member
            return member
        }
    }
}

extension PyrusFake: RolesService {
    /// `GET /roles`: in the order they were added; fired (deleted) roles only with `include_fired=true`.
    public func list(includeFired: Bool?) async throws -> RoleList {
        RoleList(roles: roles.filter { includeFired == true || !$0.fired })
    }

    /// `POST /roles`: a new role with the members of `member_add`, without duplicates, in order.
    public func create(_ body: RoleCreate) async throws -> Role {
        try state.withLock { state in
            let members = try Self.checkedMembers(body.memberAdd ?? [], in: state)
            try Self.checkIDIsLeft(state.nextRoleID)
            let role = Role(
                id: state.nextRoleID, name: body.name, banned: false, memberIDs: Self.updated([], adding: members))
            state.roles[role.id] = role
            state.nextRoleID += 1
            return role
        }
    }

    /// `GET /roles/{id}`.
    public func get(id: Int64) async throws -> Role {
        guard let role = state.withLock({ $0.roles[id] }) else { throw Self.notFound("role", id) }
        return role
    }

    /// `PUT /roles/{id}`: renames, adds and removes members, bans or unbans.
    public func update(id: Int64, _ body: RoleUpdate) async throws -> Role {
        try state.withLock { state in
            guard var role = state.roles[id] else { throw Self.notFound("role", id) }
            let added = try Self.checkedMembers(body.memberAdd ?? [], in: state)
            if let name = body.name { role.name = name }
            role.memberIDs = Self.updated(role.memberIDs, adding: added, removing: body.memberRemove ?? [])
            if let banned = body.banned { role.banned = banned }
            state.roles[id] = role
            return role
        }
    }

    /// `DELETE /roles/{id}`: needs a task receiver who is a member; marks the role fired and returns it.
    public func delete(id: Int64, _ body: RoleDelete) async throws -> Role {
        try state.withLock { state in
            guard var role = state.roles[id] else { throw Self.notFound("role", id) }
            guard state.members[body.taskReceiverID] != nil else {
                throw Self.badRequest(
                    "task_receiver_id \(body.taskReceiverID) is not a member", code: "invalid_person_id")
            }
            role.fired = true
            state.roles[id] = role
            return Role(id: role.id, name: role.name, banned: role.banned, fired: true)
        }
    }

    private static func checkedMembers(_ ids: [Int64], in state: State) throws -> [Int64] {
        if let unknown = ids.first(where: { state.members[$0] == nil }) {
            throw badRequest("member \(unknown) does not exist", code: "invalid_person_id")
        }
        return ids
    }

    /// The rule the docs' examples imply (written in the spec at `Role.member_ids`): added members first, in the
    /// order given, then the members the role had, in their order; then the removed ones dropped.
    /// `[1732, 4487]` adding `[3796]` and removing `[1732]` gives `[3796, 4487]`.
    static func updated(_ members: [Int64], adding added: [Int64], removing removed: [Int64] = []) -> [Int64] {
        var result: [Int64] = []
        for id in added + members where !result.contains(id) { result.append(id) }
        let removed = Set(removed)
        return result.filter { !removed.contains($0) }
    }
}

extension PyrusFake: AuthService {
    /// `POST /auth`: any login and key sign in and get a new token (`fake-token-1`, `fake-token-2`, …).
    public func authenticate(_ body: AuthRequest) async throws -> AuthResponse {
        state.withLock { state in
            state.issuedTokens += 1
            let token = "fake-token-\(state.issuedTokens)"
            state.validTokens.insert(token)
            return AuthResponse(accessToken: token, apiURL: state.apiURL)
        }
    }
}
