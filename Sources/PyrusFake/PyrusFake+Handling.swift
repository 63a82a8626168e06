import APIRuntime
import Foundation
import HTTPTypes
import PyrusAPI

extension PyrusFake {
    /// The spec's operation a request names and its path template (`getMember`, `/members/{id}`), or nil: what a
    /// server span is named after, never the values in the path.
    func route(of request: ServerRequest) -> (operationID: String?, template: String)? {
        spec.operation(method: request.method, path: Self.apiPath(request.path)).map {
            ($0.operationID, "/v4" + $0.path)
        }
    }

    /// A request's path relative to the API's base: a leading `/v4` and one trailing `/` removed, as Pyrus accepts
    /// both.
    static func apiPath(_ path: String) -> String {
        var path = path
        if path.hasPrefix("/v4/") { path.removeFirst(3) }
        if path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Answers one request as Pyrus would: 429 (or another status) when told to fail; 404 for an unknown path and
    /// 405 with `Allow` for a known path with another method; 401 without a valid bearer token
    /// (`token_not_specified`, `invalid_token`, `expired_token`); 400 with an error body for a body the spec
    /// rejects; 404 `invalid_person_id` for unknown ids; else the operation's answer.
    ///
    /// `request.path` is relative to the API's base (`/members/42`); a leading `/v4` and one trailing `/` are
    /// accepted and removed.
    ///
    /// In contract mode (`checksAnswers`, on by default) the fake also checks its own answer against the spec: an
    /// answer the spec does not allow is a bug in the fake, so it is replaced by a 500 `fake_broke_contract` whose
    /// message says what broke, and kept in `contractViolations`.
    public func handle(_ request: ServerRequest) async -> ServerResponse {
        let response = await answer(request)
        guard checksAnswers, response.bodyStream == nil else { return response }
        guard let operation = spec.operation(method: request.method, path: Self.apiPath(request.path)) else {
            return response
        }
        let problems = spec.problems(withAnswer: response, for: operation)
        guard !problems.isEmpty else { return response }
        let operationID = operation.operationID ?? "\(request.method) \(operation.path)"
        let lines = problems.map { "\(operationID) \(response.status.code): \($0)" }
        state.withLock { $0.contractViolations += lines }
        return Self.error(
            .internalServerError, "the fake's answer breaks the spec: " + lines.joined(separator: "; "),
            code: "fake_broke_contract")
    }

    private func answer(_ request: ServerRequest) async -> ServerResponse {
        var request = request
        request.path = Self.apiPath(request.path)
        let forced = state.withLock { state -> (status: HTTPResponse.Status, retryAfter: Int?)? in
            state.requestCount += 1
            return state.forcedFailures.isEmpty ? nil : state.forcedFailures.removeFirst()
        }
        if let forced {
            var headers: HTTPFields = [:]
            if let seconds = forced.retryAfter { headers[.retryAfter] = String(seconds) }
            return Self.error(forced.status, "forced failure", code: "too_many_requests", headers: headers)
        }
        guard let operation = spec.operation(method: request.method, path: request.path) else {
            let allowed = spec.methods(path: request.path)
            guard !allowed.isEmpty else {
                // What Pyrus's web server answers for a path it does not serve (real-api-notes.md).
                return Self.json(.notFound, ["Message": "No HTTP resource was found that matches the request URI."])
            }
            var response = Self.json(
                .methodNotAllowed,
                ["error": "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))"])
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
        if operation.security != [] {
            if let code = authorizationProblem(request.headers[.authorization]) {
                return Self.error(.unauthorized, "the request is not authorized (\(code))", code: code)
            }
        }
        if let problem = spec.problem(withBody: request.body, for: operation) {
            return Self.error(.badRequest, problem, code: "validation_error")
        }
        do {
            if let response = try await Endpoints.serve(request, with: self) {
                return response
            }
            return Self.json(.notFound, ["Message": "No HTTP resource was found that matches the request URI."])
        } catch let error as ServiceError {
            return (try? ServerResponse(status: error.status, json: AnyEncodable(error.body)))
                ?? Self.error(.internalServerError, "the answer could not be encoded", code: "server_error")
        } catch let error as ServerRequestError {
            return Self.error(.badRequest, error.description, code: "invalid_value_format")
        } catch {
            return Self.error(.internalServerError, "\(error)", code: "server_error")
        }
    }

    static func json(_ status: HTTPResponse.Status, _ body: [String: String]) -> ServerResponse {
        (try? ServerResponse(status: status, json: body)) ?? ServerResponse(status: status)
    }

    static func error(
        _ status: HTTPResponse.Status, _ message: String, code: String, headers: HTTPFields = [:]
    ) -> ServerResponse {
        var response =
            (try? ServerResponse(status: status, json: ErrorBody(error: message, errorCode: code)))
            ?? ServerResponse(status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// Encodes an existential body.
private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
