// The generator's intermediate representation of types and declarations: what the type mapper decides and the model
// renderer prints. The operations' shapes are in SwiftIR+Operations.swift.
import APISpecCore
import OpenAPIDocument

/// A Swift type as generated code names it.
package indirect enum SwiftType: Hashable, Sendable {
    /// A named type: `Member`, `String`, `Int64`.
    case named(String)
    /// `[T]`.
    case array(SwiftType)
    /// `[String: T]`.
    case dictionary(SwiftType)
    /// `T?`: an array element that may be null.
    case optional(SwiftType)
    /// A runtime type with its arguments: `IncomingStream<ServerEvent<Greeting>>`.
    case generic(String, [SwiftType])

    /// The named types the type is or contains, outermost first.
    package var namedTypes: [String] {
        switch self {
        case .named(let name): [name]
        case .array(let element): element.namedTypes
        case .dictionary(let value): value.namedTypes
        case .optional(let wrapped): wrapped.namedTypes
        case .generic(let name, let arguments): [name] + arguments.flatMap(\.namedTypes)
        }
    }

    /// Whether the type is, or contains, the named type.
    package func mentions(_ typeName: String) -> Bool {
        switch self {
        case .named(let name): name == typeName
        case .array(let element): element.mentions(typeName)
        case .dictionary(let value): value.mentions(typeName)
        case .optional(let wrapped): wrapped.mentions(typeName)
        case .generic(let name, let arguments): name == typeName || arguments.contains { $0.mentions(typeName) }
        }
    }

    /// The type with each of `names` (types nested in `parent`) written as `parent.name`, for code outside it.
    package func qualifying(_ names: Set<String>, in parent: String) -> SwiftType {
        switch self {
        case .named(let name): names.contains(name) ? .named(parent + "." + name) : self
        case .array(let element): .array(element.qualifying(names, in: parent))
        case .dictionary(let value): .dictionary(value.qualifying(names, in: parent))
        case .optional(let wrapped): .optional(wrapped.qualifying(names, in: parent))
        case .generic(let name, let arguments): .generic(name, arguments.map { $0.qualifying(names, in: parent) })
        }
    }

    /// The stream a client reads (`IncomingStream<T>`) or sends (`OutgoingStream<T>`).
    package static func stream(_ element: SwiftType, incoming: Bool) -> SwiftType {
        .generic(incoming ? "IncomingStream" : "OutgoingStream", [element])
    }

    /// The type as the other side of the exchange sees it: what a client sends as `OutgoingStream<T>` a server
    /// reads as `IncomingStream<T>`, and the other way round; other types are the same on both sides.
    package var otherSide: SwiftType {
        switch self {
        case .generic("IncomingStream", let arguments): .generic("OutgoingStream", arguments)
        case .generic("OutgoingStream", let arguments): .generic("IncomingStream", arguments)
        case .optional(let wrapped): .optional(wrapped.otherSide)
        default: self
        }
    }

    /// The element type of an array, else the type itself.
    package var element: SwiftType {
        if case .array(let element) = self { element } else { self }
    }

    /// The type with each named type in `names` (old → new) renamed.
    package func renaming(_ names: [String: String]) -> SwiftType {
        switch self {
        case .named(let name): .named(names[name] ?? name)
        case .array(let element): .array(element.renaming(names))
        case .dictionary(let value): .dictionary(value.renaming(names))
        case .optional(let wrapped): .optional(wrapped.renaming(names))
        case .generic(let name, let arguments): .generic(name, arguments.map { $0.renaming(names) })
        }
    }

    /// The type as written in Swift.
    package var text: String {
        switch self {
        case .named(let name): name
        case .array(let element): "[\(element.text)]"
        case .dictionary(let value): "[String: \(value.text)]"
        case .optional(let wrapped): wrapped.text + "?"
        case .generic(let name, let arguments): name + "<" + arguments.map(\.text).joined(separator: ", ") + ">"
        }
    }
}

/// How the elements of a body that streams are framed: the cases of the runtime's `StreamFormat`.
package enum SwiftStreamFormat: String, Sendable, Hashable {
    case bytes
    case jsonLines
    case jsonSequence
    case serverSentEvents
}

/// How a property is read from JSON when plain `Decodable` does not fit.
package enum PropertyDecoding: Hashable, Sendable {
    /// Synthesized decoding.
    case standard
    /// A boolean the spec says may also arrive as the string `"true"` or `"false"`.
    case lenientBool
    /// An optional property that may be `null`, kept apart from absent (`Nullable<T>?`).
    case nullable
    /// An open string enum, read as a `String` and mapped with `init(rawValue:)`: what its `Decodable` does, without
    /// the nested decoder `JSONDecoder` sets up for every value that is not a string, number or boolean.
    case openEnum
    /// Not a member of the JSON object but a value decoded from the whole of it and encoded into it: the
    /// alternative (`oneOf`, `anyOf`, or an `allOf` member that has them) that the struct's value also is.
    case embedded
    /// Not a member of the JSON object but its members beyond the listed properties (`additionalProperties`
    /// beside `properties`), a dictionary keyed by member name.
    case additional
}

