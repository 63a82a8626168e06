// The spec loader (YAML and JSON), and the generator on every spec it accepts.
import APICodegen
import APISpec
import Foundation

/// Whatever the spec, loading ends in a document or a `SpecError`; a document generates or fails with a
/// `SpecError`; and what it generates declares nothing outside comments and string literals that the spec's text
/// spelled out. The seeds and the dictionary carry the hostile-spec tests' payloads, `public func pwned…() {}` and
/// `public let pwned… = 1`; what is looked for is their shape, a body right after an empty parameter list or a `let`
/// of `1`, which generated code never has. A name that merely starts with `pwned` is not a finding: the generator
/// makes identifiers of names (a query parameter `pwnedyeang` is read into `let pwnedyeang = try …`), as it must.
func fuzzLoader(_ data: Data) {
    let document: Document
    do {
        document = try Document.load(data: data, file: "fuzz.yaml")
    } catch {
        if error.diagnostics.isEmpty { failure("a SpecError without a diagnostic") }
        return
    }
    let files: [GeneratedFile]
    do {
        files = try Generator.generate(document, options: .init(moduleName: "Fuzz", specName: "fuzz.yaml"))
    } catch {
        if error.diagnostics.isEmpty { failure("the generator's SpecError has no diagnostic") }
        return
    }
    for file in files {
        let code = strippingCommentsAndLiterals(file.contents)
        if code.range(
            of: #"pwned[A-Za-z0-9_]*\s*\(\s*\)\s*\{|(let|var)\s+pwned[A-Za-z0-9_]*\s*=\s*1\b"#,
            options: .regularExpression) != nil
        {
            failure("a payload from the spec is code in \(file.name)")
        }
    }
}

/// The code with `//` comments and string literals (`"…"`, `"""…"""`, `#"…"#`) replaced by nothing: what the
/// compiler reads as declarations and expressions.
func strippingCommentsAndLiterals(_ source: String) -> String {
    let scalars = Array(source.unicodeScalars)
    var result = String.UnicodeScalarView()
    var index = 0
    func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
    while index < scalars.count {
        let scalar = scalars[index]
        if scalar == "/", at(1) == "/" {
            while index < scalars.count, scalars[index] != "\n" { index += 1 }
            continue
        }
        var hashes = 0
        while at(hashes) == "#" { hashes += 1 }
        if at(hashes) == "\"" {
            let isBlock = at(hashes + 1) == "\"" && at(hashes + 2) == "\""
            let quotes = isBlock ? 3 : 1
            index += hashes + quotes
            // The literal ends at its quotes followed by as many `#` as opened it; a backslash escapes only in
            // a literal without `#`.
            while index < scalars.count {
                if hashes == 0, scalars[index] == "\\" {
                    index += 2
                    continue
                }
                if (0..<quotes).allSatisfy({ at($0) == "\"" }) && (0..<hashes).allSatisfy({ at(quotes + $0) == "#" }) {
                    index += quotes + hashes
                    break
                }
                index += 1
            }
            result.append("\"")
            result.append("\"")
            continue
        }
        result.append(scalar)
        index += 1
    }
    return String(result)
}
