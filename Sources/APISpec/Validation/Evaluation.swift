import Foundation

/// One run of the validator over one instance: the instance path, the dynamic scope, and what failed.
struct Evaluation {
    let validator: JSONSchemaValidator
    let options: ValidationOptions
    private var path: [PathToken] = []
    private var scope: [Int] = []
    private var activeReferences: Set<ActiveReference> = []
    private var found: [(path: [PathToken], violation: Violation)] = []
    /// What is left of `options.maximumPatternSteps`, in ticks of `SchemaPattern.stepsPerTick` steps.
    private var patternTicks: Int
    /// The "did you mean" hints this evaluation may still give.
    private var hints = Suggestion.Budget()
    /// The schema evaluations left: `options.maximumEvaluations`, and `evaluationsPerValue` for each value.
    private var evaluationsLeft: Int
    /// Why the evaluation stopped before it could decide, once a limit ran out. Every evaluation after that fails
    /// and records nothing, and the instance is invalid whatever `not` or `if` make of those failures.
    private var stopped: (path: [PathToken], violation: Violation)?
    /// How deep `evaluate` may call itself, and how deep it does now.
    private let maximumNesting: Int
    private var nesting = 0
    /// Whether the evaluation stopped because it nested deeper than `maximumNesting`: on the caller's stack, it runs
    /// again on a large one.
    private(set) var outgrewStack = false

    /// The schema evaluations each value of the instance may take, beyond `options.maximumEvaluations`.
    static let evaluationsPerValue = 32

    enum PathToken: Comparable {
        case index(Int)
        case key(String)
    }

    /// A reference being followed at an instance depth; meeting it again there is a cycle that consumes nothing.
    private struct ActiveReference: Hashable {
        var schema: Int
        var depth: Int
    }

    /// An evaluation of an instance that holds `values` values (see `JSON.valueCount`), whose schemas may nest
    /// `maximumNesting` deep: `LargeStack.inlineNesting` on the caller's stack, where deeper means running again on
    /// a large stack, and `LargeStack.nesting(for:)` on one, where deeper fails.
    init(validator: JSONSchemaValidator, options: ValidationOptions, values: Int, maximumNesting: Int) {
        self.validator = validator
        self.options = options
        self.maximumNesting = maximumNesting
        patternTicks = max(0, options.maximumPatternSteps / SchemaPattern.stepsPerTick)
        let (allowance, overflow) = values.multipliedReportingOverflow(by: Self.evaluationsPerValue)
        let (total, totalOverflow) = max(0, options.maximumEvaluations).addingReportingOverflow(allowance)
        evaluationsLeft = overflow || totalOverflow ? .max : total
    }

    /// Whether a limit stopped the evaluation before it could decide.
    var isStopped: Bool { stopped != nil }

    /// The violations ordered by instance path (array indices numerically), then in the order they were found.
    func sortedViolations() -> [Violation] {
        let found = self.found + (stopped.map { [$0] } ?? [])
        return found.enumerated().sorted { lhs, rhs in
            lhs.element.path == rhs.element.path
                ? lhs.offset < rhs.offset : lhs.element.path.lexicographicallyPrecedes(rhs.element.path)
        }.map(\.element.violation)
    }

    private static func render(_ path: [PathToken]) -> String {
        path.map {
            switch $0 {
            case .index(let index): "/\(index)"
            case .key(let key): "/" + JSONPointer.escape(key)
            }
        }.joined()
    }

    private mutating func fail(
        _ record: Bool, _ schema: Int, _ keyword: String, _ message: String, at extra: PathToken? = nil
    ) {
        guard record, stopped == nil else { return }
        found.append(violation(schema, keyword, message, at: extra))
    }

    /// Stops the evaluation, undecided, because a limit ran out: the instance fails with this violation alone
    /// beyond those already found.
    private mutating func stop(_ schema: Int, _ keyword: String, _ message: String, at extra: PathToken? = nil) {
        if stopped == nil { stopped = violation(schema, keyword, message, at: extra) }
    }

    private func violation(_ schema: Int, _ keyword: String, _ message: String, at extra: PathToken?)
        -> (path: [PathToken], violation: Violation)
    {
        let compiled = validator.schemas[schema]
        var location = path
        if let extra { location.append(extra) }
        return (
            location,
            Violation(
                instancePath: Self.render(location), keyword: keyword, message: message,
                schemaLocation: compiled.location, schemaPath: compiled.path)
        )
    }

