import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

@testable import APIRuntime

/// What a hostile client can send to a server built on generated routes: bodies and headers that end early, lie
/// or nest, each refused with a `ServerRequestError` (a 400) and never a crash or a hang.
@Suite struct HostileBodyTests {
    func multipart(_ body: String, contentType: String = "multipart/form-data; boundary=b") -> ServerRequest {
        var request = ServerRequest(method: .post, pathAndQuery: "/upload")
        request.headers[.contentType] = contentType
        request.body = Data(body.utf8)
        return request
    }

    @Test func malformedMultipartBodiesAreRefusedWithAReason() {
        let cases: [(String, String)] = [
            ("", "the multipart body has no part with its boundary"),
            ("--b", "a multipart part does not end with the boundary"),
            (
                "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
                "a multipart part does not end with the boundary"
            ),
            ("--b\r\nno blank line\r\n--b--\r\n", "a multipart part has no headers"),
            ("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--\r\n", "a multipart part has no name"),
            ("--bogus\r\n", "a multipart part does not end with the boundary"),
        ]
        for (body, reason) in cases {
            #expect(throws: ServerRequestError.invalidBody(jsonPath: "", reason: reason)) {
                _ = try multipart(body).multipartBody()
            }
        }
        #expect(
            throws: ServerRequestError.invalidBody(
                jsonPath: "", reason: "a multipart body needs a Content-Type with a boundary")
        ) {
            _ = try multipart("--b--\r\n", contentType: "multipart/form-data").multipartBody()
        }
    }

    /// Found by Tests/Fuzz (multipart, `Regressions/multipart`): a delimiter right after the boundary line's CRLF
    /// trapped `multipartBody()` on a range whose end came before its start; now each is refused with a reason.
    @Test func aDelimiterRightAfterTheBoundaryLineIsRefusedNotATrap() {
        for (body, reason) in [
            ("--b\r\n--b", "a multipart part does not end with the boundary"),
            ("--b\r\n\r\n--b--", "a multipart part has no headers"),
        ] {
            #expect(throws: ServerRequestError.invalidBody(jsonPath: "", reason: reason)) {
                _ = try multipart(body).multipartBody()
            }
        }
    }

    @Test func partNamesCannotForgeHeadersOrParts() async throws {
        // A name with quotes and line breaks is written percent-encoded, and read back whole.
        let sent = MultipartPart.text("a\"\r\nContent-Type: evil\r\n\r\n--b", "v")
        var request = ServerRequest(method: .post, pathAndQuery: "/upload")
        let content = RequestContent.multipart(sent)
        let boundary = "pyruskit-test"
        let body = try content.encoded(boundary: boundary).body
        request.headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        request.body = try await Data(collecting: body, upTo: 1 << 20)
        let parts = try request.multipartBody().parts
        #expect(parts.map(\.name) == ["a\"\r\nContent-Type: evil\r\n\r\n--b"])
        #expect(parts.map(\.contentType) == ["text/plain"])
    }

    /// A `;` inside a quoted file name is part of it (it used to end it: `filename="a;b"` came back as `"a`), and
    /// parameter names are read without regard to case (`Boundary=`, `NAME=`), as RFC 9110 says.
    @Test func quotedSemicolonsAndParameterNamesInAnyCase() throws {
        let body =
            "--Xy\r\nContent-Disposition: form-data; NAME=\"doc\"; filename=\"a;b \\\"c\\\".txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\nhello\r\n--Xy--\r\n"
        let parts = try multipart(body, contentType: "Multipart/Form-Data; charset=utf-8; Boundary=\"Xy\"")
            .multipartBody().parts
        #expect(parts.map(\.name) == ["doc"])
        #expect(parts.map(\.filename) == [#"a;b "c".txt"#])
        #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == ["hello"])
    }

    /// A date part travels as RFC 3339 text both ways (it went out as `Date.description`, and a route reading it did
    /// not compile); a part that is not a date is a 400 naming it.
    @Test func aDatePartIsRFC3339BothWays() throws {
        let date = Date(timeIntervalSince1970: 1_795_435_200)
        let parts = MultipartPart.text("when", date)
        #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == ["2026-11-23T12:00:00Z"])
        let body =
            "--b\r\nContent-Disposition: form-data; name=\"when\"\r\n\r\n2026-11-23T12:00:00Z\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"bad\"\r\n\r\nyesterday\r\n--b--\r\n"
        let read = try multipart(body).multipartBody()
        #expect(try read.text("when", as: Date.self) == date)
        #expect(try read.text("none", as: Date.self) == nil)
        #expect(
            throws: ServerRequestError.invalidParameter(
                name: "bad", reason: "'yesterday' is not a date and time (RFC 3339)")
        ) {
            try read.text("bad", as: Date.self)
        }
    }

    /// An array of files is a file part per element, all of the field's name (OpenAPI's way to send several files),
    /// and is read back in order; it was one JSON part of base64 strings, which no server of such a spec reads.
    @Test func anArrayOfFilesIsAPartPerFileBothWays() throws {
        let files = [Data("a,b".utf8), Data([0, 0xFF])]
        let parts = MultipartPart.files("file", files, contentType: "image/png")
        let encoded = try MultipartPart.encode(parts, boundary: "b")
        let expected =
            Data(
                ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
                    + "Content-Type: image/png\r\n\r\na,b\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").utf8) + Data([0, 0xFF]) + Data("\r\n--b--\r\n".utf8)
        #expect(encoded == expected)
        #expect(MultipartPart.files("file", nil).isEmpty)
        var request = ServerRequest(method: .post, pathAndQuery: "/upload")
        request.headers[.contentType] = "multipart/form-data; boundary=b"
        request.body = encoded
        let read = try request.multipartBody()
        #expect(read.files("file") == files)
        #expect(read.files("other") == nil)
    }

    @Test func aLargeBodyOfManyPartsIsReadInOnePass() throws {
        let part = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"
        let request = multipart(String(repeating: part, count: 20_000) + "--b--\r\n")
        let parts = try request.multipartBody()
        #expect(try parts.texts("x", as: Int.self)?.count == 20_000)
    }

    @Test func cookiesAndFormsTakeOnlyWhatTheyName() throws {
        var request = ServerRequest(method: .get, pathAndQuery: "/")
        request.headers[.cookie] = "a=1; =; b; session%20id=x%3By; c=%ZZ"
        #expect(try request.cookieParameter("session id", as: String.self) == "x;y")
        #expect(try request.cookieParameter("b", as: String.self) == nil)
        #expect(try request.cookieParameter("c", as: String.self) == "%ZZ")
        #expect(throws: ServerRequestError.invalidParameter(name: "a", reason: "'1x' is not a valid Int")) {
            var bad = request
            bad.headers[.cookie] = "a=1x"
            _ = try bad.cookieParameter("a", as: Int.self)
        }
        var form = ServerRequest(method: .post, pathAndQuery: "/")
        form.body = Data([0xFF, 0xFE])
        #expect(throws: ServerRequestError.invalidBody(jsonPath: "", reason: "a form body must be UTF-8 text")) {
            _ = try form.formBody()
        }
    }
}
