import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// Broken files end in a clear diagnostic, never a crash, a hang or a stack overflow.
@Suite struct BadInputTests {
    func errors(ofData data: Data) -> [String] {
        do {
            _ = try Document.load(data: data, file: "spec.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func emptyFile() {
        #expect(errors(ofData: Data()) == ["spec.yaml:1:1: error: the spec is empty; expected an OpenAPI document"])
    }

    @Test func binaryFileIsNotUTF8() {
        let data = Data("openapi: 3.1.0\n".utf8) + Data([0xFF, 0xFE, 0x00, 0x01])
        #expect(
            errors(ofData: data) == [
                "spec.yaml:1:1: error: the spec is not UTF-8 text (invalid byte at offset 15); a spec must be "
                    + "YAML or JSON"
            ])
    }

    @Test func controlCharactersAreAReaderError() {
        let data = Data("openapi: 3.1.0\ninfo: \u{1}\n".utf8)
        #expect(
            errors(ofData: data).first?.hasPrefix("spec.yaml:1:1: error: YAML: control characters are not allowed")
                == true)
    }

    @Test func fileLargerThanTheLimitIsRefusedBeforeParsing() {
        let data = Data(count: 33 << 20)
        #expect(
            errors(ofData: data) == [
                "spec.yaml:1:1: error: the spec is 34603008 bytes, more than the limit of 33554432 bytes "
                    + "(api-codegen's --max-spec-size raises it)"
            ])
    }

    @Test func deepFlowNestingStopsAtLibyamlsLimit() {
        let yaml = "openapi: " + String(repeating: "[", count: 100_000)
        let found = errors(ofData: Data(yaml.utf8))
        #expect(found.count == 1)
        #expect(found.first?.contains("Maximum nesting level reached") == true)
    }

    @Test func deepSchemaNestingStopsAtTheDepthLimit() {
        var schema = "{type: string}"
        for _ in 0..<70 { schema = "{type: object, properties: {a: \(schema)}}" }
        let found = errors(ofData: Data(spec(schemas: "    Deep: \(schema)").utf8))
        #expect(
            found == ["spec.yaml:6:2026: error: schemas nest more than 64 levels deep here; split them into components"]
        )
    }

    @Test func aliasBombStopsAtTheExpansionLimit() {
        var yaml =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\nx-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, "
            + "x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            let list = Array(repeating: previous, count: 10).joined(separator: ", ")
            yaml += "  a\(level): &a\(level) [\(list)]\n"
        }
        yaml += "components:\n  schemas:\n    Bomb:\n      enum: [*a9]\n"
        let found = errors(ofData: Data(yaml.utf8))
        #expect(found.count == 1)
        #expect(found.first?.contains("are YAML aliases (*name) repeating large parts of it?") == true)
    }

    @Test func aliasBombUnderWebhooksStopsAtTheExpansionLimit() {
        var yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nx-bomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let list = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "  a\(level): &a\(level) [\(list)]\n"
        }
        yaml += "webhooks:\n  bomb: {post: {x-payload: *a9}}\n"
        let found = errors(ofData: Data(yaml.utf8))
        #expect(found.count == 1)
        #expect(found.first?.contains("are YAML aliases (*name) repeating large parts of it?") == true)
    }

    @Test func rootThatIsNotAMappingIsNamed() {
        #expect(
            errors(ofData: Data("- a\n- b\n".utf8)) == [
                "spec.yaml:1:1: error: expected a mapping for the document, found a sequence"
            ])
    }

    @Test func jsonSpecLoadsToo() throws {
        let json = #"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#
        let document = try Document.load(data: Data(json.utf8), file: "spec.json")
        #expect(document.info.title == "T")
    }

    @Test func missingFileIsADiagnostic() {
        #expect {
            try Document.load(contentsOf: URL(fileURLWithPath: "/nonexistent/spec.yaml"))
        } throws: { error in
            (error as? SpecError)?.errors.first?.description.hasPrefix(
                "/nonexistent/spec.yaml:1:1: error: cannot read the spec") == true
        }
    }

    @Test func aFileOverTheLimitIsRefusedBeforeReadingAndAnEndlessOneWhileReading() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("spec.yaml")
        try Data(repeating: UInt8(ascii: "a"), count: 1_000).write(to: file)
        #expect(try BoundedFile.read(file, maximumBytes: 1_000).count == 1_000)
        #expect(throws: BoundedFile.TooLarge(size: 1_000, limit: 999)) {
            try BoundedFile.read(file, maximumBytes: 999)
        }
        #expect {
            try Document.load(contentsOf: file, displayName: "spec.yaml", maximumBytes: 10)
        } throws: { error in
            (error as? SpecError)?.errors.map(\.description) == [
                "spec.yaml:1:1: error: the spec is 1000 bytes, more than the limit of 10 bytes (api-codegen's --max-spec-size raises it)"
            ]
        }
        // A file whose size says nothing (a device, a pipe) is read in chunks and refused once past the limit,
        // however much more would come.
        #expect(throws: BoundedFile.TooLarge(size: 131_072, limit: 100_000)) {
            try BoundedFile.read(URL(fileURLWithPath: "/dev/zero"), maximumBytes: 100_000)
        }
    }

    /// Opening a named pipe waits for a writer: a FIFO named like a fixture held `validate --fixtures` forever. It is
    /// now read as what it holds, which with no writer is nothing.
    @Test func aNamedPipeWithoutAWriterReadsAsEmptyInsteadOfWaiting() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pipe = directory.appendingPathComponent("getMember.200.json").path
        #expect(mkfifo(pipe, 0o600) == 0)
        #expect(try BoundedFile.read(path: pipe, maximumBytes: 100) == Data())
    }

    @Test func aFileThatCannotBeReadSaysWhichAndWhy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let file = directory.appendingPathComponent("fixture.json")
        try bytes.write(to: file)
        // More than one chunk, read exactly: the size read is the size the file has.
        #expect(try BoundedFile.read(path: file.path, maximumBytes: 70_000) == bytes)
        #expect(throws: BoundedFile.TooLarge(size: 70_000, limit: 69_999)) {
            try BoundedFile.read(path: file.path, maximumBytes: 69_999)
        }
        let missing = directory.appendingPathComponent("missing.json").path
        #expect {
            try BoundedFile.read(path: missing, maximumBytes: 10)
        } throws: { error in
            let error = error as? CocoaError
            return error?.code == .fileReadNoSuchFile && error?.filePath == missing
        }
        // A URL of another scheme is refused, not read as the local file its path names.
        #expect {
            try BoundedFile.read(try #require(URL(string: "https://example.com" + file.path)), maximumBytes: 100_000)
        } throws: { error in
            (error as? CocoaError)?.code == .fileReadUnsupportedScheme
        }
        // A directory is not read as an empty or endless file.
        #expect {
            try BoundedFile.read(path: directory.path, maximumBytes: 10)
        } throws: { error in
            (error as NSError).localizedDescription == "Is a directory"
                && (error as? CocoaError)?.filePath == directory.path
        }
    }
}