/// A stored property of a generated struct.
package struct SwiftProperty: Hashable, Sendable {
    package var jsonName: String
    package var swiftName: String
    /// The type without the optional that `isRequired == false` adds.
    package var type: SwiftType
    package var isRequired: Bool
    /// The spec's `default` as a Swift expression: the property is then non-optional, and absent decodes as this.
    package var defaultValue: String?
    /// A `default` whose Swift form depends on a type the mapping declares (an alias of a scalar, a `oneOf`),
    /// written once every declaration exists (`TypeMapper.resolvingDefaults`); nil otherwise.
    package var pendingDefault: PendingDefault? = nil
    package var decoding: PropertyDecoding
    package var documentation: String?
    package var isDeprecated: Bool
    package var isReadOnly: Bool
    /// Whether the property is stored in an `Indirect` box: its type is on a cycle of struct types
    /// (`RecursionBoxing`), which Swift cannot store inline.
    package var isBoxed = false

    /// A default still to be written, and where the spec gives it.
    package struct PendingDefault: Hashable, Sendable {
        package var value: JSON
        package var location: SourceLocation
        package var path: String
    }

    /// The declared type: `T`, `T?` or `Nullable<T>?`.
    package var declaredType: String {
        switch (isRequired || defaultValue != nil, decoding) {
        case (_, .nullable): "Nullable<\(type.text)>?"
        case (true, _): type.text
        case (false, _): type.text + "?"
        }
    }

    /// Whether synthesized `Decodable` cannot read the property.
    package var needsCustomDecoding: Bool { (decoding != .standard && decoding != .openEnum) || defaultValue != nil }

    /// Whether a request body leaves the property out while it holds its default: an optional property with a
    /// `default` is non-optional in Swift, and unset means absent (a partial update must not send `"tools": []` that
    /// the caller never wrote). Absent means the default to whoever reads the value by the spec.
    package var isLeftOutAtItsDefault: Bool {
        !isRequired && defaultValue != nil && [.standard, .openEnum, .lenientBool].contains(decoding)
    }
}

/// A generated declaration.
package indirect enum SwiftDeclaration: Hashable, Sendable {
    /// `struct Name: Codable, Hashable, Sendable`.
    case structure(SwiftStruct)
    /// An open string enum.
    case openEnum(SwiftOpenEnum)
    /// An enum with one case per `oneOf` / `anyOf` alternative.
    case choice(SwiftChoice)
    /// `typealias Name = Target`.
    case alias(name: String, target: SwiftType, documentation: String?, specPath: String)

    /// Whether the declaration, or one nested in it, uses the named type.
    package func mentions(_ typeName: String) -> Bool {
        switch self {
        case .structure(let value):
            value.properties.contains { $0.type.mentions(typeName) } || value.nested.contains { $0.mentions(typeName) }
        case .openEnum: false
        case .choice(let value):
            value.cases.contains { $0.type.mentions(typeName) } || value.nested.contains { $0.mentions(typeName) }
        case .alias(_, let target, _, _): target.mentions(typeName)
        }
    }

    /// Whether the spec marks the declaration deprecated.
    package var isDeprecated: Bool {
        switch self {
        case .structure(let value): value.isDeprecated
        case .openEnum(let value): value.isDeprecated
        case .choice(let value): value.isDeprecated
        case .alias: false
        }
    }

    /// The declaration with `@available(*, deprecated)` turned into a documentation note, and the same for the
    /// types nested in it: using a deprecated type from generated code that is not itself deprecated would warn.
    package func withDeprecationAsNote() -> SwiftDeclaration {
        func note(_ documentation: String?) -> String {
            (documentation.map { $0 + "\n\n" } ?? "") + "- Note: Deprecated in the spec."
        }
        switch withNestedDeprecationsAsNotes() {
        case .structure(var value) where value.isDeprecated:
            value.documentation = note(value.documentation)
            value.isDeprecated = false
            return .structure(value)
        case .openEnum(var value) where value.isDeprecated:
            value.documentation = note(value.documentation)
            value.isDeprecated = false
            return .openEnum(value)
        case .choice(var value) where value.isDeprecated:
            value.documentation = note(value.documentation)
            value.isDeprecated = false
            return .choice(value)
        case let declaration:
            return declaration
        }
    }

    /// The declaration with every nested type's deprecation turned into a note (nested types are always used by
    /// the declaration around them).
    package func withNestedDeprecationsAsNotes() -> SwiftDeclaration {
        switch self {
        case .structure(var value):
            value.nested = value.nested.map { $0.withDeprecationAsNote() }
            return .structure(value)
        case .choice(var value):
            value.nested = value.nested.map { $0.withDeprecationAsNote() }
            return .choice(value)
        case .openEnum, .alias:
            return self
        }
    }

    package var name: String {
        switch self {
        case .structure(let value): value.name
        case .openEnum(let value): value.name
        case .choice(let value): value.name
        case .alias(let name, _, _, _): name
        }
    }

    /// The declaration under another name (what is nested in it keeps its names).
    package func renamed(_ newName: String) -> SwiftDeclaration {
        switch self {
        case .structure(var value):
            value.name = newName
            return .structure(value)
        case .openEnum(var value):
            value.name = newName
            return .openEnum(value)
        case .choice(var value):
            value.name = newName
            return .choice(value)
        case .alias(_, let target, let documentation, let specPath):
            return .alias(name: newName, target: target, documentation: documentation, specPath: specPath)
        }
    }
}

