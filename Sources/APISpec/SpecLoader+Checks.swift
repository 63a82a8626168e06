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
        var edges: [String: [(target: String, location: SourceLocation, path: String)]] = [:]
        func collect(_ schema: Schema, into list: inout [(target: String, location: SourceLocation, path: String)]) {
            if let ref = schema.ref { list.append((ref, schema.location, schema.path)) }
            for member in schema.allOf { collect(member, into: &list) }
            guard !schema.required.isEmpty else { return }
            let required = Set(schema.required)
            for property in schema.properties where required.contains(property.name) && !property.schema.isNullable {
                collect(property.schema, into: &list)
            }
        }
        for named in schemas {
            var list: [(target: String, location: SourceLocation, path: String)] = []
            collect(named.schema, into: &list)
            edges[named.name] = list
        }
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var stack: [String] = []
        var reported: Set<String> = []
        func visit(_ name: String) {
            state[name] = 1
            stack.append(name)
            for edge in edges[name] ?? [] {
                switch state[edge.target] {
                case 1:
                    let cycleStart = stack.firstIndex(of: edge.target) ?? 0
                    let cycle = stack[cycleStart...] + [edge.target]
                    let key = Set(cycle).sorted().joined(separator: ",")
                    if reported.insert(key).inserted {
                        let message =
                            "schema '\(edge.target)' contains itself through \(cycle.joined(separator: " → ")) "
                            + "with no array, optional or nullable property in between, so no value of it can end"
                        diagnostics.append(Diagnostic(.error, message, at: edge.location, path: edge.path))
                    }
                case nil:
                    visit(edge.target)
                default:
                    break
                }
            }
            stack.removeLast()
            state[name] = 2
        }
        for named in schemas where state[named.name] == nil {
            visit(named.name)
        }
    }
}
