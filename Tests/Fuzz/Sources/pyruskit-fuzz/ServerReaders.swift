// What generated routes read from a request: path, query (every array and object style, bracket notation), headers,
// cookies, form and multipart bodies.
import APIRuntime
import Foundation
import HTTPTypes

/// The input is a request: a target and query (the first line), a cookie (the second), a header value (the third)
/// and a form body (the rest). Every reader ends in a value, nil or a `ServerRequestError`; what a reader returns
/// came from the input (no value is longer than the input).
func fuzzServerReaders(_ data: Data) {
    let lines = String(decoding: data, as: UTF8.self).split(
        separator: "\n", maxSplits: 3, omittingEmptySubsequences: false)
    func line(_ index: Int) -> String { index < lines.count ? String(lines[index]) : "" }
    var headers = HTTPFields()
    headers[.cookie] = line(1)
    if let name = HTTPField.Name("X-Fuzz") { headers[name] = line(2) }
    headers[.contentType] = "application/x-www-form-urlencoded"
    let request = ServerRequest(
        method: .post, pathAndQuery: "/items/" + line(0), headers: headers, body: Data(line(3).utf8))
    // Bytes that are not UTF-8 read as U+FFFD (three bytes each): the bound is the text's length.
    let limit = String(decoding: data, as: UTF8.self).utf8.count
    func bounded(_ texts: [String]?) {
        for text in texts ?? [] where text.utf8.count > limit { failure("a value longer than the request: \(text)") }
    }
    _ = request.match("/items/{id}")
    _ = request.match("/items/{id}/parts/{part}")
    // Text beside parameters, reserved expansion across segments, fixed query items: every value is of the path.
    let templates = [
        "/items/{id}.{ext}", "/items/{+rest}:act", "/items/{+a}/{+b}/x", "/items/{id}?x=1&y", "/items/{a}{b}",
    ]
    for template in templates {
        bounded(request.match(template).map { Array($0.values) })
    }
    if let path = request.match("/items/{id}") {
        bounded([try? request.pathParameter("id", in: path, as: String.self)].compactMap { $0 })
        _ = try? request.pathParameter("id", in: path, as: Int.self)
        _ = try? request.pathParameter("id", in: path, as: Double.self, after: ".")
    }
    bounded([try? request.queryParameter("a", as: String.self)].compactMap { $0 })
    _ = try? request.queryParameter("a", as: Int64.self)
    _ = try? request.queryParameter("a", as: Date.self)
    _ = try? request.queryParameter("a", as: Bool.self)
    for style in [ParameterItem.ArrayStyle.form, .spaceDelimited, .pipeDelimited] {
        for explode in [true, false] {
            bounded(try? request.queryParameters("a", as: String.self, style: style, explode: explode))
            _ = try? request.queryParameters("a", as: Int.self, style: style, explode: explode)
        }
    }
    for (style, explode) in [(ParameterItem.ObjectStyle.deepObject, true), (.form, true), (.form, false)] {
        let fields = try? request.objectParameter("f", style: style, explode: explode, properties: ["a", "b"])
        bounded(fields.map { Array($0.values) })
        if let fields { _ = try? ServerRequest.property(fields, "a", of: "f", as: Int.self) }
        bounded(
            try? request.mapParameter("f", as: String.self, style: style, explode: explode, besides: ["a"]).map {
                Array($0.keys) + Array($0.values)
            })
        _ = try? request.mapParameter("f", as: Int.self, style: style, explode: explode)
    }
    bounded([try? request.cookieParameter("a", as: String.self)].compactMap { $0 })
    _ = try? request.cookieParameter("a", as: Date.self)
    _ = try? request.headerParameter("X-Fuzz", as: Int.self)
    _ = try? request.headerParameter("X-Fuzz", as: Date.self)
    bounded(try? request.headerParameters("X-Fuzz", as: String.self))
    // Bracket notation: any shape, as deep as 32 brackets, into a JSON value, maps and arrays.
    _ = try? request.bracketParameter("a", as: JSONValue.self)
    bounded(try? request.bracketParameter("f", as: [String: String].self).map { Array($0.values) })
    bounded(try? request.bracketParameter("a", as: [[String]].self).map { $0.flatMap { $0 } })
    _ = try? request.jsonParameter("a", in: .query, as: [String: Int].self)
    _ = try? request.jsonParameter("a", in: .cookie, as: [String].self)
    if let form = try? request.formBody() {
        bounded([try? form.queryParameter("a", as: String.self)].compactMap { $0 })
        bounded(try? form.queryParameters("a", as: String.self, style: .form, explode: true))
    }
}

/// A boundary (the first line) and a multipart body (the rest): parts end in a `MultipartBody` or a
/// `ServerRequestError`, and no part is larger than the body.
func fuzzMultipart(_ data: Data) {
    let newline = data.firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
    let boundary = String(decoding: data[data.startIndex..<newline], as: UTF8.self)
    let body = newline < data.endIndex ? Data(data[(newline + 1)...]) : Data()
    var headers = HTTPFields()
    headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
    let request = ServerRequest(method: .post, pathAndQuery: "/upload", headers: headers, body: body)
    for parsed in [try? request.multipartBody(), boundary.isEmpty ? nil : try? MultipartBody(body, boundary: boundary)]
    {
        guard let parsed else { continue }
        for part in parsed.parts where part.body.count > body.count {
            failure("a part of \(part.body.count) bytes from a body of \(body.count)")
        }
        _ = try? parsed.text("a", as: String.self)
        _ = try? parsed.texts("a", as: Int.self)
        _ = try? parsed.json("a", as: [String: Int].self)
        _ = parsed.file("a")
    }
}
