import APISpecCore

/// Schemas: what Swagger 2.0 writes otherwise than OpenAPI 3.0 in every schema, and references into the moved
/// sections.
extension SwaggerConversion {
    // MARK: - Schemas

    /// Keys whose value maps names (of properties, schemas, media types…) to what they name, rather than keywords
    /// to values.
    static let nameMaps: Set<String> = [
        "properties", "patternProperties", "schemas", "definitions", "$defs", "dependentSchemas", "parameters",
        "responses", "headers", "securitySchemes", "content", "paths", "requestBodies", "encoding", "scopes",
    ]

    /// Keys whose value is data, never a schema.
    static let dataKeys: Set<String> = ["example", "examples", "default", "enum", "const"]

    /// The tree with what Swagger 2.0's schemas write otherwise than OpenAPI 3.0's rewritten: `discriminator: kind`
    /// as `discriminator: {propertyName: kind}`, `x-nullable` as `nullable`, `type: file` as a binary string; and
    /// with `rewritingReferences`, the `$ref`s into the document's `definitions`, `parameters` and `responses`
    /// pointed at `components`. Data (`example`, `default`, `enum`, extensions) is left as it is, and so are the
    /// names of properties and other named things. Recursion follows the tree's depth, which the parsers bound.
    static func schemas(in node: SourceNode, rewritingReferences: Bool, names: Bool = false) -> SourceNode {
        switch node {
        case .scalar, .alias: return node
        case .sequence(let elements, let position):
            return .sequence(elements.map { schemas(in: $0, rewritingReferences: rewritingReferences) }, position)
        case .mapping(let pairs, let position):
            if names {
                return .mapping(
                    pairs.map {
                        SourcePair(key: $0.key, value: schemas(in: $0.value, rewritingReferences: rewritingReferences))
                    },
                    position)
            }
            var result: [SourcePair] = []
            result.reserveCapacity(pairs.count)
            for pair in pairs {
                let key = pair.key.scalar?.text ?? ""
                switch (key, pair.value) {
                case ("x-nullable", _):
                    result.append(SourcePair(key: renamedKey(pair.key, "nullable"), value: pair.value))
                case ("discriminator", .scalar(let name)):
                    let property = Self.pair("propertyName", .scalar(name), at: name.position)
                    result.append(SourcePair(key: pair.key, value: .mapping([property], name.position)))
                case ("type", .scalar(let type)) where type.text == "file":
                    result.append(SourcePair(key: pair.key, value: string("string", at: type.position)))
                    if node.member("format") == nil {
                        result.append(Self.pair("format", string("binary", at: type.position), at: pair.key.position))
                    }
                case ("$ref", .scalar(let reference)) where rewritingReferences:
                    result.append(SourcePair(key: pair.key, value: .scalar(componentReference(reference))))
                default:
                    if dataKeys.contains(key) || key.hasPrefix("x-") {
                        result.append(pair)
                    } else {
                        let value = schemas(
                            in: pair.value, rewritingReferences: rewritingReferences, names: nameMaps.contains(key))
                        result.append(SourcePair(key: pair.key, value: value))
                    }
                }
            }
            return .mapping(result, position)
        }
    }

    /// `#/definitions/Pet` as `#/components/schemas/Pet` (and the document's parameters and responses likewise);
    /// any other reference as it is.
    static func componentReference(_ reference: SourceScalar) -> SourceScalar {
        guard reference.text.hasPrefix("#/") else { return reference }
        var result = reference
        result.text = "#" + componentPointer(String(reference.text.dropFirst()))
        return result
    }

    /// A pointer into the Swagger document (`/definitions/Pet`) as the pointer to the same place in the converted
    /// one (`/components/schemas/Pet`); any other pointer as it is.
    static func componentPointer(_ pointer: String) -> String {
        for (from, to) in sectionMoves where pointer.hasPrefix(from) {
            return to + pointer.dropFirst(from.count)
        }
        return pointer
    }

    /// A pointer into the converted document as the pointer to the same section of the Swagger one: the inverse of
    /// `componentPointer`.
    static func swaggerPointer(_ pointer: String) -> String {
        for (to, from) in sectionMoves where pointer.hasPrefix(from) {
            return to + pointer.dropFirst(from.count)
        }
        return pointer
    }

    /// The sections of a Swagger document and where OpenAPI 3 has them.
    private static let sectionMoves = [
        ("/definitions/", "/components/schemas/"), ("/parameters/", "/components/parameters/"),
        ("/responses/", "/components/responses/"),
    ]
}
