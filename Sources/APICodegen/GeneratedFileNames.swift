// This file is shared, through a symbolic link, with the build-tool plugin, which must declare the generated files
// before the spec is parsed. Keep it free of imports.

/// The names of the files `api-codegen generate` writes, in order.
///
/// The models are split over several files when the spec is large, by a rule the build plugin can apply before the
/// spec is parsed: one file per `bytesPerModelFile` of spec (the spec and the files it refers to). The compiler then
/// holds one part of the models at a time instead of all of them (a thousand schemas in one `Models.swift` took
/// swift-frontend past 2 GB), and the files compile in parallel. A spec under 256 KiB has the four files.
public enum GeneratedFileNames {
    /// `Models.swift`, `Endpoints.swift`, `Client.swift`, `Server.swift`: the files of a spec with one model file.
    public static let all = names(modelFiles: 1)

    /// How many bytes of spec one model file stands for.
    public static let bytesPerModelFile = 256 << 10

    /// The most model files a spec is split into.
    public static let maximumModelFiles = 64

    /// How many model files a spec of `specBytes` bytes (with the files it refers to) gets: at least one.
    public static func modelFiles(specBytes: Int) -> Int {
        min(maximumModelFiles, max(1, (specBytes + bytesPerModelFile - 1) / bytesPerModelFile))
    }

    /// The file names with `modelFiles` model files: `Models.swift`, `Models2.swift`, …, then `Endpoints.swift`,
    /// `Client.swift`, `Server.swift`.
    public static func names(modelFiles: Int) -> [String] {
        ["Models.swift"] + (1..<max(1, modelFiles)).map { "Models\($0 + 1).swift" }
            + ["Endpoints.swift", "Client.swift", "Server.swift"]
    }

    /// Whether `name` is one of the model files any split makes (`Models.swift`, `Models7.swift`): what a rewrite of a
    /// directory removes when a smaller spec needs fewer.
    public static func isModelFile(_ name: String) -> Bool {
        guard name.hasPrefix("Models"), name.hasSuffix(".swift") else { return false }
        let number = name.dropFirst("Models".count).dropLast(".swift".count)
        return number.isEmpty || (number.first != "0" && number.allSatisfy { $0 >= "0" && $0 <= "9" })
    }
}
