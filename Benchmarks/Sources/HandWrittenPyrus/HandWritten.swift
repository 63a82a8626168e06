/// `GET /members` as a person would decode it with no generator: the floor for decoding benchmarks.
public struct HandWrittenMemberList: Decodable, Sendable {
    /// The members.
    var members: [HandWrittenMember]
}

/// A member with the fields of the docs' examples.
public struct HandWrittenMember: Decodable, Sendable {
    var id: Int64
    var firstName: String
    var lastName: String
    var email: String
    var type: String
    var status: String?
    var banned: Bool
    var fired: Bool?
    var position: String?
    var departmentId: Int64?
    var externalId: String?
    var messenger: Messenger?
    var phone: String?
    var loginPhone: String?
    var rights: Int64?

    /// How the member can be reached.
    public struct Messenger: Decodable, Sendable {
        var type: String?
        var nickname: String?
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
