// Evaluating arrays: items, prefixItems, contains, uniqueItems, unevaluatedItems, with the instance path.
import APISpecCore
import Foundation

extension Evaluation {
    mutating func element(
        _ element: JSON, at position: Int, _ schema: Int, record: Bool
    ) -> Bool {
        path.append(.index(position))
        defer { path.removeLast() }
        if path.count > options.maximumDepth { return tooDeep(schema, record) }
        var ignored = Annotations()
        return evaluate(element, schema, record: record, collect: false, &ignored)
    }

    mutating func tooDeep(_ schema: Int, _ record: Bool) -> Bool {
        fail(record, schema, "depth", "the value nests more than \(options.maximumDepth) arrays and objects deep")
        return false
    }

    mutating func evaluateArray(
        _ elements: [JSON], _ keyword: CompiledSchema.Keyword, _ index: Int, record: Bool, tracking: Bool,
        _ local: inout Annotations
    ) -> Bool {
        switch keyword {
        case .minItems(let minimum) where elements.count < minimum:
            fail(record, index, "minItems", "has \(elements.count) elements, fewer than the minimum of \(minimum)")
            return false
        case .maxItems(let maximum) where elements.count > maximum:
            fail(record, index, "maxItems", "has \(elements.count) elements, more than the maximum of \(maximum)")
            return false
        case .uniqueItems:
            var seen: [JSON: Int] = [:]
            for (position, element) in elements.enumerated() {
                if let first = seen.updateValue(position, forKey: element.canonical) {
                    fail(
                        record, index, "uniqueItems",
                        "elements \(first) and \(position) are equal; elements must be unique")
                    return false
                }
            }
        case .prefixItems(let schemas):
            var valid = true
            for (position, schema) in zip(elements.indices, schemas) {
                valid = element(elements[position], at: position, schema, record: record) && valid
                if !valid && !record { return false }
            }
            if tracking { local.itemPrefix = max(local.itemPrefix, min(schemas.count, elements.count)) }
            return valid
        case .items(let schema, let start):
            var valid = true
            for position in elements.indices.dropFirst(start) {
                valid = element(elements[position], at: position, schema, record: record) && valid
                if !valid && !record { return false }
            }
            if tracking { local.allItems = true }
            return valid
        case .contains(let schema, let minimum, let maximum):
            var matches = 0
            for (position, candidate) in elements.enumerated() {
                path.append(.index(position))
                var ignored = Annotations()
                if evaluate(candidate, schema, record: false, collect: false, &ignored) {
                    matches += 1
                    if tracking { local.items.insert(position) }
                }
                path.removeLast()
            }
            if matches < minimum {
                let keyword = minimum == 1 ? "contains" : "minContains"
                let how = matches == 0 ? "no element matches" : "only \(matches) elements match"
                fail(record, index, keyword, "\(how) the schema of 'contains'; at least \(minimum) must")
                return false
            }
            if let maximum, matches > maximum {
                fail(
                    record, index, "maxContains",
                    "\(matches) elements match the schema of 'contains'; at most \(maximum) may")
                return false
            }
        case .unevaluatedItems(let schema):
            var valid = true
            for position in elements.indices where !local.evaluated(item: position) {
                if validator.schemas[schema].keywords.first.map(Self.isNever) ?? false {
                    fail(
                        record, index, "unevaluatedItems",
                        "element \(position) is not allowed: no subschema evaluated it", at: .index(position))
                    valid = false
                } else {
                    valid = element(elements[position], at: position, schema, record: record) && valid
                }
                if !valid && !record { return false }
            }
            if tracking { local.allItems = true }
            return valid
        default:
            break
        }
        return true
    }

    static func isNever(_ keyword: CompiledSchema.Keyword) -> Bool {
        if case .never = keyword { return true }
        return false
    }

    // MARK: - Objects
}
