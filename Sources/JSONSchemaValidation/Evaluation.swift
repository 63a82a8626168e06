import APISpecCore
import Foundation

/// One run of the validator over one instance: the instance path, the dynamic scope, and what failed.
struct Evaluation {
    let validator: JSONSchemaValidator
    let options: ValidationOptions
    var path: [PathToken] = []
    var scope: [Int] = []
    /// When recording: the schemas being evaluated, outermost first, each with the instance depth it applies at.
    var schemaStack: [(schema: Int, depth: Int)] = []
    /// The references being followed, innermost last. Their depths never decrease along the stack, so those at the
    /// current depth are its end: a scan of a few entries instead of a set's two hashes per reference.
    var activeReferences: [ActiveReference] = []
    var found: [(path: [PathToken], violation: Violation)] = []
    /// What is left of `options.maximumPatternSteps`, in ticks of `SchemaPattern.stepsPerTick` steps.
    var patternTicks: Int
    /// The "did you mean" hints this evaluation may still give.
    var hints = Suggestion.Budget()
    /// The schema evaluations left: `options.maximumEvaluations`, and `evaluationsPerValue` for each value.
    var evaluationsLeft: Int
    /// Why the evaluation stopped before it could decide, once a limit ran out. Every evaluation after that fails
    /// and records nothing, and the instance is invalid whatever `not` or `if` make of those failures.
    var stopped: (path: [PathToken], violation: Violation)?
    /// How deep `evaluate` may call itself, and how deep it does now.
    let maximumNesting: Int
    var nesting = 0
    /// Whether the evaluation stopped because it nested deeper than `maximumNesting`: on the caller's stack, it runs
    /// again on a large one.
    var outgrewStack = false

    /// The schema evaluations each value of the instance may take, beyond `options.maximumEvaluations`.
    static let evaluationsPerValue = 32

    enum PathToken: Comparable {
        case index(Int)
        case key(String)
    }

    /// A reference being followed at an instance depth; meeting it again there is a cycle that consumes nothing.
    struct ActiveReference: Hashable {
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

    static func render(_ path: [PathToken]) -> String {
        path.map {
            switch $0 {
            case .index(let index): "/\(index)"
            case .key(let key): "/" + JSONPointer.escape(key)
            }
        }.joined()
    }

    mutating func fail(
        _ record: Bool, _ schema: Int, _ keyword: String, _ message: String, at extra: PathToken? = nil
    ) {
        guard record, stopped == nil else { return }
        found.append(violation(schema, keyword, message, at: extra))
    }

    /// Stops the evaluation, undecided, because a limit ran out: the instance fails with this violation alone
    /// beyond those already found.
    mutating func stop(_ schema: Int, _ keyword: String, _ message: String, at extra: PathToken? = nil) {
        if stopped == nil { stopped = violation(schema, keyword, message, at: extra) }
    }

    func violation(_ schema: Int, _ keyword: String, _ message: String, at extra: PathToken?)
        -> (path: [PathToken], violation: Violation)
    {
        let compiled = validator.schemas[schema]
        var location = path
        if let extra { location.append(extra) }
        // The keyword locations of the schemas on the stack: each the one before it and the step between them.
        var trail: [OutputUnit.Frame] = []
        var keywordLocation = ""
        var stack = schemaStack
        if stack.last?.schema != schema { stack.append((schema, path.count)) }
        for (offset, entry) in stack.enumerated() {
            if offset > 0 { keywordLocation += validator.step(from: stack[offset - 1].schema, to: entry.schema) }
            trail.append(
                OutputUnit.Frame(
                    keywordLocation: keywordLocation,
                    absoluteKeywordLocation: validator.schemas[entry.schema].absolutePath,
                    instanceLocation: Self.render(Array(path.prefix(entry.depth)))))
        }
        // `false`, and the limits that stop an evaluation, are no keyword of the schema.
        let isKeyword = !["false", "depth", "evaluations"].contains(keyword)
        let suffix = isKeyword ? "/" + JSONPointer.escape(keyword) : ""
        return (
            location,
            Violation(
                instancePath: Self.render(location), keyword: keyword, message: message,
                schemaLocation: compiled.location, schemaPath: compiled.path,
                keywordLocation: keywordLocation + suffix, absoluteKeywordLocation: compiled.absolutePath + suffix,
                trail: trail)
        )
    }

    // MARK: - Schemas

    /// Evaluates `value` against schema `index`. With `record`, every violation is kept; without, the first one
    /// ends the evaluation. With `collect`, what was evaluated is added to `annotations` when the value is valid.
    mutating func evaluate(
        _ value: JSON, _ index: Int, record: Bool, collect: Bool, _ annotations: inout Annotations
    ) -> Bool {
        // The fields are read one by one: a copy of the whole schema would retain each of its strings, at every
        // evaluation.
        let keywords = validator.schemas[index].keywords
        if keywords.isEmpty { return true }
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
        // A leaf schema enters no resource that matters (it resolves nothing) and gets its frame only if it fails.
        let isLeaf = validator.schemas[index].isLeaf
        let resource = validator.schemas[index].resource
        let entered = !isLeaf && scope.last != resource
        if entered { scope.append(resource) }
        defer { if entered { scope.removeLast() } }
        let framed = record && !isLeaf
        if framed { schemaStack.append((index, path.count)) }
        defer { if framed { schemaStack.removeLast() } }
        let tracking = collect || validator.schemas[index].tracksProperties || validator.schemas[index].tracksItems
        var local = Annotations()
        var valid = true
        for keyword in keywords {
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

    mutating func follow(
        _ value: JSON, _ target: Int, keyword: String, from index: Int, _ record: Bool, _ tracking: Bool,
        _ local: inout Annotations
    ) -> Bool {
        let active = ActiveReference(schema: target, depth: path.count)
        var isCycle = false
        for entry in activeReferences.reversed() {
            if entry.depth != active.depth { break }
            if entry.schema == target {
                isCycle = true
                break
            }
        }
        guard !isCycle else {
            fail(
                record, index, keyword,
                "the schema refers back to itself without checking any part of the value: an endless loop")
            return false
        }
        activeReferences.append(active)
        defer { activeReferences.removeLast() }
        return evaluate(value, target, record: record, collect: tracking, &local)
    }

    mutating func evaluateByType(
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
