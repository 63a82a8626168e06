// Server.swift: a service protocol per group and its router, which reads a request and calls the service.
import Foundation
import OpenAPIDocument

extension OperationRenderer {
    func renderServer(_ groups: [SwiftGroup], serverName: String?, into writer: inout CodeWriter) {
        if let serverName {
            renderServerComposition(groups, named: serverName, into: &writer)
            writer.line()
        }
        for (index, group) in groups.enumerated() {
            if index > 0 { writer.line() }
            let service = group.names.serviceName
            writer.documentation(paragraphs: [
                "What a server of the `\(group.isUntagged ? "untagged" : group.names.propertyName)` operations "
                    + "implements: one requirement per operation.",
                "Throw `ServiceError` to answer with another status; `\(group.endpointsPath).route(_:to:)` hands "
                    + "requests to an implementation.",
            ])
            writer.block("\(access)protocol \(service): Sendable") { body in
                for (position, operation) in group.operations.enumerated() {
                    if position > 0 { body.line() }
                    for (index, requirement) in serviceRequirements(operation).enumerated() {
                        if index > 0 { body.line() }
                        body.documentation(paragraphs: [
                            operation.summary, "`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)`",
                            index > 0 || operation.responseHeaders?.hasRequiredField == true
                                ? "With the headers the answer documents." : nil,
                        ])
                        body.line(requirement)
                    }
                }
            }
            let defaulted = group.operations.filter {
                $0.responseHeaders != nil && $0.responseHeaders?.hasRequiredField == false
            }
            if !defaulted.isEmpty {
                writer.line()
                writer.block("extension \(service)") { body in
                    for (index, operation) in defaulted.enumerated() {
                        guard let headers = operation.responseHeaders else { continue }
                        if index > 0 { body.line() }
                        body.line(
                            "/// `\(operation.methodName)` without headers: implement this to send them.")
                        let parameters = parameterList(operation, defaults: false, forServer: true)
                        let signature =
                            "\(access)func \(headers.methodName)(\(parameters)) "
                            + "async throws -> \(Self.withHeadersResult(operation, headers))"
                        body.block(signature) { function in
                            // A parameter of the method's name (`id(id:)`) hides the method: call it on `self`.
                            let method = SwiftNaming.bare(operation.methodName)
                            let hidden =
                                operation.parameters.contains { SwiftNaming.bare($0.swiftName) == method }
                                || (operation.body != nil && method == "body")
                            let call = "\(hidden ? "self." : "")\(operation.methodName)(\(argumentList(operation)))"
                            if operation.hasNoBody {
                                function.line("_ = try await \(call)")
                                function.line("return \(headers.name)()")
                            } else {
                                function.line("(try await \(call), \(headers.name)())")
                            }
                        }
                    }
                }
            }
            writer.line()
            writer.block("extension \(group.endpointsPath)") { body in
                body.line(
                    "/// Decodes the request's parameters and body, calls the operation it names and encodes the "
                        + "answer."
                )
                body.line("///")
                body.line(
                    "/// - Returns: The answer, or nil when no operation of this group has the request's method "
                        + "and path."
                )
                body.line(
                    "/// - Throws: `ServerRequestError` when a parameter or the body does not decode; what the "
                        + "service throws."
                )
                body.block(
                    "\(access)static func route(_ request: ServerRequest, to service: some \(service)) async "
                        + "throws -> ServerResponse?"
                ) { route in
                    route.line("try await ServerRoute.answer(request, from: RouteTable.all, with: service)")
                }
                body.line()
                renderRouteTable(group, service: service, into: &body)
            }
        }
    }

