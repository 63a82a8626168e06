// Parameters and request bodies: how each is sent (styles, arrays, objects, form and multipart fields).
import APISpecCore
import Foundation
import OpenAPIDocument

extension TypeMapper {
    /// A parameter's type: a scalar or string enum that prints itself into a URL or header, a date and time (query
    /// and header), or an array of scalars or enums (query: `form`, `spaceDelimited`, `pipeDelimited`, exploded or
    /// not; header: `simple`), with how its elements are sent.
    mutating func parameterType(_ parameter: Parameter, suggestedName: String) -> (
        SwiftType, SwiftParameter.ArrayEncoding?, SwiftParameter.ObjectEncoding?
    ) {
        if parameter.jsonContentType != nil {
            // Sent as JSON text: any type, its inline declarations at top level as for a body.
            if parameter.location == .path {
                error(
                    "parameter '\(parameter.name)' with JSON 'content' cannot be sent in a path; use a query, a header "
                        + "or a cookie", at: parameter.sourceLocation, path: parameter.schema.path)
            }
            return (bodyType(parameter.schema, suggestedName: suggestedName), nil, nil)
        }
        let place = parameter.location.rawValue
        let style = parameter.effectiveStyle
        guard
            style == "simple"
                ? parameter.location == .path || parameter.location == .header
                : style == "form"
                    ? parameter.location == .query || parameter.location == .cookie
                    : parameter.location == .query && Self.queryStyles.contains(style)
        else {
            let styles =
                switch parameter.location {
                case .path, .header: ["simple"]
                case .query: ["form"] + Self.queryStyles
                case .cookie: ["form"]
                }
            // `matrix` and `label` paths (`;id=5`, `.5`) would need routes that read them back; sent as `simple` they
            // would reach another resource, so they are refused rather than guessed.
            error(
                "parameter '\(parameter.name)' has style '\(style)', which is not supported in a \(place); use "
                    + styles.map { "'\($0)'" }.joined(separator: ", "),
                at: parameter.sourceLocation, path: parameter.schema.path)
            return (.named("String"), nil, nil)
        }
        var nested: [SwiftDeclaration] = []
        var taken: SwiftNames = []
        let mapped = swiftType(for: parameter.schema, suggestedName: suggestedName, nested: &nested, taken: &taken)
        if case .array(let element) = mapped.type {
            let arrayStyles = parameter.location == .query ? ["form", "spaceDelimited", "pipeDelimited"] : ["simple"]
            guard parameter.location != .path, parameter.location != .cookie, arrayStyles.contains(style) else {
                error(
                    parameter.location == .path || parameter.location == .cookie
                        ? "array parameters are not supported in a \(place); send '\(parameter.name)' in a query"
                        : "array parameters in a \(place) with style '\(style)' are not supported; use "
                            + arrayStyles.map { "'\($0)'" }.joined(separator: " or "),
                    at: parameter.sourceLocation, path: parameter.schema.path)
                return (.named("String"), nil, nil)
            }
            guard acceptsScalar(element, nested: nested, schema: parameter.schema.items), element != .named("Date")
            else {
                error(
                    "the elements of array parameter '\(parameter.name)' must be strings, integers, numbers, "
                        + "booleans or string enums",
                    at: parameter.sourceLocation, path: parameter.schema.path)
                return (.named("String"), nil, nil)
            }
            let encoding = SwiftParameter.ArrayEncoding(
                style: style == "simple" ? "form" : style,
                explode: parameter.location == .query && parameter.effectiveExplode)
            return (mapped.type, encoding, nil)
        }
        if mapped.type == .named("Date"), parameter.location != .path {
            return (mapped.type, nil, nil)
        }
        if acceptsScalar(mapped.type, nested: nested, schema: parameter.schema) {
            return (mapped.type, nil, nil)
        }
        if let object = objectEncoding(parameter, type: mapped.type, nested: nested) {
            return (mapped.type, nil, object)
        }
        error(
            "parameter '\(parameter.name)' must be a string, integer, number, boolean, string enum"
                + (parameter.location == .path ? "" : ", date-time or an array of these")
                + (parameter.location == .query ? ", or an object of scalars (style deepObject or form)" : "")
                + " to be sent in a \(place)",
            at: parameter.sourceLocation, path: parameter.schema.path)
        return (.named("String"), nil, nil)
    }

    /// The styles a query parameter may have besides `form`.
    static let queryStyles = ["spaceDelimited", "pipeDelimited", "deepObject"]

    /// An object query parameter (`style: deepObject`, or `form`): its struct, hoisted to top level when it is
    /// inline, with properties that print themselves. Nil when the parameter is not one.
    mutating func objectEncoding(
        _ parameter: Parameter, type: SwiftType, nested: [SwiftDeclaration]
    ) -> SwiftParameter.ObjectEncoding? {
        guard parameter.location == .query, ["deepObject", "form"].contains(parameter.effectiveStyle),
            case .named(let name) = type
        else { return nil }
        var structure = bodyStructs[name]
        if structure == nil, nested.count == 1, case .structure(let inline) = nested[0], inline.name == name {
            structure = inline
            topLevelNames.insert(name)
            inlineDeclarations.append(contentsOf: nested)
            bodyStructs[name] = inline
        }
        guard let structure,
            let fields = objectFields(
                of: structure, named: name, nesting: parameter.effectiveStyle == "deepObject" ? 4 : 0)
        else { return nil }
        return SwiftParameter.ObjectEncoding(
            style: parameter.effectiveStyle, explode: parameter.effectiveExplode, fields: fields)
    }

