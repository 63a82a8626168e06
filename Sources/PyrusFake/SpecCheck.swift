import APIRuntime
import APISpec
import Foundation
import HTTPTypes

/// Validates request bodies against the spec bundled with the fake, with APISpec's instance validation.
struct SpecCheck: Sendable {
    let document: Document

    /// The spec shipped with the module as a resource (`Resources/pyrus-api.yaml`, a copy of `Spec/pyrus-api.yaml`
    /// that `PyrusFakeTests` keeps byte-identical), found through `Bundle.module` wherever the product was moved: on a
    /// device, in an archive or a CI cache the sources are not where they were compiled.
    static var defaultSpecURL: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "pyrus-api", withExtension: "yaml") else {
                throw SpecResourceMissing()
            }
            return url
        }
    }

    /// The module's resource bundle holds no `pyrus-api.yaml`: the product was copied without its resources.
    struct SpecResourceMissing: Error, CustomStringConvertible {
        var description: String {
            "PyrusFake's resource bundle has no pyrus-api.yaml: copy the PyrusKit_PyrusFake resource bundle with the "
                + "product"
        }
    }

    /// Loads the spec at `url`.
    static func load(_ url: URL) throws -> SpecCheck {
        SpecCheck(document: try Document.load(contentsOf: url, displayName: url.lastPathComponent))
    }

    /// The operation whose method and path template match, if any.
    /// Chosen as the generated router chooses: among the templates that match, a literal segment wins over a
    /// parameter at the first place they differ (`/members/me` before `/members/{id}`); otherwise spec order.
    func operation(method: HTTPRequest.Method, path: String) -> APIOperation? {
        let candidates = document.operations.filter { operation in
            operation.method.rawValue.uppercased() == method.rawValue && Self.matches(operation.path, path)
        }
        return candidates.enumerated().min { lhs, rhs in
            let left = lhs.element.path.split(separator: "/").map { $0.hasPrefix("{") }
            let right = rhs.element.path.split(separator: "/").map { $0.hasPrefix("{") }
            if left != right { return left.lexicographicallyPrecedes(right) { !$0 && $1 } }
            return lhs.offset < rhs.offset
        }?.element
    }

    /// The methods the spec has for `path`, upper-cased in spec order (for `Allow`); empty for an unknown path.
    func methods(path: String) -> [String] {
        document.operations.filter { Self.matches($0.path, path) }.map { $0.method.rawValue.uppercased() }
    }

    private static func matches(_ template: String, _ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let parts = template.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == segments.count
            && zip(parts, segments).allSatisfy { ($0.hasPrefix("{") && !$1.isEmpty) || $0 == $1 }
    }

    /// Why the body is not valid for the operation's request schema, or nil when it is.
    func problem(withBody body: Data, for operation: APIOperation) -> String? {
        guard let requestBody = operation.requestBody else { return nil }
        if body.isEmpty {
            return requestBody.required ? "the request needs a JSON body" : nil
        }
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            return "the body is not JSON: \(error)"
        }
        let violations: [Violation]
        do {
            violations = try document.validate(json, against: requestBody.schema)
        } catch {
            return "the spec cannot check the body: \(error.message)"
        }
        guard !violations.isEmpty else { return nil }
        return violations.map { "\($0.instancePath.isEmpty ? "/" : $0.instancePath): \($0.message)" }
            .joined(separator: "; ")
    }

    /// What in an answer of the fake the spec does not allow: an undeclared status, another media type, a missing
    /// required header, a body its schema rejects (each with the pointer, the message and the spec location).
    func problems(withAnswer response: ServerResponse, for operation: APIOperation) -> [String] {
        let code = response.status.code
        guard let declared = operation.declaredResponse(forStatus: code) else {
            return ["the status is not declared (\(operation.responses.map(\.status).joined(separator: ", ")))"]
        }
        var problems: [String] = []
        for header in declared.headers where header.required {
            if HTTPField.Name(header.name).map({ response.headers[$0] == nil }) ?? true {
                problems.append("the required header '\(header.name)' is missing")
            }
        }
        guard let kind = declared.kind, let schema = declared.schema else { return problems }
        let contentType = response.headers[.contentType]
        guard contentType.map({ MediaKind(mediaType: $0) }) == kind else {
            return problems + [
                "the body is \(contentType ?? "untyped"), the spec declares \(declared.contentType ?? "")"
            ]
        }
        guard kind == .json else { return problems }
        do {
            let found = try document.validate(try JSON.parse(response.body), against: schema)
            return problems + found.map(\.description)
        } catch {
            return problems + ["the body cannot be checked: \(error)"]
        }
    }

    /// Every violation of a response body against the operation's schema for `status` (for tests).
    func violations(ofResponse body: Data, status: Int, for operation: APIOperation) throws -> [Violation] {
        let response = operation.response(status: String(status)) ?? operation.response(status: "default")
        guard let schema = response?.schema else { return [] }
        return try document.validate(try JSON.parse(body), against: schema)
    }
}
