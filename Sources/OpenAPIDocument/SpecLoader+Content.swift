import APISpecCore
import Foundation

/// Bodies: the media types of request bodies and responses, a form's or multipart body's `encoding`, the items of
/// streams, and response headers.
extension SpecLoader {
    /// The media type generated for, its schema and its node, from a `content` mapping: the first JSON one, else
    /// form, multipart, text, bytes (see `MediaKind.preference`); nil for an empty mapping.
    mutating func readContent(_ node: SpecNode) throws -> (String, Schema?, media: SpecNode)? {
        let entries = try entries(node, of: "'content'") ?? []
        let best = entries.enumerated().min { lhs, rhs in
            let left = MediaKind(mediaType: lhs.element.key).preference
            let right = MediaKind(mediaType: rhs.element.key).preference
            return (left, lhs.offset) < (right, rhs.offset)
        }?.element
        guard let entry = best else { return nil }
        var schema: Schema?
        var itemSchema: SpecNode?
        for field in try self.entries(entry.value, of: "a media type") ?? [] {
            switch field.key {
            // `schema: null`, as programs that write specs put it, says there is none.
            case "schema" where scalarValue(field.value) != .null: schema = try readSchema(field.value, depth: 0)
            case "itemSchema": itemSchema = field.value
            default: break
            }
        }
        if let itemSchema {
            schema = try streamSchema(itemSchema, mediaType: entry.key) ?? schema
        }
        return (entry.key, schema, entry.value)
    }

    /// A form or multipart media type's `encoding`: how each property is written, by property name. It only
    /// refines how a body is written, so a value of the wrong kind is a warning and is ignored, never an error.
    mutating func readEncodings(_ media: SpecNode) throws -> [String: RequestBody.PropertyEncoding] {
        guard let node = try member(media, "encoding") else { return [:] }
        guard node.node.mapping != nil else {
            if scalarValue(node) != .null {
                warning(
                    "'encoding' must be a mapping of property names, found \(node.kindName); it is ignored", at: node)
            }
            return [:]
        }
        var encodings: [String: RequestBody.PropertyEncoding] = [:]
        for property in try entries(node, of: "'encoding'") ?? [] {
            guard property.value.node.mapping != nil else {
                warning(
                    "the encoding of '\(property.key)' must be a mapping, found \(property.value.kindName); it is "
                        + "ignored", at: property.value)
                continue
            }
            var encoding = RequestBody.PropertyEncoding(location: property.keyLocation, path: property.value.pathString)
            for field in try entries(property.value, of: "the encoding of '\(property.key)'") ?? [] {
                func ignored(_ expected: String) {
                    warning(
                        "expected \(expected) for an encoding's '\(field.key)', found \(describe(field.value)); it is "
                            + "ignored", at: field.value)
                }
                switch field.key {
                case "contentType", "style":
                    guard let text = field.value.scalar else {
                        ignored("a string")
                        break
                    }
                    if field.key == "style" { encoding.style = text } else { encoding.contentType = text }
                case "explode":
                    guard case .bool(let value) = scalarValue(field.value) else {
                        ignored("true or false")
                        break
                    }
                    encoding.explode = value
                // Reserved characters are always percent-encoded, which every server reads as the same text; a
                // part's headers are not generated.
                case "allowReserved", "headers": break
                default:
                    let known = ["contentType", "headers", "style", "explode", "allowReserved"]
                    warnUnknownKey(field, in: "an encoding", known: known)
                }
            }
            encodings[property.key] = encoding
        }
        return encodings
    }

    /// OpenAPI 3.2's `itemSchema`, the schema of each item of a sequential media type, as the schema this loader
    /// gives a body that streams (the schema of an element): an item of JSON Lines or a JSON sequence is the
    /// element; an item of an event stream is the event, whose `data` is the element, as its `contentSchema`
    /// says (text when it says nothing). The event and its `data` may each be a `$ref` (to a component, another
    /// file, or a URI under `$self`). Nil, with a warning, for a media type that does not stream.
    mutating func streamSchema(_ itemSchema: SpecNode, mediaType: String) throws -> Schema? {
        switch MediaKind(mediaType: mediaType) {
        case .jsonLines, .jsonSequence:
            return try readSchema(itemSchema, depth: 0)
        case .eventStream:
            if let event = try follow(itemSchema), let properties = try member(event, "properties"),
                let dataNode = try member(properties, "data"), let data = try follow(dataNode),
                let content = try member(data, "contentSchema")
            {
                return try readSchema(content, depth: 0)
            }
            var text = Schema(location: itemSchema.location, path: itemSchema.pathString)
            text.types = [.string]
            return text
        default:
            warning(
                "'itemSchema' describes the items of a sequential media type, which '\(mediaType)' is not; it is "
                    + "ignored", at: itemSchema)
            return nil
        }
    }

