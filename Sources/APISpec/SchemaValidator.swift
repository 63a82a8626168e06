import Foundation

/// Which schema of a document an instance is checked against.
public enum SchemaRef: Sendable, Hashable, CustomStringConvertible {
    /// A schema under `components/schemas`, by name.
    case component(String)
    /// The body schema of an operation's response, by `operationId` and status (`"200"`, `"default"`).
    case response(operationID: String, status: String)
    /// The request body schema of an operation, by `operationId`.
    case requestBody(operationID: String)

    /// How the reference reads in messages.
    public var description: String {
        switch self {
        case .component(let name): "schema '\(name)'"
        case .response(let id, let status): "the \(status) response of '\(id)'"
        case .requestBody(let id): "the request body of '\(id)'"
        }
    }
}

/// The schema an instance was asked to be checked against does not exist.
public struct SchemaLookupError: Error, Sendable, CustomStringConvertible {
    /// What was asked for and why it was not found.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// One way an instance fails its schema.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// The failing value's JSON pointer in the instance (`/members/0/id`; `""` is the whole instance).
    public var instancePath: String
    /// The keyword that failed (`type`, `required`, …).
    public var keyword: String
    /// A plain sentence.
    public var message: String
    /// Where the failing schema stands in the spec.
    public var schemaLocation: SourceLocation
    /// The failing schema's path in the spec.
    public var schemaPath: String

    /// `<pointer>: message (schema at file:line:col)`.
    public var description: String {
        "\(instancePath.isEmpty ? "/" : instancePath): \(message) (schema at \(schemaLocation))"
    }
}

extension Document {
    /// The schema that `reference` names.
    public func schema(for reference: SchemaRef) throws(SchemaLookupError) -> Schema {
        switch reference {
        case .component(let name):
            guard let named = schema(named: name) else {
                let hint = Suggestion.hint(for: name, among: schemas.map(\.name))
                throw SchemaLookupError(message: "no schema named '\(name)' in components/schemas\(hint)")
            }
            return named.schema
        case .response(let id, let status):
            let operation = try operation(forLookup: id)
            guard let response = operation.response(status: status) ?? operation.response(status: "default") else {
                let statuses = operation.responses.map(\.status).joined(separator: ", ")
                throw SchemaLookupError(message: "operation '\(id)' has no \(status) response (it has \(statuses))")
            }
            guard let schema = response.schema else {
                throw SchemaLookupError(message: "the \(response.status) response of '\(id)' has no JSON body")
            }
            return schema
        case .requestBody(let id):
            guard let body = try operation(forLookup: id).requestBody else {
                throw SchemaLookupError(message: "operation '\(id)' has no request body")
            }
            return body.schema
        }
    }

    private func operation(forLookup id: String) throws(SchemaLookupError) -> APIOperation {
        guard let operation = operation(id: id) else {
            let hint = Suggestion.hint(for: id, among: operations.compactMap(\.operationID))
            throw SchemaLookupError(message: "no operation with operationId '\(id)'\(hint)")
        }
        return operation
    }

    /// Checks `json` against the schema `reference` names with JSON Schema 2020-12 semantics and returns every
    /// violation (an empty array when the instance is valid). `format` is an annotation and never fails.
    public func validate(_ json: JSONValue, against reference: SchemaRef) throws(SchemaLookupError) -> [Violation] {
        let schema = try schema(for: reference)
        var validator = SchemaValidator(document: self)
        validator.check(json, against: schema, at: "")
        return validator.violations
    }

    /// Checks `json` against `schema` (a schema of this document) and returns every violation.
    public func validate(_ json: JSONValue, against schema: Schema) -> [Violation] {
        var validator = SchemaValidator(document: self)
        validator.check(json, against: schema, at: "")
        return validator.violations
    }
}

/// Checks JSON instances against the schemas of a document.
struct SchemaValidator {
    let document: Document
    private(set) var violations: [Violation] = []
    private var schemasByName: [String: Schema]
    private var patterns: [String: NSRegularExpression] = [:]

