// This file is shared, through a symbolic link, with the build-tool plugin, which must declare the generated files
// before the spec is parsed. Keep it free of imports.

/// The names of the files `api-codegen generate` writes, in order: the same for every spec.
public enum GeneratedFileNames {
    /// `Models.swift`, `Endpoints.swift`, `Client.swift`, `Server.swift`.
    public static let all = ["Models.swift", "Endpoints.swift", "Client.swift", "Server.swift"]
}
