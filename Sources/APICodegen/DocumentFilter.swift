// The `filter` option: the operations it selects and exactly the component schemas they reach, nothing else.
import APISpecCore
import OpenAPIDocument

/// Keeps the operations a `CodegenConfiguration.Filter` selects, and the component schemas those operations reach
/// through their parameters, bodies, answers and headers, following `$ref`s from schema to schema; the rest of the
/// document is left out, so a client of 5 operations of a 400-operation spec compiles 5 operations' worth of code.
enum DocumentFilter {
    /// The names the filter gives that select nothing: each is a typo or a stale name, never silently ignored.
    static func problems(_ filter: CodegenConfiguration.Filter?, in document: Document) -> [String] {
        guard let filter else { return [] }
        let tags = Set(document.operations.flatMap(\.tags))
        let operationIDs = Set(document.operations.compactMap(\.operationID))
        let paths = Set(document.operations.map(\.path))
        var problems: [String] = []
        for tag in filter.tags where !tags.contains(tag) {
            problems.append("filter names tag '\(tag)', which no operation has")
        }
        for operationID in filter.operations where !operationIDs.contains(operationID) {
            problems.append("filter names operation '\(operationID)', which the spec lacks")
        }
        for path in filter.paths where !paths.contains(path) {
            problems.append("filter names path '\(path)', which has no operation")
        }
        return problems
    }

    /// The document with only the selected operations and the schemas they reach; the document itself without a
    /// filter.
    static func apply(_ filter: CodegenConfiguration.Filter?, to document: Document) -> Document {
        guard let filter else { return document }
        let tags = Set(filter.tags)
        let operationIDs = Set(filter.operations)
        let paths = Set(filter.paths)
        var filtered = document
        filtered.operations = document.operations.filter { operation in
            operation.tags.contains(where: tags.contains) || operation.operationID.map(operationIDs.contains) == true
                || paths.contains(operation.path)
        }
        let reached = reachedSchemas(from: filtered.operations, in: document)
        filtered.schemas = document.schemas.filter { reached.contains($0.name) }
        return filtered
    }

    /// The names of the component schemas the operations use, directly or through other schemas.
    static func reachedSchemas(from operations: [APIOperation], in document: Document) -> Set<String> {
        let components = Dictionary(
            document.schemas.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        var roots: [Schema] = []
        for operation in operations {
            roots += operation.parameters.map(\.schema)
            if let body = operation.requestBody { roots.append(body.schema) }
            for response in operation.responses {
                if let schema = response.schema { roots.append(schema) }
                roots += response.headers.compactMap(\.schema)
            }
        }
        var reached: Set<String> = []
        // An explicit stack, not recursion: a chain of schemas is as long as the spec makes it.
        var stack = roots
        while let schema = stack.popLast() {
            var names: [String] = []
            if let ref = schema.ref { names.append(ref) }
            for (_, reference) in schema.discriminator?.mapping ?? [] {
                if let name = reference.split(separator: "/").last.map(String.init) { names.append(name) }
            }
            for name in names where components[name] != nil && reached.insert(name).inserted {
                if let target = components[name] { stack.append(target) }
            }
            stack += schema.properties.map(\.schema)
            if let items = schema.items { stack.append(items) }
            if case .schema(let values) = schema.additionalProperties { stack.append(values) }
            stack += schema.patternProperties.map(\.schema)
            stack += schema.allOf + schema.oneOf + schema.anyOf
        }
        return reached
    }
}
