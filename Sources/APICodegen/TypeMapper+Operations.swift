// Operations → `SwiftOperation`s by group: names, answers by status, typed response headers.
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// The operations grouped by their first tag, in spec order; untagged operations in a group with no stem.
    mutating func groups() -> [SwiftGroup] {
        let descriptions = Dictionary(
            document.tags.map { ($0.name, $0.description) }, uniquingKeysWith: { first, _ in first })
        var groups = groupNames.map { plan in
            SwiftGroup(names: plan, documentation: plan.tag.flatMap { descriptions[$0] ?? nil }, operations: [])
        }
        var groupIndex: [String?: Int] = [:]
        for (index, plan) in groupNames.enumerated() where groupIndex[plan.tag] == nil { groupIndex[plan.tag] = index }
        // Methods share a scope with the router (`route`), the group's `apiClient` and `init`; untagged ones live on
        // the client itself, beside its groups' properties. In that scope a method would hide a type of its name
        // (`_0` for a schema and an operation both named "0"), so the types' names are taken too.
        let groupProperties = Set(groupNames.map(\.propertyName))
        let typeNames = topLevelNames.names
        var methodNames = groupNames.map { plan in
            SwiftNames(
                plan.tag == nil
                    ? ReservedNames.clientMembers.union(groupProperties).union(["route"]).union(typeNames)
                    : ReservedNames.clientMembers.union(["route"]).union(typeNames))
        }
        for operation in document.operations {
            guard let index = groupIndex[operation.tags.first] else { continue }
            let mapped = swiftOperation(operation, plan: groupNames[index], taken: &methodNames[index])
            groups[index].operations.append(mapped)
        }
        return groups
    }

    mutating func swiftOperation(_ operation: APIOperation, plan: SwiftGroupNames, taken: inout SwiftNames)
        -> SwiftOperation
    {
        let operationID = operation.operationID ?? "\(operation.method.rawValue) \(operation.path)"
        let preferred = explicitName(
            operation.extensions["x-swift-name"],
            at: operation.extensionLocations["x-swift-name"] ?? operation.location,
            path: JSONPointer.fragment(["paths", operation.path, operation.method.rawValue]), isTypeName: false)
        let methodName = SwiftNaming.unique(preferred ?? SwiftNaming.memberName(operationID), in: &taken)
        let typeStem = plan.typeStem + SwiftNaming.typeName(SwiftNaming.bare(methodName))
        // A parameter would hide a type of its name in the function's body (`_2fa` for both), so types' names are
        // taken too.
        var parameterNames = SwiftNames(ReservedNames.locals.union(topLevelNames.names))
        var parameters: [SwiftParameter] = []
        for parameter in operation.parameters {
            let location: SwiftParameter.Location
            switch parameter.location {
            case .path: location = .path
            case .query: location = .query
            case .header: location = .header
            case .cookie: location = .cookie
            }
            let mapping = parameterType(parameter, suggestedName: typeStem + SwiftNaming.typeName(parameter.name))
            let swiftParameter = SwiftParameter(
                name: parameter.name,
                swiftName: SwiftNaming.unique(SwiftNaming.memberName(parameter.name), in: &parameterNames),
                type: mapping.type, isRequired: parameter.required,
                documentation: parameter.deprecated
                    ? (parameter.description.map { $0 + " " } ?? "") + "Deprecated in the spec."
                    : parameter.description,
                location: location, arrayEncoding: mapping.arrayEncoding, objectEncoding: mapping.objectEncoding,
                mapEncoding: mapping.mapEncoding, isJSON: mapping.isJSON, isBracketed: mapping.isBracketed,
                pathPrefix: mapping.pathPrefix)
            parameters.append(swiftParameter)
        }
        // Path parameters in template order, then the others by location, each in spec order (a stable sort).
        let templateOrder = operation.templateParameterNames
        parameters = parameters.enumerated().sorted { lhs, rhs in
            let left = lhs.element
            let right = rhs.element
            if left.location != right.location { return left.location < right.location }
            if left.location == .path {
                return (templateOrder.firstIndex(of: left.name) ?? 0, lhs.offset)
                    < (templateOrder.firstIndex(of: right.name) ?? 0, rhs.offset)
            }
            return lhs.offset < rhs.offset
        }.map(\.element)

        var body: SwiftBody?
        if let requestBody = operation.requestBody {
            body = requestBodyType(requestBody, suggestedName: typeStem + "Request")
        }
        // Of several success statuses, the first with a body gives the type; one without a body besides it (201
        // and 204, say) makes the answer optional: nil when the server sends no body.
        var successes = operation.responses.filter(\.isSuccess).sorted { $0.status < $1.status }
        // With no 2XX response, `default` describes the success answers too, as every status it does not list.
        if successes.isEmpty, let fallback = operation.response(status: "default") { successes = [fallback] }
        let success = successes.first { $0.schema != nil } ?? successes.first
        var emptySuccess = success?.schema == nil ? nil : successes.first { $0.schema == nil }
        var responseType = SwiftType.named("EmptyResponse")
        var responseFormat = SwiftResponseFormat.none
        var statusAnswer: SwiftStatusAnswer?
        if successes.count > 1, Set(successes.compactMap(Self.answerIdentity)).count > 1 {
            // Bodies of different types: an enum with a case per status.
            let answer = self.statusAnswer(successes, operationID: operationID, typeStem: typeStem)
            statusAnswer = answer
            responseType = .named(answer.name)
            responseFormat =
                answer.cases.first { $0.format == .json }?.format
                ?? answer.cases.first { $0.type != nil }?.format ?? .json
            emptySuccess = nil
        } else if let success, let schema = success.schema {
            (responseType, responseFormat) = answerBody(success, schema: schema, suggestedName: typeStem + "Response")
            if case .stream = responseFormat {
                // A stream without elements is simply empty: a status without a body needs no optional.
                emptySuccess = nil
            } else if emptySuccess != nil {
                responseType = .optional(responseType)
            }
        }
        // An answer of bytes can also be read as it arrives, by a method of its own.
        var streamMethodName: String?
        if case .data = responseFormat, statusAnswer == nil {
            streamMethodName = SwiftNaming.unique(SwiftNaming.bare(methodName) + "Stream", in: &taken)
        }
        let responseHeaders =
            successes.contains { !$0.headers.isEmpty }
            ? self.responseHeaders(
                successes, operationID: operationID, typeStem: typeStem,
                methodName: SwiftNaming.bare(methodName) + "WithHeaders", taken: &taken) : nil
        let failure =
            operation.response(status: "default")
            ?? operation.responses.first { $0.status.hasPrefix("4") || $0.status.hasPrefix("5") }
        let errorType = failure?.schema.map { bodyType($0, suggestedName: typeStem + "Error") }
        return SwiftOperation(
            operationID: operationID, methodName: methodName, httpMethod: operation.method.rawValue,
            pathTemplate: operation.path, summary: operation.summary, documentation: operation.description,
            isDeprecated: operation.deprecated, parameters: parameters, body: body, responseType: responseType,
            responseFormat: responseFormat,
            successStatus: success.flatMap { Int($0.status) } ?? 200,
            emptySuccessStatus: emptySuccess.map { Self.concreteStatus($0.status, besides: success?.status) },
            errorType: errorType,
            serverURL: absoluteURL(of: operation.servers.first), statusAnswer: statusAnswer,
            responseHeaders: responseHeaders, streamMethodName: streamMethodName)
    }

    /// The status a server sends for an answer without a body: the spec's own, or for a range (`2XX`) 204 No
    /// Content (200 when the answer with a body is already 204).
    static func concreteStatus(_ status: String, besides other: String?) -> Int {
        Int(status) ?? (other == "204" ? 200 : 204)
    }

    /// What tells one success body's Swift type from another's: the component or inline schema of a JSON body, or
    /// the text or bytes of another; nil for a response without a body.
    static func answerIdentity(_ response: Response) -> String? {
        guard let schema = response.schema else { return nil }
        switch response.kind ?? .json {
        case .json: return "json " + (schema.ref ?? schema.path)
        case .eventStream, .jsonLines, .jsonSequence:
            return "\(response.kind?.rawValue ?? "") " + (schema.ref ?? schema.path)
        case .text: return "text"
        case .form, .multipart, .binary: return "data"
        }
    }

    /// A success body's type and how it is read: JSON as its schema's type, text as `String`, other bytes as `Data`.
    mutating func answerBody(_ response: Response, schema: Schema, suggestedName: String) -> (
        SwiftType, SwiftResponseFormat
    ) {
        switch response.kind ?? .json {
        case .json:
            return (bodyType(schema, suggestedName: suggestedName), .json)
        case .eventStream, .jsonLines, .jsonSequence:
            let kind = response.kind ?? .jsonLines
            let (element, format) = streamElement(kind, schema: schema, suggestedName: suggestedName)
            return (.stream(element, incoming: true), .stream(format, contentType: response.contentType ?? ""))
        case .text:
            return (.named("String"), .text(contentType: response.contentType ?? "text/plain"))
        case .form, .multipart, .binary:
            return (.named("Data"), .data(contentType: response.contentType ?? "application/octet-stream"))
        }
    }

    /// The element type of a body that streams, and how its elements are framed: the schema's type for JSON Lines
    /// and JSON sequences (`JSONValue` when there is none), and for an event stream `ServerEvent<T>`, whose data is
    /// the schema's type as JSON, or `String` when the schema says nothing or says string.
    mutating func streamElement(_ kind: MediaKind, schema: Schema, suggestedName: String) -> (
        SwiftType, SwiftStreamFormat
    ) {
        switch kind {
        case .eventStream:
            let isText =
                schema.types == [.string]
                || (schema.ref == nil && schema.types == nil && schema.properties.isEmpty && schema.allOf.isEmpty
                    && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.enumValues == nil
                    && schema.constValue == nil && schema.items == nil)
            let payload = isText ? SwiftType.named("String") : bodyType(schema, suggestedName: suggestedName)
            return (.generic("ServerEvent", [payload]), .serverSentEvents)
        case .jsonSequence:
            return (bodyType(schema, suggestedName: suggestedName), .jsonSequence)
        case .json, .form, .multipart, .jsonLines, .text, .binary:
            return (bodyType(schema, suggestedName: suggestedName), .jsonLines)
        }
    }

    /// The enum of an operation's success answers, a case per status (`ok`, `created`, `noContent`).
    mutating func statusAnswer(_ successes: [Response], operationID: String, typeStem: String)
        -> SwiftStatusAnswer
    {
        let name = SwiftNaming.unique(typeStem + "Response", in: &topLevelNames)
        var cases: [SwiftStatusAnswer.Case] = []
        for response in successes {
            let status = Int(response.status)
            let caseName = status.map(SwiftNaming.statusCaseName) ?? "success"
            var type: SwiftType?
            var format = SwiftResponseFormat.none
            if let schema = response.schema {
                if response.kind?.isStream == true {
                    // A case of an enum is read from the whole body: a stream among several statuses is its bytes.
                    fallBack(
                        "the \(response.contentType ?? "") answer of status \(response.status) streams, but the "
                            + "operation answers with different types by status", to: "its bytes as Data", at: schema)
                    (type, format) = (.named("Data"), .data(contentType: response.contentType ?? ""))
                } else {
                    (type, format) = answerBody(
                        response, schema: schema, suggestedName: typeStem + SwiftNaming.typeName(caseName) + "Body")
                }
            }
            cases.append(
                SwiftStatusAnswer.Case(
                    name: caseName, status: status, type: type, format: format,
                    documentation: response.description.isEmpty ? nil : response.description))
        }
        return SwiftStatusAnswer(name: name, operationID: operationID, cases: cases)
    }

    /// The headers the success responses document (`Content-Type` aside, as OpenAPI says), merged by name in spec
    /// order; one is required when every success response requires it. Nil when there are none.
    mutating func responseHeaders(
        _ successes: [Response], operationID: String, typeStem: String, methodName: String, taken: inout SwiftNames
    ) -> SwiftResponseHeaders? {
        // Each header once, by its first appearance; names compare without case, as HTTP's do.
        var headers: [Response.Header] = []
        var seen: Set<String> = []
        for response in successes {
            for header in response.headers where header.name.lowercased() != "content-type" {
                if seen.insert(header.name.lowercased()).inserted { headers.append(header) }
            }
        }
        guard !headers.isEmpty else { return nil }
        var memberNames = SwiftNames(ReservedNames.structMembers.union(["write"]))
        // A header is required when every success response requires it.
        let requiredByEach = successes.map { response in
            Set(response.headers.filter(\.required).map { $0.name.lowercased() })
        }
        let types = headers.map { headerType($0, suggestedName: typeStem + SwiftNaming.typeName($0.name)) }
        // A field named like a type a field uses (`var _2fa: _2fa?`) would hide the type in the reading initializer.
        for type in types { Self.insertMemberLikeTypeIdentifiers(of: type, into: &memberNames) }
        let fields = zip(headers, types).map { header, type in
            let name = header.name.lowercased()
            return SwiftResponseHeaders.Field(
                name: header.name,
                swiftName: SwiftNaming.unique(SwiftNaming.memberName(header.name), in: &memberNames), type: type,
                isRequired: requiredByEach.allSatisfy { $0.contains(name) },
                documentation: header.description)
        }
        return SwiftResponseHeaders(
            name: SwiftNaming.unique(typeStem + "Headers", in: &topLevelNames), operationID: operationID,
            methodName: SwiftNaming.unique(methodName, in: &taken), fields: fields)
    }

    /// A response header's type: a scalar, a string enum or a date and time, or an array of scalars or enums
    /// (comma-separated); anything else is read as its text, with a warning.
    mutating func headerType(_ header: Response.Header, suggestedName: String) -> SwiftType {
        guard let schema = header.schema else { return .named("String") }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if mapped.type == .named("Date") || acceptsScalar(mapped.type, nested: nested, schema: schema) {
            return mapped.type
        }
        if case .array(let element) = mapped.type, element != .named("Date"),
            acceptsScalar(element, nested: nested, schema: schema.items)
        {
            return mapped.type
        }
        warnings.append(
            Diagnostic(
                .warning,
                "response header '\(header.name)' is not a string, number, boolean, enum, date-time or an array of "
                    + "these: the generated headers hold its text as String",
                at: header.location ?? schema.location, path: schema.path))
        return .named("String")
    }
}