    /// `RouteTable`: the group's route table, literal paths before templates, and one function per operation that
    /// decodes its request and encodes its answer, so that no function grows with the number of operations.
    /// `RouteTable` is a type in an enum whose other members are functions with lower-case names, and its members
    /// are `all`, `part…` and `serve…`, so no name a spec gives can meet them.
    func renderRouteTable(_ group: SwiftGroup, service: String, into writer: inout CodeWriter) {
        writer.block("private enum RouteTable") { body in
            let table = "[ServerRoute<any \(service)>]"
            let ordered = Self.routeOrder(group.operations)
            // One array literal of a thousand function references costs the type checker gigabytes: the table
            // is made of literals of at most `routeChunk` routes each.
            let chunks = stride(from: 0, to: ordered.count, by: Self.routeChunk).map {
                Array(ordered[$0..<min($0 + Self.routeChunk, ordered.count)])
            }
            if chunks.count > 1 {
                let parts = chunks.indices.map { "part\($0)" }.joined(separator: ", ")
                body.line("static let all: \(table) = [\(parts)].flatMap { $0 }")
            }
            for (index, chunk) in chunks.enumerated() {
                body.line("static let \(chunks.count > 1 ? "part\(index)" : "all"): \(table) = [")
                for operation in chunk {
                    body.line(
                        "    ServerRoute(.\(operation.httpMethod), \(operation.pathTemplate.swiftLiteral), "
                            + "\(Self.handlerName(operation))),")
                }
                body.line("]")
            }
            if chunks.isEmpty { body.line("static let all: \(table) = []") }
            for operation in group.operations {
                body.line()
                body.block(
                    "static func \(Self.handlerName(operation))(_ request: ServerRequest, _ path: [String: String], "
                        + "_ service: any \(service)) async throws -> ServerResponse"
                ) { handler in
                    renderRoute(operation, into: &handler)
                }
            }
        }
    }

    /// The most routes in one array literal of a route table.
    static let routeChunk = 32

    /// `serveGetMember`: the route function of an operation, from its method name without backticks (`default`).
    static func handlerName(_ operation: SwiftOperation) -> String {
        let bare = SwiftNaming.bare(operation.methodName)
        return "serve" + bare.prefix(1).uppercased() + bare.dropFirst()
    }

    /// `typealias PyrusServer = MembersService & RolesService`, and `Endpoints.serve(_:with:)`, which hands a
    /// request to whichever group's operation it names: one router for a server that implements every group.
    func renderServerComposition(_ groups: [SwiftGroup], named name: String, into writer: inout CodeWriter) {
        writer.documentation("What a server of every operation implements: the services of all groups.")
        writer.line("\(access)typealias \(name) = \(groups.map(\.names.serviceName).joined(separator: " & "))")
        writer.line()
        writer.block("extension Endpoints") { body in
            body.documentation(paragraphs: [
                "Hands the request to the group whose operation it names, in spec order.",
                "- Returns: The answer, or nil when no operation has the request's method and path.",
            ])
            body.block(
                "\(access)static func serve(_ request: ServerRequest, with service: some \(name)) async throws "
                    + "-> ServerResponse?"
            ) { serve in
                serve.line("let groups: [@Sendable (ServerRequest, any \(name)) async throws -> ServerResponse?] = [")
                for group in groups {
                    serve.line("    { try await \(group.endpointsPath).route($0, to: $1) },")
                }
                serve.line("]")
                serve.block("for group in groups") { loop in
                    loop.block("if let response = try await group(request, service)") { $0.line("return response") }
                }
                serve.line("return nil")
            }
        }
    }

