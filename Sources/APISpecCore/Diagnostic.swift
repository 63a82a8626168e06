/// A position in a source file: 1-based line and column, as editors count them.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as it was named to the loader (a path, or a label such as `<string>`).
    public var file: String
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1, counted in Unicode scalars (as libyaml counts).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form compilers print and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// A problem found in a spec: what is wrong, where, and how bad it is.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The spec cannot be used until it is fixed.
        case error
        /// The spec works, but something in it is suspicious.
        case warning
        /// Nothing is wrong, but part of the spec is left out of the generated code (webhooks, callbacks, links):
        /// said once, where it stands, without asking for a change that a valid spec does not need.
        case note
    }

    /// How bad the problem is.
    public var severity: Severity
    /// A sentence a person can act on.
    public var message: String
    /// Where in the file the offending node starts.
    public var location: SourceLocation
    /// The offending node's place in the document as a JSON pointer fragment, e.g.
    /// `#/paths/~1members~1{id}/get/responses/200`.
    public var path: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation, path: String) {
        self.severity = severity
        self.message = message
        self.location = location
        self.path = path
    }

    /// `file:line:col: error: message`, the convention compilers and editors understand; always one line, with
    /// line breaks and control characters from the spec's text shown as escapes, so a spec can neither forge
    /// another diagnostic line nor send escape sequences to a terminal.
    public var description: String {
        Self.printable("\(location): \(severity.rawValue): \(message)")
    }

    static func printable(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: result.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: result.append(contentsOf: "\\r".unicodeScalars)
            case 0x00...0x08, 0x0B...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// The error a spec that cannot be used throws: every diagnostic of the file, errors and warnings, in file order.
public struct SpecError: Error, Sendable, CustomStringConvertible {
    /// All diagnostics found, sorted by location.
    public var diagnostics: [Diagnostic]

    /// Creates the error from the diagnostics found.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Only the diagnostics that are errors.
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    /// One diagnostic a line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
