// Endpoints.swift: the operations as `Endpoint` values — path, query items, headers, body and how to read the answer.
import Foundation
import OpenAPIDocument

extension OperationRenderer {
    func renderEndpoints(_ groups: [SwiftGroup], into writer: inout CodeWriter) {
        writer.documentation(paragraphs: [
            "The operations of \(apiTitle), as values: method, path, query, body and the types of the answers.",
            "Execute one with an `APIClient`, or inspect it in tests without sending anything.",
        ])
        writer.block("\(access)enum Endpoints") { body in
            for (index, group) in groups.enumerated() {
                if index > 0 { body.line() }
                if group.isUntagged {
                    renderEndpointFunctions(group.operations, into: &body)
                } else {
                    body.documentation(paragraphs: [groupDocumentation(group)])
                    body.block("\(access)enum \(group.names.namespace)") { groupBody in
                        renderEndpointFunctions(group.operations, into: &groupBody)
                    }
                }
            }
        }
    }

    func renderEndpointFunctions(_ operations: [SwiftOperation], into writer: inout CodeWriter) {
        for (index, operation) in operations.flatMap({ [$0] + $0.clientVariants }).enumerated() {
            if index > 0 { writer.line() }
            documentation(operation, into: &writer)
            if operation.isDeprecated { writer.line("@available(*, deprecated)") }
            let signature =
                "\(access)static func \(operation.methodName)(\(parameterList(operation, defaults: true))) -> "
                + "Endpoint<\(operation.responseType.text)>"
            writer.block(signature) { body in
                body.line("Endpoint(")
                var arguments = ["method: .\(operation.httpMethod)", "path: \(pathExpression(operation))"]
                // What instrumentation records instead of the path's values.
                if operation.pathWithoutQuery.contains("{") {
                    arguments.append("pathTemplate: \(operation.pathWithoutQuery.swiftLiteral)")
                }
                let fixed = operation.fixedQuery
                if !operation.queryParameters.isEmpty || !fixed.isEmpty {
                    arguments.append("query: \(Self.items(operation.queryParameters, fixed: fixed))")
                }
                let fixedHeaders = operation.fixedHeaders
                if !operation.headerParameters.isEmpty || !fixedHeaders.isEmpty {
                    arguments.append("headers: \(Self.items(operation.headerParameters, fixed: fixedHeaders))")
                }
                if !operation.cookieParameters.isEmpty {
                    arguments.append("cookies: \(Self.items(operation.cookieParameters))")
                }
                if let requestBody = operation.body { arguments.append("content: \(Self.content(requestBody))") }
                switch operation.responseFormat {
                case .none, .json: break
                case .text(let contentType):
                    arguments.append("responseFormat: .text(contentType: \(contentType.swiftLiteral))")
                case .data(let contentType):
                    arguments.append("responseFormat: .data(contentType: \(contentType.swiftLiteral))")
                case .stream(let format, let contentType):
                    arguments.append(
                        "responseFormat: .stream(.\(format.rawValue), contentType: \(contentType.swiftLiteral))")
                }
                arguments.append("operationID: \(operation.operationID.swiftLiteral)")
                if let errorType = operation.errorType { arguments.append("errorType: \(errorType.text).self") }
                if let server = operation.serverURL {
                    arguments.append("serverURL: URL(checkedLiteral: \(server.swiftLiteral))")
                }
                for (position, argument) in arguments.enumerated() {
                    body.line("    \(argument)\(position == arguments.count - 1 ? "" : ",")")
                }
                body.line(")")
            }
        }
    }

    /// The `[ParameterItem]` expression of some parameters, in order: scalars as `ParameterItem(name, value)` in
    /// array literals, arrays as `ParameterItem.array(…)`, joined with `+`; after the `fixed` items of the path.
    static func items(_ parameters: [SwiftParameter], fixed: [(name: String, value: String)] = []) -> String {
        var pieces: [String] = []
        var literal = fixed.map { "ParameterItem(\($0.name.swiftLiteral), \($0.value.swiftLiteral))" }
        for parameter in parameters {
            let value = parameter.swiftName
            if let object = parameter.objectEncoding {
                if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
                literal = []
                pieces += objectItems(
                    parameter.name, value: value, isOptional: !parameter.isRequired, fields: object.fields,
                    style: object.style, explode: object.explode)
                continue
            }
            if parameter.isBracketed {
                if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
                literal = []
                pieces.append("ParameterItem.brackets(\(parameter.name.swiftLiteral), \(value))")
                continue
            }
            if let map = parameter.mapEncoding {
                if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
                literal = []
                pieces.append(
                    "ParameterItem.map(\(parameter.name.swiftLiteral), \(value), style: .\(map.style), "
                        + "explode: \(map.explode))")
                continue
            }
            guard let encoding = parameter.arrayEncoding else {
                let label = parameter.isJSON ? "json: " : ""
                literal.append("ParameterItem(\(parameter.name.swiftLiteral), \(label)\(value))")
                continue
            }
            if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
            literal = []
            let (name, style) =
                encoding.isDeepObject
                ? ((parameter.name + "[]").swiftLiteral, "style: .form, explode: true")
                : (parameter.name.swiftLiteral, "style: .\(encoding.style), explode: \(encoding.explode)")
            pieces.append("ParameterItem.array(\(name), \(value), \(style))")
        }
        if !literal.isEmpty || pieces.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
        return pieces.joined(separator: " + ")
    }

