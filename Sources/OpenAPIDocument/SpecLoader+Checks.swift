import APISpecCore
import Foundation

/// Checks over the whole document: operation ids, security requirements, schemas that contain themselves.
extension SpecLoader {
    /// A second operation with an `operationId` already used (specs generated from other sources have them) is
    /// renamed with the first free number (`getUser2`), with a warning that says so.
    mutating func checkOperationIDs(_ operations: inout [APIOperation]) {
        var used = Set(operations.compactMap(\.operationID))
        var first: [String: APIOperation] = [:]
        for index in operations.indices {
            let operation = operations[index]
            guard let id = operation.operationID else { continue }
            guard let earlier = first[id] else {
                first[id] = operation
                continue
            }
            var number = 2
            while used.contains(id + String(number)) { number += 1 }
            let renamed = id + String(number)
            used.insert(renamed)
            operations[index].operationID = renamed
            let message =
                "duplicate operationId '\(id)' (\(operation.method.rawValue.uppercased()) \(operation.path)); it is "
                + "first used by \(earlier.method.rawValue.uppercased()) \(earlier.path) at \(earlier.location); this "
                + "one is generated as '\(renamed)'"
            warning(
                message, at: operation.location,
                path: JSONPointer.fragment(["paths", operation.path, operation.method.rawValue]))
        }
    }

    /// Every scheme the alternatives name, once each, in spec order.
    static func schemeNames(_ alternatives: [[String]]) -> [String] {
        var seen: Set<String> = []
        return alternatives.joined().filter { seen.insert($0).inserted }
    }

    /// A security requirement that names a scheme `components.securitySchemes` does not declare is ignored, with
    /// a warning: nothing says how to send its credential.
    mutating func checkSecurity(
        operations: inout [APIOperation], topLevel: inout [[String]], root: SpecNode,
        schemes: [Document.SecurityScheme]
    ) {
        let known = Set(schemes.map(\.name))
        let names = schemes.map(\.name)
        func ignored(_ name: String, _ hint: String) -> String {
            "security scheme '\(name)' is not declared in components.securitySchemes, so the requirement is "
                + "ignored" + hint
        }
        for name in Self.schemeNames(topLevel) where !known.contains(name) {
            warning(ignored(name, hint(for: name, among: names)), at: root.location, path: "#/security")
        }
        // An alternative that names an undeclared scheme cannot be met: it goes, the others stay.
        topLevel.removeAll { !$0.allSatisfy(known.contains) }
        for index in operations.indices {
            guard let alternatives = operations[index].securityRequirements else { continue }
            let operation = operations[index]
            for name in Self.schemeNames(alternatives) where !known.contains(name) {
                warning(
                    ignored(name, hint(for: name, among: names)), at: operation.location,
                    path: JSONPointer.fragment(["paths", operation.path, operation.method.rawValue, "security"]))
            }
            let kept = alternatives.filter { $0.allSatisfy(known.contains) }
            operations[index].securityRequirements = kept
            operations[index].security = Self.schemeNames(kept)
        }
    }

