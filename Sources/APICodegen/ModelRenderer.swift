/// Renders model declarations (`Models.swift`): structs, open enums, choice enums and aliases.
struct ModelRenderer {
    /// `public ` or empty.
    let access: String

    func render(_ declarations: [SwiftDeclaration], into writer: inout CodeWriter) {
        for (index, declaration) in declarations.enumerated() {
            if index > 0 { writer.line() }
            render(declaration, into: &writer)
        }
    }

    func render(_ declaration: SwiftDeclaration, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let value): render(value, into: &writer)
        case .openEnum(let value): render(value, into: &writer)
        case .choice(let value): render(value, into: &writer)
        case .alias(let name, let target, let documentation, let specPath):
            writer.documentation(paragraphs: [documentation, "Spec: `\(specPath)`."])
            writer.line("\(access)typealias \(name) = \(target.text)")
        }
    }

    private func header(
        _ keyword: String, _ name: String, conformances: String, documentation: String?, specPath: String,
        deprecated: Bool, into writer: inout CodeWriter
    ) -> String {
        writer.documentation(paragraphs: [documentation, "Spec: `\(specPath)`."])
        if deprecated { writer.line("@available(*, deprecated)") }
        return "\(access)\(keyword) \(name): \(conformances)"
    }

    func render(_ model: SwiftStruct, into writer: inout CodeWriter) {
        let conformances = "Codable, Hashable, " + (model.isIdentifiable ? "Identifiable, " : "") + "Sendable"
        let opening = header(
            "struct", model.name, conformances: conformances, documentation: model.documentation,
            specPath: model.specPath, deprecated: model.isDeprecated, into: &writer)
        writer.block(opening) { body in
            for property in model.properties {
                body.documentation(paragraphs: [
                    property.documentation, property.isDeprecated ? "- Note: Deprecated in the spec." : nil,
                ])
                if property.isBoxed {
                    renderBoxed(property, into: &body)
                } else {
                    let keyword = property.isReadOnly ? "let" : "var"
                    body.line("\(access)\(keyword) \(property.swiftName): \(property.declaredType)")
                }
            }
            if !model.properties.isEmpty { body.line() }
            renderInitializer(model, into: &body)
            if model.isTuple {
                body.line()
                renderTupleDecoder(model, into: &body)
                body.line()
                renderTupleEncoder(model, into: &body)
            } else {
                renderKeyedCoding(model, into: &body)
            }
            for nested in model.nested {
                body.line()
                render(nested, into: &body)
            }
        }
    }

    /// A struct's coding keys, and its `init(from:)` and `encode(to:)` where the synthesized ones do not do.
    private func renderKeyedCoding(_ model: SwiftStruct, into body: inout CodeWriter) {
        let keyed = model.keyedProperties
        if !keyed.isEmpty {
            body.line()
            // The members beyond these are the ones whose names no case has.
            let protocols = model.holdsAdditionalMembers ? "String, CodingKey, CaseIterable" : "String, CodingKey"
            body.block("enum CodingKeys: \(protocols)") { keys in
                for property in keyed {
                    let stored = Self.storedName(property)
                    keys.line(
                        SwiftNaming.bare(stored) == property.jsonName
                            ? "case \(stored)"
                            : "case \(stored) = \(property.jsonName.swiftLiteral)")
                }
            }
        }
        if model.properties.contains(where: \.needsCustomDecoding) {
            body.line()
            renderDecoder(model, into: &body)
        }
        if model.holdsAlternatives || model.holdsAdditionalMembers || model.leavesOutDefaults {
            body.line()
            renderEncoder(model, into: &body)
        }
    }

    private func renderInitializer(_ model: SwiftStruct, into writer: inout CodeWriter) {
        writer.line("/// Creates the value from its properties.")
        if model.properties.isEmpty {
            writer.line("\(access)init() {}")
            return
        }
        let parameters = model.properties.map { property in
            let defaultValue = property.isRequired ? "" : " = \(property.defaultValue ?? "nil")"
            return "\(property.swiftName): \(property.declaredType)\(defaultValue)"
        }
        let oneLine = "\(access)init(\(parameters.joined(separator: ", ")))"
        if oneLine.count + 4 <= 120 {
            writer.line(oneLine + " {")
        } else {
            // One parameter a line, so a new property adds one line to the diff instead of reflowing the block.
            writer.line("\(access)init(")
            for (index, parameter) in parameters.enumerated() {
                writer.line("    " + parameter + (index == parameters.count - 1 ? "" : ","))
            }
            writer.line(") {")
        }
        writer.indented { body in
            for property in model.properties {
                body.line(
                    "self.\(SwiftNaming.bare(Self.storedName(property))) = "
                        + Self.boxing(property, property.swiftName))
            }
        }
        writer.line("}")
    }

    /// A property on a cycle of struct types (`isBoxed`): stored as `_name` in an `Indirect` box, read and written
    /// as its plain type.
    private func renderBoxed(_ property: SwiftProperty, into body: inout CodeWriter) {
        let storage = "_" + SwiftNaming.bare(property.swiftName)
        let (get, set): (String, String) =
            switch (property.decoding, property.isRequired || property.defaultValue != nil) {
            case (.nullable, _): ("\(storage).map { $0.map(\\.value) }", "newValue.map { $0.map(Indirect.init) }")
            case (_, true): ("\(storage).value", "Indirect(newValue)")
            case (_, false): ("\(storage)?.value", "newValue.map(Indirect.init)")
            }
        if property.isReadOnly {
            body.line("\(access)var \(property.swiftName): \(property.declaredType) { \(get) }")
        } else {
            body.block("\(access)var \(property.swiftName): \(property.declaredType)") { accessors in
                accessors.line("get { \(get) }")
                accessors.line("set { \(storage) = \(set) }")
            }
        }
        body.line("private var \(storage): \(Self.storedType(property))")
    }

    /// The stored property's name: the property's, or `_name` for a boxed one.
    static func storedName(_ property: SwiftProperty) -> String {
        property.isBoxed ? "_" + SwiftNaming.bare(property.swiftName) : property.swiftName
    }

    /// The stored property's type: the declared type, with `Indirect<T>` for `T` when it is boxed.
    static func storedType(_ property: SwiftProperty) -> String {
        guard property.isBoxed else { return property.declaredType }
        let boxed = "Indirect<\(property.type.text)>"
        switch (property.decoding, property.isRequired || property.defaultValue != nil) {
        case (.nullable, _): return "Nullable<\(boxed)>?"
        case (_, true): return boxed
        case (_, false): return boxed + "?"
        }
    }

    /// `value` (of the property's declared type) as what its stored property holds.
    static func boxing(_ property: SwiftProperty, _ value: String) -> String {
        guard property.isBoxed else { return value }
        // An expression (`try … ?? …`) is bracketed before `.map`; a name is not.
        let operand = value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "`" } ? value : "(\(value))"
        switch (property.decoding, property.isRequired || property.defaultValue != nil) {
        case (.nullable, _): return "\(operand).map { $0.map(Indirect.init) }"
        case (_, true): return "Indirect(\(value))"
        case (_, false): return "\(operand).map(Indirect.init)"
        }
    }

    private func renderDecoder(_ model: SwiftStruct, into writer: inout CodeWriter) {
        writer.line("/// Decodes a `\(model.name)`, accepting the alternative forms the spec allows.")
        writer.block("\(access)init(from decoder: any Decoder) throws") { body in
            if !model.keyedProperties.isEmpty {
                body.line("let container = try decoder.container(keyedBy: CodingKeys.self)")
            }
            for property in model.properties {
                let target = "self.\(SwiftNaming.bare(Self.storedName(property)))"
                let key = ".\(Self.storedName(property))"
                let type = property.type.text
                let openEnumIfPresent =
                    "container.decodeIfPresent(String.self, forKey: \(key)).map(\(type).init(rawValue:))"
                // The dictionary of other members defaults to empty in the initializer; decoding always fills it.
                if let defaultValue = property.defaultValue, property.decoding != .additional {
                    let read =
                        switch property.decoding {
                        case .lenientBool: "container.decodeLenientBoolIfPresent(forKey: \(key))"
                        case .openEnum: openEnumIfPresent
                        case .standard, .nullable, .embedded, .additional:
                            "container.decodeIfPresent(\(type).self, forKey: \(key))"
                        }
                    body.line("\(target) = " + Self.boxing(property, "try \(read) ?? \(defaultValue)"))
                    continue
                }
                func assign(_ value: String) { body.line("\(target) = " + Self.boxing(property, value)) }
                switch (property.decoding, property.isRequired) {
                case (.lenientBool, true):
                    assign("try container.decodeLenientBool(forKey: \(key))")
                case (.lenientBool, false):
                    assign("try container.decodeLenientBoolIfPresent(forKey: \(key))")
                case (.nullable, _):
                    assign("try container.decodeNullable(\(type).self, forKey: \(key))")
                case (.openEnum, true):
                    assign("\(type)(rawValue: try container.decode(String.self, forKey: \(key)))")
                case (.openEnum, false):
                    assign("try \(openEnumIfPresent)")
                case (.standard, true):
                    assign("try container.decode(\(type).self, forKey: \(key))")
                case (.standard, false):
                    assign("try container.decodeIfPresent(\(type).self, forKey: \(key))")
                case (.embedded, _):
                    assign("try \(type)(from: decoder)")
                case (.additional, _):
                    assign("try decoder.decodeAdditionalMembers(beyond: CodingKeys.self)")
                }
            }
        }
    }

    /// `init(from:)` of a tuple: the elements in order from a JSON array; one the array ends before, or a `null`,
    /// is nil where the element is optional; the rest into `rest`.
    private func renderTupleDecoder(_ model: SwiftStruct, into writer: inout CodeWriter) {
        writer.line("/// Decodes the elements in order from a JSON array.")
        writer.block("\(access)init(from decoder: any Decoder) throws") { body in
            body.line("var container = try decoder.unkeyedContainer()")
            for (index, property) in model.properties.enumerated() {
                let target = "self.\(SwiftNaming.bare(Self.storedName(property)))"
                let type = property.type.text
                if model.tupleHasRest, index == model.properties.count - 1 {
                    let element = property.type.element.text
                    body.line("var rest: \(type) = []")
                    body.line("while !container.isAtEnd { rest.append(try container.decode(\(element).self)) }")
                    body.line("\(target) = " + Self.boxing(property, "rest"))
                } else if property.isRequired {
                    body.line("\(target) = " + Self.boxing(property, "try container.decode(\(type).self)"))
                } else {
                    let read = "container.isAtEnd ? nil : try container.decode(\(type)?.self)"
                    body.line("\(target) = " + Self.boxing(property, read))
                }
            }
        }
    }

    /// `encode(to:)` of a tuple: the elements in order into a JSON array, ending where every element after is nil
    /// and `rest` is empty (an optional element before one that is not is `null`).
    private func renderTupleEncoder(_ model: SwiftStruct, into writer: inout CodeWriter) {
        writer.line("/// Encodes the elements in order as a JSON array, which ends after the last one that is not nil.")
        writer.block("\(access)func encode(to encoder: any Encoder) throws") { body in
            body.line("var container = encoder.unkeyedContainer()")
            let elements = model.tupleHasRest ? Array(model.properties.dropLast()) : model.properties
            for (index, property) in elements.enumerated() {
                let value = "self.\(SwiftNaming.bare(property.swiftName))"
                if !property.isRequired {
                    var later = elements[index...].filter { !$0.isRequired }.map {
                        "self.\(SwiftNaming.bare($0.swiftName)) != nil"
                    }
                    if model.tupleHasRest { later.append("!self.rest.isEmpty") }
                    body.line("guard \(later.joined(separator: " || ")) else { return }")
                }
                body.line("try container.encode(\(value))")
            }
            if model.tupleHasRest {
                body.line("try container.encode(contentsOf: self.rest)")
            }
        }
    }

    /// `encode(to:)` of a struct that holds alternatives, the members beyond its properties, or properties left
    /// out at their defaults: each alternative's value into the encoder, then the properties into the same JSON
    /// object (where both have a member, the property's value is the one sent), then the other members.
    private func renderEncoder(_ model: SwiftStruct, into writer: inout CodeWriter) {
        let summary =
            model.holdsAlternatives
            ? "/// Encodes the alternatives' values and the properties into one JSON object."
            : model.holdsAdditionalMembers
                ? "/// Encodes the properties, then the members beyond them, into one JSON object."
                : "/// Encodes the properties."
        writer.line(summary)
        if model.leavesOutDefaults {
            writer.line(
                "/// In a request body, a property that holds its spec `default` is left out: unset means absent.")
        }
        writer.block("\(access)func encode(to encoder: any Encoder) throws") { body in
            let keyed = model.keyedProperties
            for property in model.properties where property.decoding == .embedded {
                body.line("try self.\(SwiftNaming.bare(property.swiftName)).encode(to: encoder)")
            }
            guard !keyed.isEmpty else { return }
            body.line("var container = encoder.container(keyedBy: CodingKeys.self)")
            for property in keyed {
                let stored = Self.storedName(property)
                let method = Self.storedType(property).hasSuffix("?") ? "encodeIfPresent" : "encode"
                let encode = "try container.\(method)(self.\(SwiftNaming.bare(stored)), forKey: .\(stored))"
                if property.isLeftOutAtItsDefault, let defaultValue = property.defaultValue {
                    let value = "self.\(SwiftNaming.bare(property.swiftName))"
                    body.block("if !encoder.leavesOutDefaults || \(value) != \(defaultValue)") { $0.line(encode) }
                } else {
                    body.line(encode)
                }
            }
            for property in model.properties where property.decoding == .additional {
                let members = "self.\(SwiftNaming.bare(property.swiftName))"
                body.line("try encoder.encodeAdditionalMembers(\(members), beyond: CodingKeys.self)")
            }
        }
    }

    func render(_ model: SwiftOpenEnum, into writer: inout CodeWriter) {
        let opening = header(
            "enum", model.name, conformances: "OpenStringEnum", documentation: model.documentation,
            specPath: model.specPath, deprecated: model.isDeprecated, into: &writer)
        writer.block(opening) { body in
            for enumCase in model.cases {
                body.line("case \(enumCase.name)")
            }
            body.line("/// A value the spec does not list; it is kept and encoded back unchanged.")
            body.line("case unknown(String)")
            body.line()
            body.line("/// The case for a raw value; values the spec does not list become `.unknown`.")
            body.block("\(access)init(rawValue: String)") { initializer in
                initializer.switchBlock("rawValue") { cases in
                    for enumCase in model.cases {
                        cases.line("case \(enumCase.rawValue.swiftLiteral): self = .\(enumCase.name)")
                    }
                    cases.line("default: self = .unknown(rawValue)")
                }
            }
            body.line()
            body.line("/// The value as sent on the wire.")
            body.block("\(access)var rawValue: String") { getter in
                getter.switchBlock("self") { cases in
                    for enumCase in model.cases {
                        cases.line("case .\(enumCase.name): \(enumCase.rawValue.swiftLiteral)")
                    }
                    cases.line("case .unknown(let value): value")
                }
            }
        }
    }

    func render(_ model: SwiftChoice, into writer: inout CodeWriter) {
        let opening = header(
            model.isIndirect ? "indirect enum" : "enum", model.name, conformances: "Codable, Hashable, Sendable",
            documentation: model.documentation, specPath: model.specPath, deprecated: model.isDeprecated,
            into: &writer)
        if let property = model.discriminatorProperty, let unknown = model.unknownCase {
            renderDiscriminated(model, property: property, unknown: unknown, opening: opening, into: &writer)
            return
        }
        writer.block(opening) { body in
            for choiceCase in model.cases {
                body.line("case \(choiceCase.name)(\(choiceCase.type.text))")
            }
            body.line()
            if let only = model.cases.first, model.cases.count == 1 {
                // One alternative (a type alias that would name itself): its error, with its path, is the error.
                body.line("/// Decodes the value as its only alternative.")
                body.block("\(access)init(from decoder: any Decoder) throws") { decoderBody in
                    decoderBody.line("self = .\(only.name)(try \(only.type.text)(from: decoder))")
                }
                renderEncodingAndNested(model, unknown: nil, into: &body)
                return
            }
            body.line("/// Decodes the first alternative, in spec order, that the value is valid for.")
            body.block("\(access)init(from decoder: any Decoder) throws") { decoderBody in
                for choiceCase in model.cases {
                    decoderBody.block("if let value = try? \(choiceCase.type.text)(from: decoder)") { found in
                        found.line("self = .\(choiceCase.name)(value)")
                        found.line("return")
                    }
                }
                let names = model.cases.map { SwiftNaming.bare($0.type.text) }.joined(separator: ", ")
                decoderBody.line("throw DecodingError.dataCorrupted(")
                decoderBody.line("    DecodingError.Context(")
                decoderBody.line("        codingPath: decoder.codingPath,")
                decoderBody.line("        debugDescription: \("the value is none of \(names)".swiftLiteral)))")
            }
            renderEncodingAndNested(model, unknown: nil, into: &body)
        }
    }

    /// `encode(to:)`, which encodes whichever value the case holds, then the nested types.
    private func renderEncodingAndNested(_ model: SwiftChoice, unknown: String?, into body: inout CodeWriter) {
        body.line()
        body.line("/// Encodes the alternative's value.")
        body.block("\(access)func encode(to encoder: any Encoder) throws") { encoderBody in
            encoderBody.switchBlock("self") { cases in
                for name in model.cases.map(\.name) {
                    cases.line("case .\(name)(let value): try value.encode(to: encoder)")
                }
                if let unknown {
                    cases.line("case .\(unknown)(let value): try value.encodeMembers(to: encoder)")
                }
            }
        }
        for nested in model.nested {
            body.line()
            render(nested, into: &body)
        }
    }

    /// A `oneOf` with a discriminator: the property's value picks the case, and a value it does not list is kept
    /// whole, so a server that adds a variant does not break decoding.
    private func renderDiscriminated(
        _ model: SwiftChoice, property: String, unknown: String, opening: String, into writer: inout CodeWriter
    ) {
        writer.block(opening) { body in
            for choiceCase in model.cases {
                body.line("case \(choiceCase.name)(\(choiceCase.type.text))")
            }
            let named = SpecText.singleLine(property)
            body.line(
                "/// A variant the spec does not list (its `\(named)` names none of the above), "
                    + "kept whole and encoded back unchanged.")
            body.line("case \(unknown)(JSONValue)")
            body.line()
            body.block("private enum DiscriminatorKey: String, CodingKey") {
                $0.line("case discriminator = \(property.swiftLiteral)")
            }
            body.line()
            body.line("/// Decodes the alternative that the value's `\(SpecText.singleLine(property))` names.")
            body.block("\(access)init(from decoder: any Decoder) throws") { decoderBody in
                decoderBody.line("let container = try decoder.container(keyedBy: DiscriminatorKey.self)")
                decoderBody.switchBlock("try container.decodeIfPresent(String.self, forKey: .discriminator)") { cases in
                    for choiceCase in model.cases {
                        let values = choiceCase.discriminatorValues.map(\.swiftLiteral).joined(separator: ", ")
                        cases.line(
                            "case \(values): self = .\(choiceCase.name)(try \(choiceCase.type.text)(from: decoder))")
                    }
                    cases.line("default: self = .\(unknown)(try JSONValue(from: decoder))")
                }
            }
            renderEncodingAndNested(model, unknown: unknown, into: &body)
        }
    }
}
