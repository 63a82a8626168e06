import APISpecCore

// The fast path: whether an instance is valid, decided by a second compiled form of the schemas that use the common
// keywords (types, enums, lengths, bounds, formats, properties, required, additionalProperties, items, $ref, allOf,
// anyOf, oneOf, not, if/then/else). Every operation's payload is a plain number (an index into the program's
// tables), so running it retains nothing, and it keeps no instance path, scope or frames: it only answers
// valid, invalid, or "cannot tell". Profiling the general evaluation on a 10,000-member answer showed those costs
// (copying keywords with their arrays, reference counting, bookkeeping per schema) to be most of a validation.
//
// The general evaluation stays the reference: it runs whenever the fast path cannot tell (a keyword it does not
// have, a budget or depth it would exceed, a reference cycle) and whenever violations must be reported, so the fast
// path changes speed, never a verdict or a message. `JSONSchemaTestSuiteTests` runs the suite both ways.

/// One operation of the fast path; every payload is an index or a number.
enum FastOp: Sendable {
    case never
    case type(UInt8)
    /// A subschema the value must also pass: `$ref`, or one of `allOf`.
    case subschema(Int32)
    case allOf(start: Int32, count: Int32)
    case anyOf(start: Int32, count: Int32)
    case oneOf(start: Int32, count: Int32)
    case not(Int32)
    case conditional(condition: Int32, then: Int32, otherwise: Int32)
    case enumeration(Int32)
    case constant(Int32)
    case minLength(Int)
    case maxLength(Int)
    case format(UInt8, asserted: Bool)
    case minimum(Int32, exclusive: Bool)
    case maximum(Int32, exclusive: Bool)
    case multipleOf(Int32)
    /// `properties`, and the `required` names among them as bits of their places in the table.
    case properties(Int32, requiring: UInt64)
    case required(start: Int32, count: Int32)
    case additionalProperties(Int32, known: Int32)
    case minProperties(Int)
    case maxProperties(Int)
    case prefixItems(start: Int32, count: Int32)
    case items(Int32, start: Int)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
}

/// The fast path's program for every compiled schema of a validator.
struct FastProgram: Sendable {
    /// For each compiled schema, its operations in `ops`; `count` is -1 when it, or a schema it reaches, uses a
    /// keyword the fast path does not have.
    private(set) var ranges: [(start: Int32, count: Int32)] = []
    private(set) var ops: [FastOp] = []
    private(set) var lists: [Int32] = []
    private(set) var values: [[JSON]] = []
    private(set) var constants: [JSON] = []
    private(set) var divisors: [DecimalNumber] = []
    private(set) var names: [String] = []
    /// Property tables, flattened: each `(slots start, mask, first name)`; a slot holds an index into
    /// `propertyNames` and `propertySchemas`, or -1.
    private(set) var tables: [(start: Int32, mask: Int32, base: Int32)] = []
    private(set) var slots: [Int32] = []
    private(set) var propertyNames: [String] = []
    private(set) var propertySchemas: [Int32] = []
    /// For each schema that only asserts a type (and maybe a format): the type's bits, with bit 7 set when there is
    /// a format (then only when formats are not asserted); 0 for any other schema. Members and elements check such
    /// a schema in place, the most common kind by far.
    private(set) var typeOnly: [UInt8] = []

    init(_ schemas: [CompiledSchema]) {
        var children: [[Int]] = Array(repeating: [], count: schemas.count)
        var supported = [Bool](repeating: true, count: schemas.count)
        for (index, schema) in schemas.enumerated() {
            let start = Int32(ops.count)
            let fused = Self.requiredAmongProperties(schema.keywords)
            for keyword in schema.keywords {
                if case .required = keyword, fused != nil { continue }
                guard var op = op(for: keyword, children: &children[index]) else {
                    supported[index] = false
                    break
                }
                if case .properties(let table, _) = op, let fused { op = .properties(table, requiring: fused) }
                ops.append(op)
            }
            ranges.append((start, Int32(ops.count) - start))
        }
        // A schema is supported only when every schema it reaches is: spread each unsupported one to its parents.
        var parents: [[Int]] = Array(repeating: [], count: schemas.count)
        for (parent, list) in children.enumerated() {
            for child in list { parents[child].append(parent) }
        }
        var pending = supported.indices.filter { !supported[$0] }
        while let next = pending.popLast() {
            for parent in parents[next] where supported[parent] {
                supported[parent] = false
                pending.append(parent)
            }
        }
        for index in supported.indices where !supported[index] { ranges[index].count = -1 }
        typeOnly = ranges.map { range in
            guard range.count > 0 else { return 0 }
            var bits: UInt8 = 0
            var format: UInt8 = 0
            for op in ops[Int(range.start)..<Int(range.start + range.count)] {
                switch op {
                case .type(let types) where bits == 0: bits = types
                case .format(_, asserted: false): format = 0x80
                default: return 0
                }
            }
            return bits == 0 ? 0 : bits | format
        }
    }

