// A bound on how deep components compose each other (`allOf`, `oneOf`, `anyOf` by `$ref`): the mapping reads such
// chains recursively, and a spec of 3,000 components that each `allOf` the next overflowed the stack.
import APISpecCore
import OpenAPIDocument

extension TypeMapper {
    /// How many components deep a chain of `allOf`, `oneOf` and `anyOf` references may reach before the component at
    /// its head is held as `JSONValue`. Real specs compose a few levels deep (Kubernetes' about five).
    static let maximumCompositionDepth = 100

    /// Replaces each component whose composition reaches more than `maximumCompositionDepth` components deep with
    /// a schema that allows any value, with a located warning. What the mapping reads recursively then ends within
    /// the bound: a chain stops at the first component replaced.
    mutating func boundCompositionDepth() {
        var depth: [String: Int] = [:]
        for start in document.schemas.map(\.name) where depth[start] == nil {
            // Depth first, on a stack of its own: (component, the components its composition names, the next one).
            var stack: [(name: String, next: [String], index: Int)] = [(start, composedReferences(start), 0)]
            var onStack: Set<String> = [start]
            while let top = stack.last {
                if top.index < top.next.count {
                    stack[stack.count - 1].index += 1
                    let child = top.next[top.index]
                    // A reference back to a component on the stack closes a cycle: it adds no depth.
                    guard depth[child] == nil, !onStack.contains(child), componentSchemas[child] != nil else {
                        continue
                    }
                    onStack.insert(child)
                    stack.append((child, composedReferences(child), 0))
                } else {
                    depth[top.name] = 1 + (top.next.compactMap { depth[$0] }.max() ?? 0)
                    onStack.remove(top.name)
                    stack.removeLast()
                }
            }
        }
        for named in document.schemas {
            guard let reached = depth[named.name], reached > Self.maximumCompositionDepth else { continue }
            var anything = Schema(location: named.schema.location, path: named.schema.path)
            anything.description = named.schema.description
            anything.title = named.schema.title
            componentSchemas[named.name] = anything
            fallBack(
                "schema '\(named.name)' is composed of \(reached) schemas in a chain of allOf, oneOf or anyOf "
                    + "references, more than \(Self.maximumCompositionDepth)",
                to: "JSONValue", at: named.schema)
        }
    }

    /// The components a component's `allOf`, `oneOf` and `anyOf` members name, through members written in place.
    private func composedReferences(_ name: String) -> [String] {
        componentSchemas[name].map(Self.composedReferences(in:)) ?? []
    }

    /// The components `schema`'s `allOf`, `oneOf` and `anyOf` members name, through members written in place, in
    /// the order found.
    static func composedReferences(in schema: Schema) -> [String] {
        var references: [String] = []
        var pending = [schema]
        while let next = pending.popLast() {
            for member in next.allOf + next.oneOf + next.anyOf {
                if let ref = member.ref { references.append(ref) } else { pending.append(member) }
            }
        }
        return references
    }
}
