// The schema compiler and evaluation, ECMA-262 patterns (translated for ICU), and URI references in `$id`/`$ref`.
import APISpec
import Foundation
// `ValidationOptions.usesFastPath` (package access): the fuzz build is a debug build, compiled for testing.
@testable import JSONSchemaValidation

let schemaURI = "https://fuzz.example/schema.json"

/// A schema (before the first NUL) and an instance (after it). The verdict is the same twice, the same with and
/// without the fast path, and a smaller budget can turn an instance invalid but never valid: running out of
/// evaluations or pattern steps is never acceptance.
func fuzzSchema(_ data: Data) {
    let (schemaText, instanceText) = halves(data)
    guard let schema = try? JSON.parse(schemaText), let instance = try? JSON.parse(instanceText) else { return }
    check(schema: schema, instance: instance)
}

/// A `pattern` (before the first NUL) tested against a string (after it), alone and under `patternProperties`.
func fuzzPattern(_ data: Data) {
    let (pattern, subject) = halves(data)
    let text = String(decoding: pattern, as: UTF8.self)
    let string = String(decoding: subject, as: UTF8.self)
    check(schema: .object(["pattern": .string(text)]), instance: .string(string))
    check(schema: .object(["patternProperties": .object([text: .bool(false)])]), instance: .object([string: .null]))
}

/// An `$id` and a `$ref` (the input's two halves) in a schema and one nested in it: resolution ends in a schema
/// or a located error, and validating against it follows the rules above.
func fuzzURIReferences(_ data: Data) {
    let (id, ref) = halves(data)
    let schema = JSON.object([
        "$id": .string(String(decoding: id, as: UTF8.self)),
        "$defs": .object(["a": .object(["$id": .string("inner/"), "$anchor": .string("x"), "type": .string("string")])]
        ),
        "properties": .object(["p": .object(["$ref": .string(String(decoding: ref, as: UTF8.self))])]),
    ])
    check(schema: schema, instance: .object(["p": .string("s")]))
}

func check(schema: JSON, instance: JSON) {
    guard let validator = try? JSONSchemaValidator(documents: [(schemaURI, schema)]) else { return }
    let roomy = ValidationOptions(maximumPatternSteps: 200_000, maximumEvaluations: 20_000)
    let tight = ValidationOptions(maximumPatternSteps: 2_000, maximumEvaluations: 200)
    do {
        let first = try validator.validate(instance, againstSchemaAt: schemaURI, options: roomy)
        let second = try validator.validate(instance, againstSchemaAt: schemaURI, options: roomy)
        if first != second { failure("two validations of one instance disagree") }
        // The fast path decides validity without reporting; the general evaluation alone must agree with it.
        var general = roomy
        general.usesFastPath = false
        let quick = try validator.isValid(instance, againstSchemaAt: schemaURI, options: roomy)
        if quick != (try validator.isValid(instance, againstSchemaAt: schemaURI, options: general)) {
            failure("the fast path says \(quick ? "valid" : "invalid"), the general evaluation the opposite")
        }
        if quick != first.isEmpty { failure("isValid disagrees with validate") }
        let short = try validator.validate(instance, againstSchemaAt: schemaURI, options: tight)
        if short.isEmpty && !first.isEmpty { failure("a smaller budget accepted what a larger one refused") }
        for violation in first + short where violation.message.isEmpty {
            failure("a violation without a message at \(violation.instancePath)")
        }
    } catch {
        failure("the schema's own URI does not resolve: \(error)")
    }
}

/// The formats of 2020-12, each a validator compiled once: the first byte of an input picks one.
let formatValidators: [InstanceValidator] = [
    "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri",
    "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
].compactMap { format in
    let uri = "https://fuzz.example/\(format).json"
    return try? JSONSchemaValidator(documents: [(uri, .object(["format": .string(format)]))])
        .instanceValidator(for: uri, options: ValidationOptions(assertFormat: true))
}

/// A string (after the first byte) checked against the format the first byte picks: the verdict is the same twice,
/// `isValid` agrees with `validate`, and a failure is reported with a message and a keyword location.
func fuzzFormat(_ data: Data) {
    guard let first = data.first, formatValidators.count == 19 else { return }
    let validator = formatValidators[Int(first) % formatValidators.count]
    let string = JSON.string(String(decoding: data.dropFirst(), as: UTF8.self))
    let violations = validator.validate(string)
    if violations != validator.validate(string) { failure("two checks of one string disagree") }
    if validator.isValid(string) != violations.isEmpty { failure("isValid disagrees with validate") }
    for violation in violations where violation.message.isEmpty || violation.keywordLocation != "/format" {
        failure("a format violation without a message or at \(violation.keywordLocation)")
    }
    _ = OutputUnit.json(for: violations, format: .detailed)
}