    /// When every `required` name is among the `properties` (and there are at most 64 of those): their places in
    /// the table, as bits, so that one pass over the members checks both; nil otherwise.
    private static func requiredAmongProperties(_ keywords: [CompiledSchema.Keyword]) -> UInt64? {
        var required: [String] = []
        var table: PropertyTable?
        for keyword in keywords {
            switch keyword {
            case .required(let names): required += names
            case .properties(let properties): table = properties
            default: continue
            }
        }
        guard let table, !required.isEmpty, table.names.count <= 64 else { return nil }
        var mask: UInt64 = 0
        for name in required {
            guard let place = table.names.firstIndex(of: name) else { return nil }
            mask |= 1 << UInt64(place)
        }
        return mask
    }

    /// Whether the fast path can decide instances against schema `index`.
    func supports(_ index: Int) -> Bool { ranges[index].count >= 0 }

    private mutating func list(_ schemas: [Int], _ children: inout [Int]) -> (Int32, Int32) {
        children += schemas
        let start = Int32(lists.count)
        lists += schemas.map(Int32.init)
        return (start, Int32(schemas.count))
    }

    private mutating func op(for keyword: CompiledSchema.Keyword, children: inout [Int]) -> FastOp? {
        switch keyword {
        case .never: return .never
        case .ref(let target):
            children.append(target)
            return .subschema(Int32(target))
        case .type(let types): return .type(types.bits)
        case .enumeration(let list):
            values.append(list)
            return .enumeration(Int32(values.count - 1))
        case .constant(let value):
            constants.append(value)
            return .constant(Int32(constants.count - 1))
        case .multipleOf(let divisor, _):
            divisors.append(divisor)
            return .multipleOf(Int32(divisors.count - 1))
        case .minimum(let bound, let exclusive):
            constants.append(bound)
            return .minimum(Int32(constants.count - 1), exclusive: exclusive)
        case .maximum(let bound, let exclusive):
            constants.append(bound)
            return .maximum(Int32(constants.count - 1), exclusive: exclusive)
        case .minLength(let minimum): return .minLength(minimum)
        case .maxLength(let maximum): return .maxLength(maximum)
        case .format(let format, let asserted):
            guard let index = CompiledSchema.Format.allCases.firstIndex(of: format) else { return nil }
            return .format(UInt8(index), asserted: asserted)
        case .minItems(let minimum): return .minItems(minimum)
        case .maxItems(let maximum): return .maxItems(maximum)
        case .uniqueItems: return .uniqueItems
        case .minProperties(let minimum): return .minProperties(minimum)
        case .maxProperties(let maximum): return .maxProperties(maximum)
        case .required(let required):
            let start = Int32(names.count)
            names += required
            return .required(start: start, count: Int32(required.count))
        case .properties(let table):
            children += table.schemas
            return .properties(addTable(table), requiring: 0)
        case .additionalProperties(let schema, let known, let patterns):
            guard patterns.isEmpty else { return nil }
            children.append(schema)
            let table = PropertyTable(known.sorted().map { ($0, schema) })
            return .additionalProperties(Int32(schema), known: known.isEmpty ? -1 : addTable(table))
        case .prefixItems(let schemas):
            let (start, count) = list(schemas, &children)
            return .prefixItems(start: start, count: count)
        case .items(let schema, let start):
            children.append(schema)
            return .items(Int32(schema), start: start)
        case .allOf(let schemas):
            let (start, count) = list(schemas, &children)
            return .allOf(start: start, count: count)
        case .anyOf(let schemas):
            let (start, count) = list(schemas, &children)
            return .anyOf(start: start, count: count)
        case .oneOf(let schemas):
            let (start, count) = list(schemas, &children)
            return .oneOf(start: start, count: count)
        case .not(let schema):
            children.append(schema)
            return .not(Int32(schema))
        case .conditional(let condition, let then, let otherwise):
            children += [condition] + [then, otherwise].compactMap { $0 }
            return .conditional(
                condition: Int32(condition), then: Int32(then ?? -1), otherwise: Int32(otherwise ?? -1))
        default:
            return nil
        }
    }

