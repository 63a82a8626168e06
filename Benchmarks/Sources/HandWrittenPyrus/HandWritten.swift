/// `GET /members` as a person would decode it with no generator: the floor for decoding benchmarks.
public struct HandWrittenMemberList: Decodable, Sendable {
    /// The members.
    var members: [HandWrittenMember]
}

/// A member with every field the docs document, the same ones the generated clients read (the four session settings
/// objects included, though the benchmark's members do not carry them: looking for them costs too).
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
    var webSessionSettings: SessionSettings?
    var mobileSessionSettings: SessionSettings?
    var webSessionInactiveSettings: SessionSettings?
    var mobileSessionInactiveSettings: SessionSettings?

    /// How the member can be reached.
    public struct Messenger: Decodable, Sendable {
        var type: String?
        var nickname: String?
    }

    /// How long a session lasts.
    public struct SessionSettings: Decodable, Sendable {
        var lifeSpanHours: Int?
        var disable: Bool?

        enum CodingKeys: String, CodingKey {
            case lifeSpanHours = "life_span_hours"
            case disable
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, email, type, status, banned, fired, position, messenger, phone, rights
        case firstName = "first_name"
        case lastName = "last_name"
        case departmentId = "department_id"
        case externalId = "external_id"
        case loginPhone = "login_phone"
        case webSessionSettings = "web_session_settings"
        case mobileSessionSettings = "mobile_session_settings"
        case webSessionInactiveSettings = "web_session_inactive_settings"
        case mobileSessionInactiveSettings = "mobile_session_inactive_settings"
    }
}