    /// Finds schemas that contain themselves through `$ref`, `allOf` and required properties only: no value of
    /// such a schema can ever be written down. Both are mistakes of the spec's that other tools accept, so each is a
    /// warning. Through a required property, the generator stores that property in a box as it does for any cycle.
    /// Through `$ref` and `allOf` alone the schemas say nothing of a value, and no Swift type can stand for them, so
    /// the reference that closes the cycle is cut from `schemas`: it allows any value. The validator, which reads
    /// the spec's text, still fails such a schema rather than looping.
    mutating func checkCycles(_ schemas: inout [NamedSchema]) {
        typealias Edge = (target: String, location: SourceLocation, path: String, throughProperty: Bool)
        var edges: [String: [Edge]] = [:]
        func collect(_ schema: Schema, throughProperty: Bool, into list: inout [Edge]) {
            if let ref = schema.ref { list.append((ref, schema.location, schema.path, throughProperty)) }
            for member in schema.allOf { collect(member, throughProperty: throughProperty, into: &list) }
            guard !schema.required.isEmpty else { return }
            let required = Set(schema.required)
            for property in schema.properties where required.contains(property.name) && !property.schema.isNullable {
                collect(property.schema, throughProperty: true, into: &list)
            }
        }
        for named in schemas {
            var list: [Edge] = []
            collect(named.schema, throughProperty: false, into: &list)
            edges[named.name] = list
        }
        // Depth first, with the path kept in an array rather than on the call stack: a chain of references can be
        // as long as the spec has schemas.
        var position: [String: Int] = [:]  // where a schema stands on the current path
        var done: Set<String> = []
        var reported: Set<[String]> = []
        var cuts: [(schema: String, path: String, target: String)] = []
        for named in schemas where !done.contains(named.name) {
            // Each schema on the path, the edges still to walk from it, and whether the edge that reached it went
            // through a property.
            var path: [(name: String, edges: ArraySlice<Edge>, throughProperty: Bool)] = [
                (named.name, (edges[named.name] ?? [])[...], false)
            ]
            position[named.name] = 0
            while let last = path.indices.last {
                guard let edge = path[last].edges.popFirst() else {
                    position[path[last].name] = nil
                    done.insert(path[last].name)
                    path.removeLast()
                    continue
                }
                if let start = position[edge.target] {
                    let throughProperty =
                        edge.throughProperty || path[(start + 1)...].contains(where: \.throughProperty)
                    // Every edge that closes a cycle of references alone is cut, but each cycle is reported once:
                    // it is met once per such edge (`allOf: [{$ref: A}, {$ref: A}]`, two required properties).
                    if !throughProperty { cuts.append((path[last].name, edge.path, edge.target)) }
                    guard reported.insert([path[last].name, edge.target]).inserted else { continue }
                    let cycle = path[start...].map(\.name) + [edge.target]
                    if throughProperty {
                        warning(
                            "schema '\(edge.target)' contains itself through \(Self.describeCycle(cycle)) with no "
                                + "array, optional or nullable property in between, so no value of it can end; it is "
                                + "generated as written, with the property on the cycle in a box",
                            at: edge.location, path: edge.path)
                    } else {
                        warning(
                            "schema '\(edge.target)' refers to itself through \(Self.describeCycle(cycle)) by "
                                + "'$ref' and 'allOf' alone, which say nothing of its values; this reference, which "
                                + "closes the cycle, is read as allowing any value",
                            at: edge.location, path: edge.path)
                    }
                } else if !done.contains(edge.target) {
                    position[edge.target] = path.count
                    path.append((edge.target, (edges[edge.target] ?? [])[...], edge.throughProperty))
                }
            }
        }
        // Every edge cut closes a cycle met depth first, so what is left has no cycle of references alone.
        guard !cuts.isEmpty else { return }
        var indexByName: [String: Int] = [:]
        for (index, named) in schemas.enumerated() where indexByName[named.name] == nil {
            indexByName[named.name] = index
        }
        for cut in cuts {
            guard let index = indexByName[cut.schema] else { continue }
            Self.removeReference(to: cut.target, at: cut.path, in: &schemas[index].schema)
        }
    }

    /// Removes the `$ref` to `target` of the schema at `path`: `schema` itself or one of its `allOf` members, at any
    /// depth (where `checkCycles` finds references that are not behind a property). True when it was found.
    @discardableResult
    private static func removeReference(to target: String, at path: String, in schema: inout Schema) -> Bool {
        if schema.ref == target, schema.path == path {
            schema.ref = nil
            return true
        }
        for index in schema.allOf.indices where removeReference(to: target, at: path, in: &schema.allOf[index]) {
            return true
        }
        return false
    }

    /// `A → B → A`, with the middle of a cycle of more than 12 schemas left out.
    private static func describeCycle(_ cycle: [String]) -> String {
        guard cycle.count > 12 else { return cycle.joined(separator: " → ") }
        return (cycle.prefix(6) + ["… (\(cycle.count - 12) more)"] + cycle.suffix(6)).joined(separator: " → ")
    }
}
