import APIRuntime
import Foundation
import HTTPTypes
import Testing

/// The runtime's building blocks that generated code relies on.
@Suite struct RuntimeTests {
    struct Patch: Codable, Equatable {
        var note: Nullable<String>?

        init(note: Nullable<String>?) { self.note = note }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            note = try container.decodeNullable(String.self, forKey: .note)
        }
    }

    @Test func nullableKeepsAbsentNullAndValueApart() throws {
        let encoder = JSONCoding.makeEncoder()
        #expect(String(decoding: try encoder.encode(Patch(note: nil)), as: UTF8.self) == "{}")
        #expect(String(decoding: try encoder.encode(Patch(note: .null)), as: UTF8.self) == #"{"note":null}"#)
        #expect(String(decoding: try encoder.encode(Patch(note: .value("x"))), as: UTF8.self) == #"{"note":"x"}"#)
        let decoder = JSONCoding.makeDecoder()
        #expect(try decoder.decode(Patch.self, from: Data("{}".utf8)) == Patch(note: nil))
        #expect(try decoder.decode(Patch.self, from: Data(#"{"note":null}"#.utf8)) == Patch(note: .null))
        #expect(try decoder.decode(Patch.self, from: Data(#"{"note":"x"}"#.utf8)) == Patch(note: .value("x")))
    }

    @Test func datesDecodeWithAndWithoutFractionalSeconds() throws {
        let decoder = JSONCoding.makeDecoder()
        let whole = try decoder.decode([Date].self, from: Data(#"["2026-11-22T10:00:00Z"]"#.utf8))
        let fractional = try decoder.decode([Date].self, from: Data(#"["2026-11-22T10:00:00.250Z"]"#.utf8))
        #expect(whole == [Date(timeIntervalSince1970: 1_795_341_600)])
        #expect(fractional == [Date(timeIntervalSince1970: 1_795_341_600.25)])
        // RFC 3339's lower-case `t` and `z`, and its space between date and time (§5.6).
        let json = #"["2026-11-22 10:00:00Z", "2026-11-22t10:00:00z", "2026-11-22 12:00:00+02:00"]"#
        let spelled = try decoder.decode([Date].self, from: Data(json.utf8))
        #expect(spelled == Array(repeating: Date(timeIntervalSince1970: 1_795_341_600), count: 3))
        // Written back with the fraction when there is one, so it is not lost.
        let encoder = JSONCoding.makeEncoder()
        let written = try encoder.encode(whole + fractional)
        #expect(String(decoding: written, as: UTF8.self) == #"["2026-11-22T10:00:00Z","2026-11-22T10:00:00.250Z"]"#)
        #expect(ParameterItem("at", fractional[0]).value == "2026-11-22T10:00:00.250Z")
        // Milliseconds that a `Double` holds a hair below (`.678` is `.67799…`) are written as they were read.
        let times = #"["2023-10-06T23:47:56.678Z","2023-10-06T23:47:56.999Z","2023-10-06T23:47:56.001Z"]"#
        let again = try encoder.encode(try decoder.decode([Date].self, from: Data(times.utf8)))
        #expect(String(decoding: again, as: UTF8.self) == times)
        // Microseconds, as Python, PostgreSQL and Go write them, come back as they were read; before 2001 too (a
        // negative interval), and next to a second's end. Nanoseconds are beyond a `Date`: the nearest microsecond.
        let fine = #"["2026-12-07T17:45:01.123456Z","1969-07-20T20:17:40.000001Z","2026-12-07T17:45:01.999999Z"]"#
        let fineAgain = try encoder.encode(try decoder.decode([Date].self, from: Data(fine.utf8)))
        #expect(String(decoding: fineAgain, as: UTF8.self) == fine)
        let nano = try decoder.decode([Date].self, from: Data(#"["2026-12-07T17:45:01.123456789Z"]"#.utf8))
        #expect(ParameterItem("at", nano[0]).value == "2026-12-07T17:45:01.123457Z")
        #expect(throws: DecodingError.self) { try decoder.decode([Date].self, from: Data(#"["22.11.2026"]"#.utf8)) }
    }

    @Test func pathSegmentsAndQueryValuesArePercentEncoded() {
        #expect(pathSegment("a/b c") == "a%2Fb%20c")
        let endpoint = Endpoint<EmptyResponse>(
            method: .get, path: "/x", query: [ParameterItem("q", "a&b=c"), ParameterItem("skip", String?.none)],
            operationID: "x")
        #expect(endpoint.pathAndQuery == "/x?q=a%26b%3Dc")
    }

    /// UUIDs go out in lower case, as RFC 9562 writes them (Foundation prints upper case): in a path, a query, an
    /// array, an object, a header and a multipart text part.
    @Test func uuidsAreWrittenInLowerCase() throws {
        let id = try #require(UUID(uuidString: "A54A57CA-36F8-421B-A6B4-2E8F26858A4C"))
        let text = "a54a57ca-36f8-421b-a6b4-2e8f26858a4c"
        #expect(pathSegment(id) == text)
        let endpoint = Endpoint<EmptyResponse>(
            method: .get, path: "/tickets/\(pathSegment(id))",
            query: [ParameterItem("id", id)] + ParameterItem.array("ids", [id, id], explode: false)
                + ParameterItem.object("filter", [("owner", id)], style: .deepObject, explode: true),
            operationID: "x")
        #expect(endpoint.pathAndQuery == "/tickets/\(text)?id=\(text)&ids=\(text),\(text)&filter%5Bowner%5D=\(text)")
        var headers = HeaderWriter()
        headers.write("X-Ticket", id)
        headers.write("X-Tickets", [id, id])
        #expect(headers.fields[HTTPField.Name("X-Ticket")!] == text)
        #expect(headers.fields[HTTPField.Name("X-Tickets")!] == "\(text),\(text)")
        #expect(MultipartPart.text("id", id).map(\.body) == [Data(text.utf8)])
    }

    /// A map in a query (`additionalProperties` of scalars) is sent as an object's properties are, its keys in order,
    /// and read back: `deepObject` from `labels[key]`, exploded `form` from every item the operation's other
    /// parameters do not name, unexploded `form` from key,value pairs. A value of the wrong type names its entry.
    @Test func aMapInAQueryIsSentAsAnObjectsPropertiesAndReadBack() throws {
        let labels = ["tier": "gold", "a b": "x&y", "[x]": "y"]
        let endpoint = Endpoint<EmptyResponse>(
            method: .get, path: "/items",
            query: ParameterItem.map("labels", labels, style: .deepObject, explode: true)
                + ParameterItem.map("page", ["size": 20, "from": 3], style: .form, explode: true)
                + ParameterItem.map("pairs", ["k": "v,w"], style: .form, explode: false)
                + ParameterItem.map("none", [String: Int]?.none, style: .form, explode: true)
                + [ParameterItem("limit", 5)],
            operationID: "x")
        #expect(
            endpoint.pathAndQuery
                == "/items?labels%5B%5Bx%5D%5D=y&labels%5Ba%20b%5D=x%26y&labels%5Btier%5D=gold&from=3&size=20"
                + "&pairs=k,v%2Cw&limit=5")
        let request = ServerRequest(method: .get, pathAndQuery: endpoint.pathAndQuery)
        #expect(
            try request.mapParameter("labels", as: String.self, style: .deepObject, explode: true)
                == ["tier": "gold", "a b": "x&y", "[x]": "y"])
        #expect(
            try request.mapParameter(
                "page", as: Int.self, style: .form, explode: true, besides: ["labels", "pairs", "limit"])
                == ["from": 3, "size": 20])
        #expect(try request.mapParameter("pairs", as: String.self, style: .form, explode: false) == ["k": "v,w"])
        #expect(try request.mapParameter("none", as: Int.self, style: .deepObject, explode: true) == nil)
        #expect(throws: ServerRequestError.invalidParameter(name: "labels[[x]]", reason: "'y' is not a valid Int")) {
            try request.mapParameter("labels", as: Int.self, style: .deepObject, explode: true)
        }
        let odd = ServerRequest(method: .get, pathAndQuery: "/items?pairs=k,v,w")
        #expect(throws: ServerRequestError.invalidParameter(name: "pairs", reason: "expected key,value pairs")) {
            try odd.mapParameter("pairs", as: String.self, style: .form, explode: false)
        }
    }

    /// A segment may hold text beside a parameter (`{id}.json`, Google's `{name}:cancel`): such routes never
    /// matched, since the whole segment was compared as text. The parameter ends where the text after it appears.
    @Test func segmentsThatMixTextAndParametersMatch() throws {
        let json = ServerRequest(method: .get, pathAndQuery: "/users/4%2E2.json")
        #expect(json.match("/users/{id}.json") == ["id": "4.2"])
        #expect(json.match("/users/{id}.xml") == nil)
        let cancel = ServerRequest(method: .post, pathAndQuery: "/v1/jobs/a:b:cancel")
        #expect(cancel.match("/v1/jobs/{name}:cancel") == ["name": "a:b"])
        #expect(cancel.match("/v1/jobs/{name}:run") == nil)
        let file = ServerRequest(method: .get, pathAndQuery: "/files/report.final.pdf")
        #expect(file.match("/files/{name}.{extension}") == ["name": "report", "extension": "final.pdf"])
        #expect(file.match("/files/v{version}") == nil)
        #expect(ServerRequest(method: .get, pathAndQuery: "/files/.pdf").match("/files/{name}.pdf") == nil)
        #expect(ServerRequest(method: .get, pathAndQuery: "/users/4.2.json").match("/users/{id}.json") == ["id": "4.2"])
        // Two parameters with nothing between them could split anywhere: no request matches.
        #expect(file.match("/files/{a}{b}") == nil)
    }

    /// `{+name}` (RFC 6570's reserved expansion, Google's `/v1/{+name}:cancel`): the client keeps `/` and `:` of the
    /// value, so it is several segments, and the route reads it back across them.
    @Test func aReservedParameterSpansSegments() throws {
        #expect(pathSegments("projects/p/operations/o:1") == "projects/p/operations/o:1")
        #expect(pathSegments("a b/c?d#e%f") == "a%20b/c%3Fd%23e%25f")
        let cancel = ServerRequest(method: .post, pathAndQuery: "/v1/projects/p/operations/o:1:cancel")
        #expect(cancel.match("/v1/{+name}:cancel") == ["name": "projects/p/operations/o:1"])
        #expect(cancel.match("/v1/{name}:cancel") == nil)
        let topics = ServerRequest(method: .get, pathAndQuery: "/v1/projects/p%20q/topics")
        #expect(topics.match("/v1/{+project}/topics") == ["project": "projects/p q"])
        #expect(topics.match("/v1/{+name}") == ["name": "projects/p q/topics"])
        // AWS's greedy label `{Key+}` spans segments too; its value keeps only `/`.
        #expect(pathSegments("a:b/c d", keepingReserved: false) == "a%3Ab/c%20d")
        let object = ServerRequest(method: .get, pathAndQuery: "/bucket/a%3Ab/c%20d?uploads")
        #expect(object.match("/{Bucket}/{Key+}?uploads") == ["Bucket": "bucket", "Key": "a:b/c d"])
        // Many places to end at cannot make a match slow: the tries are bounded, and then it fails.
        let long = ServerRequest(method: .get, pathAndQuery: "/" + String(repeating: "a/", count: 5_000) + "x")
        #expect(long.match("/{+a}/{+b}/{+c}/y") == nil)
    }

    /// A template's fragment names header fields (`#X-Amz-Target=…`, as the AWS specs of APIs.guru tell apart the
    /// operations of one path): the route matches only a request that has them.
    @Test func aTemplateWithAFragmentMatchesOnlyRequestsWithThoseHeaders() throws {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Amz-Target")!] = "DynamoDB_20120810.PutItem"
        let put = ServerRequest(method: .post, path: "/", headers: headers)
        #expect(put.match("/#X-Amz-Target=DynamoDB_20120810.PutItem") == [:])
        #expect(put.match("/#X-Amz-Target=DynamoDB_20120810.GetItem") == nil)
        // An item that is not a header name is not sent (the generator warns of it), so it is not asked for.
        #expect(put.match("/#Bad Name=x&X-Amz-Target=DynamoDB_20120810.PutItem") == [:])
        #expect(ServerRequest(method: .post, path: "/").match("/#X-Amz-Target=DynamoDB_20120810.PutItem") == nil)
        // A fragment without `=` (Speakeasy's `#stream`) only tells operations apart in the spec: nothing to ask for.
        #expect(ServerRequest(method: .post, path: "/chat").match("/chat#stream") == [:])
    }

    /// `.` and `..` as a path parameter are dot-segments, which URL normalization removes with the segment before
    /// them: `/users/../delete` reaches `/delete`, with the caller's credentials. They are sent encoded, and read
    /// back as they were.
    @Test func dotSegmentsAreEncodedSoAValueCannotClimbThePath() throws {
        #expect(pathSegment("..") == "%2E%2E" && pathSegment(".") == "%2E" && pathSegment("...") == "...")
        #expect(pathSegments("projects/../admin/./x") == "projects/%2E%2E/admin/%2E/x")
        let request = ServerRequest(method: .post, pathAndQuery: "/users/\(pathSegment(".."))/delete")
        #expect(request.path == "/users/%2E%2E/delete")
        #expect(request.match("/users/{id}/delete") == ["id": ".."])
    }

    /// An array in a path is one segment of its elements, in the parameter's style (`simple`, `label`, `matrix`,
    /// exploded or not), each encoded as a value is (`,` inside an element too), and read back by the route; it was
    /// a `String` the caller wrote.
    @Test func anArrayInAPathIsOneSegmentOfItsElements() throws {
        #expect(pathSegment([1, 2, 3], separator: ",") == "1,2,3")
        #expect(pathSegment(["a b", "c,d"], separator: ",") == "a%20b,c%2Cd")
        #expect(pathSegment(["v1.2", "x"], separator: ".") == "v1%2E2.x")
        #expect(pathSegment(["a", "b"], separator: ";id=") == "a;id=b")
        #expect(pathSegment([Int](), separator: ",").isEmpty)
        let path =
            "/items/\(pathSegment([1, 2], separator: ","))/.\(pathSegment(["x", "y"], separator: "."))"
            + "/;id=\(pathSegment(["a", "b"], separator: ";id="))"
        let request = ServerRequest(method: .get, pathAndQuery: path)
        #expect(request.path == "/items/1,2/.x.y/;id=a;id=b")
        let matched = try #require(request.match("/items/{ids}/{tags}/{keys}"))
        #expect(try request.pathParameters("ids", in: matched, as: Int.self, separator: ",") == [1, 2])
        #expect(
            try request.pathParameters("tags", in: matched, as: String.self, after: ".", separator: ".") == ["x", "y"])
        #expect(
            try request.pathParameters("keys", in: matched, as: String.self, after: ";id=", separator: ";id=")
                == ["a", "b"])
        #expect(throws: ServerRequestError.invalidParameter(name: "tags", reason: "'x' is not a valid Int")) {
            try request.pathParameters("tags", in: matched, as: Int.self, after: ".", separator: ".")
        }
        #expect(throws: ServerRequestError.invalidParameter(name: "ids", reason: "'1,2' does not start with ';ids='")) {
            try request.pathParameters("ids", in: matched, as: Int.self, after: ";ids=", separator: ",")
        }
    }

    /// A template with a query string (Azure's `x-ms-paths`: `/{container}?restype=container&comp=list`) matches
    /// only a request whose query has each of its items, in any order, among others.
    @Test func aTemplateWithAQueryMatchesOnlyRequestsWithThoseItems() throws {
        let list = ServerRequest(method: .get, pathAndQuery: "/photos?prefix=a&comp=list&restype=container")
        #expect(list.match("/{container}?restype=container&comp=list") == ["container": "photos"])
        #expect(list.match("/{container}?restype=container&comp=acl") == nil)
        #expect(list.match("/{container}?restype=service") == nil)
        #expect(ServerRequest(method: .get, pathAndQuery: "/photos").match("/{container}?restype=container") == nil)
        #expect(ServerRequest(method: .get, pathAndQuery: "/a?x=a%20b").match("/{c}?x=a%20b") == ["c": "a"])
    }

    @Test func serverRequestsMatchTemplatesAndParseQueries() throws {
        let request = ServerRequest(method: .get, pathAndQuery: "/members/42?include_fired=true&name=a%20b")
        let path = try #require(request.match("/members/{id}"))
        #expect(try request.pathParameter("id", in: path, as: Int64.self) == 42)
        #expect(try request.queryParameter("include_fired", as: Bool.self) == true)
        #expect(try request.queryParameter("name", as: String.self) == "a b")
        #expect(request.match("/members") == nil)
        #expect(
            throws: ServerRequestError.invalidParameter(name: "include_fired", reason: "'maybe' is not a valid Bool")
        ) {
            try ServerRequest(method: .get, pathAndQuery: "/m?include_fired=maybe").queryParameter(
                "include_fired", as: Bool.self)
        }
    }

    @Test func lenientBooleanRejectsOtherStrings() throws {
        struct Flag: Decodable {
            var on: Bool
            init(from decoder: any Decoder) throws {
                on = try decoder.container(keyedBy: CodingKeys.self).decodeLenientBool(forKey: .on)
            }
            enum CodingKeys: String, CodingKey { case on }
        }
        #expect(try JSONDecoder().decode(Flag.self, from: Data(#"{"on":"true"}"#.utf8)).on == true)
        #expect(try JSONDecoder().decode(Flag.self, from: Data(#"{"on":false}"#.utf8)).on == false)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Flag.self, from: Data(#"{"on":"yes"}"#.utf8)) }
    }
}
