import APISpec
import ArgumentParser
import Foundation

/// `api-codegen validate`: checks JSON files against a schema of a spec.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON files against a schema of a spec.",
        discussion: """
            Pick the schema with --schema NAME (components/schemas), or with --operation ID and either \
            --status CODE (a response body) or --request (the request body).
            Exits 0 when every file is valid, 1 when any is invalid, 2 when the input cannot be used \
            (a missing file, text that is not JSON, a spec with errors, an unknown schema).
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

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The JSON files to validate.")
    var files: [String]

    @OptionGroup var limits: InputLimits

    @Option(
        name: .customLong("max-instance-size"),
        help: "The largest JSON file to read, in MiB; larger files are refused before they are read.")
    var maximumInstanceMiB = 16

    func validate() throws {
        let choices = [schema != nil, operation != nil && status != nil, operation != nil && request]
        guard choices.filter({ $0 }).count == 1, !(status != nil && request) else {
            throw ValidationError(
                "pick one schema: --schema NAME, --operation ID --status CODE, or --operation ID --request")
        }
        if files.isEmpty { throw ValidationError("name at least one JSON file to validate") }
        guard (1...1024).contains(maximumInstanceMiB) else {
            throw ValidationError("--max-instance-size must be between 1 and 1024 MiB")
        }
    }

    private var reference: SchemaRef {
        if let schema { return .component(schema) }
        if let operation, let status { return .response(operationID: operation, status: status) }
        return .requestBody(operationID: operation ?? "")
    }

    func run() throws {
        let document = try loadSpec(spec, format: format, limits: limits)
        let schema: Schema
        do {
            schema = try document.schema(for: reference)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
        var results: [(file: String, violations: [Violation]?, problem: String?)] = []
        for file in files {
            do {
                let data = try Self.read(file, maximumBytes: maximumInstanceMiB << 20)
                let json = try JSONValue.parse(data)
                results.append((file, try document.validate(json, against: schema), nil))
            } catch let error as TooLarge {
                results.append((file, nil, error.description))
            } catch let error as SchemaLookupError {
                results.append((file, nil, error.message))
            } catch let error as JSONParseError {
                results.append((file, nil, "not valid JSON: \(error.message)"))
            } catch {
                results.append((file, nil, "cannot read: \((error as NSError).localizedDescription)"))
            }
        }
        report(results)
        if results.contains(where: { $0.problem != nil }) { throw ExitCode(2) }
        if results.contains(where: { !($0.violations ?? []).isEmpty }) { throw ExitCode(1) }
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
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        guard size <= UInt64(maximumBytes) else { throw TooLarge(size: Int(size), limit: maximumBytes) }
        try handle.seek(toOffset: 0)
        let data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        guard data.count <= maximumBytes else { throw TooLarge(size: data.count, limit: maximumBytes) }
        return data
    }

    private func report(_ results: [(file: String, violations: [Violation]?, problem: String?)]) {
        switch format {
        case .text:
            for result in results {
                if let problem = result.problem {
                    printError("\(result.file): error: \(problem)")
                } else if let violations = result.violations, !violations.isEmpty {
                    for violation in violations {
                        print(
                            "\(result.file): \(violation.instancePath.isEmpty ? "/" : violation.instancePath): \(violation.message) [\(violation.keyword); schema at \(violation.schemaLocation)]"
                        )
                    }
                } else {
                    print("\(result.file): valid against \(reference)")
                }
            }
        case .json:
            let objects: [JSONValue] = results.map { result in
                var object: [String: JSONValue] = ["file": .string(result.file)]
                if let problem = result.problem {
                    object["error"] = .string(problem)
                } else {
                    object["valid"] = .bool(result.violations?.isEmpty ?? false)
                    object["violations"] = .array(
                        (result.violations ?? []).map { violation in
                            .object([
                                "instancePath": .string(violation.instancePath),
                                "keyword": .string(violation.keyword),
                                "message": .string(violation.message),
                                "schemaLocation": .string(violation.schemaLocation.description),
                                "schemaPath": .string(violation.schemaPath),
                            ])
                        })
                }
                return .object(object)
            }
            print(JSONValue.array(objects).jsonText)
        }
    }
}