    init(document: Document) {
        self.document = document
        self.schemasByName = Dictionary(
            document.schemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
    }

    private mutating func fail(_ pointer: String, _ keyword: String, _ message: String, _ schema: Schema) {
        violations.append(
            Violation(
                instancePath: pointer, keyword: keyword, message: message, schemaLocation: schema.location,
                schemaPath: schema.path))
    }

    /// Whether `value` is valid, without recording anything (for `oneOf`, `anyOf`).
    private mutating func isValid(_ value: JSONValue, against schema: Schema, at pointer: String) -> Bool {
        var nested = SchemaValidator(document: document, schemasByName: schemasByName, patterns: patterns)
        nested.check(value, against: schema, at: pointer)
        patterns = nested.patterns
        return nested.violations.isEmpty
    }

    private init(document: Document, schemasByName: [String: Schema], patterns: [String: NSRegularExpression]) {
        self.document = document
        self.schemasByName = schemasByName
        self.patterns = patterns
    }

    static func escape(_ token: String) -> String { JSONPointer.escape(token) }

    mutating func check(_ value: JSONValue, against schema: Schema, at pointer: String) {
        if let ref = schema.ref, let target = schemasByName[ref] {
            check(value, against: target, at: pointer)
        }
        if let types = schema.types, !types.contains(where: { Self.matches(value, $0) }) {
            let expected = types.map(\.rawValue).joined(separator: " or ")
            fail(pointer, "type", "expected \(expected), found \(Self.describe(value))", schema)
            // Keywords of other types do not apply; nothing more useful can be said about this value.
            return
        }
        if let values = schema.enumValues, !values.contains(where: { $0.isJSONEqual(to: value) }) {
            let allowed = values.map(\.jsonText).joined(separator: ", ")
            fail(pointer, "enum", "\(value.jsonText) is not one of the allowed values: \(allowed)", schema)
        }
        if let constant = schema.constValue, !constant.isJSONEqual(to: value) {
            fail(pointer, "const", "expected \(constant.jsonText), found \(value.jsonText)", schema)
        }
        switch value {
        case .object(let members): checkObject(members, against: schema, at: pointer)
        case .array(let elements):
            if let items = schema.items {
                for (index, element) in elements.enumerated() {
                    check(element, against: items, at: "\(pointer)/\(index)")
                }
            }
        case .string(let string): checkString(string, against: schema, at: pointer)
        case .integer(let number): checkNumber(Double(number), against: schema, at: pointer)
        case .number(let number): checkNumber(number, against: schema, at: pointer)
        case .bool, .null: break
        }
        for member in schema.allOf {
            check(value, against: member, at: pointer)
        }
        if !schema.anyOf.isEmpty, !schema.anyOf.contains(where: { isValid(value, against: $0, at: pointer) }) {
            fail(pointer, "anyOf", "matches none of the \(schema.anyOf.count) schemas of anyOf", schema)
        }
        if !schema.oneOf.isEmpty {
            let matching = schema.oneOf.filter { isValid(value, against: $0, at: pointer) }.count
            if matching != 1 {
                let how = matching == 0 ? "none" : "\(matching)"
                fail(
                    pointer, "oneOf",
                    "matches \(how) of the \(schema.oneOf.count) schemas of oneOf; exactly one must match", schema)
            }
        }
    }

    private mutating func checkObject(_ members: [String: JSONValue], against schema: Schema, at pointer: String) {
        for name in schema.required where members[name] == nil {
            fail(pointer, "required", "missing required property '\(name)'", schema)
        }
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            let childPointer = "\(pointer)/\(Self.escape(key))"
            if let property = schema.property(key) {
                check(value, against: property.schema, at: childPointer)
                continue
            }
            switch schema.additionalProperties {
            case .allowed: break
            case .forbidden:
                let hint = Suggestion.hint(for: key, among: schema.properties.map(\.name))
                fail(childPointer, "additionalProperties", "property '\(key)' is not allowed\(hint)", schema)
            case .schema(let additional):
                check(value, against: additional, at: childPointer)
            }
        }
    }

    private mutating func checkString(_ string: String, against schema: Schema, at pointer: String) {
        let length = string.unicodeScalars.count
        if let minimum = schema.minLength, length < minimum {
            fail(pointer, "minLength", "is \(length) characters long, shorter than the minimum of \(minimum)", schema)
        }
        if let maximum = schema.maxLength, length > maximum {
            fail(pointer, "maxLength", "is \(length) characters long, longer than the maximum of \(maximum)", schema)
        }
        if let pattern = schema.pattern, let expression = regularExpression(pattern) {
            let range = NSRange(string.startIndex..., in: string)
            if expression.firstMatch(in: string, range: range) == nil {
                fail(
                    pointer, "pattern", "\(JSONValue.string(string).jsonText) does not match the pattern \(pattern)",
                    schema)
            }
        }
    }

    private mutating func regularExpression(_ pattern: String) -> NSRegularExpression? {
        if let cached = patterns[pattern] { return cached }
        let expression = try? NSRegularExpression(pattern: pattern)
        patterns[pattern] = expression
        return expression
    }

    private mutating func checkNumber(_ number: Double, against schema: Schema, at pointer: String) {
        let text = JSONValue.number(number).jsonText
        if let minimum = schema.minimum, number < minimum {
            fail(
                pointer, "minimum", "\(text) is less than the minimum of \(JSONValue.number(minimum).jsonText)", schema)
        }
        if let maximum = schema.maximum, number > maximum {
            fail(
                pointer, "maximum", "\(text) is greater than the maximum of \(JSONValue.number(maximum).jsonText)",
                schema)
        }
        if let minimum = schema.exclusiveMinimum, number <= minimum {
            fail(
                pointer, "exclusiveMinimum", "\(text) must be greater than \(JSONValue.number(minimum).jsonText)",
                schema)
        }
        if let maximum = schema.exclusiveMaximum, number >= maximum {
            fail(pointer, "exclusiveMaximum", "\(text) must be less than \(JSONValue.number(maximum).jsonText)", schema)
        }
    }

    static func matches(_ value: JSONValue, _ type: JSONType) -> Bool {
        switch (type, value.jsonType) {
        case (.number, .integer), (.number, .number): true
        case (let expected, let actual): expected == actual
        }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .integer, .number: "\(value.jsonType == .integer ? "integer" : "number") \(value.jsonText)"
        case .string(let string):
            "string \(JSONValue.string(string.count > 40 ? String(string.prefix(40)) + "…" : string).jsonText)"
        case .array(let elements): "an array of \(elements.count)"
        case .object: "an object"
        }
    }
}
