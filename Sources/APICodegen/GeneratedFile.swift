/// A file the generator writes: its name (no directories) and its full contents.
public struct GeneratedFile: Sendable, Hashable {
    /// The file name, e.g. `Models.swift`.
    public var name: String
    /// The Swift source.
    public var contents: String

    /// Creates a file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}
