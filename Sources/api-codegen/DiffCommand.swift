import APICodegen
import APISpec
import APISpecDiff
import ArgumentParser
import Foundation

/// `api-codegen diff OLD NEW`: what a spec change does to Swift callers and to deployed clients.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report what changing a spec does to Swift callers and to clients already deployed.",
        discussion: """
            Maps both specs through the generator and lists every change as source-breaking (Swift code written \
            against the old API stops compiling), wire-breaking (a deployed client can fail against the new \
            server) or additive, with the spec location in both files and the Swift declaration affected, then \
            suggests the semver bump. Exits 0, or 1 when --fail-on finds a change of that class, or 2 when a spec \
            cannot be used.
            """
    )

    /// What makes the command fail.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case breaking
        case wireBreaking = "wire-breaking"
        case none
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "The old spec.")
    var old: String

    @Argument(help: "The new spec.")
    var new: String

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    @Option(help: "Exit 1 on any breaking change (breaking), on wire-breaking ones only, or never (none).")
    var failOn: FailOn = .none

    @Option(
        help: """
            The generated module's name, which names the client type. Default: the new spec's file name in \
            UpperCamelCase, as for generate.
            """)
    var moduleName: String?

    @OptionGroup var limits: InputLimits

    func run() throws {
        let before = try loadSpec(old, format: .text, limits: limits)
        let after = try loadSpec(new, format: .text, limits: limits)
        let diff: SpecDiff
        do {
            let module =
                moduleName
                ?? GenerateCommand.defaultModuleName(forSpecNamed: URL(fileURLWithPath: new).lastPathComponent)
            diff = try SpecDiff(old: before, new: after, moduleName: module)
        } catch {
            printDiagnostics(error.diagnostics, format: .text)
            throw ExitCode.unusableInput
        }
        print(Self.render(diff, format: format), terminator: "")
        switch failOn {
        case .breaking where diff.changes.contains { $0.impact != .additive }: throw ExitCode.findings
        case .wireBreaking where diff.changes.contains { $0.impact == .wireBreaking }: throw ExitCode.findings
        default: break
        }
    }

    static func render(_ diff: SpecDiff, format: Format) -> String {
        switch format {
        case .text:
            var text = diff.changes.map { $0.description + "\n" }.joined()
            text += "\(summary(diff))\n"
            return text
        case .markdown:
            var text = "| impact | declaration | change | old | new |\n|---|---|---|---|---|\n"
            for change in diff.changes {
                let cells = [
                    change.impact.rawValue, "`\(change.declaration)`",
                    change.message.replacingOccurrences(of: "|", with: "\\|"),
                    change.old?.description ?? "—", change.new?.description ?? "—",
                ]
                text += "| " + cells.joined(separator: " | ") + " |\n"
            }
            return text + "\n\(summary(diff))\n"
        case .json:
            let changes: [JSON] = diff.changes.map { change in
                .object([
                    "impact": .string(change.impact.rawValue), "declaration": .string(change.declaration),
                    "message": .string(change.message), "old": change.old.map { .string($0.description) } ?? .null,
                    "new": change.new.map { .string($0.description) } ?? .null,
                ])
            }
            return JSON.object(["changes": .array(changes), "bump": .string(diff.bump.rawValue)]).jsonText + "\n"
        }
    }

    static func summary(_ diff: SpecDiff) -> String {
        let counts = SpecDiff.Impact.allCases.map { impact in
            "\(diff.changes.filter { $0.impact == impact }.count) \(impact.rawValue)"
        }
        return "\(counts.joined(separator: ", ")); suggested bump: \(diff.bump.rawValue)"
    }
}
