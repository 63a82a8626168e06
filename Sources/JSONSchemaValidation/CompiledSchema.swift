import APISpecCore
import Foundation

/// One schema, compiled: its keywords in evaluation order, with every subschema and reference replaced by the index
/// of a compiled schema. Schemas refer to each other by index, so recursive schemas need no cycles of references.
struct CompiledSchema: Sendable {
    /// Where the schema starts in its file.
    var location: SourceLocation
    /// The schema's place: `#/components/schemas/Member` in the spec, `uri#/pointer` in other documents.
    var path: String
    /// The schema's place as an absolute URI: its document's URI and the JSON pointer to it.
    var absolutePath: String
    /// The schema resource it belongs to (for `$dynamicRef`'s dynamic scope).
    var resource: Int
    /// The keywords that assert or apply, in the order they are evaluated.
    var keywords: [Keyword] = []
    /// Whether `unevaluatedProperties` is among the keywords: the in-place applicators must report which
    /// properties they evaluated.
    var tracksProperties = false
    /// Whether `unevaluatedItems` is among the keywords.
    var tracksItems = false
    /// Whether every keyword asserts on the value alone (no subschema, reference or pattern): such a schema enters no
    /// resource and needs no frame of its own unless it fails, so its evaluation skips that bookkeeping.
    var isLeaf = false

    /// Whether `keyword` asserts on the value alone.
    static func isLeafKeyword(_ keyword: Keyword) -> Bool {
        switch keyword {
        case .type, .enumeration, .constant, .multipleOf, .minimum, .maximum, .minLength, .maxLength, .format,
            .minItems, .maxItems, .uniqueItems, .minProperties, .maxProperties, .required, .dependentRequired:
            true
        default: false
        }
    }

    /// A keyword, with its value ready to use.
    enum Keyword: Sendable {
        /// The `false` schema.
        case never
        case ref(Int)
        /// `$dynamicRef`: `target` is where it resolves statically; with an `anchor`, the dynamic scope is searched
        /// for the outermost resource with a `$dynamicAnchor` of that name.
        case dynamicRef(target: Int, anchor: String?)
        case type(TypeSet)
        case enumeration([JSON])
        case constant(JSON)
        case multipleOf(DecimalNumber, text: String)
        case minimum(JSON, exclusive: Bool)
        case maximum(JSON, exclusive: Bool)
        case minLength(Int)
        case maxLength(Int)
        case pattern(SchemaPattern)
        /// `format`, checked when `asserted` (the format-assertion vocabulary) or when the caller asks.
        case format(Format, asserted: Bool)
        case minItems(Int)
        case maxItems(Int)
        case uniqueItems
        case minProperties(Int)
        case maxProperties(Int)
        case required([String])
        case dependentRequired([(property: String, requires: [String])])
        case properties(PropertyTable)
        case patternProperties([(pattern: SchemaPattern, schema: Int)])
        /// `additionalProperties`, with the names and patterns of its siblings that it does not apply to.
        case additionalProperties(Int, known: Set<String>, patterns: [SchemaPattern])
        case propertyNames(Int)
        case dependentSchemas([(property: String, schema: Int)])
        case prefixItems([Int])
        /// `items`, applied from `start` on (after `prefixItems`).
        case items(Int, start: Int)
        case contains(Int, minimum: Int, maximum: Int?)
        case allOf([Int])
        case anyOf([Int])
        case oneOf([Int])
        case not(Int)
        case conditional(condition: Int, then: Int?, otherwise: Int?)
        case unevaluatedProperties(Int)
        case unevaluatedItems(Int)
    }

    /// A set of JSON types, as `type` lists them.
    struct TypeSet: Sendable, Hashable {
        var types: [JSONType]
        /// The types as bits, by the value's case: what `contains` tests.
        let bits: UInt8

        init(types: [JSONType]) {
            self.types = types
            var bits: UInt8 = 0
            for type in types {
                switch type {
                case .null: bits |= 1
                case .boolean: bits |= 2
                case .integer: bits |= 4
                case .number: bits |= 4 | 8
                case .string: bits |= 16
                case .array: bits |= 32
                case .object: bits |= 64
                }
            }
            self.bits = bits
        }

        func contains(_ value: JSON) -> Bool {
            Self.contains(value, bits: bits)
        }

        @inline(__always)
        static func contains(_ value: JSON, bits: UInt8) -> Bool {
            switch value {
            case .null: bits & 1 != 0
            case .bool: bits & 2 != 0
            case .integer: bits & 4 != 0
            // A number with a zero fraction is an integer.
            case .number(let number): bits & 8 != 0 || (bits & 4 != 0 && number.isFinite && number.rounded() == number)
            case .string: bits & 16 != 0
            case .array: bits & 32 != 0
            case .object: bits & 64 != 0
            }
        }
    }