/// A struct for an object schema.
package struct SwiftStruct: Hashable, Sendable {
    package var name: String
    package var documentation: String?
    package var isDeprecated: Bool
    package var specPath: String
    package var properties: [SwiftProperty]
    /// Types declared inside the struct (inline objects, enums).
    package var nested: [SwiftDeclaration]
    /// False when the schema says `x-swift-identifiable: false`.
    package var mayBeIdentifiable = true
    /// A JSON array of fixed positions (`prefixItems`): the properties are its elements in order, the last one
    /// the elements after them when the schema allows more (`rest`, with a default of `[]`).
    package var isTuple = false
    /// Whether the last property of a tuple holds the elements after the fixed ones.
    package var tupleHasRest = false

    /// The properties that are members of the JSON object, each with a coding key: all but the `embedded` and
    /// `additional` ones.
    package var keyedProperties: [SwiftProperty] {
        isTuple ? [] : properties.filter { $0.decoding != .embedded && $0.decoding != .additional }
    }

    /// Whether the struct also holds an alternative (an `embedded` property), decoded from the whole object.
    package var holdsAlternatives: Bool { properties.contains { $0.decoding == .embedded } }

    /// Whether the struct holds the members beyond its listed properties (an `additional` property).
    package var holdsAdditionalMembers: Bool { properties.contains { $0.decoding == .additional } }

    /// Whether a request body leaves some property out while it holds its default.
    package var leavesOutDefaults: Bool { keyedProperties.contains(where: \.isLeftOutAtItsDefault) }

    /// Whether the struct adopts `Identifiable`: it has a property `id` that is never nil (required or defaulted,
    /// and not `Nullable`), and the schema does not opt out. SwiftUI lists and `ForEach` then take it as it is.
    ///
    /// `Identifiable` brings its associated type `ID` into the struct's scope, where code in bodies (`ID.self` in
    /// `init(from:)`) finds it before a type of that name outside: so a struct that uses or declares a type named
    /// `ID` adopts it only when `id` is of that type, and both names mean the same.
    package var isIdentifiable: Bool {
        guard mayBeIdentifiable,
            let id = properties.first(where: { property in
                property.swiftName == "id" && (property.isRequired || property.defaultValue != nil)
                    && property.decoding != .nullable
            })
        else { return false }
        let usesID = nested.contains { $0.name == "ID" } || SwiftDeclaration.structure(self).mentions("ID")
        return !usesID || id.type == .named("ID")
    }
}

/// A string enum that keeps unknown values.
package struct SwiftOpenEnum: Hashable, Sendable {
    package var name: String
    package var documentation: String?
    package var isDeprecated: Bool
    package var specPath: String
    /// The cases, in spec order.
    package var cases: [SwiftEnumCase]
}

/// One listed value of a `SwiftOpenEnum`: the Swift case name and the value on the wire.
package struct SwiftEnumCase: Hashable, Sendable {
    package var name: String
    package var rawValue: String
}

/// An enum with associated values for `oneOf` / `anyOf`: decoding tries the alternatives in order, or, with a
/// discriminator, picks the one its property names and keeps any other value whole in `unknownCase`.
package struct SwiftChoice: Hashable, Sendable {
    package var name: String
    package var documentation: String?
    package var isDeprecated: Bool
    package var specPath: String
    package var cases: [SwiftChoiceCase]
    package var nested: [SwiftDeclaration]
    /// The discriminator's property on the wire, when decoding goes by it.
    package var discriminatorProperty: String? = nil
    /// The case that keeps a value whose discriminator names no listed alternative.
    package var unknownCase: String? = nil
    /// Whether the enum is `indirect`: one of its cases holds, directly or through other types, the enum itself.
    package var isIndirect = false
}

/// One alternative of a `SwiftChoice`.
package struct SwiftChoiceCase: Hashable, Sendable {
    package var name: String
    package var type: SwiftType
    /// The discriminator values that name this alternative.
    package var discriminatorValues: [String] = []
}
