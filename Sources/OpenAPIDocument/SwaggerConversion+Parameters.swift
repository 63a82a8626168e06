import APISpecCore

/// Parameters and request bodies: a Swagger parameter's value keys as a `schema`, body and form parameters as
/// the request body.
extension SwaggerConversion {
    // MARK: - Parameters

    /// A `$ref` to one of the document's parameters replaced by the parameter; any other node as it is.
    func resolved(_ node: SourceNode) -> SourceNode {
        guard let reference = node.member("$ref")?.scalar?.text, reference.hasPrefix("#/parameters/") else {
            return node
        }
        let name = JSONPointer.unescape(reference.dropFirst("#/parameters/".count))
        return sharedParameters[name] ?? node
    }

    func isBodyOrForm(_ node: SourceNode) -> Bool {
        let location = resolved(node).member("in")?.scalar?.text
        return location == "body" || location == "formData"
    }

    /// A parameter's name and place, which an operation's parameter shares with the path item's it replaces.
    func identity(of node: SourceNode) -> String? {
        let parameter = resolved(node)
        guard let name = parameter.member("name")?.scalar?.text, let place = parameter.member("in")?.scalar?.text
        else { return nil }
        // Every body parameter is the body, whatever its name.
        return place == "body" ? "body" : place + "/" + name
    }

