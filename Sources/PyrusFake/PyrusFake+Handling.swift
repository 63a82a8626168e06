import APIRuntime
import Foundation
import HTTPTypes
import PyrusAPI

extension PyrusFake {
    /// Answers one request as Pyrus would: 401 without a bearer token, 429 (or another status) when told to
    /// fail, 400 with an error body for a body the spec rejects, 404 for unknown ids and paths, else the
    /// operation's answer.
    ///
    /// `request.path` is relative to the API's base (`/members/42`); a leading `/v4` is accepted and removed.
    public func handle(_ request: ServerRequest) async -> ServerResponse {
        var request = request
        if request.path.hasPrefix("/v4/") { request.path.removeFirst(3) }
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
            return Self.error(.notFound, "no operation \(request.method) \(request.path)", code: "not_found")
        }
        if operation.operationID != "authenticate" {
            let authorization = request.headers[.authorization] ?? ""
            guard authorization.hasPrefix("Bearer "), authorization.count > "Bearer ".count else {
                return Self.error(.unauthorized, "send Authorization: Bearer <token>", code: "token_not_specified")
            }
        }
        if let problem = spec.problem(withBody: request.body, for: operation) {
            return Self.error(.badRequest, problem, code: "validation_error")
        }
        do {
            if let response = try await Endpoints.Members.route(request, to: self) {
                return response
            }
            if let response = try await Endpoints.Roles.route(request, to: self) {
                return response
            }
            if let response = try await Endpoints.Auth.route(request, to: self) {
                return response
            }
            return Self.error(.notFound, "no operation \(request.method) \(request.path)", code: "not_found")
        } catch let error as ServiceError {
            return (try? ServerResponse(status: error.status, json: AnyEncodable(error.body)))
                ?? Self.error(.internalServerError, "the answer could not be encoded", code: "server_error")
        } catch let error as ServerRequestError {
            return Self.error(.badRequest, error.description, code: "validation_error")
        } catch {
            return Self.error(.internalServerError, "\(error)", code: "server_error")
        }
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
