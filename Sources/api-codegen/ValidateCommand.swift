import APISpec
import ArgumentParser
import Foundation

/// `api-codegen validate`: checks JSON files, or a directory of named fixtures, against the schemas of a spec.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON files against a schema of a spec (JSON Schema 2020-12).",
        discussion: """
            Pick the schema with --schema NAME (components/schemas), or with --operation ID and either \
            --status CODE (a response body) or --request (the request body). Or validate a whole directory with \
            --fixtures DIR: each file's name picks its schema (<operationId>.<status>.json, \
            <operationId>.request.json, <Schema>.<anything>.json), files under DIR/invalid must fail, and the \
            report lists the operations and statuses that have no fixture.
            Nothing is ever fetched from the network: a $ref to a URL resolves only to a schema given by \
            --schema-dir or to a bundled JSON Schema 2020-12 meta-schema.
            Exits 0 when every file is as expected, 1 when any is not (or, with --require-coverage, when a body \
            has no fixture), 2 when the input cannot be used (a missing file, text that is not JSON, a spec with \
            errors, an unknown schema, a fixture name that picks no schema).
            """
    )

    @Option(help: "The spec, a YAML or JSON OpenAPI document.")
    var spec: String

    @Option(help: "The name of a schema under components/schemas.")
    var schema: String?

    @Option(help: "The operationId whose request or response body to validate against.")
    var operation: String?

    @Option(help: "With --operation: the response status (200, default, ...).")
    var status: String?

    @Flag(help: "With --operation: validate against the request body.")
    var request = false

    @Option(help: "A directory of fixtures named after what they are examples of (see above).")
    var fixtures: String?

    @Flag(help: "With --fixtures: exit 1 when a request or response body of the spec has no fixture.")
    var requireCoverage = false

    @Flag(
        help: "Check `format` (every format of JSON Schema 2020-12, idn-hostname to regex); else it only annotates.")
    var assertFormat = false

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(
        help: ArgumentHelp(
            "With --format json: each result also holds JSON Schema's standard output unit: flag, basic or detailed.",
            discussion:
                "The unit is the member 'output' (JSON Schema 2020-12 §12.4), for tools that read those formats."))
    var output: OutputUnit.Format?

    @Argument(help: "The JSON files to validate.")
    var files: [String] = []

    @OptionGroup var limits: InputLimits

    @Option(
        name: .customLong("max-instance-size"),
        help: "The largest JSON file to read, in MiB; larger files are refused before they are read.")
    var maximumInstanceMiB = 16

    @Option(name: .customLong("max-depth"), help: "The deepest nesting of arrays and objects a JSON file may have.")
    var maximumDepth = 512

    func validate() throws {
        if fixtures != nil {
            guard schema == nil, operation == nil, status == nil, !request, files.isEmpty else {
                throw ValidationError("--fixtures picks each file's schema by its name: give no schema and no files")
            }
        } else {
            let choices = [schema != nil, operation != nil && status != nil, operation != nil && request]
            guard choices.filter({ $0 }).count == 1, !(status != nil && request) else {
                throw ValidationError(
                    "pick one schema: --schema NAME, --operation ID --status CODE, or --operation ID --request")
            }
            if files.isEmpty { throw ValidationError("name at least one JSON file to validate, or use --fixtures DIR") }
            if requireCoverage { throw ValidationError("--require-coverage goes with --fixtures") }
        }
        if output != nil, format != .json { throw ValidationError("--output goes with --format json") }
        guard (1...1024).contains(maximumInstanceMiB) else {
            throw ValidationError("--max-instance-size must be between 1 and 1024 MiB")
        }
        guard (1...10_000).contains(maximumDepth) else {
            throw ValidationError("--max-depth must be between 1 and 10000")
        }
    }

    private var options: ValidationOptions {
        ValidationOptions(assertFormat: assertFormat, maximumDepth: maximumDepth)
    }

    /// One file's outcome: its violations, or why it could not be checked.
    struct Result {
        var file: String
        var reference: SchemaRef
        var mustBeValid = true
        var violations: [Violation] = []
        var problem: String?

        var isAsExpected: Bool { problem == nil && violations.isEmpty == mustBeValid }
    }

    func run() throws {
        let document = try loadSpec(spec, format: format, limits: limits)
        do {
            _ = try document.validator()
        } catch {
            printDiagnostics(error.diagnostics, format: format)
            throw ExitCode.unusableInput
        }
        if let fixtures {
            try runFixtures(in: fixtures, document: document)
            return
        }
        let reference: SchemaRef
        if let schema {
            reference = .component(schema)
        } else if let operation, let status {
            reference = .response(operationID: operation, status: status)
        } else {
            reference = .requestBody(operationID: operation ?? "")
        }
        do {
            _ = try document.schema(for: reference)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode.unusableInput
        }
        let results = files.map { check($0, against: reference, mustBeValid: true, in: document) }
        switch format {
        case .text: for result in results { printText(result) }
        case .json: print(JSON.array(results.map(json)).jsonText)
        }
        try exit(for: results, coverage: nil)
    }

    private func runFixtures(in directory: String, document: Document) throws {
        let set: FixtureSet
        do {
            set = try FixtureSet(directory: URL(fileURLWithPath: directory), displayName: directory, document: document)
        } catch {
            printError("\(directory): error: cannot list the directory: \((error as NSError).localizedDescription)")
            throw ExitCode.unusableInput
        }
        var results = set.fixtures.map {
            check($0.name, against: $0.reference, mustBeValid: $0.mustBeValid, in: document)
        }
        for unmatched in set.unmatched {
            results.append(Result(file: unmatched.name, reference: .component(""), problem: unmatched.reason))
        }
        results.sort { $0.file < $1.file }
        let coverage = FixtureCoverage(document: document, fixtures: set.fixtures)
        switch format {
        case .text:
            for result in results { printText(result) }
            printText(coverage)
        case .json:
            let bodies: [JSON] = coverage.bodies.map { body in
                .object([
                    "body": .string(body.reference.description), "schemaPath": .string(body.schemaPath),
                    "fixture": body.fixture.map(JSON.string) ?? .null,
                    "how": .string(body.fixture == nil ? "none" : body.isDirect ? "fixture" : "same-schema"),
                ])
            }
            print(JSON.object(["fixtures": .array(results.map(json)), "coverage": .array(bodies)]).jsonText)
        }
        try exit(for: results, coverage: requireCoverage ? coverage : nil)
    }

    private func exit(for results: [Result], coverage: FixtureCoverage?) throws {
        if results.contains(where: { $0.problem != nil }) { throw ExitCode.unusableInput }
        if results.contains(where: { !$0.isAsExpected }) { throw ExitCode.findings }
        if let coverage, !coverage.missing.isEmpty { throw ExitCode.findings }
    }

    private func check(_ file: String, against reference: SchemaRef, mustBeValid: Bool, in document: Document) -> Result
    {
        var result = Result(file: file, reference: reference, mustBeValid: mustBeValid)
        do {
            let data = try Self.read(file, maximumBytes: maximumInstanceMiB << 20)
            let json = try JSON.parse(data, maximumDepth: maximumDepth)
            result.violations = try document.validate(json, against: reference, options: options)
        } catch let error as TooLarge {
            result.problem = error.description
        } catch let error as SchemaLookupError {
            result.problem = error.message
        } catch let error as JSONParseError {
            result.problem = "not valid JSON: \(error.message)"
        } catch {
            result.problem = "cannot read: \((error as NSError).localizedDescription)"
        }
        return result
    }

    struct TooLarge: Error, CustomStringConvertible {
        var size: Int
        var limit: Int
        var description: String {
            "the file is \(size) bytes, more than the limit of \(limit) bytes (--max-instance-size raises it)"
        }
    }

    /// The file's bytes, refused before reading when its size is over the limit and while reading when it grows.
    static func read(_ path: String, maximumBytes: Int) throws -> Data {
        do {
            return try BoundedFile.read(path: path, maximumBytes: maximumBytes)
        } catch let error as BoundedFile.TooLarge {
            throw TooLarge(size: error.size, limit: error.limit)
        }
    }

    private func printText(_ result: Result) {
        if let problem = result.problem {
            printError("\(result.file): error: \(problem)")
        } else if !result.mustBeValid {
            if result.violations.isEmpty {
                print("\(result.file): error: valid against \(result.reference), but fixtures under invalid/ must fail")
            } else {
                let count = result.violations.count
                print(
                    "\(result.file): invalid against \(result.reference) as expected "
                        + "(\(count) violation\(count == 1 ? "" : "s"))"
                )
            }
        } else if result.violations.isEmpty {
            print("\(result.file): valid against \(result.reference)")
        } else {
            for violation in result.violations {
                let pointer = violation.instancePath.isEmpty ? "/" : violation.instancePath
                print(
                    "\(result.file): \(pointer): \(violation.message) "
                        + "[\(violation.keyword); schema at \(violation.schemaLocation)]"
                )
            }
        }
    }

    private func printText(_ coverage: FixtureCoverage) {
        let direct = coverage.bodies.filter(\.isDirect).count
        let shared = coverage.bodies.filter { $0.fixture != nil && !$0.isDirect }.count
        print(
            "coverage: \(coverage.bodies.count) request and response bodies; \(direct) have a fixture, \(shared) share "
                + "a schema with one, \(coverage.missing.count) have none")
        for body in coverage.missing {
            print("  no fixture: \(body.reference) (schema \(body.schemaPath))")
        }
    }

    private func json(_ result: Result) -> JSON {
        var object: [String: JSON] = [
            "file": .string(result.file), "schema": .string(result.reference.description),
        ]
        object["expected"] = .string(result.mustBeValid ? "valid" : "invalid")
        if let problem = result.problem {
            object["error"] = .string(problem)
            return .object(object)
        }
        object["valid"] = .bool(result.violations.isEmpty)
        object["violations"] = .array(
            result.violations.map { violation in
                .object([
                    "instancePath": .string(violation.instancePath),
                    "keyword": .string(violation.keyword),
                    "message": .string(violation.message),
                    "schemaLocation": .string(violation.schemaLocation.description),
                    "schemaPath": .string(violation.schemaPath),
                ])
            })
        if let output { object["output"] = OutputUnit.json(for: result.violations, format: output) }
        return .object(object)
    }
}

extension OutputUnit.Format: ExpressibleByArgument {}
