import APICodegen
import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The `PyrusAPI` target's snapshot directory (`Generated/`, named by `Sources/PyrusAPI/api-codegen.json`, the
/// file the build plugin reads) is the committed output for its spec; it must always equal fresh output.
///
/// To re-record after changing the spec or the generator, run
/// `swift package --allow-writing-to-package-directory regenerate` (or set `RECORD_SNAPSHOTS=1`).
@Suite struct SnapshotTests {
    static let rerecord = "swift package --allow-writing-to-package-directory regenerate"
    /// The target whose configuration the snapshot follows.
    static let target = Repository.root.appendingPathComponent("Sources/PyrusAPI")

    let configuration: CodegenConfiguration
    let snapshot: URL

    init() throws {
        configuration = try CodegenConfiguration.load(
            from: Self.target.appendingPathComponent(CodegenConfiguration.fileName))
        snapshot = try #require(configuration.snapshotURL)
    }

    func freshFiles(fromSpecText text: String? = nil) throws -> [GeneratedFile] {
        let spec = configuration.specURL
        let document =
            if let text {
                try Document.load(yaml: text, file: spec.lastPathComponent)
            } else {
                try Document.load(contentsOf: spec)
            }
        let options = Generator.Options(
            moduleName: configuration.moduleName ?? Self.target.lastPathComponent,
            access: try #require(Generator.Access(rawValue: configuration.access)),
            specName: spec.lastPathComponent)
        return try Generator.generate(document, options: options)
    }

    /// Every difference between the files and `Generated/`, as unified diffs.
    func differences(_ files: [GeneratedFile]) -> [String] {
        files.compactMap { file in
            let url = snapshot.appendingPathComponent(file.name)
            let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            guard committed != file.contents else { return nil }
            return UnifiedDiff.diff(committed, file.contents, oldName: "Generated/\(file.name)", newName: "fresh")
        }
    }

    @Test func generatedDirectoryEqualsFreshOutput() throws {
        let files = try freshFiles()
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            for file in files {
                try Data(file.contents.utf8).write(to: snapshot.appendingPathComponent(file.name))
            }
            return
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: snapshot.path).sorted()
        #expect(committed == GeneratedFileNames.all.sorted())
        for diff in differences(files) {
            Issue.record("Generated/ is stale; re-record with `\(Self.rerecord)`:\n\(diff)")
        }
    }

    @Test func aChangedSpecShowsUpAsADiff() throws {
        let spec = try String(contentsOf: configuration.specURL, encoding: .utf8)
        let changed = spec.replacingOccurrences(
            of: "        position:\n          type: string\n          default: \"\"\n          description: Job title.",
            with:
                "        position:\n          type: string\n          default: \"\"\n          description: The "
                + "job title."
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
