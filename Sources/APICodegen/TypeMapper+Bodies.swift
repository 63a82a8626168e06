// Request bodies: their types, and how a form's or multipart body's fields are written.
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// A request body's type and how it is written: JSON as any type, text as `String`, bytes as `Data`, and a form
    /// or multipart body as the struct of its object schema, one field per property.
    mutating func requestBodyType(_ requestBody: RequestBody, suggestedName: String) -> SwiftBody {
        switch requestBody.kind {
        case .json:
            return SwiftBody(
                type: bodyType(requestBody.schema, suggestedName: suggestedName), isRequired: requestBody.required)
        case .text:
            return SwiftBody(
                type: .named("String"), isRequired: requestBody.required,
                kind: .text(contentType: requestBody.contentType))
        case .binary:
            return SwiftBody(
                type: .named("Data"), isRequired: requestBody.required,
                kind: .data(contentType: requestBody.contentType))
        case .eventStream, .jsonLines, .jsonSequence:
            let (element, format) = streamElement(
                requestBody.kind, schema: requestBody.schema, suggestedName: suggestedName)
            return SwiftBody(
                type: .stream(element, incoming: false), isRequired: requestBody.required,
                kind: .stream(format, contentType: requestBody.contentType))
        case .form, .multipart:
            let type = bodyType(requestBody.schema, suggestedName: suggestedName)
            let isForm = requestBody.kind == .form
            let structure: SwiftStruct? =
                if case .named(let name) = type { bodyStructs[name] } else { nil }
            guard case .named(let name) = type, let structure, !structure.isTuple, !structure.holdsAlternatives,
                !structure.holdsAdditionalMembers
            else {
                let reason =
                    switch structure {
                    case nil: "is not an object schema has no fields"
                    case let structure? where structure.isTuple: "is a tuple (prefixItems) has no named fields"
                    case let structure? where structure.holdsAlternatives:
                        "is also one of several alternatives has no fixed fields"
                    case _?: "has members beyond its properties (additionalProperties) has no fixed fields"
                    }
                fallBack(
                    "a \(requestBody.contentType) body that \(reason)", to: "Data the caller encodes",
                    at: requestBody.schema)
                return SwiftBody(
                    type: .named("Data"), isRequired: requestBody.required,
                    kind: .data(contentType: requestBody.contentType))
            }
            let fields = bodyFields(of: structure, named: name, requestBody: requestBody)
            return SwiftBody(
                type: type, isRequired: requestBody.required, kind: isForm ? .form(fields) : .multipart(fields))
        }
    }

    /// The fields of a form or multipart body's struct, one per property, each written as its type and the body's
    /// `encoding` say; an `encoding` entry that names no property is a warning.
    mutating func bodyFields(
        of structure: SwiftStruct, named name: String, requestBody: RequestBody
    ) -> [SwiftBodyField] {
        let isForm = requestBody.kind == .form
        var fields: [SwiftBodyField] = []
        // Types declared inside the body's struct are written from the route, outside it: qualified.
        let nestedNames = Set(structure.nested.map(\.name))
        for property in structure.properties {
            let declared = requestBody.encodings[property.jsonName]
            var field = SwiftBodyField(
                name: property.jsonName, swiftName: property.swiftName,
                type: property.type.qualifying(nestedNames, in: name),
                isOptional: !property.isRequired && property.defaultValue == nil,
                hasDefault: property.defaultValue != nil, encoding: .json)
            if property.decoding != .standard && property.decoding != .openEnum {
                field.encoding = .json
            } else if property.type == .named("Data") {
                field.encoding = .file
            } else if property.type == .array(.named("Data")) {
                field.encoding = .files
            } else if printsItself(property.type, in: structure.nested) {
                field.encoding = .text
            } else if case .array(let element) = property.type, printsItself(element, in: structure.nested),
                element != .named("Date")
            {
                // An array of dates has no text form in the runtime (a date alone has RFC 3339): JSON below.
                field.encoding = .texts
            }
            if isForm {
                formEncoding(
                    of: &field, property: property, declared: declared, in: structure, named: name, at: requestBody)
            } else if field.encoding == .file || field.encoding == .files, let declared,
                let contentType = declared.contentType
            {
                // One media type names the part's; a list or a range (`image/*`) leaves the part's to the caller's
                // bytes, which are sent as application/octet-stream.
                let single = contentType.trimmingCharacters(in: .whitespaces)
                if Self.isMediaType(single), !single.contains("*") {
                    field.contentType = single
                } else if !single.contains(",") && !single.contains("*") {
                    report(
                        "the encoding of '\(property.jsonName)' names '\(contentType)', which is not a media type; the "
                            + "part is sent as application/octet-stream", at: declared, of: requestBody)
                }
            }
            if property.decoding == .nullable {
                // JSON text, so that `null` arrives as `.null` and an absent field as nil.
                field.type = .named("Nullable<\(field.type.text)>")
            }
            fields.append(field)
        }
        let names = Set(structure.properties.map(\.jsonName))
        for (property, declared) in requestBody.encodings.sorted(by: { $0.key < $1.key })
        where !names.contains(property) {
            report(
                "the \(requestBody.contentType) body's 'encoding' names '\(property)', which is not a property of the "
                    + "body; it is ignored", at: declared, of: requestBody)
        }
        return fields
    }

    /// A diagnostic where an `encoding` entry stands, or, without one, where the body's schema does.
    mutating func report(
        _ message: String, _ severity: Diagnostic.Severity = .warning, at declared: RequestBody.PropertyEncoding?,
        of requestBody: RequestBody
    ) {
        warnings.append(
            Diagnostic(
                severity, message, at: declared?.location ?? requestBody.schema.location,
                path: declared?.path ?? requestBody.schema.path))
    }

    /// How a form field is written: an array in the style and `explode` its `encoding` says (one field per element
    /// by default), an object as its properties in style `deepObject` or `form` when its `encoding` names a style,
    /// else as its JSON text (with a warning unless it is an object, whose JSON text OpenAPI says is its default).
    mutating func formEncoding(
        of field: inout SwiftBodyField, property: SwiftProperty, declared: RequestBody.PropertyEncoding?,
        in structure: SwiftStruct, named name: String, at requestBody: RequestBody
    ) {
        let styled = declared.map { $0.style != nil || $0.explode != nil } ?? false
        let style = declared?.style ?? "form"
        func warn(_ message: String, _ severity: Diagnostic.Severity = .warning) {
            report(message, severity, at: declared, of: requestBody)
        }
        switch field.encoding {
        case .texts where styled:
            switch style {
            case "form", "spaceDelimited", "pipeDelimited":
                let explode = declared?.explode ?? (style == "form")
                // One field per element is the default, written as before.
                if style != "form" || !explode {
                    field.style = SwiftParameter.ArrayEncoding(style: style, explode: explode)
                }
            case "deepObject":
                // OpenAPI defines deepObject for objects only; brackets are what servers that read it accept.
                field.style = SwiftParameter.ArrayEncoding(style: style, explode: true)
                warn(Self.deepObjectArrayNote("form field '\(property.jsonName)'", name: property.jsonName), .note)
            default:
                warn(
                    "form field '\(property.jsonName)' has style '\(style)', which a form does not have; it is sent "
                        + "one field per element")
            }
        case .json, .file, .files:
            let isObject =
                if property.decoding == .standard, case .named(let typeName) = property.type {
                    objectStruct(typeName, in: structure, named: name) != nil
                } else { false }
            if field.encoding == .json, !styled, isObject {
                // OpenAPI's default for an object whose encoding names no style: its JSON text (`application/json`).
                warn(
                    "form field '\(property.jsonName)' is an object whose encoding names no style; it is sent as its "
                        + "JSON text, as OpenAPI says (style deepObject or form sends its properties)", .note)
                return
            }
            guard field.encoding == .json, styled else {
                // A form has no form of its own for bytes or arrays of objects; JSON text says exactly what was sent.
                field.encoding = .json
                fallBack(
                    "form field '\(property.jsonName)' is not a string, number, boolean, enum or an array of these",
                    to: "its JSON text in the form", at: requestBody.schema)
                return
            }
            guard style == "form" || style == "deepObject" else {
                warn(
                    "form field '\(property.jsonName)' has style '\(style)', which an object in a form does not have; "
                        + "it is sent as its JSON text")
                return
            }
            guard property.decoding == .standard, case .named(let typeName) = property.type,
                let (inner, qualified) = objectStruct(typeName, in: structure, named: name),
                let innerFields = objectFields(of: inner, named: qualified, nesting: style == "deepObject" ? 4 : 0)
            else {
                if style == "deepObject" {
                    // Deeper than OpenAPI defines deepObject: the notation the servers that read it read.
                    field.encoding = .brackets
                    warn(Self.bracketNotationNote("form field '\(property.jsonName)'", name: property.jsonName), .note)
                    return
                }
                fallBack(
                    "form field '\(property.jsonName)' in style form is not an object of strings, numbers, booleans, "
                        + "enums or these", to: "its JSON text in the form", at: requestBody.schema)
                return
            }
            field.encoding = .object(innerFields)
            field.type = .named(qualified)
            field.style = SwiftParameter.ArrayEncoding(style: style, explode: declared?.explode ?? true)
        default:
            // A scalar is written the same in every style.
            break
        }
    }

    /// The note for an array in style `deepObject` (OpenAPI defines it for objects only): what it is sent as.
    /// `subject` is "parameter 'expand'" or "form field 'expand'".
    static func deepObjectArrayNote(_ subject: String, name: String) -> String {
        "\(subject) is an array in style deepObject, which OpenAPI defines for objects only; it is sent as "
            + "'\(name)[]=…' once per element"
    }

    /// The note for a value in style `deepObject` that is not an object of scalars: it is sent in bracket notation.
    static func bracketNotationNote(_ subject: String, name: String) -> String {
        "\(subject) in style deepObject is not an object of scalars, which is all OpenAPI defines; it is sent in "
            + "bracket notation ('\(name)[key][0]=…'), as Rails, PHP and Stripe read it"
    }

    /// Whether the text is one media type, `type/subtype` with parameters (`text/plain; charset=utf-8`), in the
    /// characters RFC 9110 allows in its tokens.
    static func isMediaType(_ text: String) -> Bool {
        let essence = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = essence.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        let token = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(token.contains) }
            && !text.contains(where: { $0.isNewline || $0 == "\"" })
    }

    /// Whether a value of the type prints itself into a query or a text part: a scalar, a date or an open enum.
    /// A type declared in `scope` (a struct's nested types) is the one its name means there.
    func printsItself(_ type: SwiftType, in scope: [SwiftDeclaration] = []) -> Bool {
        guard case .named(let name) = type else { return false }
        let local = scope.first { $0.name == name }
        return (local == nil && ["String", "Int", "Int32", "Int64", "Double", "Bool", "Date", "UUID"].contains(name))
            || Self.isOpenEnum(name, found: local, elsewhere: openEnumNames)
    }

    /// A body's type: a component by name, or an inline schema declared at top level — once, however many
    /// operations reach the same inline schema through `$ref`.
    mutating func bodyType(_ schema: Schema, suggestedName: String) -> SwiftType {
        if !schema.path.isEmpty, let known = inlineBodyTypes[schema.path] { return known }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        topLevelNames.formUnion(taken)
        inlineDeclarations.append(contentsOf: nested)
        for case .structure(let structure) in nested { bodyStructs[structure.name] = structure }
        if !schema.path.isEmpty { inlineBodyTypes[schema.path] = mapped.type }
        return mapped.type
    }
}
