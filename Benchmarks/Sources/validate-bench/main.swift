// In-process validation, the way a test that validates fixtures runs it: the spec loaded and its schema compiled
// once (an `InstanceValidator`), then for one JSON file, several runs of parsing (`JSON.parse`), of validating every
// violation (`validate`) and of deciding validity (`isValid`), each timed alone; medians in milliseconds, as JSON.
// `validate_bench.py` runs it beside jsonschema-rs, whose validation it times on an instance parsed beforehand.
import APISpec
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 6, let runs = Int(arguments[5]), runs > 0 else {
    FileHandle.standardError.write(Data("usage: validate-bench SPEC OPERATION-ID STATUS FILE RUNS\n".utf8))
    exit(2)
}
let document = try Document.load(contentsOf: URL(fileURLWithPath: arguments[1]))
let validator = try document.instanceValidator(for: .response(operationID: arguments[2], status: arguments[3]))
let data = try Data(contentsOf: URL(fileURLWithPath: arguments[4]))

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

var parse: [Double] = []
var validate: [Double] = []
var isValid: [Double] = []
var violations = 0
let instance = try JSON.parse(data)
for _ in 0..<runs {
    parse.append(try milliseconds { _ = try JSON.parse(data) })
    validate.append(milliseconds { violations = validator.validate(instance).count })
    isValid.append(milliseconds { _ = validator.isValid(instance) })
}
let report: JSON = .object([
    "parse_ms": .number(median(parse)), "validate_ms": .number(median(validate)),
    "is_valid_ms": .number(median(isValid)), "violations": .integer(Int64(violations)), "runs": .integer(Int64(runs)),
])
print(report.jsonText)
