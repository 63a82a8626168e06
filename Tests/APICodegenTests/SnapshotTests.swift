import APICodegen
import APISpec
import Foundation
import TestSupport
import Testing

/// `Generated/` is the committed output for `Spec/pyrus-api.yaml`; it must always equal fresh output.
///
/// To re-record after changing the spec or the generator, run
/// `swift run api-codegen generate Spec/pyrus-api.yaml --output Generated` (or set `RECORD_SNAPSHOTS=1`).
@Suite struct SnapshotTests {
    static let rerecord = "swift run api-codegen generate Spec/pyrus-api.yaml --output Generated"

    func freshFiles(fromSpecText text: String? = nil) throws -> [GeneratedFile] {
        let document =
            if let text {
                try Document.load(yaml: text, file: "Spec/pyrus-api.yaml")
            } else {
                try Document.load(contentsOf: Repository.spec)
            }
        return try Generator.generate(document, options: .init(moduleName: "PyrusAPI", specName: "pyrus-api.yaml"))
    }

    /// Every difference between the files and `Generated/`, as unified diffs.
    func differences(_ files: [GeneratedFile]) -> [String] {
        files.compactMap { file in
            let url = Repository.generated.appendingPathComponent(file.name)
            let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            guard committed != file.contents else { return nil }
            return UnifiedDiff.diff(committed, file.contents, oldName: "Generated/\(file.name)", newName: "fresh")
        }
    }

    @Test func generatedDirectoryEqualsFreshOutput() throws {
        let files = try freshFiles()
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            for file in files {
                try Data(file.contents.utf8).write(to: Repository.generated.appendingPathComponent(file.name))
            }
            return
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: Repository.generated.path).sorted()
        #expect(committed == GeneratedFileNames.all.sorted())
        for diff in differences(files) {
            Issue.record("Generated/ is stale; re-record with `\(Self.rerecord)`:\n\(diff)")
        }
    }

    @Test func aChangedSpecShowsUpAsADiff() throws {
        let spec = try String(contentsOf: Repository.spec, encoding: .utf8)
        let changed = spec.replacingOccurrences(
            of: "        position:\n          type: string\n          default: \"\"\n          description: Job title.",
            with:
                "        position:\n          type: string\n          default: \"\"\n          description: The job title."
        )
        #expect(changed != spec)
        let diffs = differences(try freshFiles(fromSpecText: changed))
        #expect(diffs.count == 1)
        let diff = try #require(diffs.first)
        #expect(diff.hasPrefix("--- Generated/Models.swift\n+++ fresh\n@@ "))
        #expect(diff.contains("\n-    /// Job title.\n+    /// The job title.\n"))
    }

    @Test func outputIsTheSameOnEveryRun() throws {
        #expect(try freshFiles() == freshFiles())
    }

    @Test func unifiedDiffShowsContextAndPositions() {
        let diff = UnifiedDiff.diff("a\nb\nc\nd", "a\nB\nc\nd\ne", oldName: "old", newName: "new")
        #expect(diff == "--- old\n+++ new\n@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e")
    }
}
