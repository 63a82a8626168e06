import APISpecCore

/// The schema an instance was asked to be checked against does not exist, or cannot be used.
public struct SchemaLookupError: Error, Sendable, CustomStringConvertible {
    /// What was asked for and why it was not found.
    public var message: String
    /// The message.
    public var description: String { message }

    /// Creates the error with its message.
    public init(message: String) {
        self.message = message
    }
}

/// One way an instance fails its schema.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// The failing value's JSON pointer in the instance (`/members/0/id`; `""` is the whole instance).
    public var instancePath: String
    /// The keyword that failed (`type`, `required`, …).
    public var keyword: String
    /// A plain sentence.
    public var message: String
    /// Where the failing schema stands in the spec.
    public var schemaLocation: SourceLocation
    /// The failing schema's place as a JSON pointer fragment (`#/components/schemas/Member`).
    public var schemaPath: String

    /// `<pointer>: message (schema at file:line:col)`.
    public var description: String {
        "\(instancePath.isEmpty ? "/" : instancePath): \(message) (schema at \(schemaLocation))"
    }
}
