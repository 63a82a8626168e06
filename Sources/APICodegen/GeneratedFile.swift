import Foundation

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

extension GeneratedFile {
    /// Writes `files` into `directory` (created if missing), rewriting only those whose bytes changed, so that an
    /// unchanged spec never makes the build recompile the generated module, and removes model files the split no
    /// longer makes. Returns how many were written.
    ///
    /// - Throws: the file system's error when the directory cannot be created or a file cannot be written.
    public static func write(_ files: [GeneratedFile], to directory: URL) throws -> Int {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // Model files of an earlier, larger split (`Models5.swift`) would be compiled with the new ones.
        let names = Set(files.map(\.name))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        where GeneratedFileNames.isModelFile(name) && !names.contains(name) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
        var written = 0
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            let data = Data(file.contents.utf8)
            if (try? Data(contentsOf: url)) == data { continue }
            try data.write(to: url, options: .atomic)
            written += 1
        }
        return written
    }
}