    /// The formats of JSON Schema 2020-12 (§7.3), which `--assert-format` checks; any other format is an
    /// annotation.
    enum Format: String, Sendable, CaseIterable {
        case dateTime = "date-time"
        case date
        case time
        case duration
        case email
        case idnEmail = "idn-email"
        case hostname
        case idnHostname = "idn-hostname"
        case ipv4
        case ipv6
        case uri
        case uriReference = "uri-reference"
        case iri
        case iriReference = "iri-reference"
        case uuid
        case uriTemplate = "uri-template"
        case jsonPointer = "json-pointer"
        case relativeJSONPointer = "relative-json-pointer"
        case regex
    }
}

/// A finite decimal number `significand × 10^exponent`, for exact `multipleOf`.
struct DecimalNumber: Sendable, Hashable {
    var significand: UInt64
    var exponent: Int

    /// The exact decimal of a JSON number: integers as they are, doubles by their shortest round-trip text (the
    /// digits a person wrote, as JSON Schema means them: `0.0075` is 75×10⁻⁴, not the binary fraction nearest it).
    init?(_ value: JSON) {
        switch value {
        case .integer(let integer):
            self.init(significand: integer.magnitude, exponent: 0)
        case .number(let double) where double.isFinite:
            var text = Substring(String(describing: double.magnitude))
            var exponent = 0
            if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
                guard let power = Int(text[text.index(after: e)...]) else { return nil }
                exponent = power
                text = text[..<e]
            }
            if let dot = text.firstIndex(of: ".") {
                let fraction = text[text.index(after: dot)...]
                exponent -= fraction.count
                text = text[..<dot] + fraction
            }
            guard let significand = UInt64(text) else { return nil }
            self.init(significand: significand, exponent: exponent)
        default:
            return nil
        }
    }

    init(significand: UInt64, exponent: Int) {
        self.significand = significand
        self.exponent = exponent
    }

    /// Whether `self / divisor` is an integer, computed exactly.
    func isMultiple(of divisor: DecimalNumber) -> Bool {
        guard divisor.significand != 0 else { return false }
        guard significand != 0 else { return true }
        let modulus = divisor.significand
        if exponent >= divisor.exponent {
            // (a × 10^k) mod b, one power of ten at a time, without overflow.
            var remainder = significand % modulus
            for _ in 0..<(exponent - divisor.exponent) where remainder != 0 {
                remainder = modulus.dividingFullWidth(remainder.multipliedFullWidth(by: 10)).remainder
            }
            return remainder == 0
        }
        // a must be divisible by 10^k and then by b.
        var quotient = significand
        for _ in 0..<(divisor.exponent - exponent) {
            guard quotient % 10 == 0 else { return false }
            quotient /= 10
        }
        return quotient % modulus == 0
    }
}

/// The subschemas of `properties`, found by name without hashing: an open-addressing table whose slot comes from a
/// name's length and first byte, confirmed by comparing the name (for the short names of most schemas, a
/// comparison of two words). Swift's dictionary hashes every name with SipHash, which cost a fifth of a validation
/// (measured on a 10,000-member answer). A lookup probes at most as many slots as the schema has properties, so an
/// instance cannot make it slower than that.
struct PropertyTable: Sendable {
    let names: [String]
    let schemas: [Int]
    /// Open addressing: each slot holds an index into `names`, or -1.
    let slotIndexes: [Int32]
    private let mask: Int

    init(_ properties: [(String, Int)]) {
        var names: [String] = []
        var schemas: [Int] = []
        var seen: Set<String> = []
        for (name, schema) in properties where seen.insert(name).inserted {
            names.append(name)
            schemas.append(schema)
        }
        var size = 4
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, name) in names.enumerated() {
            var slot = Self.hash(name) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.names = names
        self.schemas = schemas
        self.slotIndexes = slots
        self.mask = size - 1
    }

    @inline(__always)
    static func hash(_ name: String) -> Int {
        let utf8 = name.utf8
        let count = utf8.count
        guard count > 0 else { return 0 }
        return count &* 0x9E37 ^ Int(utf8[utf8.startIndex]) &* 0x1F3
    }

    /// The subschema of the property `name`, if the schema declares it.
    func schema(for name: String) -> Int? {
        let index = slotIndexes.withUnsafeBufferPointer { slots in
            names.withUnsafeBufferPointer { names in
                Self.probe(name, slots: slots, start: 0, mask: mask, names: names)
            }
        }
        return index.map { schemas[$0] }
    }

    /// The index into `names` of `name`, probing the `mask + 1` slots from `start` (each an index into `names`, or
    /// -1): the one look-up of this table and of the fast path's flattened copies of it. The slots and names are the
    /// ones a table built, so they are read without bounds checks; the loop ends at an empty slot, which every
    /// table has (it is at least twice as large as its names).
    @inline(__always)
    static func probe(
        _ name: String, slots: UnsafeBufferPointer<Int32>, start: Int, mask: Int, names: UnsafeBufferPointer<String>
    ) -> Int? {
        var slot = hash(name) & mask
        while true {
            let index = Int(slots[start + slot])
            if index < 0 { return nil }
            if names[index] == name { return index }
            slot = (slot + 1) & mask
        }
    }
}
