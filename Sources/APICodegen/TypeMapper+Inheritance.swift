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
