// Server.swift, inside the routes: reading request bodies and object parameters into their Swift types.
import Foundation

extension OperationRenderer {
    /// `let body = …`: the request body read as its media type says; nil for an absent optional body. `scope` names
    /// the route's other locals (its parameters), which the locals declared here must not repeat.
    func renderBodyDecoding(_ requestBody: SwiftBody, scope: Set<String>, into body: inout CodeWriter) {
        let type = requestBody.type.text
        let read: String
        switch requestBody.kind {
        case .json: read = "try request.decodeBody(\(type).self)"
        case .text: read = "try request.textBody()"
        case .data: read = "request.body"
        case .stream(let format, _):
            var element = requestBody.type
            if case .generic(_, let arguments) = requestBody.type, let first = arguments.first { element = first }
            read = "request.incomingStream(of: \(element.text).self, format: .\(format.rawValue))"
            let isAbsent = "request.bodyStream == nil && request.body.isEmpty"
            body.line(requestBody.isRequired ? "let body = \(read)" : "let body = \(isAbsent) ? nil : \(read)")
            return
        case .form(let fields), .multipart(let fields):
            let isForm: Bool = if case .form = requestBody.kind { true } else { false }
            if requestBody.isRequired {
                renderFieldDecoding(fields, isForm: isForm, type: type, scope: scope, into: &body)
                body.line("let body = built")
            } else {
                body.line("let body: \(type)?")
                body.line("if request.body.isEmpty {")
                body.line("    body = nil")
                body.line("} else {")
                var inner = CodeWriter()
                renderFieldDecoding(fields, isForm: isForm, type: type, scope: scope, into: &inner)
                inner.line("body = built")
                for line in inner.text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    body.line("    " + line)
                }
                body.line("}")
            }
            return
        }
        body.line(requestBody.isRequired ? "let body = \(read)" : "let body = request.body.isEmpty ? nil : \(read)")
    }

    /// `let filter: Filter?` from an object query parameter's properties; a required parameter must be present.
    func renderObjectDecoding(
        _ parameter: SwiftParameter, _ object: SwiftParameter.ObjectEncoding, into body: inout CodeWriter
    ) {
        let name = parameter.name.swiftLiteral
        let local = parameter.swiftName
        if object.fields.contains(where: { if case .object = $0.encoding { true } else { false } }) {
            renderObjectClosure(
                local, name: parameter.name, type: parameter.type.text, fields: object.fields, style: object.style,
                explode: object.explode, from: "request", into: &body)
        } else {
            renderFlatObjectDecoding(parameter, object, into: &body)
        }
        if parameter.isRequired {
            body.line("guard let \(local) else {")
            body.line("    throw ServerRequestError.invalidParameter(name: \(name), reason: \"is required\")")
            body.line("}")
        }
    }

    /// `let local: T? = try { … }()`: an object read from its properties by `renderNestedObjectDecoding`, nil when
    /// none is present.
    func renderObjectClosure(
        _ local: String, name: String, type: String, fields: [SwiftBodyField], style: String, explode: Bool,
        from request: String, into body: inout CodeWriter
    ) {
        body.line("let \(local): \(type)? = try { () throws -> \(type)? in")
        var inner = CodeWriter()
        renderNestedObjectDecoding(
            name, type: type, fields: fields, style: style, explode: explode, from: request, into: &inner)
        for line in inner.text.split(separator: "\n") { body.line("    " + line) }
        body.line("}()")
    }

    /// The body of a closure that returns a `deepObject` parameter's struct, or nil when none of its properties
    /// (`name[property]`, `name[object][property]`, …) is present: each nested object read by a closure of its own.
    func renderNestedObjectDecoding(
        _ name: String, type: String, fields: [SwiftBodyField], style: String, explode: Bool,
        from request: String, into body: inout CodeWriter
    ) {
        let scalars = fields.filter { if case .object = $0.encoding { false } else { true } }
        let properties = scalars.map(\.name.swiftLiteral).joined(separator: ", ")
        body.line(
            "let fields = try \(request).objectParameter(\(name.swiftLiteral), style: .\(style), "
                + "explode: \(explode), properties: [\(properties)])")
        var nestedLocals: [String: String] = [:]
        for field in fields {
            guard case .object(let innerFields) = field.encoding else { continue }
            let local = "nested\(nestedLocals.count + 1)"
            nestedLocals[field.name] = local
            renderObjectClosure(
                local, name: name + "[" + field.name + "]", type: field.type.text, fields: innerFields, style: style,
                explode: explode, from: request, into: &body)
        }
        let present = ["fields != nil"] + fields.compactMap { nestedLocals[$0.name].map { "\($0) != nil" } }
        body.line("guard \(present.joined(separator: " || ")) else { return nil }")
        if !scalars.isEmpty { body.line("let found = fields ?? [:]") }
        renderBuilding(
            type, from: fields,
            read: { nestedLocals[$0.name] ?? Self.propertyRead($0, from: "found", of: name) },
            missing: { Self.missingProperty($0, of: name) }, into: &body)
        body.line("return built")
    }

    /// `try ServerRequest.property(fields, "color", of: "filter", as: String.self)`: one property of an object
    /// parameter, read from the dictionary named `fields`.
    static func propertyRead(_ field: SwiftBodyField, from fields: String, of parameter: String) -> String {
        "try ServerRequest.property(\(fields), \(field.name.swiftLiteral), of: \(parameter.swiftLiteral), "
            + "as: \(field.type.text).self)"
    }

    /// The `ServerRequestError` case for a required property of an object parameter that is missing.
    static func missingProperty(_ field: SwiftBodyField, of parameter: String) -> String {
        let reason = "property '" + field.name + "' is required"
        return "invalidParameter(name: \(parameter.swiftLiteral), reason: \(reason.swiftLiteral))"
    }

    /// `var filter: Filter?` from the properties of an object query parameter whose properties are all scalars.
    func renderFlatObjectDecoding(
        _ parameter: SwiftParameter, _ object: SwiftParameter.ObjectEncoding, into body: inout CodeWriter
    ) {
        let name = parameter.name.swiftLiteral
        let local = parameter.swiftName
        let properties = object.fields.map(\.name.swiftLiteral).joined(separator: ", ")
        body.line("var \(local): \(parameter.type.text)?")
        // An object of no properties is present or not: there is nothing to read from its fields.
        let binding = object.fields.isEmpty ? "" : "let fields = "
        let test = object.fields.isEmpty ? " != nil" : ""
        body.block(
            "if \(binding)try request.objectParameter(\(name), style: .\(object.style), explode: \(object.explode), "
                + "properties: [\(properties)])\(test)"
        ) { found in
            renderBuilding(
                parameter.type.text, from: object.fields,
                read: { Self.propertyRead($0, from: "fields", of: parameter.name) },
                missing: { Self.missingProperty($0, of: parameter.name) }, into: &found)
            found.line("\(local) = built")
        }
    }

    /// `built`: the body's struct from its fields — the required ones through the memberwise initialiser, the others
    /// assigned when present.
    func renderFieldDecoding(
        _ fields: [SwiftBodyField], isForm: Bool, type: String, scope: Set<String>, into body: inout CodeWriter
    ) {
        // A body of no fields is still read, so that one that is not a form (or multipart) is refused.
        let reader = isForm ? "try request.formBody()" : "try request.multipartBody()"
        body.line(fields.isEmpty ? "_ = \(reader)" : "let \(isForm ? "form" : "parts") = \(reader)")
        // A form field sent as an object's properties is read first, into a local of its own.
        var objects: [String: String] = [:]
        var taken = SwiftNames(scope.union(ReservedNames.locals))
        for field in fields where isForm {
            guard case .object(let properties) = field.encoding, let style = field.style else { continue }
            let local = SwiftNaming.unique(
                "object" + SwiftNaming.typeName(SwiftNaming.bare(field.swiftName)), in: &taken)
            objects[field.name] = local
            renderObjectClosure(
                local, name: field.name, type: field.type.text, fields: properties, style: style.style,
                explode: style.explode, from: "form", into: &body)
        }
        func read(_ field: SwiftBodyField) -> String {
            let name = field.name.swiftLiteral
            if let local = objects[field.name] { return local }
            switch (isForm, field.encoding) {
            case (true, .texts) where field.style?.isDeepObject == true:
                return "try form.bracketParameter(\(name), as: \(field.type.text).self)"
            case (true, .texts):
                let style = field.style.map { ", style: .\($0.style), explode: \($0.explode)" } ?? ""
                return "try form.queryParameters(\(name), as: \(field.elementType.text).self\(style))"
            case (true, .json):
                return "try form.jsonParameter(\(name), in: .query, as: \(field.type.text).self)"
            case (true, .brackets):
                return "try form.bracketParameter(\(name), as: \(field.type.text).self)"
            case (true, _):
                return "try form.queryParameter(\(name), as: \(field.type.text).self)"
            case (false, .text): return "try parts.text(\(name), as: \(field.type.text).self)"
            case (false, .texts): return "try parts.texts(\(name), as: \(field.elementType.text).self)"
            case (false, .file): return "parts.file(\(name))"
            case (false, .files): return "parts.files(\(name))"
            case (false, .json), (false, .object), (false, .brackets):
                return "try parts.json(\(name), as: \(field.type.text).self)"
            }
        }
        renderBuilding(
            type, from: fields, read: read,
            missing: { field in
                "invalidParameter(name: \(field.name.swiftLiteral), reason: \"is required\")"
            }, scope: scope.union(objects.values), into: &body)
    }

    /// `built`: a struct from fields read by `read` — the required ones through the memberwise initialiser (a
    /// missing one throws the `ServerRequestError` case `missing` spells), the others assigned when present. A required
    /// field is read into a local `fieldName`, unique among `scope` (the other names the block declares) and the
    /// names generated bodies use: a parameter may be named `fieldBody` too.
    func renderBuilding(
        _ type: String, from fields: [SwiftBodyField], read: (SwiftBodyField) -> String,
        missing: (SwiftBodyField) -> String, scope: Set<String> = [], into body: inout CodeWriter
    ) {
        var arguments: [String] = []
        var taken = SwiftNames(scope.union(ReservedNames.locals))
        for field in fields where !field.isOptional && !field.hasDefault {
            let local = SwiftNaming.unique(
                "field" + SwiftNaming.typeName(SwiftNaming.bare(field.swiftName)), in: &taken)
            body.line("guard let \(local) = \(read(field)) else {")
            body.line("    throw ServerRequestError.\(missing(field))")
            body.line("}")
            arguments.append("\(SwiftNaming.argumentLabel(field.swiftName)): \(local)")
        }
        let others = fields.filter { $0.isOptional || $0.hasDefault }
        body.line("\(others.isEmpty ? "let" : "var") built = \(type)(\(arguments.joined(separator: ", ")))")
        for field in others {
            let property = "built." + SwiftNaming.bare(field.swiftName)
            if field.isOptional {
                body.line("\(property) = \(read(field))")
            } else {
                body.line("if let value = \(read(field)) { \(property) = value }")
            }
        }
    }
}
