import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import OpenAPIRuntime
import PyrusAPI
import PyrusKitTestSupport
import Synchronization

/// Records the bytes of every exchange the client makes, to check them against the spec afterwards.
final class ExchangeRecorder: ClientMiddleware {
    struct Exchange: Sendable {
        var operationID: String
        var requestBody: Data?
        var status: Int
        var responseBody: Data
    }

    private let exchanges = Mutex<[Exchange]>([])
    var all: [Exchange] { exchanges.withLock { $0 } }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var requestData: Data?
        if let body { requestData = try await Data(collecting: body, upTo: 1 << 24) }
        let (response, responseBody) = try await next(request, requestData.map { HTTPBody($0) }, baseURL)
        var responseData = Data()
        if let responseBody { responseData = try await Data(collecting: responseBody, upTo: 1 << 24) }
        exchanges.withLock {
            $0.append(
                Exchange(
                    operationID: operationID, requestBody: requestData, status: response.status.code,
                    responseBody: responseData))
        }
        return (response, HTTPBody(responseData))
    }

    /// Every way the recorded requests and responses disagree with the spec.
    func violations() throws -> [String] {
        let document = try Document.load(contentsOf: Repository.spec)
        var problems: [String] = []
        for exchange in all {
            if let body = exchange.requestBody {
                let found = try document.validate(
                    JSON.parse(body), against: .requestBody(operationID: exchange.operationID))
                problems += found.map { "\(exchange.operationID) request \($0.instancePath): \($0.message)" }
            }
            let reference = SchemaRef.response(operationID: exchange.operationID, status: String(exchange.status))
            let found = try document.validate(JSON.parse(exchange.responseBody), against: reference)
            problems += found.map {
                "\(exchange.operationID) \(exchange.status) response \($0.instancePath): \($0.message)"
            }
        }
        return problems
    }
}

/// Retry sleeps recorded instead of slept.
final class RecordedSleeps: Sendable {
    private let sleeps = Mutex<[Duration]>([])
    var all: [Duration] { sleeps.withLock { $0 } }
    func sleep(_ duration: Duration) async throws { sleeps.withLock { $0.append(duration) } }
}