    private mutating func addTable(_ table: PropertyTable) -> Int32 {
        let base = Int32(propertyNames.count)
        propertyNames += table.names
        propertySchemas += table.schemas.map(Int32.init)
        let start = Int32(slots.count)
        slots += table.slotIndexes.map { $0 < 0 ? -1 : $0 + base }
        tables.append((start, Int32(table.slotIndexes.count - 1), base))
        return Int32(tables.count - 1)
    }

    /// The index into `propertyNames` of `name` in table `table`, if it is there. A method of the program, not of
    /// a run: a run's method copied the whole run (about 200 bytes) on every call, once per member validated.
    @inline(__always)
    func lookup(_ name: String, in table: (start: Int32, mask: Int32, base: Int32)) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            propertyNames.withUnsafeBufferPointer { names in
                PropertyTable.probe(name, slots: slots, start: Int(table.start), mask: Int(table.mask), names: names)
            }
        }
    }
}

/// What the fast path decided.
enum FastVerdict {
    case valid
    case invalid
    case undecided
}

/// One run of the fast path over one instance.
struct FastRun {
    let program: FastProgram
    let options: ValidationOptions
    let instance: JSON
    var evaluationsLeft: Int
    /// Whether the allowance per value has been added to `evaluationsLeft` (on first need: it takes a walk).
    var countedValues = false
    var depth = 0
    var nesting = 0
    /// Set when something the fast path does not decide was met: the verdict is then `undecided`.
    var gaveUp = false

    /// How deep subschemas may nest before the general evaluation takes over: it detects reference cycles, and runs
    /// deep evaluations on a large stack (each level here is a few frames on the caller's).
    static let maximumNesting = 64

    /// The verdict on `instance`, within the general evaluation's budget: `maximumEvaluations`, and an allowance
    /// per value of the instance, counted only if the first part runs out (the count is a walk of the instance).
    static func decide(_ instance: JSON, _ schema: Int, program: FastProgram, options: ValidationOptions)
        -> FastVerdict
    {
        var run = FastRun(
            program: program, options: options, instance: instance, evaluationsLeft: max(0, options.maximumEvaluations))
        let valid = run.passes(instance, Int32(schema))
        return run.gaveUp ? .undecided : valid ? .valid : .invalid
    }

    mutating func passes(_ value: JSON, _ schema: Int32) -> Bool {
        let range = program.ranges[Int(schema)]
        if range.count == 0 { return true }
        guard range.count > 0, !gaveUp else { return giveUp() }
        evaluationsLeft -= 1
        nesting += 1
        defer { nesting -= 1 }
        if evaluationsLeft < 0 && !countedValues {
            countedValues = true
            // Deeper instances are for the general evaluation, which walks them on a large stack.
            guard let values = instance.valueCount(ifNoDeeperThan: 1_000) else { return giveUp() }
            evaluationsLeft += min(values, Int.max / 64) * Evaluation.evaluationsPerValue
        }
        if evaluationsLeft < 0 || nesting > Self.maximumNesting { return giveUp() }
        for position in Int(range.start)..<Int(range.start + range.count) {
            guard passes(value, program.ops[position]) else { return false }
        }
        return true
    }

    private mutating func giveUp() -> Bool {
        gaveUp = true
        return false
    }

    private mutating func passes(_ value: JSON, _ op: FastOp) -> Bool {
        switch op {
        case .never: return false
        case .type(let bits): return CompiledSchema.TypeSet.contains(value, bits: bits)
        case .subschema(let schema): return passes(value, schema)
        case .allOf(let start, let count):
            for position in Int(start)..<Int(start + count) where !passes(value, program.lists[position]) {
                return false
            }
            return true
        case .anyOf(let start, let count):
            for position in Int(start)..<Int(start + count) where passes(value, program.lists[position]) {
                return true
            }
            return false
        case .oneOf(let start, let count):
            var matching = 0
            for position in Int(start)..<Int(start + count) where passes(value, program.lists[position]) {
                matching += 1
            }
            return matching == 1
        case .not(let schema): return !passes(value, schema) && !gaveUp
        case .conditional(let condition, let then, let otherwise):
            if passes(value, condition) { return then < 0 || passes(value, then) }
            return gaveUp ? false : otherwise < 0 || passes(value, otherwise)
        case .enumeration(let index):
            // Strings, the common enum, compared here as strings: through `isJSONEqual` (a call into another module,
            // which copies both values into a tuple to match them) a 10,000-member answer took 3.1 ms, not 2.8.
            if case .string(let string) = value {
                return program.values[Int(index)].contains { candidate in
                    if case .string(let other) = candidate { other == string } else { false }
                }
            }
            return program.values[Int(index)].contains { $0.isJSONEqual(to: value) }
        case .constant(let index): return program.constants[Int(index)].isJSONEqual(to: value)
        default:
            switch value {
            case .string(let string): return passes(string, op)
            case .integer, .number: return passesNumber(value, op)
            case .object(let members): return passes(members, op)
            case .array(let elements): return passes(elements, op)
            default: return true
            }
        }
    }

