import Testing

@testable import APICodegen

/// Spec names → Swift identifiers.
@Suite struct NamingTests {
    @Test(arguments: [
        ("first_name", "firstName"), ("life_span_hours", "lifeSpanHours"), ("external_id", "externalID"),
        ("member_ids", "memberIDs"), ("api_url", "apiURL"), ("person_id", "personID"), ("idle", "idle"), ("ID", "id"),
        ("URLValue", "urlValue"), ("X-RateLimit-Reset", "xRateLimitReset"),
        ("default", "`default`"), ("self", "self_"), ("2fa", "_2fa"), ("None", "noneValue"), ("WhatsApp", "whatsApp"),
        ("😷", "unnamed"), ("listMembers", "listMembers"),
    ])
    func memberNames(_ spec: String, _ swift: String) {
        #expect(SwiftNaming.memberName(spec) == swift)
    }

    @Test(arguments: [
        ("find pet by id", "FindPetByID"), ("json_api", "JSONAPI"), ("member_list", "MemberList"),
        ("TechSupport", "TechSupport"),
        ("Error", "ErrorModel"), ("2fa", "_2fa"), ("Type", "TypeModel"), ("members", "Members"),
    ])
    func typeNames(_ spec: String, _ swift: String) {
        #expect(SwiftNaming.typeName(spec) == swift)
    }

    @Test func collisionsGetNumbersInTheOrderTheyAppear() {
        var taken: Set<String> = []
        #expect(["a", "a", "b", "a"].map { SwiftNaming.unique($0, in: &taken) } == ["a", "a2", "b", "a3"])
    }
}
