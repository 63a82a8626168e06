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

    /// Letters of other scripts are kept, as Swift identifiers allow (they were separators, so a Russian enum was
    /// `.unnamed`, `.unnamed2`, …), composed (`e` and a combining accent is `é`); a format character such as the
    /// right-to-left override, and invisible letters and marks (a Hangul filler, a variation selector), separate
    /// words and never reach generated code.
    @Test(arguments: [
        ("статус", "статус"), ("Активный", "активный"), ("prénom", "prénom"), ("pre\u{301}nom", "pr\u{E9}nom"),
        ("用户名", "用户名"), ("userНазвание", "userНазвание"), ("Straße", "straße"), ("a\u{202E}b", "aB"),
        ("\u{301}x", "x"), ("١٢", "_١٢"), ("😷x", "x"), ("a\u{3164}b", "aB"), ("a\u{FE00}", "a"),
        ("\u{3164}", "unnamed"),
    ])
    func memberNamesInOtherScripts(_ spec: String, _ swift: String) {
        #expect(SwiftNaming.memberName(spec) == swift)
    }

    /// A name without letters spells its signs, where they were dropped (`>=` and `<=` were both `unnamed`, `-1`
    /// and `+1` both `_1`); numbers that would run together keep a `_` between them (`1.5` was `_15`).
    @Test(arguments: [
        ("=", "equals"), (">=", "greaterThanEquals"), ("!=", "notEquals"), ("<", "lessThan"), ("*", "asterisk"),
        ("-1", "minus1"), ("+1", "plus1"), ("-", "minus"), ("_", "underscore"), (" ", "space"), ("1.5", "_1_5"),
        ("v1.2", "v1_2"), ("2024-01-01", "_2024_01_01"), ("1", "_1"), ("", "unnamed"),
    ])
    func namesWithoutLetters(_ spec: String, _ swift: String) {
        #expect(SwiftNaming.memberName(spec) == swift)
    }

    @Test func typeNamesInOtherScripts() {
        #expect(SwiftNaming.typeName("Пользователь") == "Пользователь")
        #expect(SwiftNaming.typeName("straße") == "Straße")
        #expect(SwiftNaming.typeName("order_статус") == "OrderСтатус")
        #expect(SwiftNaming.typeName(">=") == "GreaterThanEquals")
    }

    @Test func collisionsGetNumbersInTheOrderTheyAppear() {
        var taken: SwiftNames = []
        #expect(["a", "a", "b", "a"].map { SwiftNaming.unique($0, in: &taken) } == ["a", "a2", "b", "a3"])
        // A name that ends in a digit is numbered after a `_`: `_12` would read as twelve.
        #expect(["_1", "_1", "v2", "v2"].map { SwiftNaming.unique($0, in: &taken) } == ["_1", "_1_2", "v2", "v2_2"])
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