    // MARK: - Schemas

    /// Evaluates `value` against schema `index`. With `record`, every violation is kept; without, the first one
    /// ends the evaluation. With `collect`, what was evaluated is added to `annotations` when the value is valid.
    mutating func evaluate(
        _ value: JSON, _ index: Int, record: Bool, collect: Bool, _ annotations: inout Annotations
    ) -> Bool {
        let schema = validator.schemas[index]
        if schema.keywords.isEmpty { return true }
        guard stopped == nil else { return false }
        nesting += 1
        defer { nesting -= 1 }
        if nesting > maximumNesting {
            outgrewStack = true
            stop(
                index, "depth",
                "the schemas nest more than \(maximumNesting) evaluations deep at this value (through $ref, allOf, "
                    + "anyOf, oneOf, not or if), so it is not accepted")
            return false
        }
        evaluationsLeft -= 1
        if evaluationsLeft < 0 {
            stop(
                index, "evaluations",
                "validation stopped after \(options.maximumEvaluations) schema evaluations and "
                    + "\(Self.evaluationsPerValue) for each value of the instance: the schemas apply to it "
                    + "combinatorially (nested anyOf, oneOf or $ref), so it is not accepted")
            return false
        }
        let entered = scope.last != schema.resource
        if entered { scope.append(schema.resource) }
        defer { if entered { scope.removeLast() } }
        let tracking = collect || schema.tracksProperties || schema.tracksItems
        var local = Annotations()
        var valid = true
        for keyword in schema.keywords {
            if !valid && !record { return false }
            switch keyword {
            case .never:
                fail(record, index, "false", "no value is allowed here (the schema is false)")
                return false
            case .ref(let target):
                valid = follow(value, target, keyword: "$ref", from: index, record, tracking, &local) && valid
            case .dynamicRef(let target, let anchor):
                var resolved = target
                if let anchor {
                    for resource in scope {
                        if let outer = validator.dynamicAnchors[resource][anchor] {
                            resolved = outer
                            break
                        }
                    }
                }
                valid = follow(value, resolved, keyword: "$dynamicRef", from: index, record, tracking, &local) && valid
            case .type(let types):
                if !types.contains(value) {
                    let expected = types.types.map(\.rawValue).joined(separator: " or ")
                    fail(record, index, "type", "expected \(expected), found \(Self.describe(value))")
                    // Keywords for other types do not apply; nothing more useful can be said about this value.
                    return false
                }
            case .enumeration(let values):
                if !values.contains(where: { $0.isJSONEqual(to: value) }) {
                    let allowed = values.map(\.jsonText).joined(separator: ", ")
                    fail(record, index, "enum", "\(value.jsonText) is not one of the allowed values: \(allowed)")
                    valid = false
                }
            case .constant(let constant):
                if !constant.isJSONEqual(to: value) {
                    fail(record, index, "const", "expected \(constant.jsonText), found \(value.jsonText)")
                    valid = false
                }
            default:
                valid = evaluateByType(value, keyword, index, record: record, tracking: tracking, &local) && valid
            }
        }
        if valid && collect { annotations.merge(local) }
        return valid
    }

    private mutating func follow(
        _ value: JSON, _ target: Int, keyword: String, from index: Int, _ record: Bool, _ tracking: Bool,
        _ local: inout Annotations
    ) -> Bool {
        let active = ActiveReference(schema: target, depth: path.count)
        guard activeReferences.insert(active).inserted else {
            fail(
                record, index, keyword,
                "the schema refers back to itself without checking any part of the value: an endless loop")
            return false
        }
        defer { activeReferences.remove(active) }
        return evaluate(value, target, record: record, collect: tracking, &local)
    }

