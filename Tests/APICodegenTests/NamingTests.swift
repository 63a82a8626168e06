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
        var taken: SwiftNames = []
        #expect(["a", "a", "b", "a"].map { SwiftNaming.unique($0, in: &taken) } == ["a", "a2", "b", "a3"])
    }

    /// The smallest free number, whatever else took numbered names or gave them back.
    @Test func theSmallestFreeNumberIsGivenAlsoAfterDirectInsertsAndRemovals() {
        var taken: SwiftNames = ["a", "a3"]
        #expect(SwiftNaming.unique("a", in: &taken) == "a2")
        #expect(SwiftNaming.unique("a", in: &taken) == "a4")
        taken.remove("a3")
        #expect(SwiftNaming.unique("a", in: &taken) == "a3")
        #expect(SwiftNaming.unique("a", in: &taken, avoiding: ["a5"]) == "a6")
        #expect(SwiftNaming.unique("a", in: &taken) == "a5")
        taken.remove("a12")  // never taken: changes nothing
        #expect(SwiftNaming.unique("a", in: &taken) == "a7")
    }

    /// `a☀`, `a☁`, … are all `a` in Swift: numbering 30,000 of them used to count up from 2 for each (4.5×10⁸
    /// lookups), and a spec of such property names held `generate` and the plugin for hours.
    @Test func manyCollidingNamesAreNumberedInLinearTime() {
        var taken: SwiftNames = []
        let names = (0..<30_000).map { _ in SwiftNaming.unique("a", in: &taken) }
        #expect(names.first == "a" && names.last == "a30000" && Set(names).count == 30_000)
    }
}
