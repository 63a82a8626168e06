// Defaults whose Swift form depends on a declared type: `default: true` for an alias of Bool, `default: "auto"` for
// a `oneOf` of a string and a number, `default: {path: runc}` for a struct (its initialiser's call). Written once
// every declaration exists; a default no Swift value of the type can hold is left out, with a warning, and the
// property is optional instead.
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
                if let literal = literal(pending.value, as: type, in: structure.name, find: find, depth: 0) {
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
    private func literal(
        _ value: JSON, as type: SwiftType, in enclosing: String, find: (String) -> SwiftDeclaration?, depth: Int
    ) -> String? {
        // The declaration a name finds in scope says whether it is an open enum; another scope's may share its name.
        let openEnumNames = openEnumNames
        let isOpenEnum = { (typeName: String) in
            Self.isOpenEnum(typeName, found: find(typeName), elsewhere: openEnumNames)
        }
        if let literal = Self.swiftLiteral(value, as: type, isOpenEnum: isOpenEnum) { return literal }
        guard depth < 8 else { return nil }
        switch (type, value) {
        case (.array(let element), .array(let items)):
            let literals = items.map { literal($0, as: element, in: enclosing, find: find, depth: depth + 1) }
            guard !literals.contains(nil) else { return nil }
            return "[" + literals.compactMap { $0 }.joined(separator: ", ") + "]"
        case (.dictionary(let element), .object(let members)) where !members.isEmpty:
            let entries = members.sorted { $0.key < $1.key }.map { key, member in
                literal(member, as: element, in: enclosing, find: find, depth: depth + 1).map {
                    key.swiftLiteral + ": " + $0
                }
            }
            guard !entries.contains(nil) else { return nil }
            return "[" + entries.compactMap { $0 }.joined(separator: ", ") + "]"
        case (.named("JSONObject"), .object(let members)) where members.isEmpty:
            return "JSONObject.empty"
        default:
            break
        }
        guard case .named(let name) = type, let declaration = find(name) else { return nil }
        switch declaration {
        case .alias(_, let target, _, _):
            return literal(value, as: target, in: enclosing, find: find, depth: depth + 1)
        case .choice(let choice):
            let qualified = Self.qualifiedNames(in: name, nested: choice.nested)
            func findInChoice(_ candidate: String) -> SwiftDeclaration? {
                Self.find(candidate, in: name, nested: choice.nested, outside: find)
            }
            for choiceCase in choice.cases {
                let type = choiceCase.type.renaming(qualified)
                if let inner = literal(value, as: type, in: enclosing, find: findInChoice, depth: depth + 1) {
                    return ".\(choiceCase.name)(\(inner))"
                }
            }
            return nil
        case .structure(let structure):
            return structLiteral(value, of: structure, named: name, in: enclosing, find: find, depth: depth)
        case .openEnum:
            return nil
        }
    }

    /// Whether values of `structure` may hold a value of the type `target`, through the types of its properties and
    /// of the structs, choices and aliases they name, each looked at once.
    private static func holds(
        _ target: String, in structure: SwiftStruct, find: (String) -> SwiftDeclaration?
    ) -> Bool {
        var seen: Set<String> = []
        var pending: [(types: [SwiftType], scope: [SwiftDeclaration])] = [
            (structure.properties.map(\.type), structure.nested)
        ]
        while let (types, scope) = pending.popLast() {
            for type in types {
                if type.mentions(target) { return true }
                for name in type.namedTypes where seen.insert(name).inserted {
                    switch scope.first(where: { $0.name == name }) ?? find(name) {
                    case .structure(let inner): pending.append((inner.properties.map(\.type), inner.nested))
                    case .choice(let choice): pending.append((choice.cases.map(\.type), choice.nested))
                    case .alias(_, let aliased, _, _): pending.append(([aliased], scope))
                    case .openEnum, nil: break
                    }
                }
            }
        }
        return false
    }

    /// The types declared inside the type `name`, by their names qualified by it (`Inner` → `Nested.Inner`): a
    /// default is written where the type is used, outside it, and a name declared inside hides one of its name
    /// outside.
    private static func qualifiedNames(in name: String, nested: [SwiftDeclaration]) -> [String: String] {
        Dictionary(nested.map { ($0.name, name + "." + $0.name) }) { first, _ in first }
    }

    /// The declaration a name names inside the type `name` (by its qualified name), else outside it.
    private static func find(
        _ candidate: String, in name: String, nested: [SwiftDeclaration], outside: (String) -> SwiftDeclaration?
    ) -> SwiftDeclaration? {
        nested.first { name + "." + $0.name == candidate } ?? outside(candidate)
    }

    /// An object default of a struct (`default: {}`, `default: {number: 123}`) as its initialiser's call with the
    /// members the value gives; nil when a member is not a property, a required property is missing, or the struct
    /// is a tuple or holds an alternative or the members beyond its properties.
    private func structLiteral(
        _ value: JSON, of structure: SwiftStruct, named name: String, in enclosing: String,
        find: (String) -> SwiftDeclaration?, depth: Int
    ) -> String? {
        guard case .object(let members) = value, !structure.isTuple, !structure.holdsAlternatives,
            !structure.holdsAdditionalMembers,
            Set(members.keys).isSubset(of: structure.properties.map(\.jsonName)),
            // A struct that holds the one whose default this is would build it again, without end (`Tree.child`).
            structure.name != enclosing, !Self.holds(enclosing, in: structure, find: find)
        else { return nil }
        let qualified = Self.qualifiedNames(in: name, nested: structure.nested)
        func findInStruct(_ candidate: String) -> SwiftDeclaration? {
            Self.find(candidate, in: name, nested: structure.nested, outside: find)
        }
        var arguments: [String] = []
        for property in structure.properties {
            guard let member = members[property.jsonName] else {
                if property.isRequired { return nil }
                continue
            }
            let type = property.type.renaming(qualified)
            guard let inner = literal(member, as: type, in: enclosing, find: findInStruct, depth: depth + 1) else {
                return nil
            }
            arguments.append("\(SwiftNaming.argumentLabel(property.swiftName)): \(inner)")
        }
        return "\(name)(\(arguments.joined(separator: ", ")))"
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
