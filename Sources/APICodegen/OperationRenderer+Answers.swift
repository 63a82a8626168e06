// Endpoints.swift, after `Endpoints`: the enums of answers by status and the structs of typed response headers.
import Foundation

extension OperationRenderer {
    /// The answer enums and header structs of the operations that have them, after `Endpoints`.
    func renderAnswerTypes(_ groups: [SwiftGroup], into writer: inout CodeWriter) {
        for operation in groups.flatMap(\.operations) {
            if let answer = operation.statusAnswer {
                writer.line()
                renderStatusAnswer(answer, into: &writer)
            }
            if let headers = operation.responseHeaders {
                writer.line()
                renderResponseHeaders(headers, into: &writer)
            }
        }
    }

    /// `enum PetsCreateResponse: StatusAnswer`: a case per success status, read by status and sent back as one.
    func renderStatusAnswer(_ answer: SwiftStatusAnswer, into writer: inout CodeWriter) {
        writer.documentation("The success answers of `\(SpecText.singleLine(answer.operationID))`, by status.")
        writer.block("\(access)enum \(answer.name): StatusAnswer, Hashable") { body in
            for answerCase in answer.cases {
                let status = answerCase.status.map(String.init) ?? "2XX"
                body.documentation(
                    "`\(status)`" + (answerCase.documentation.map { ": " + SpecText.singleLine($0) } ?? "."))
                body.line("case \(answerCase.name)" + (answerCase.type.map { "(\($0.text))" } ?? ""))
            }
            body.line()
            body.line("/// Reads the answer of `status` from its body.")
            body.line("///")
            body.line("/// - Throws: `UndocumentedStatus` for a status the spec does not list; a `DecodingError`.")
            body.block("\(access)init(status: Int, body: Data) throws") { initializer in
                initializer.switchBlock("status") { cases in
                    let listed = answer.cases.filter { $0.status != nil }
                    let range = answer.cases.first { $0.status == nil }
                    for answerCase in listed {
                        cases.line("case \(answerCase.status ?? 0):")
                        cases.indented { $0.line("self = " + Self.reading(answerCase)) }
                    }
                    cases.line("default:")
                    cases.indented {
                        if let range {
                            $0.line("self = " + Self.reading(range))
                        } else {
                            $0.line("throw UndocumentedStatus(status: status)")
                        }
                    }
                }
            }
            body.line()
            body.line("/// The answer as a server sends it.")
            body.block("\(access)func serverResponse() throws -> ServerResponse") { function in
                function.switchBlock("self") { cases in
                    for answerCase in answer.cases {
                        let status = Self.status(answerCase.status ?? 200)
                        guard answerCase.type != nil else {
                            cases.line("case .\(answerCase.name):")
                            cases.indented { $0.line("return ServerResponse(status: \(status))") }
                            continue
                        }
                        cases.line("case .\(answerCase.name)(let value):")
                        cases.indented { $0.line("return " + Self.serverResponse(answerCase.format, status, "value")) }
                    }
                }
            }
        }
    }

    /// `.ok(try JSONCoding.makeDecoder().decode(Pet.self, from: body))`: one case read from `body`.
    static func reading(_ answerCase: SwiftStatusAnswer.Case) -> String {
        guard let type = answerCase.type else { return "." + answerCase.name }
        let value =
            switch answerCase.format {
            case .none, .json: "try JSONCoding.makeDecoder().decode(\(type.text).self, from: body)"
            case .text: "String(decoding: body, as: UTF8.self)"
            // The mapper reads a stream among several statuses as bytes: no case is one.
            case .data, .stream: "body"
            }
        return ".\(answerCase.name)(\(value))"
    }

    /// The `ServerResponse` expression that sends `value` with `status` as `format` says.
    static func serverResponse(_ format: SwiftResponseFormat, _ status: String, _ value: String) -> String {
        switch format {
        case .none, .json: "try ServerResponse(status: \(status), json: \(value))"
        case .text(let contentType):
            "ServerResponse(status: \(status), text: \(value), contentType: \(contentType.swiftLiteral))"
        case .data(let contentType):
            "ServerResponse(status: \(status), data: \(value), contentType: \(contentType.swiftLiteral))"
        case .stream(let format, let contentType):
            "ServerResponse(status: \(status), stream: \(value), format: .\(format.rawValue), contentType: "
                + "\(contentType.swiftLiteral))"
        }
    }

    /// `struct PetsListHeaders: ResponseHeaders`: a property per documented header, read and written by name.
    func renderResponseHeaders(_ headers: SwiftResponseHeaders, into writer: inout CodeWriter) {
        writer.documentation(
            "The headers the success answers of `\(SpecText.singleLine(headers.operationID))` document (an optional "
                + "one is nil when an answer leaves it out).")
        writer.block("\(access)struct \(headers.name): ResponseHeaders, Hashable") { body in
            for field in headers.fields {
                body.documentation(paragraphs: [
                    field.documentation, "The `\(SpecText.singleLine(field.name))` header.",
                ])
                body.line("\(access)var \(field.swiftName): \(field.type.text)\(field.isRequired ? "" : "?")")
            }
            body.line()
            body.line("/// Creates the headers a server sends.")
            let parameters = headers.fields.map {
                "\($0.swiftName): \($0.type.text)\($0.isRequired ? "" : "? = nil")"
            }
            body.block("\(access)init(\(parameters.joined(separator: ", ")))") { initializer in
                for field in headers.fields {
                    initializer.line("self.\(SwiftNaming.bare(field.swiftName)) = \(field.swiftName)")
                }
            }
            body.line()
            body.line("/// Reads the headers of an answer.")
            body.block("\(access)init(reading headers: HeaderReader) throws(ResponseHeaderError)") { initializer in
                for field in headers.fields {
                    let isArray: Bool = if case .array = field.type { true } else { false }
                    let function =
                        switch (isArray, field.isRequired) {
                        case (false, false): "value"
                        case (false, true): "required"
                        case (true, false): "values"
                        case (true, true): "requiredValues"
                        }
                    initializer.line(
                        "self.\(SwiftNaming.bare(field.swiftName)) = try headers.\(function)("
                            + "\(field.name.swiftLiteral), as: \(field.elementType.text).self)")
                }
            }
            body.line()
            body.line("/// Writes the headers that have a value.")
            body.block("\(access)func write(to headers: inout HeaderWriter)") { function in
                for field in headers.fields {
                    function.line(
                        "headers.write(\(field.name.swiftLiteral), self.\(SwiftNaming.bare(field.swiftName)))")
                }
            }
        }
    }
}
