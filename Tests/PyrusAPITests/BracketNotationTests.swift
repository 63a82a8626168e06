import Foundation
import Testing

@testable import APIRuntime

/// Bracket notation (`card[expiry][month]=12`, `items[0][price]=p_1`): what a client writes for a value of any
/// shape, what a server reads back, and what it refuses.
@Suite struct BracketNotationTests {
    struct Line: Codable, Hashable, Sendable {
        var price: String
        var quantity: Int?
        var tags: [String]?
    }

    struct Order: Codable, Hashable, Sendable {
        var id: Int
        var paid: Bool
        var at: Date?
        var lines: [Line]
        var metadata: [String: String]
        var note: String?
    }

    func query(_ items: [ParameterItem]) -> String {
        items.compactMap { item in item.encodedValue.map { ParameterItem.encode(item.name) + "=" + $0 } }
            .joined(separator: "&")
    }

    @Test func aValueIsWrittenMemberByMemberAndReadBack() throws {
        let at = try Date("2026-12-07T10:00:00Z", strategy: .iso8601)
        let order = Order(
            id: 7, paid: true, at: at, lines: [Line(price: "p_1", quantity: 2, tags: ["a", "b"]), Line(price: "p&2")],
            metadata: ["z": "last", "a b": "x=y"], note: nil)
        let items = ParameterItem.brackets("order", order)
        // Members in the order of their names, elements by index, everything percent-encoded; nil members are left
        // out as JSON leaves them out.
        #expect(
            items.map { "\($0.name)=\($0.value ?? "nil")" } == [
                "order[at]=2026-12-07T10:00:00Z", "order[id]=7", "order[lines][0][price]=p_1",
                "order[lines][0][quantity]=2", "order[lines][0][tags][0]=a", "order[lines][0][tags][1]=b",
                "order[lines][1][price]=p&2", "order[metadata][a b]=x=y", "order[metadata][z]=last",
                "order[paid]=true",
            ])
        let request = ServerRequest(method: .get, pathAndQuery: "/?" + query(items))
        #expect(try request.bracketParameter("order", as: Order.self) == order)
        // Another parameter whose name begins with this one's is not part of it.
        let other = ServerRequest(method: .get, pathAndQuery: "/?orders=1&" + query(items))
        #expect(try other.bracketParameter("order", as: Order.self) == order)
        #expect(try other.bracketParameter("absent", as: Order.self) == nil)
    }

    @Test func emptyValuesNullsAndAppendedElements() throws {
        // An empty value is an empty array, an empty object and null alike.
        #expect(query(ParameterItem.brackets("a", [String]())) == "a=")
        #expect(query(ParameterItem.brackets("a", [String: Int]())) == "a=")
        #expect(query(ParameterItem.brackets("a", [Int?.none, 3])) == "a%5B0%5D=&a%5B1%5D=3")
        let empty = ServerRequest(method: .get, pathAndQuery: "/?a=&b=")
        #expect(try empty.bracketParameter("a", as: [Int].self) == [])
        #expect(try empty.bracketParameter("b", as: [String: Int].self) == [:])
        // `name[]` appends; indices order elements whatever order they came in; `items[][price]` starts an element
        // when the last one already has that member, as Rails reads it.
        let appended = ServerRequest(method: .get, pathAndQuery: "/?t[]=a&t[]=b&n[2]=z&n[0]=x&n[1]=y")
        #expect(try appended.bracketParameter("t", as: [String].self) == ["a", "b"])
        #expect(try appended.bracketParameter("n", as: [String].self) == ["x", "y", "z"])
        let lines = ServerRequest(
            method: .get, pathAndQuery: "/?l[][price]=p1&l[][quantity]=1&l[][price]=p2&l[][quantity]=2")
        #expect(
            try lines.bracketParameter("l", as: [Line].self) == [
                Line(price: "p1", quantity: 1), Line(price: "p2", quantity: 2),
            ])
    }

    @Test func whatIsNotOfItsTypeIsRefusedWithItsPlace() {
        let request = ServerRequest(
            method: .get, pathAndQuery: "/?o[id]=7&o[paid]=maybe&o[lines][0][price]=p&o[metadata][k]=v")
        #expect(
            throws: ServerRequestError.invalidParameter(
                name: "o[paid]", reason: "expected Bool: 'maybe' is not a valid Bool")
        ) { _ = try request.bracketParameter("o", as: Order.self) }
        let missing = ServerRequest(method: .get, pathAndQuery: "/?o[id]=7&o[lines]=&o[metadata]=")
        #expect(
            throws: ServerRequestError.invalidParameter(
                name: "o[paid]", reason: "expected a value for required key 'paid': the key is missing")
        ) { _ = try missing.bracketParameter("o", as: Order.self) }
        let notIndex = ServerRequest(method: .get, pathAndQuery: "/?t[x]=a")
        #expect(
            throws: ServerRequestError.invalidParameter(
                name: "t", reason: "expected Array<Any>: 'x' is not an element's index")
        ) { _ = try notIndex.bracketParameter("t", as: [String].self) }
    }

    @Test func hostileNamesAreRefusedNotFollowed() {
        // Deeper than 32 brackets: refused before anything is built.
        let deep = ServerRequest(
            method: .get, pathAndQuery: "/?a" + String(repeating: "[x]", count: 33) + "=1")
        #expect(
            throws: ServerRequestError.invalidParameter(
                name: "a" + String(repeating: "[x]", count: 33), reason: "nests deeper than 32 brackets")
        ) { _ = try deep.bracketParameter("a", as: [String: String].self) }
        // A value and members under one name.
        let both = ServerRequest(method: .get, pathAndQuery: "/?a=1&a[b]=2")
        #expect(
            throws: ServerRequestError.invalidParameter(name: "a[b]", reason: "has both a value ('1') and members")
        ) { _ = try both.bracketParameter("a", as: [String: String].self) }
        // A huge index is a key, not an allocation: the elements keep their order.
        let sparse = ServerRequest(method: .get, pathAndQuery: "/?a[999999999999]=z&a[0]=x")
        #expect((try? sparse.bracketParameter("a", as: [String].self)) == ["x", "z"])
        // `[]` after indices sent above the count of keys appends after them, without a search past each of them.
        let indexed = (5_000..<10_000).map { "a[\($0)]=x" } + Array(repeating: "a[]=y", count: 5_000)
        let appendedAfter = ServerRequest(method: .get, pathAndQuery: "/?" + indexed.joined(separator: "&"))
        #expect(
            (try? appendedAfter.bracketParameter("a", as: [String].self))
                == Array(repeating: "x", count: 5_000) + Array(repeating: "y", count: 5_000))
        // Not bracket notation after the name: another parameter, ignored.
        let unclosed = ServerRequest(method: .get, pathAndQuery: "/?a[b=1&a]=2")
        #expect((try? unclosed.bracketParameter("a", as: [String: String].self)) == .some(nil))
    }

    @Test func aValueThatDoesNotEncodeFailsTheRequest() throws {
        let items = ParameterItem.brackets("n", [Double.infinity])
        #expect(items.count == 1)
        #expect(items[0].encodingFailure != nil)
        let form = RequestContent.form(items)
        // The field is named, with why it did not encode: it is not left out without a word.
        let error = try #require(throws: FormFieldError.self) { _ = try form.encoded(boundary: "b") }
        #expect(error.description.hasPrefix("form field 'n' does not encode: "))
    }
}