    private func passes(_ string: String, _ op: FastOp) -> Bool {
        switch op {
        case .minLength(let minimum): return string.unicodeScalars.count >= minimum
        case .maxLength(let maximum): return string.unicodeScalars.count <= maximum
        case .format(let index, let asserted):
            guard asserted || options.assertFormat else { return true }
            return FormatCheck.isValid(string, as: CompiledSchema.Format.allCases[Int(index)])
        default: return true
        }
    }

    private func passesNumber(_ value: JSON, _ op: FastOp) -> Bool {
        switch op {
        case .minimum(let index, let exclusive):
            let order = Evaluation.compare(value, program.constants[Int(index)])
            return !(order < 0 || (exclusive && order == 0))
        case .maximum(let index, let exclusive):
            let order = Evaluation.compare(value, program.constants[Int(index)])
            return !(order > 0 || (exclusive && order == 0))
        case .multipleOf(let index):
            guard let decimal = DecimalNumber(value) else { return true }
            return decimal.isMultiple(of: program.divisors[Int(index)])
        default: return true
        }
    }

    private mutating func passes(_ members: [String: JSON], _ op: FastOp) -> Bool {
        switch op {
        case .minProperties(let minimum): return members.count >= minimum
        case .maxProperties(let maximum): return members.count <= maximum
        case .required(let start, let count):
            for position in Int(start)..<Int(start + count) where members[program.names[position]] == nil {
                return false
            }
            return true
        case .properties(let table, let requiring):
            var seen: UInt64 = 0
            let table = program.tables[Int(table)]
            let base = Int(table.base)
            for (name, value) in members {
                guard let index = program.lookup(name, in: table) else { continue }
                if requiring != 0, index - base < 64 { seen |= 1 << UInt64(index - base) }
                guard member(value, program.propertySchemas[index]) else { return false }
            }
            return seen & requiring == requiring
        case .additionalProperties(let schema, let known):
            let table = known < 0 ? nil : program.tables[Int(known)]
            for (name, value) in members where table.map({ program.lookup(name, in: $0) == nil }) ?? true {
                guard member(value, schema) else { return false }
            }
            return true
        default: return true
        }
    }

    /// A member or element one level down: deeper than the options allow is for the general evaluation to report.
    /// Inlined, so that the common case (a schema that only asserts a type) reads the value's case where it lies in
    /// its object or array, without copying (retaining) it.
    @inline(__always)
    private mutating func member(_ value: JSON, _ schema: Int32) -> Bool {
        let typeOnly = program.typeOnly[Int(schema)]
        if typeOnly != 0, typeOnly & 0x80 == 0 || !options.assertFormat, evaluationsLeft > 0,
            depth < options.maximumDepth
        {
            evaluationsLeft -= 1
            return CompiledSchema.TypeSet.contains(value, bits: typeOnly & 0x7F)
        }
        return nested(value, schema)
    }

    /// A member or element whose schema asks more than a type: its own operations, one level deeper.
    private mutating func nested(_ value: JSON, _ schema: Int32) -> Bool {
        depth += 1
        defer { depth -= 1 }
        if depth > options.maximumDepth { return giveUp() }
        return passes(value, schema)
    }

    private mutating func passes(_ elements: [JSON], _ op: FastOp) -> Bool {
        switch op {
        case .minItems(let minimum): return elements.count >= minimum
        case .maxItems(let maximum): return elements.count <= maximum
        case .uniqueItems:
            var seen: Set<JSON> = []
            for element in elements where !seen.insert(element.canonical).inserted { return false }
            return true
        case .prefixItems(let start, let count):
            for (element, position) in zip(elements, Int(start)..<Int(start + count))
            where !member(element, program.lists[position]) {
                return false
            }
            return true
        case .items(let schema, let start):
            for element in elements.dropFirst(start) where !member(element, schema) { return false }
            return true
        default: return true
        }
    }
}
