// Subtypes that `allOf` a parent which lists them among its own alternatives:
// `Pet: {properties: {petType, name}, oneOf: [Cat, Dog], discriminator: {propertyName: petType}}` with
// `Cat: {allOf: [{$ref: Pet}, {properties: {huntingSkill}}]}`. Code generators for other languages read this as
// inheritance, and so do the specs' authors. Read literally as JSON Schema, the `allOf` makes each subtype one of
// its own alternatives again, a value type that contains itself, so the subtypes were `JSONValue` and the parent was
// a choice of `JSONValue`s. Such a subtype now takes the parent's properties without its alternatives. The
// validator, which reads the document itself, still applies every keyword.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    /// A parent with a `discriminator` but no `oneOf` or `anyOf`, which other components `allOf`: OpenAPI's own
    /// example of polymorphism (`Pet` with `discriminator: {propertyName: petType}`, `Cat: {allOf: [Pet, …]}`), and
    /// the only one Swagger 2.0 has. A value of the parent is one of the components that `allOf` it, directly or
    /// through one another, so for the generator the parent lists them as its alternatives, in spec order; the
    /// discriminator then names each by the mapping, the values it allows, a `x-discriminator-value` (or Azure's
    /// `x-ms-discriminator-value`), or its name. The validator reads the document itself and is not changed.
    mutating func addImplicitAlternatives() {
        let children = NamedSchema.allOfChildren(of: document.schemas)
        for named in document.schemas {
            guard children[named.name] != nil, var parent = componentSchemas[named.name],
                let discriminator = parent.discriminator, (parent.oneOf + parent.anyOf).isEmpty
            else { continue }
            // Grandchildren too: `Lion: {allOf: [Cat]}` is a `Pet` whose `petType` is `Lion`.
            let descendants = NamedSchema.descendants(of: named.name, children: children)
            var mapping = discriminator.mapping
            for child in descendants {
                guard let schema = componentSchemas[child], let value = Self.discriminatorValue(of: schema),
                    !mapping.contains(where: { $0.value == value })
                else { continue }
                mapping.append((value, "#/components/schemas/" + child))
            }
            parent.discriminator?.mapping = mapping
            parent.oneOf = descendants.map { child in
                var alternative = Schema(location: parent.location, path: parent.path)
                alternative.ref = child
                return alternative
            }
            componentSchemas[named.name] = parent
        }
    }

    /// The value a component says names it under its parent's discriminator, by the extensions Swagger tools use.
    private static func discriminatorValue(of schema: Schema) -> String? {
        for key in ["x-discriminator-value", "x-ms-discriminator-value"] {
            if case .string(let value)? = schema.extensions[key] { return value }
        }
        return nil
    }

    /// Rewrites each component with an `allOf` member that is a `$ref` to a parent whose `oneOf` or `anyOf` leads
    /// back to the component: the member becomes the parent's schema without its alternatives and discriminator,
    /// and the component takes the parent's properties. Components reached through `allOf`, `oneOf` and `anyOf`
    /// references count, so `Cat: {allOf: [Mammal]}`, `Mammal: {allOf: [Pet]}` rewrites `Mammal`'s member.
    mutating func inheritParentsWithoutAlternatives() {
        let original = componentSchemas
        var reached: [String: Set<String>] = [:]
        for named in document.schemas {
            guard let schema = original[named.name] else { continue }
            var budget = Self.maximumCompositionDepth
            var expanding: Set<String> = []
            if let inheriting = Self.inheriting(
                schema, child: named.name, from: original, reached: &reached, expanding: &expanding, budget: &budget)
            {
                componentSchemas[named.name] = inheriting
            }
        }
    }

    /// `schema` with each `allOf` member that names such a parent replaced by the parent's schema without its
    /// alternatives (rewritten the same way), or nil when none does. `expanding` holds the parents being replaced,
    /// so that a chain of them ends; `budget` bounds how many are replaced for one component.
    private static func inheriting(
        _ schema: Schema, child: String, from components: [String: Schema], reached: inout [String: Set<String>],
        expanding: inout Set<String>, budget: inout Int
    ) -> Schema? {
        var schema = schema
        var changed = false
        for index in schema.allOf.indices {
            let member = schema.allOf[index]
            guard let ref = member.ref else {
                if let inner = inheriting(
                    member, child: child, from: components, reached: &reached, expanding: &expanding, budget: &budget)
                {
                    schema.allOf[index] = inner
                    changed = true
                }
                continue
            }
            guard let parent = components[ref], !(parent.oneOf + parent.anyOf).isEmpty, !expanding.contains(ref),
                budget > 0
            else { continue }
            if reached[ref] == nil { reached[ref] = componentsReached(fromAlternativesOf: parent, in: components) }
            guard reached[ref]?.contains(child) == true else { continue }
            budget -= 1
            var inherited = parent
            inherited.oneOf = []
            inherited.anyOf = []
            inherited.discriminator = nil
            expanding.insert(ref)
            if let inner = inheriting(
                inherited, child: child, from: components, reached: &reached, expanding: &expanding, budget: &budget)
            {
                inherited = inner
            }
            expanding.remove(ref)
            schema.allOf[index] = inherited
            changed = true
        }
        return changed ? schema : nil
    }

    /// The components that `schema`'s `oneOf` and `anyOf` members name, and those their `allOf`, `oneOf` and
    /// `anyOf` name in turn (`composedReferences(in:)`), each once.
    private static func componentsReached(
        fromAlternativesOf schema: Schema, in components: [String: Schema]
    ) -> Set<String> {
        var pending = (schema.oneOf + schema.anyOf).flatMap { alternative in
            alternative.ref.map { [$0] } ?? composedReferences(in: alternative)
        }
        var reached: Set<String> = []
        while let ref = pending.popLast() {
            guard reached.insert(ref).inserted, let target = components[ref] else { continue }
            pending += composedReferences(in: target)
        }
        return reached
    }
}