    private mutating func evaluateByType(
        _ value: JSON, _ keyword: CompiledSchema.Keyword, _ index: Int, record: Bool, tracking: Bool,
        _ local: inout Annotations
    ) -> Bool {
        switch (keyword, value) {
        case (.multipleOf(let divisor, let text), .integer), (.multipleOf(let divisor, let text), .number):
            if let decimal = DecimalNumber(value), !decimal.isMultiple(of: divisor) {
                fail(record, index, "multipleOf", "\(value.jsonText) is not a multiple of \(text)")
                return false
            }
        case (.minimum(let bound, let exclusive), .integer), (.minimum(let bound, let exclusive), .number):
            let order = Self.compare(value, bound)
            if order < 0 || (exclusive && order == 0) {
                let how = exclusive ? "must be greater than" : "is less than the minimum of"
                fail(
                    record, index, exclusive ? "exclusiveMinimum" : "minimum",
                    "\(value.jsonText) \(how) \(bound.jsonText)")
                return false
            }
        case (.maximum(let bound, let exclusive), .integer), (.maximum(let bound, let exclusive), .number):
            let order = Self.compare(value, bound)
            if order > 0 || (exclusive && order == 0) {
                let how = exclusive ? "must be less than" : "is greater than the maximum of"
                fail(
                    record, index, exclusive ? "exclusiveMaximum" : "maximum",
                    "\(value.jsonText) \(how) \(bound.jsonText)")
                return false
            }
        case (.minLength(let minimum), .string(let string)):
            let length = string.unicodeScalars.count
            if length < minimum {
                fail(record, index, "minLength", "is \(length) characters long, shorter than the minimum of \(minimum)")
                return false
            }
        case (.maxLength(let maximum), .string(let string)):
            let length = string.unicodeScalars.count
            if length > maximum {
                fail(record, index, "maxLength", "is \(length) characters long, longer than the maximum of \(maximum)")
                return false
            }
        case (.pattern(let pattern), .string(let string)):
            switch pattern.search(in: string, budget: &patternTicks) {
            case true: break
            case false:
                fail(record, index, "pattern", "\(value.jsonText) does not match the pattern \(pattern.source)")
                return false
            case nil:
                stop(index, "pattern", Self.undecided(value.jsonText, pattern))
                return false
            }
        case (.format(let format, let asserted), .string(let string)):
            if asserted || options.assertFormat, !FormatCheck.isValid(string, as: format) {
                fail(record, index, "format", "\(value.jsonText) is not a valid \(format.rawValue)")
                return false
            }
        case (.minItems, .array), (.maxItems, .array), (.uniqueItems, .array), (.prefixItems, .array),
            (.items, .array), (.contains, .array), (.unevaluatedItems, .array):
            guard case .array(let elements) = value else { return true }
            return evaluateArray(elements, keyword, index, record: record, tracking: tracking, &local)
        case (.minProperties, .object), (.maxProperties, .object), (.required, .object), (.dependentRequired, .object),
            (.properties, .object), (.patternProperties, .object), (.additionalProperties, .object),
            (.propertyNames, .object), (.dependentSchemas, .object), (.unevaluatedProperties, .object):
            guard case .object(let members) = value else { return true }
            return evaluateObject(members, keyword, index, record: record, tracking: tracking, &local)
        case (.allOf(let schemas), _):
            var valid = true
            for schema in schemas {
                valid = evaluate(value, schema, record: record, collect: tracking, &local) && valid
                if !valid && !record { return false }
            }
            return valid
        case (.anyOf(let schemas), _):
            var matched = false
            for schema in schemas {
                var branch = Annotations()
                if evaluate(value, schema, record: false, collect: tracking, &branch) {
                    matched = true
                    local.merge(branch)
                    if !tracking { break }
                }
            }
            if !matched {
                fail(record, index, "anyOf", "matches none of the \(schemas.count) schemas of anyOf")
                return false
            }
        case (.oneOf(let schemas), _):
            var matching = 0
            var matchedAnnotations = Annotations()
            for schema in schemas {
                var branch = Annotations()
                if evaluate(value, schema, record: false, collect: tracking, &branch) {
                    matching += 1
                    matchedAnnotations = branch
                }
            }
            if matching != 1 {
                let how = matching == 0 ? "none" : "\(matching)"
                fail(
                    record, index, "oneOf",
                    "matches \(how) of the \(schemas.count) schemas of oneOf; exactly one must match")
                return false
            }
            local.merge(matchedAnnotations)
        case (.not(let schema), _):
            var ignored = Annotations()
            if evaluate(value, schema, record: false, collect: false, &ignored) {
                fail(record, index, "not", "matches the schema of 'not', which it must not")
                return false
            }
        case (.conditional(let condition, let then, let otherwise), _):
            var branch = Annotations()
            if evaluate(value, condition, record: false, collect: tracking, &branch) {
                local.merge(branch)
                if let then { return evaluate(value, then, record: record, collect: tracking, &local) }
            } else if let otherwise {
                return evaluate(value, otherwise, record: record, collect: tracking, &local)
            }
        default:
            break  // A keyword for another type of value.
        }
        return true
    }