    mutating func readRequestBody(_ node: SpecNode) throws -> RequestBody? {
        guard let resolved = try resolveComponent(node, kind: "requestBodies"),
            let fields = try entries(resolved, of: "'requestBody'")
        else { return nil }
        var required = false
        var description: String?
        var content: (String, Schema?, media: SpecNode)?
        var contentNode: SpecNode?
        for entry in fields {
            switch entry.key {
            case "required": required = bool(entry.value, of: "'requestBody.required'") ?? false
            case "description": description = string(entry.value, of: "'requestBody.description'")
            case "content":
                contentNode = entry.value
                content = try readContent(entry.value)
            default: warnUnknownKey(entry, in: "a request body", known: ["required", "description", "content"])
            }
        }
        guard let contentNode else {
            error("a request body needs 'content'", at: resolved)
            return nil
        }
        guard let (contentType, declared, media) = content else {
            error("a request body needs at least one media type in 'content'", at: contentNode)
            return nil
        }
        // A media type without a schema allows any body (JSON of any shape, any text, any bytes).
        let schema = declared ?? Schema(location: contentNode.location, path: contentNode.pathString)
        var body = RequestBody(required: required, description: description, contentType: contentType, schema: schema)
        // `encoding` applies to forms and multipart bodies only, as OpenAPI says; elsewhere it is ignored.
        if body.kind == .form || body.kind == .multipart { body.encodings = try readEncodings(media) }
        return body
    }

    mutating func readResponses(_ node: SpecNode) throws -> [Response] {
        var responses: [Response] = []
        var sawStatus = false
        for entry in try entries(node, of: "'responses'") ?? [] {
            if entry.key.hasPrefix("x-") { continue }
            sawStatus = true
            // Not a status: no answer can have it, so nothing is generated for it, as for a key of `paths` that is
            // not a path.
            guard Self.isValidStatus(entry.key) else {
                warning(
                    "'\(entry.key)' is not a response status (a code from 100 to 599, a range such as 4XX, or "
                        + "'default'); nothing is generated for it",
                    at: entry.keyLocation, path: entry.value.pathString)
                continue
            }
            // A shared response is read once: every operation that refers to it gets the same value.
            let reference = try referenceTarget(of: entry.value)?.key
            if let reference, var shared = sharedResponses[reference] {
                shared.status = entry.key
                responses.append(shared)
                continue
            }
            var response = Response(status: entry.key, description: "", contentType: nil, schema: nil, headers: [])
            // `'200':` with nothing after it (go-swagger's users write it; Go and Java readers take it): the status
            // is documented, with nothing about its answer.
            if entry.value.node.scalar?.value == .null {
                warning(
                    "the response '\(entry.key)' is empty (null), though OpenAPI needs a 'description'; it is "
                        + "generated as an answer without a body", at: entry.value)
                responses.append(response)
                continue
            }
            guard let resolved = try resolveComponent(entry.value, kind: "responses"),
                let fields = try entries(resolved, of: "the response '\(entry.key)'")
            else { continue }
            for field in fields {
                switch field.key {
                case "description": response.description = string(field.value, of: "a response's 'description'") ?? ""
                case "content":
                    if let (contentType, schema, _) = try readContent(field.value) {
                        response.contentType = contentType
                        // A media type without a schema allows any body: it is a body all the same.
                        response.schema = schema ?? Schema(location: field.value.location, path: field.value.pathString)
                    }
                case "headers":
                    for header in try entries(field.value, of: "'headers'") ?? [] {
                        response.headers.append(try readHeader(header))
                    }
                case "links":
                    note(
                        "links are not generated: they stay documentation, and the answer is generated without them",
                        at: field.keyLocation, path: field.value.pathString)
                default: warnUnknownKey(field, in: "a response", known: ["description", "content", "headers", "links"])
                }
            }
            responses.append(response)
            if let reference { sharedResponses[reference] = response }
        }
        if !sawStatus && node.node.mapping != nil {
            warning(
                "an operation needs at least one response; it is generated with no documented answer", at: node)
        }
        return responses
    }

    static func isValidStatus(_ status: String) -> Bool {
        if status == "default" { return true }
        let characters = Array(status)
        guard characters.count == 3, let first = characters.first, ("1"..."5").contains(first) else { return false }
        if characters[1] == "X" && characters[2] == "X" { return true }
        return characters.allSatisfy(\.isASCII) && characters.allSatisfy(\.isNumber)
    }

    mutating func readHeader(_ header: SpecEntry) throws -> Response.Header {
        let reference = try referenceTarget(of: header.value)?.key
        if let reference, var shared = sharedHeaders[reference] {
            shared.name = header.key
            shared.location = header.keyLocation
            return shared
        }
        var result = Response.Header(name: header.key, description: nil, schema: nil, location: header.keyLocation)
        defer { if let reference { sharedHeaders[reference] = result } }
        guard let resolved = try resolveComponent(header.value, kind: "headers") else { return result }
        for field in try entries(resolved, of: "the header '\(header.key)'") ?? [] {
            switch field.key {
            case "description": result.description = string(field.value, of: "a header's 'description'")
            case "schema": result.schema = try readSchema(field.value, depth: 0)
            case "required": result.required = bool(field.value, of: "a header's 'required'") ?? false
            default:
                warnUnknownKey(
                    field, in: "a header",
                    known: [
                        "description", "schema", "required", "deprecated", "style", "explode", "example", "examples",
                        "content",
                    ])
            }
        }
        return result
    }
}
