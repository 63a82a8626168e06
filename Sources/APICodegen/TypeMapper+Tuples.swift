// Arrays of fixed positions (`prefixItems`, or JSON Schema draft 4's `items` written as a list): what Pydantic writes
// for a Python tuple (`tuple[str, int]` is `{prefixItems: [{type: string}, {type: integer}], minItems: 2, maxItems:
// 2}`). Swift's tuples are not `Codable`, so such an array is a struct of its elements, `item0`, `item1`, …, decoded
// from and encoded to the JSON array in order. The validator reads the document itself and checks every keyword.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    /// Whether the schema is an array of fixed positions the generator makes a struct of: `prefixItems` is its only
    /// keyword without a Swift type, and it says nothing that would make it another kind of value.
    func isTuple(_ schema: Schema) -> Bool {
        !schema.prefixItems.isEmpty && schema.untypedKeywords.count == 1 && schema.untypedKeywords["prefixItems"] != nil
            && (schema.types.map { Set($0).subtracting([.null]) == [.array] } ?? true) && schema.ref == nil
            && schema.properties.isEmpty
            && schema.allOf.isEmpty && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.enumValues == nil
            && schema.constValue == nil && schema.prefixItems.count <= Self.maximumTupleElements
    }

    /// More positions than anyone writes by hand: a longer list is held as `JSONValue`, with the usual warning.
    static let maximumTupleElements = 64

    /// The struct of a tuple schema (`isTuple`): one property per position, optional from `minItems` on (a JSON
    /// array may end early), and `rest` for the elements after them unless `items: false` or `maxItems` rule those
    /// out.
    mutating func tupleStructure(for schema: Schema, named name: String) -> SwiftStruct {
        var nested: [SwiftDeclaration] = []
        var nestedNames: SwiftNames = [name]
        var properties: [SwiftProperty] = []
        let required = schema.minItems ?? 0
        for (index, elementSchema) in schema.prefixItems.enumerated() {
            let element = containedType(
                for: elementSchema, suggestedName: "Item\(index)", as: ("tuple elements", "elements"),
                nested: &nested, taken: &nestedNames)
            properties.append(
                SwiftProperty(
                    jsonName: "", swiftName: "item\(index)", type: element.type,
                    isRequired: index < required && !element.isNullable,
                    defaultValue: nil, pendingDefault: nil, decoding: .standard,
                    documentation: elementSchema.description ?? elementSchema.title ?? "The element at index \(index).",
                    isDeprecated: elementSchema.deprecated, isReadOnly: false))
        }
        // `items: false` is the schema that allows nothing (an empty `enum`).
        let forbidsMore =
            schema.items?.enumValues == [] || (schema.maxItems.map { $0 <= schema.prefixItems.count } ?? false)
        if !forbidsMore {
            var restType: SwiftType = .named("JSONValue")
            if let items = schema.items {
                restType =
                    containedType(
                        for: items, suggestedName: "Rest", as: ("tuple elements", "elements"), nested: &nested,
                        taken: &nestedNames
                    ).optionalIfNullable
            }
            properties.append(
                SwiftProperty(
                    jsonName: "", swiftName: "rest", type: .array(restType), isRequired: false, defaultValue: "[]",
                    pendingDefault: nil, decoding: .standard,
                    documentation: "The elements after the first \(schema.prefixItems.count).", isDeprecated: false,
                    isReadOnly: false))
        }
        return SwiftStruct(
            name: name, documentation: schema.description ?? schema.title, isDeprecated: schema.deprecated,
            specPath: schema.path, properties: properties, nested: nested, mayBeIdentifiable: false, isTuple: true,
            tupleHasRest: !forbidsMore)
    }
}