    /// The fields of an object parameter's struct: properties that print themselves, and — while `nesting` allows,
    /// for `deepObject` (`filter[size][min]=2`) — objects of such properties. Nil when a property is neither.
    func objectFields(of structure: SwiftStruct, named name: String, nesting: Int) -> [SwiftBodyField]? {
        var fields: [SwiftBodyField] = []
        for property in structure.properties {
            let encoding: SwiftBodyField.Encoding
            var type = property.type
            if property.decoding == .standard || property.decoding == .openEnum, printsItself(property.type),
                property.type != .named("Date")
            {
                encoding = .text
            } else if nesting > 0, property.decoding == .standard, case .named(let typeName) = property.type,
                let (inner, qualified) = objectStruct(typeName, in: structure, named: name),
                let innerFields = objectFields(of: inner, named: qualified, nesting: nesting - 1)
            {
                encoding = .object(innerFields)
                type = .named(qualified)
            } else {
                return nil
            }
            fields.append(
                SwiftBodyField(
                    name: property.jsonName, swiftName: property.swiftName, type: type,
                    isOptional: !property.isRequired && property.defaultValue == nil,
                    hasDefault: property.defaultValue != nil, encoding: encoding))
        }
        return fields
    }

    /// The struct a property's type names, and its name as written from outside: a type nested in the parent
    /// (`Filter.Size`) or a component.
    func objectStruct(_ typeName: String, in parent: SwiftStruct, named parentName: String) -> (
        SwiftStruct, String
    )? {
        for case .structure(let inner) in parent.nested where inner.name == typeName {
            return (inner, parentName + "." + typeName)
        }
        return bodyStructs[typeName].map { ($0, typeName) }
    }

    /// Whether a parameter's (or element's) mapped type prints itself: a scalar, or a string enum (declared inline,
    /// which is then kept, or a component).
    mutating func acceptsScalar(_ type: SwiftType, nested: [SwiftDeclaration], schema: Schema?) -> Bool {
        let scalars: Set<String> = ["String", "Int", "Int32", "Int64", "Double", "Bool"]
        guard case .named(let name) = type else { return false }
        if scalars.contains(name) { return true }
        if nested.count == 1, case .openEnum = nested[0] {
            topLevelNames.insert(name)
            inlineDeclarations.append(contentsOf: nested)
            return true
        }
        if let ref = schema?.ref, let target = componentSchemas[ref] {
            // A component that is a string enum, or an alias of a scalar (`coordinate: {type: integer}`).
            if stringEnumCases(target) != nil { return true }
            let types = target.types?.filter { $0 != .null } ?? []
            if types.count == 1, [.string, .integer, .number, .boolean].contains(types[0]),
                target.format != "date-time",
                target.format != "binary", target.format != "byte", target.oneOf.isEmpty, target.anyOf.isEmpty
            {
                return true
            }
        }
        return openEnumNames.contains(name)
    }

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
        case .form, .multipart:
            let type = bodyType(requestBody.schema, suggestedName: suggestedName)
            let isForm = requestBody.kind == .form
            guard case .named(let name) = type, let structure = bodyStructs[name] else {
                error(
                    "a \(requestBody.contentType) body must be an object schema with properties, one field each",
                    at: requestBody.schema)
                return SwiftBody(type: type, isRequired: requestBody.required)
            }
            var fields: [SwiftBodyField] = []
            for property in structure.properties {
                let optional = !property.isRequired && property.defaultValue == nil
                let encoding: SwiftBodyField.Encoding
                if property.decoding != .standard {
                    encoding = .json
                } else if property.type == .named("Data") {
                    encoding = .file
                } else if printsItself(property.type) {
                    encoding = .text
                } else if case .array(let element) = property.type, printsItself(element) {
                    encoding = .texts
                } else {
                    encoding = .json
                }
                if isForm, encoding == .json || encoding == .file {
                    error(
                        "form field '\(property.jsonName)' must be a string, number, boolean, enum or an array of "
                            + "these; use multipart/form-data for files and objects",
                        at: requestBody.schema)
                }
                fields.append(
                    SwiftBodyField(
                        name: property.jsonName, swiftName: property.swiftName, type: property.type,
                        isOptional: optional, hasDefault: property.defaultValue != nil, encoding: encoding))
            }
            return SwiftBody(
                type: type, isRequired: requestBody.required, kind: isForm ? .form(fields) : .multipart(fields))
        }
    }

    /// Whether a value of the type prints itself into a query or a text part: a scalar, a date or an open enum.
    func printsItself(_ type: SwiftType) -> Bool {
        guard case .named(let name) = type else { return false }
        return ["String", "Int", "Int32", "Int64", "Double", "Bool", "Date"].contains(name)
            || openEnumNames.contains(name)
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
