// Defaults whose Swift form depends on a declared type: `default: true` for an alias of Bool, `default: "auto"` for
// a `oneOf` of a string and a number. Written once every declaration exists; a default no Swift value of the type
// can hold is left out, with a warning, and the property is optional instead.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    /// The declarations with every pending default written or dropped.
    mutating func resolvingDefaults(_ declarations: [SwiftDeclaration]) -> [SwiftDeclaration] {
        var topLevel: [String: SwiftDeclaration] = [:]
        for declaration in declarations { topLevel[declaration.name] = declaration }
        return declarations.map { resolvingDefaults(in: $0, scopes: [], topLevel: topLevel) }
    }

    private mutating func resolvingDefaults(
        in declaration: SwiftDeclaration, scopes: [[SwiftDeclaration]], topLevel: [String: SwiftDeclaration]
    ) -> SwiftDeclaration {
        switch declaration {
        case .structure(var structure):
            let inner = scopes + [structure.nested]
            for index in structure.properties.indices {
                guard let pending = structure.properties[index].pendingDefault else { continue }
                structure.properties[index].pendingDefault = nil
                let type = structure.properties[index].type
                func find(_ name: String) -> SwiftDeclaration? {
                    for scope in inner.reversed() {
                        if let found = scope.first(where: { $0.name == name }) { return found }
                    }
                    return topLevel[name]
                }
                if let literal = literal(pending.value, as: type, find: find, depth: 0) {
                    structure.properties[index].defaultValue = literal
                } else {
                    fallBack(
                        "default \(pending.value.jsonText) cannot be written as a Swift \(type.text)",
                        to: "an optional property without a default", at: pending.location, path: pending.path)
                }
            }
            structure.nested = structure.nested.map { resolvingDefaults(in: $0, scopes: inner, topLevel: topLevel) }
            return .structure(structure)
        case .choice(var choice):
            choice.nested = choice.nested.map {
                resolvingDefaults(in: $0, scopes: scopes + [choice.nested], topLevel: topLevel)
            }
            return .choice(choice)
        case .openEnum, .alias:
            return declaration
        }
    }

    /// `value` as a Swift expression of `type`, looking declared types up with `find`: an alias is its target, a
    /// choice the first of its cases that can hold the value (`.string("auto")`).
    private func literal(_ value: JSON, as type: SwiftType, find: (String) -> SwiftDeclaration?, depth: Int)
        -> String?
    {
        // The declaration a name finds in scope says whether it is an open enum; another scope's may share its name.
        let openEnumNames = openEnumNames
        let isOpenEnum = { (typeName: String) in
            Self.isOpenEnum(typeName, found: find(typeName), elsewhere: openEnumNames)
        }
        if let literal = Self.swiftLiteral(value, as: type, isOpenEnum: isOpenEnum) { return literal }
        guard depth < 8, case .named(let name) = type, let declaration = find(name) else { return nil }
        switch declaration {
        case .alias(_, let target, _, _):
            return literal(value, as: target, find: find, depth: depth + 1)
        case .choice(let choice):
            // A case's type may be declared inside the choice, where it hides a type of its name outside.
            func findInChoice(_ name: String) -> SwiftDeclaration? {
                choice.nested.first { $0.name == name } ?? find(name)
            }
            for choiceCase in choice.cases {
                if let inner = literal(value, as: choiceCase.type, find: findInChoice, depth: depth + 1) {
                    return ".\(choiceCase.name)(\(inner))"
                }
            }
            return nil
        case .structure, .openEnum:
            return nil
        }
    }
}

extension TypeMapper {
    /// The groups with every form, multipart and object-parameter field saying again whether its property is
    /// optional or has a default, as the structs are finally declared: a default on a declared type (`default: true`
    /// through an alias of Bool) is written or dropped only once every declaration exists, after the fields were made.
    static func refreshingFields(_ groups: [SwiftGroup], from declarations: [SwiftDeclaration]) -> [SwiftGroup] {
        var structs: [String: SwiftStruct] = [:]
        func collect(_ declaration: SwiftDeclaration, prefix: String) {
            switch declaration {
            case .structure(let structure):
                let name = prefix + structure.name
                if structs[name] == nil { structs[name] = structure }
                for inner in structure.nested { collect(inner, prefix: name + ".") }
            case .choice(let choice):
                for inner in choice.nested { collect(inner, prefix: prefix + choice.name + ".") }
            case .openEnum, .alias:
                break
            }
        }
        for declaration in declarations { collect(declaration, prefix: "") }
        func refreshed(_ fields: [SwiftBodyField], of type: SwiftType) -> [SwiftBodyField] {
            guard case .named(let name) = type, let structure = structs[name] else { return fields }
            var properties: [String: SwiftProperty] = [:]
            for property in structure.properties { properties[property.swiftName] = property }
            return fields.map { field in
                var field = field
                if let property = properties[field.swiftName] {
                    field.isOptional = !property.isRequired && property.defaultValue == nil
                    field.hasDefault = property.defaultValue != nil
                }
                if case .object(let inner) = field.encoding {
                    field.encoding = .object(refreshed(inner, of: field.type))
                }
                return field
            }
        }
        return groups.map { group in
            var group = group
            for index in group.operations.indices {
                var operation = group.operations[index]
                if var body = operation.body {
                    switch body.kind {
                    case .form(let fields): body.kind = .form(refreshed(fields, of: body.type))
                    case .multipart(let fields): body.kind = .multipart(refreshed(fields, of: body.type))
                    default: break
                    }
                    operation.body = body
                }
                for parameterIndex in operation.parameters.indices {
                    let parameter = operation.parameters[parameterIndex]
                    guard var encoding = parameter.objectEncoding else { continue }
                    encoding.fields = refreshed(encoding.fields, of: parameter.type)
                    operation.parameters[parameterIndex].objectEncoding = encoding
                }
                group.operations[index] = operation
            }
            return group
        }
    }
}
