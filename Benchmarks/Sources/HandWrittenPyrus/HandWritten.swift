/// `GET /members` as a person would decode it with no generator: the floor for decoding benchmarks.
public struct HandWrittenMemberList: Decodable, Sendable {
    /// The members.
    public var members: [HandWrittenMember]
}

/// A member with the fields of the docs' examples.
public struct HandWrittenMember: Decodable, Sendable {
    public var id: Int64
    public var firstName: String
    public var lastName: String
    public var email: String
    public var type: String
    public var status: String?
    public var banned: Bool
    public var fired: Bool?
    public var position: String?
    public var departmentId: Int64?
    public var externalId: String?
    public var messenger: Messenger?
    public var phone: String?
    public var loginPhone: String?
    public var rights: Int64?

    /// How the member can be reached.
    public struct Messenger: Decodable, Sendable {
        public var type: String?
        public var nickname: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, email, type, status, banned, fired, position, messenger, phone, rights
        case firstName = "first_name"
        case lastName = "last_name"
        case departmentId = "department_id"
        case externalId = "external_id"
        case loginPhone = "login_phone"
    }
}