    /// `ParameterItem.object(…)` calls for an object parameter, in property order: a run of scalar properties in one
    /// call, a nested object (`deepObject`) in calls of its own named `name[property]`.
    static func objectItems(
        _ name: String, value: String, isOptional: Bool, fields: [SwiftBodyField], style: String, explode: Bool
    ) -> [String] {
        var pieces: [String] = []
        var run: [String] = []
        func flush() {
            pieces.append(
                "ParameterItem.object(\(name.swiftLiteral), [\(run.joined(separator: ", "))], "
                    + "style: .\(style), explode: \(explode))")
            run = []
        }
        let access = value + (isOptional ? "?." : ".")
        for field in fields {
            let property = access + SwiftNaming.bare(field.swiftName)
            if case .object(let inner) = field.encoding {
                if !run.isEmpty { flush() }
                pieces += objectItems(
                    name + "[" + field.name + "]", value: property, isOptional: field.isOptional,
                    fields: inner, style: style, explode: explode)
            } else {
                run.append("(\(field.name.swiftLiteral), \(property))")
            }
        }
        if !run.isEmpty || pieces.isEmpty { flush() }
        return pieces
    }

    /// The `RequestContent` expression of the body, `body.map { … }` when it is optional.
    static func content(_ requestBody: SwiftBody) -> String {
        let expression: String
        switch requestBody.kind {
        case .json: expression = ".json(body)"
        case .text(let contentType): expression = ".text(body, contentType: \(contentType.swiftLiteral))"
        case .data(let contentType): expression = ".data(body, contentType: \(contentType.swiftLiteral))"
        case .stream(let format, let contentType):
            expression = ".stream(body.body(.\(format.rawValue)), contentType: \(contentType.swiftLiteral))"
        case .form(let fields):
            let parameters = fields.map { field in
                var parameter = SwiftParameter(
                    name: field.name, swiftName: "body." + SwiftNaming.bare(field.swiftName), type: field.type,
                    isRequired: !field.isOptional, documentation: nil, location: .query,
                    arrayEncoding: field.encoding == .texts ? field.style ?? .init(style: "form", explode: true) : nil,
                    isJSON: field.encoding == .json)
                parameter.isBracketed = field.encoding == .brackets
                if case .object(let inner) = field.encoding {
                    let style = field.style ?? .init(style: "form", explode: true)
                    parameter.objectEncoding = .init(style: style.style, explode: style.explode, fields: inner)
                }
                return parameter
            }
            expression = ".form(\(items(parameters)))"
        case .multipart(let fields):
            let parts = fields.map { field in
                let value = "body." + SwiftNaming.bare(field.swiftName)
                let function =
                    switch field.encoding {
                    case .text: "text"
                    case .texts: "texts"
                    case .file: "file"
                    case .files: "files"
                    case .json, .object, .brackets: "json"
                    }
                let contentType = field.contentType.map { ", contentType: \($0.swiftLiteral)" } ?? ""
                return "MultipartPart.\(function)(\(field.name.swiftLiteral), \(value)\(contentType))"
            }
            expression = ".multipart(\(parts.isEmpty ? "[]" : parts.joined(separator: " + ")))"
        }
        return requestBody.isRequired ? expression : "body.map { body in \(expression) }"
    }

    /// `"/members/\(pathSegment(id))"`.
    func pathExpression(_ operation: SwiftOperation) -> String {
        let body = Self.templateLiteralBody(operation.pathWithoutQuery) { placeholder, _ in
            // A value that may be several segments: `{+name}` keeps RFC 6570's reserved characters, `{Key+}` (AWS's
            // greedy label) only its `/`.
            let name = APIOperation.parameterName(placeholder)
            return operation.pathParameters.first { $0.name == name }.map { parameter in
                let value = parameter.swiftName
                let call =
                    if let array = parameter.arrayEncoding {
                        "pathSegment(\(value), separator: \(array.pathSeparator(name: parameter.name).swiftLiteral))"
                    } else if !APIOperation.spansSegments(placeholder) {
                        "pathSegment(\(value))"
                    } else {
                        placeholder.first == "+"
                            ? "pathSegments(\(value))" : "pathSegments(\(value), keepingReserved: false)"
                    }
                return (parameter.pathPrefix?.swiftLiteralBody ?? "") + "\\(\(call))"
            } ?? ""
        }
        return "\"" + body + "\""
    }

    /// The body of a string literal for a `{name}` template (a path or a server URL): the text around the
    /// placeholders escaped by `SpecText`, each placeholder replaced by what `placeholder` makes of its name and its
    /// `{…}` text (an interpolation such as `\(pathSegment(id))`).
    static func templateLiteralBody(
        _ template: String, placeholder: (_ name: String, _ text: Substring) -> String
    ) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += String(rest[..<open]).swiftLiteralBody
            result += placeholder(String(rest[rest.index(after: open)..<close]), rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + String(rest).swiftLiteralBody
    }

}
