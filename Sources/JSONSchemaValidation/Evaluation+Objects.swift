// Evaluating objects: properties, patternProperties, additionalProperties, required, unevaluatedProperties.
import APISpecCore
import Foundation

extension Evaluation {
    mutating func member(_ value: JSON, named name: String, _ schema: Int, record: Bool) -> Bool {
        path.append(.key(name))
        defer { path.removeLast() }
        if path.count > options.maximumDepth { return tooDeep(schema, record) }
        var ignored = Annotations()
        return evaluate(value, schema, record: record, collect: false, &ignored)
    }

    /// The message for a string whose match against `pattern` took more steps than the evaluation had left.
    static func undecided(_ text: String, _ pattern: SchemaPattern) -> String {
        "\(text) was not decided against the pattern \(pattern.source) within the steps allowed "
            + "(the matcher backtracks on it), so it is not accepted"
    }

    /// Stops for a property whose name was not decided against `pattern` within the steps left.
    mutating func undecidedName(_ name: String, _ pattern: SchemaPattern, _ keyword: String, _ index: Int) {
        stop(index, keyword, "property name " + Self.undecided(JSON.string(name).jsonText, pattern), at: .key(name))
    }

    /// Fails for a property that a `false` schema forbids, naming the declared properties it might be a typo of.
    mutating func forbidden(
        _ name: String, _ keyword: String, _ index: Int, record: Bool, known: @autoclosure () -> [String]
    ) {
        guard record, stopped == nil else { return }  // nothing to report, so no hint to look for
        let hint = hints.hint(for: name, among: known())
        let reason = keyword == "unevaluatedProperties" ? "not allowed: no subschema evaluated it" : "not allowed"
        fail(record, index, keyword, "property '\(name)' is \(reason)\(hint)", at: .key(name))
    }

    static func declaredProperties(of schema: CompiledSchema) -> [String] {
        schema.keywords.flatMap { keyword -> [String] in
            if case .properties(let properties) = keyword { return properties.names }
            return []
        }
    }

    mutating func evaluateObject(
        _ members: [String: JSON], _ keyword: CompiledSchema.Keyword, _ index: Int, record: Bool, tracking: Bool,
        _ local: inout Annotations
    ) -> Bool {
        var valid = true
        switch keyword {
        case .minProperties(let minimum) where members.count < minimum:
            fail(
                record, index, "minProperties", "has \(members.count) properties, fewer than the minimum of \(minimum)")
            return false
        case .maxProperties(let maximum) where members.count > maximum:
            fail(record, index, "maxProperties", "has \(members.count) properties, more than the maximum of \(maximum)")
            return false
        case .required(let names):
            for name in names where members[name] == nil {
                fail(record, index, "required", "missing required property '\(name)'")
                valid = false
                if !record { return false }
            }
        case .dependentRequired(let dependencies):
            for dependency in dependencies where members[dependency.property] != nil {
                for name in dependency.requires where members[name] == nil {
                    fail(
                        record, index, "dependentRequired",
                        "missing property '\(name)', required when '\(dependency.property)' is present")
                    valid = false
                    if !record { return false }
                }
            }
        case .properties(let properties):
            for (name, value) in members {
                guard let schema = properties.schema(for: name) else { continue }
                valid = member(value, named: name, schema, record: record) && valid
                if !valid && !record { return false }
                if tracking { local.properties.insert(name) }
            }
        case .patternProperties(let patterns):
            for (name, value) in members {
                for entry in patterns {
                    guard let matched = entry.pattern.search(in: name, budget: &patternTicks) else {
                        undecidedName(name, entry.pattern, "patternProperties", index)
                        return false
                    }
                    guard matched else { continue }
                    valid = member(value, named: name, entry.schema, record: record) && valid
                    if !valid && !record { return false }
                    if tracking { local.properties.insert(name) }
                }
            }
        case .additionalProperties(let schema, let known, let patterns):
            let forbidsAll = validator.schemas[schema].keywords.first.map(Self.isNever) ?? false
            names: for (name, value) in members where !known.contains(name) {
                for pattern in patterns {
                    switch pattern.search(in: name, budget: &patternTicks) {
                    case true: continue names
                    case false: continue
                    case nil:
                        undecidedName(name, pattern, "additionalProperties", index)
                        return false
                    }
                }
                if forbidsAll {
                    forbidden(name, "additionalProperties", index, record: record, known: known.sorted())
                    valid = false
                } else {
                    valid = member(value, named: name, schema, record: record) && valid
                }
                if !valid && !record { return false }
                if tracking { local.properties.insert(name) }
            }
        case .propertyNames(let schema):
            for name in members.keys {
                valid = member(.string(name), named: name, schema, record: record) && valid
                if !valid && !record { return false }
            }
        case .dependentSchemas(let dependencies):
            for dependency in dependencies where members[dependency.property] != nil {
                valid =
                    evaluate(.object(members), dependency.schema, record: record, collect: tracking, &local) && valid
                if !valid && !record { return false }
            }
        case .unevaluatedProperties(let schema):
            let forbidsAll = validator.schemas[schema].keywords.first.map(Self.isNever) ?? false
            let compiled = validator.schemas[index]
            for (name, value) in members where !local.properties.contains(name) {
                if forbidsAll {
                    forbidden(
                        name, "unevaluatedProperties", index, record: record,
                        known: Self.declaredProperties(of: compiled))
                    valid = false
                } else {
                    valid = member(value, named: name, schema, record: record) && valid
                }
                if !valid && !record { return false }
            }
            if tracking { local.properties.formUnion(members.keys) }
        default:
            break
        }
        return valid
    }
}