    /// `components.parameters`: the document's parameters but its body and form ones, which the operations that
    /// name them take in.
    mutating func parameterComponents(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let pairs, let position) = node else { return node }
        let kept = pairs.filter { !isBodyOrForm($0.value) }
        return .mapping(kept.map { SourcePair(key: $0.key, value: parameter($0.value)) }, position)
    }

    /// Keys of a Swagger parameter, header or items object that belong to the schema in OpenAPI 3.
    static let schemaKeys: Set<String> = [
        "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
        "x-nullable",
    ]

    /// A query, path or header parameter: its value's keys moved into a `schema`, its `collectionFormat` said as
    /// `style` and `explode`.
    mutating func parameter(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let entries, let position) = node, node.member("$ref") == nil else { return node }
        let (rest, schema, format) = split(entries)
        guard !schema.isEmpty else { return node }
        var result = rest
        result.append(Self.pair("schema", .mapping(schema, position), at: position))
        if node.member("type")?.scalar?.text == "array" {
            result += style(format, in: node.member("in")?.scalar?.text ?? "", at: position)
        }
        return .mapping(result, position)
    }

    /// A parameter's or header's entries: those of its schema (`items` made a schema), its `collectionFormat`, and
    /// the rest.
    mutating func split(_ entries: [SourcePair]) -> (
        rest: [SourcePair], schema: [SourcePair], format: SourcePair?
    ) {
        var rest: [SourcePair] = []
        var schema: [SourcePair] = []
        var format: SourcePair?
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            if key == "collectionFormat" {
                format = entry
            } else if key == "items" {
                schema.append(SourcePair(key: entry.key, value: items(entry.value)))
            } else if Self.schemaKeys.contains(key) {
                schema.append(entry)
            } else {
                rest.append(entry)
            }
        }
        return (rest, schema, format)
    }

    /// An array parameter's `style` and `explode` for its `collectionFormat` (`csv` when it has none).
    mutating func style(_ format: SourcePair?, in place: String, at position: SourcePosition) -> [SourcePair] {
        let name = format?.value.scalar?.text ?? "csv"
        let at = format?.key.position ?? position
        func said(_ style: String, explode: Bool) -> [SourcePair] {
            [
                Self.pair("style", Self.string(style, at: at), at: at),
                Self.pair("explode", Self.bool(explode, at: at), at: at),
            ]
        }
        switch (place, name) {
        // Path and header parameters are `simple`, comma-separated, in OpenAPI 3 by default.
        case ("path", "csv"), ("header", "csv"): return []
        case ("query", "csv"), ("formData", "csv"): return said("form", explode: false)
        case ("query", "multi"), ("formData", "multi"): return said("form", explode: true)
        case ("query", "ssv"): return said("spaceDelimited", explode: false)
        case ("query", "pipes"): return said("pipeDelimited", explode: false)
        default:
            if let format {
                warn(
                    "collectionFormat '\(name)' of a \(place) parameter has no OpenAPI 3 equivalent; csv is used",
                    format)
            }
            return place == "query" || place == "formData" ? said("form", explode: false) : []
        }
    }

    /// An items object as a schema: `collectionFormat`, which only parameters have, left out.
    mutating func items(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let entries, let position) = node else { return node }
        var result: [SourcePair] = []
        for entry in entries {
            switch entry.key.scalar?.text {
            case "collectionFormat":
                warn("a 'collectionFormat' of nested items has no OpenAPI 3 equivalent; it is ignored", entry)
            case "items": result.append(SourcePair(key: entry.key, value: items(entry.value)))
            default: result.append(entry)
            }
        }
        return .mapping(result, position)
    }

    // MARK: - Request bodies

    static let formTypes: Set<String> = ["application/x-www-form-urlencoded", "multipart/form-data"]

    /// The request body a `body` parameter or `formData` parameters say, nil when there are none.
    mutating func requestBody(_ parameters: [SourceNode], consumes: [String]) -> SourceNode? {
        guard let first = parameters.first else { return nil }
        let position = first.position
        if let body = parameters.last(where: { $0.member("in")?.scalar?.text == "body" }) {
            // Under each media type consumed (a form too: the schema then says the form's fields).
            let types = consumes.isEmpty ? ["application/json"] : consumes
            var result: [SourcePair] = []
            for entry in body.mapping ?? [] {
                switch entry.key.scalar?.text {
                case "description", "required": result.append(entry)
                case let key? where key.hasPrefix("x-"): result.append(entry)
                default: break
                }
            }
            let schema = body.member("schema") ?? .mapping([], body.position)
            result.append(Self.pair("content", content(types, schema: schema, at: body.position), at: body.position))
            return .mapping(result, body.position)
        }
        var properties: [SourcePair] = []
        var required: [SourceNode] = []
        var encoding: [SourcePair] = []
        var hasFile = false
        for parameter in parameters {
            guard case .mapping(let entries, let at) = parameter, let name = parameter.member("name")?.scalar else {
                continue
            }
            hasFile = hasFile || parameter.member("type")?.scalar?.text == "file"
            if parameter.member("required")?.scalar?.value == .bool(true) {
                required.append(Self.string(name.text, at: name.position))
            }
            // The property's schema is what the parameter says of its value, and its description.
            var (rest, schema, format) = split(entries)
            schema += rest.filter { $0.key.scalar?.text == "description" }
            properties.append(Self.pair(name.text, .mapping(schema, at), at: name.position))
            if parameter.member("type")?.scalar?.text == "array" {
                let style = style(format, in: "formData", at: at)
                encoding.append(Self.pair(name.text, .mapping(style, at), at: name.position))
            }
        }
        var types = consumes.filter(Self.formTypes.contains)
        if types.isEmpty { types = [hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded"] }
        var object = [Self.pair("type", Self.string("object", at: position), at: position)]
        object.append(Self.pair("properties", .mapping(properties, position), at: position))
        if !required.isEmpty { object.append(Self.pair("required", .sequence(required, position), at: position)) }
        var content = content(types, schema: .mapping(object, position), at: position)
        if !encoding.isEmpty, case .mapping(let media, _) = content {
            content = .mapping(
                media.map { media in
                    guard case .mapping(var fields, let at) = media.value else { return media }
                    fields.append(Self.pair("encoding", .mapping(encoding, position), at: position))
                    return SourcePair(key: media.key, value: .mapping(fields, at))
                }, position)
        }
        var body = [Self.pair("content", content, at: position)]
        if !required.isEmpty { body.append(Self.pair("required", Self.bool(true, at: position), at: position)) }
        return .mapping(body, position)
    }

    /// A `content` mapping with `schema` under each media type (and `example` where `examples` has one for it).
    func content(
        _ types: [String], schema: SourceNode?, examples: [SourcePair] = [], at position: SourcePosition
    ) -> SourceNode {
        var types = types
        for example in examples {
            if let type = example.key.scalar?.text, !types.contains(type) { types.append(type) }
        }
        let media = types.map { type -> SourcePair in
            var fields: [SourcePair] = []
            if let schema { fields.append(Self.pair("schema", schema, at: schema.position)) }
            if let example = examples.first(where: { $0.key.scalar?.text == type }) {
                fields.append(Self.pair("example", example.value, at: example.key.position))
            }
            return Self.pair(type, .mapping(fields, position), at: position)
        }
        return .mapping(media, position)
    }
}