    // MARK: - Arrays

    private mutating func element(
        _ element: JSON, at position: Int, _ schema: Int, record: Bool
    ) -> Bool {
        path.append(.index(position))
        defer { path.removeLast() }
        if path.count > options.maximumDepth { return tooDeep(schema, record) }
        var ignored = Annotations()
        return evaluate(element, schema, record: record, collect: false, &ignored)
    }

    private mutating func tooDeep(_ schema: Int, _ record: Bool) -> Bool {
        fail(record, schema, "depth", "the value nests more than \(options.maximumDepth) arrays and objects deep")
        return false
    }

    private mutating func evaluateArray(
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

    private static func isNever(_ keyword: CompiledSchema.Keyword) -> Bool {
        if case .never = keyword { return true }
        return false
    }

    // MARK: - Objects

    private mutating func member(_ value: JSON, named name: String, _ schema: Int, record: Bool) -> Bool {
        path.append(.key(name))
        defer { path.removeLast() }
        if path.count > options.maximumDepth { return tooDeep(schema, record) }
        var ignored = Annotations()
        return evaluate(value, schema, record: record, collect: false, &ignored)
    }

    /// The message for a string whose match against `pattern` took more steps than the evaluation had left.
    private static func undecided(_ text: String, _ pattern: SchemaPattern) -> String {
        "\(text) was not decided against the pattern \(pattern.source) within the steps allowed "
            + "(the matcher backtracks on it), so it is not accepted"
    }

    /// Stops for a property whose name was not decided against `pattern` within the steps left.
    private mutating func undecidedName(_ name: String, _ pattern: SchemaPattern, _ keyword: String, _ index: Int) {
        stop(index, keyword, "property name " + Self.undecided(JSON.string(name).jsonText, pattern), at: .key(name))
    }

    /// Fails for a property that a `false` schema forbids, naming the declared properties it might be a typo of.
    private mutating func forbidden(
        _ name: String, _ keyword: String, _ index: Int, record: Bool, known: @autoclosure () -> [String]
    ) {
        guard record, stopped == nil else { return }  // nothing to report, so no hint to look for
        let hint = hints.hint(for: name, among: known())
        let reason = keyword == "unevaluatedProperties" ? "not allowed: no subschema evaluated it" : "not allowed"
        fail(record, index, keyword, "property '\(name)' is \(reason)\(hint)", at: .key(name))
    }

    private static func declaredProperties(of schema: CompiledSchema) -> [String] {
        schema.keywords.flatMap { keyword -> [String] in
            if case .properties(let properties) = keyword { return Array(properties.keys) }
            return []
        }
    }

    private mutating func evaluateObject(
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
                guard let schema = properties[name] else { continue }
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

    // MARK: - Values

    /// -1, 0 or 1 as `lhs` is less than, equal to or greater than `rhs`; exact for two integers.
    static func compare(_ lhs: JSON, _ rhs: JSON) -> Int {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            let a = lhs.doubleValue
            let b = rhs.doubleValue
            return a < b ? -1 : (a == b ? 0 : 1)
        }
    }

    static func describe(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .integer, .number: "\(value.jsonType == .integer ? "integer" : "number") \(value.jsonText)"
        case .string(let string):
            "string \(JSON.string(string.count > 40 ? String(string.prefix(40)) + "…" : string).jsonText)"
        case .array(let elements): "an array of \(elements.count)"
        case .object: "an object"
        }
    }
}

extension JSON {
    /// The number as a double (0 for other values).
    var doubleValue: Double {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: 0
        }
    }

    /// The value with every integral number written as an integer, so that values JSON Schema calls equal
    /// (`1` and `1.0`) are equal and hash alike.
    var canonical: JSON {
        switch self {
        case .number(let value) where value.rounded() == value && abs(value) < 9.2e18: .integer(Int64(value))
        case .array(let elements): .array(elements.map(\.canonical))
        case .object(let members): .object(members.mapValues(\.canonical))
        default: self
        }
    }
}
