import APICodegen
import APISpecCore
import OpenAPIDocument

/// What a spec change does to Swift callers and to clients already deployed, found by mapping both specs through
/// the same IR the generator uses and comparing what each generates.
public struct SpecDiff: Sendable {
    /// How a change affects those who depend on the spec.
    public enum Impact: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Swift code written against the old generated API no longer compiles, or means something else.
        case sourceBreaking = "source-breaking"
        /// A client already deployed with the old spec can fail against a server that follows the new one.
        case wireBreaking = "wire-breaking"
        /// Something new that nothing written before can notice.
        case additive

        /// Orders by severity: source-breaking first.
        public static func < (lhs: Impact, rhs: Impact) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// The semantic-version bump a change set calls for.
    public enum Bump: String, Sendable {
        /// Something breaks: callers' code or deployed clients.
        case major
        /// Only additions.
        case minor
        /// Nothing changed that callers or clients can notice.
        case none
    }

    /// One change.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// How it affects callers.
        public var impact: Impact
        /// The Swift declaration affected: `Member.email`, `PetsAPI.list(limit:)`, `Kind.bot`.
        public var declaration: String
        /// What changed, in a sentence.
        public var message: String
        /// Where the changed part stands in the old spec, if it is there.
        public var old: SourceLocation?
        /// Where it stands in the new spec, if it is there.
        public var new: SourceLocation?

        /// `impact: declaration: message (old → new)`.
        public var description: String {
            "\(impact.rawValue): \(declaration): \(message) (\(old?.description ?? "—") → \(new?.description ?? "—"))"
        }
    }

    /// Every change, most severe first, then by declaration.
    public var changes: [Change]

    /// The bump the changes call for: major for anything breaking, minor for additions only.
    public var bump: Bump {
        if changes.contains(where: { $0.impact != .additive }) { return .major }
        return changes.isEmpty ? .none : .minor
    }

    /// Compares `old` with `new`.
    ///
    /// `moduleName` is the module the client is generated into: it names the client (`Spec` → `SpecClient`), which
    /// owns the untagged operations in the changes.
    ///
    /// - Throws: `SpecError` with located errors when either spec has no Swift form.
    public init(old: Document, new: Document, moduleName: String = "Spec") throws(SpecError) {
        let before = try Surface(old, moduleName: moduleName)
        let after = try Surface(new, moduleName: moduleName)
        var comparison = Comparison(old: before, new: after)
        comparison.compareTypes()
        comparison.compareOperations()
        changes = comparison.changes.sorted {
            ($0.impact, $0.declaration, $0.message) < ($1.impact, $1.declaration, $1.message)
        }
    }
}