    /// Literal segments before parameters, so `/members/me` wins over `/members/{id}`, and `{id}.json` before
    /// `{id}`; otherwise spec order. The order is total — by whether a `{+name}` may span segments, by segment
    /// count (other templates of different lengths never match the same path), then by what each segment takes,
    /// then by how many query items and headers the key fixes (more first), then spec order — so that sorting is
    /// well defined however many routes there are.
    static func routeOrder(_ operations: [SwiftOperation]) -> [SwiftOperation] {
        operations.enumerated().sorted { lhs, rhs in
            let left = lhs.element.pathWithoutQuery.split(separator: "/").map(Self.segmentRank)
            let right = rhs.element.pathWithoutQuery.split(separator: "/").map(Self.segmentRank)
            // A `{+name}` value may span segments, so such a route could take a longer path: it comes after every
            // route without one, the one with more segments first (`/v1/{+parent}/topics` before `/v1/{+name}`).
            let leftSpans = lhs.element.pathParameterSpansSegments
            let rightSpans = rhs.element.pathParameterSpansSegments
            if leftSpans != rightSpans { return rightSpans }
            if left.count != right.count { return leftSpans ? left.count > right.count : left.count < right.count }
            if left != right { return left.lexicographicallyPrecedes(right) }
            // `?restype=container&comp=list` is not taken by `?restype=container`.
            let (leftConditions, rightConditions) = (lhs.element.routeConditionCount, rhs.element.routeConditionCount)
            if leftConditions != rightConditions { return leftConditions > rightConditions }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// How much of a path a segment takes: text (0) before text with a parameter (`{id}.json`, 1) before a
    /// parameter alone (2), which would take `5.json` too.
    private static func segmentRank(_ segment: Substring) -> Int {
        guard segment.contains("{") else { return 0 }
        let whole = segment.first == "{" && segment.last == "}" && segment.dropFirst().firstIndex(of: "{") == nil
        return whole ? 2 : 1
    }

    func renderRoute(_ operation: SwiftOperation, into body: inout CodeWriter) {
        for parameter in operation.pathParameters {
            let prefix = parameter.pathPrefix.map { ", after: \($0.swiftLiteral)" } ?? ""
            if let array = parameter.arrayEncoding, case .array(let element) = parameter.type {
                let separator = array.pathSeparator(name: parameter.name).swiftLiteral
                body.line(
                    "let \(parameter.swiftName) = try request.pathParameters(\(parameter.name.swiftLiteral), in: "
                        + "path, as: \(element.text).self\(prefix), separator: \(separator))")
                continue
            }
            body.line(
                "let \(parameter.swiftName) = try request.pathParameter(\(parameter.name.swiftLiteral), in: "
                    + "path, as: \(parameter.type.text).self\(prefix))"
            )
        }
        if let requestBody = operation.body {
            let parameters = Set(
                (operation.pathParameters + operation.trailingParameters).map {
                    SwiftNaming.bare($0.swiftName)
                })
            renderBodyDecoding(requestBody, scope: parameters, into: &body)
        }
        for parameter in operation.trailingParameters {
            let name = parameter.name.swiftLiteral
            if let object = parameter.objectEncoding {
                renderObjectDecoding(parameter, object, into: &body)
                continue
            }
            let read: String
            switch (parameter.location, parameter.arrayEncoding) {
            case _ where parameter.mapEncoding != nil:
                read = Self.mapRead(parameter, in: operation)
            case _ where parameter.isJSON:
                read =
                    "try request.jsonParameter(\(name), in: .\(parameter.location), "
                    + "as: \(parameter.type.text).self)"
            case _ where parameter.isBracketed || parameter.arrayEncoding?.isDeepObject == true:
                // `name[]=a` as it is sent, and `name[0]=a` as other clients send it.
                read = "try request.bracketParameter(\(name), as: \(parameter.type.text).self)"
            case (.query, let encoding?):
                read =
                    "try request.queryParameters(\(name), as: \(parameter.elementType.text).self, "
                    + "style: .\(encoding.style), explode: \(encoding.explode))"
            case (.header, .some):
                read = "try request.headerParameters(\(name), as: \(parameter.elementType.text).self)"
            case (.header, nil):
                read = "try request.headerParameter(\(name), as: \(parameter.type.text).self)"
            case (.cookie, _):
                read = "try request.cookieParameter(\(name), as: \(parameter.type.text).self)"
            case (.query, nil), (.path, _):
                read = "try request.queryParameter(\(name), as: \(parameter.type.text).self)"
            }
            if parameter.isRequired {
                body.line("guard let \(parameter.swiftName) = \(read) else {")
                body.line(
                    "    throw ServerRequestError.invalidParameter(name: \(parameter.name.swiftLiteral), "
                        + "reason: \"is required\")"
                )
                body.line("}")
            } else {
                body.line("let \(parameter.swiftName) = \(read)")
            }
        }
        let call = "service.\(operation.methodName)(\(argumentList(operation)))"
        let status = Self.status(operation.successStatus)
        if let headers = operation.responseHeaders {
            renderAnswerWithHeaders(operation, headers, into: &body)
        } else if operation.statusAnswer != nil {
            body.line("return try await \(call).serverResponse()")
        } else if operation.hasNoBody {
            body.line("_ = try await \(call)")
            body.line("return ServerResponse(status: \(status))")
        } else if let empty = operation.emptySuccessStatus {
            // `nil` from the service is the success without a body.
            body.block("guard let answer = try await \(call) else") {
                $0.line("return ServerResponse(status: \(Self.status(empty)))")
            }
            body.line("return " + Self.serverResponse(operation.responseFormat, status, "answer"))
        } else {
            switch operation.responseFormat {
            case .none, .json: body.line("return try ServerResponse(status: \(status), json: await \(call))")
            default: body.line("return " + Self.serverResponse(operation.responseFormat, status, "try await \(call)"))
            }
        }
    }

    /// `try request.mapParameter(…)` for a map query parameter. In exploded `form` its entries are the query items
    /// that the operation's other query parameters do not name (`besides`), an exploded `form` object's properties
    /// among them.
    static func mapRead(_ parameter: SwiftParameter, in operation: SwiftOperation) -> String {
        guard let map = parameter.mapEncoding, case .dictionary(let value) = parameter.type else { return "nil" }
        var besides: Set<String> = []
        if map.style == "form", map.explode {
            for other in operation.trailingParameters where other.location == .query && other.name != parameter.name {
                besides.insert(other.name)
                if let object = other.objectEncoding, object.style == "form", object.explode {
                    besides.formUnion(object.fields.map(\.name))
                }
            }
        }
        let named =
            besides.isEmpty ? "" : ", besides: [\(besides.sorted().map(\.swiftLiteral).joined(separator: ", "))]"
        return "try request.mapParameter(\(parameter.name.swiftLiteral), as: \(value.text).self, style: .\(map.style), "
            + "explode: \(map.explode)\(named))"
    }

    /// The end of a route whose answer documents headers: the service's `…WithHeaders` gives the answer and its
    /// headers, and both go into the response.
    func renderAnswerWithHeaders(
        _ operation: SwiftOperation, _ headers: SwiftResponseHeaders, into body: inout CodeWriter
    ) {
        let call = "service.\(headers.methodName)(\(argumentList(operation)))"
        let status = Self.status(operation.successStatus)
        if operation.hasNoBody {
            body.line("let headers = try await \(call)")
            body.line("var response = ServerResponse(status: \(status))")
        } else {
            body.line("let (answer, headers) = try await \(call)")
            if operation.statusAnswer != nil {
                body.line("var response = try answer.serverResponse()")
            } else if let empty = operation.emptySuccessStatus {
                // `try` before the map only when what the closure does can throw (JSON encoding).
                let answer = Self.serverResponse(operation.responseFormat, status, "answer")
                body.line(
                    "var response = \(answer.hasPrefix("try ") ? "try " : "")answer.map { answer in \(answer) } "
                        + "?? ServerResponse(status: \(Self.status(empty)))")
            } else {
                body.line("var response = " + Self.serverResponse(operation.responseFormat, status, "answer"))
            }
        }
        body.line("response.write(headers)")
        body.line("return response")
    }

    /// The service requirements of an operation: the operation, and `…WithHeaders` when its answer documents
    /// headers (only that one when a header is required, since then the service must always give them).
    func serviceRequirements(_ operation: SwiftOperation) -> [String] {
        let parameters = parameterList(operation, defaults: false, forServer: true)
        var requirements: [String] = []
        if operation.responseHeaders?.hasRequiredField != true {
            requirements.append(
                "func \(operation.methodName)(\(parameters)) async throws -> \(operation.responseType.otherSide.text)")
        }
        if let headers = operation.responseHeaders {
            requirements.append(
                "func \(headers.methodName)(\(parameters)) async throws -> "
                    + Self.withHeadersResult(operation, headers)
            )
        }
        return requirements
    }

    /// `(Pets, PetsListHeaders)`, or the headers alone for an answer without a body.
    static func withHeadersResult(_ operation: SwiftOperation, _ headers: SwiftResponseHeaders) -> String {
        operation.hasNoBody
            ? headers.name : "(\(operation.responseType.otherSide.text), \(headers.name))"
    }
}
