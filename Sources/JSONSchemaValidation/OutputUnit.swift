import APISpecCore

/// The output unit of a validation (JSON Schema 2020-12 §12.4) in one of the standard formats, so that other tools
/// can read a validation's result.
public enum OutputUnit {
    /// The standard output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// `{"valid": false}` and nothing more.
        case flag
        /// A flat list of the failing keywords, each with its keyword, absolute keyword and instance locations and
        /// an error message.
        case basic
        /// The failing keywords in a tree that follows the schemas the evaluation passed through; a node with one
        /// child is replaced by the child.
        case detailed
    }

    /// One schema on the way to a failing keyword: its keyword location from where the evaluation started, its
    /// absolute location, and the instance location it was applied to.
    package struct Frame: Sendable, Hashable {
        package var keywordLocation: String
        package var absoluteKeywordLocation: String
        package var instanceLocation: String
    }

    /// The output unit for an instance whose validation found `violations` (none: it is valid), in `format`.
    public static func json(for violations: [Violation], format: Format) -> JSON {
        if violations.isEmpty { return .object(["valid": .bool(true)]) }
        switch format {
        case .flag:
            return .object(["valid": .bool(false)])
        case .basic:
            return .object([
                "valid": .bool(false),
                "errors": .array(violations.map { leaf($0) }),
            ])
        case .detailed:
            // The root is the schema the evaluation started at: every trail's first frame.
            let start = violations.first?.trail.first?.absoluteKeywordLocation ?? ""
            var root = Node(frame: Frame(keywordLocation: "", absoluteKeywordLocation: start, instanceLocation: ""))
            for violation in violations {
                root.insert(violation, frames: violation.trail.dropFirst())
            }
            return root.collapsed(isRoot: true).json
        }
    }

    private static func leaf(_ violation: Violation) -> JSON {
        .object([
            "valid": .bool(false),
            "keywordLocation": .string(violation.keywordLocation),
            "absoluteKeywordLocation": .string(violation.absoluteKeywordLocation),
            "instanceLocation": .string(violation.instancePath),
            "error": .string(violation.message),
        ])
    }

    /// A node of the `detailed` tree: a schema on the way, and under it what failed within it.
    private struct Node {
        var frame: Frame
        var children: [Node] = []
        var failures: [Violation] = []

        mutating func insert(_ violation: Violation, frames: ArraySlice<Frame>) {
            guard let next = frames.first else {
                failures.append(violation)
                return
            }
            if let index = children.firstIndex(where: { $0.frame == next }) {
                children[index].insert(violation, frames: frames.dropFirst())
            } else {
                var child = Node(frame: next)
                child.insert(violation, frames: frames.dropFirst())
                children.append(child)
            }
        }

        /// The node as a unit, with every node that has a single child and no failure of its own replaced by that
        /// child (the root stays).
        func collapsed(isRoot: Bool) -> Unit {
            let units = children.map { $0.collapsed(isRoot: false) } + failures.map { Unit.leaf($0) }
            if !isRoot, units.count == 1, let only = units.first { return only }
            return .node(frame, units)
        }
    }

    private indirect enum Unit {
        case leaf(Violation)
        case node(Frame, [Unit])

        var json: JSON {
            switch self {
            case .leaf(let violation):
                return OutputUnit.leaf(violation)
            case .node(let frame, let errors):
                return .object([
                    "valid": .bool(false),
                    "keywordLocation": .string(frame.keywordLocation),
                    "absoluteKeywordLocation": .string(frame.absoluteKeywordLocation),
                    "instanceLocation": .string(frame.instanceLocation),
                    "errors": .array(errors.map(\.json)),
                ])
            }
        }
    }
}

extension JSONSchemaValidator {
    /// The keyword path from schema `parent` to schema `child`, which it applied: `/$ref` or `/$dynamicRef` for a
    /// reference, else the child's place under the parent (`/properties/name`, `/items`, `/allOf/1`).
    func step(from parent: Int, to child: Int) -> String {
        var dynamic = false
        for keyword in schemas[parent].keywords {
            switch keyword {
            case .ref(let target) where target == child: return "/$ref"
            case .dynamicRef(let target, _):
                if target == child { return "/$dynamicRef" }
                dynamic = true
            default: continue
            }
        }
        let parentPath = schemas[parent].path
        let childPath = schemas[child].path
        if childPath.hasPrefix(parentPath + "/") { return String(childPath.dropFirst(parentPath.count)) }
        return dynamic ? "/$dynamicRef" : "/$ref"
    }
}
