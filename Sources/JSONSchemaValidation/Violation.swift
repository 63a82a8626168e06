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
    /// The failing keyword's place along the way the evaluation took from the schema it started at, through
    /// `$ref`s (`/properties/members/items/$ref/required`), as JSON Schema's output formats give it (§12.4.1).
    public var keywordLocation: String
    /// The failing keyword's place as an absolute URI (`file:///…/pyrus-api.yaml#/components/schemas/Member/required`).
    public var absoluteKeywordLocation: String
    /// The schemas the evaluation passed through to the failing one, outermost first: each one's keyword location and
    /// the instance location it was applied to (for the `detailed` output format).
    package var trail: [OutputUnit.Frame] = []

    /// `<pointer>: message (schema at file:line:col)`.
    public var description: String {
        "\(instancePath.isEmpty ? "/" : instancePath): \(message) (schema at \(schemaLocation))"
    }
}
