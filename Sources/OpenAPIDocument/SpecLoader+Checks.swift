import APISpecCore
import Foundation
import Yams

/// Checks over the whole document: operation ids, security requirements, schemas that contain themselves.
extension SpecLoader {
    mutating func checkOperationIDs(_ operations: [APIOperation]) {
        var first: [String: APIOperation] = [:]
        for operation in operations {
            guard let id = operation.operationID else { continue }
            if let earlier = first[id] {
                let message =
                    "duplicate operationId '\(id)' (\(operation.method.rawValue.uppercased()) \(operation.path)); "
                    + "it is first used by \(earlier.method.rawValue.uppercased()) \(earlier.path) "
                    + "at \(earlier.location)"
                error(message, at: operation.location, path: ["paths", operation.path, operation.method.rawValue])
            } else {
                first[id] = operation
            }
        }
    }

    mutating func checkSecurity(
        operations: [APIOperation], topLevel: [String], root: SpecNode, schemes: [Document.SecurityScheme]
    ) {
        let known = schemes.map(\.name)
        for name in topLevel where !known.contains(name) {
            error(
                "security scheme '\(name)' is not declared in components.securitySchemes"
                    + hint(for: name, among: known), at: root.location, path: ["security"])
        }
        for operation in operations {
            for name in operation.security ?? [] where !known.contains(name) {
                error(
                    "security scheme '\(name)' is not declared in components.securitySchemes"
                        + hint(for: name, among: known), at: operation.location,
                    path: ["paths", operation.path, operation.method.rawValue, "security"])
            }
        }
    }

    /// Finds schemas that contain themselves through `$ref`, `allOf` and required properties only: no value of
    /// such a schema can ever be written down, and no Swift struct can hold one.
    mutating func checkCycles(_ schemas: [NamedSchema]) {
        typealias Edge = (target: String, location: SourceLocation, path: String)
        var edges: [String: [Edge]] = [:]
        func collect(_ schema: Schema, into list: inout [Edge]) {
            if let ref = schema.ref { list.append((ref, schema.location, schema.path)) }
            for member in schema.allOf { collect(member, into: &list) }
            guard !schema.required.isEmpty else { return }
            let required = Set(schema.required)
            for property in schema.properties where required.contains(property.name) && !property.schema.isNullable {
                collect(property.schema, into: &list)
            }
        }
        for named in schemas {
            var list: [Edge] = []
            collect(named.schema, into: &list)
            edges[named.name] = list
        }
        // Depth first, with the path kept in an array rather than on the call stack: a chain of references can be
        // as long as the spec has schemas.
        var position: [String: Int] = [:]  // where a schema stands on the current path
        var done: Set<String> = []
        var reported: Set<[String]> = []
        for named in schemas where !done.contains(named.name) {
            var path: [(name: String, edges: ArraySlice<Edge>)] = [(named.name, (edges[named.name] ?? [])[...])]
            position[named.name] = 0
            while let last = path.indices.last {
                guard let edge = path[last].edges.popFirst() else {
                    position[path[last].name] = nil
                    done.insert(path[last].name)
                    path.removeLast()
                    continue
                }
                if let start = position[edge.target] {
                    // The same cycle is met once per edge that closes it: two required properties of one type.
                    guard reported.insert([path[last].name, edge.target]).inserted else { continue }
                    let cycle = path[start...].map(\.name) + [edge.target]
                    let message =
                        "schema '\(edge.target)' contains itself through \(Self.describeCycle(cycle)) "
                        + "with no array, optional or nullable property in between, so no value of it can end"
                    diagnostics.append(Diagnostic(.error, message, at: edge.location, path: edge.path))
                } else if !done.contains(edge.target) {
                    position[edge.target] = path.count
                    path.append((edge.target, (edges[edge.target] ?? [])[...]))
                }
            }
        }
    }

    /// `A → B → A`, with the middle of a cycle of more than 12 schemas left out.
    private static func describeCycle(_ cycle: [String]) -> String {
        guard cycle.count > 12 else { return cycle.joined(separator: " → ") }
        return (cycle.prefix(6) + ["… (\(cycle.count - 12) more)"] + cycle.suffix(6)).joined(separator: " → ")
    }
}
