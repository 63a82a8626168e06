// The files a spec's `$ref`s name, so that the build plugin declares them as inputs and an edit of any of them
// regenerates. A plugin can depend on tools but not on libraries, so it cannot ask the loader: this is a scan of the
// text of its own. It may find more than the loader reads (a `$ref` quoted in a description), which only costs a
// regeneration, and finds every spelling YAML and JSON give a reference (`$ref: x.yaml`, `"$ref": "x.yaml"`,
// `'$ref': 'x.yaml#/…'`). It keeps the loader's bounds: regular files under the spec's directory (or the spec root
// the configuration names) only, after symbolic links are resolved, so a link to /dev/zero or outside is not read;
// at most 10,000 of at most 32 MiB each.
import Foundation

enum ReferencedFiles {
    /// How many files the scan follows at most (the loader's limit).
    static let maximumFiles = 10_000
    /// The largest file the scan reads (the loader's default limit per file).
    static let maximumBytes = 32 << 20

    /// Every existing file under `root` (by default the spec's directory) that the spec names through `$ref`,
    /// directly or through another such file, sorted by path.
    static func of(_ spec: URL, root: URL? = nil) -> [URL] {
        let start = spec.standardizedFileURL.resolvingSymlinksInPath()
        let root = (root?.standardizedFileURL.resolvingSymlinksInPath() ?? start.deletingLastPathComponent())
            .path(percentEncoded: false)
        let prefix = root.hasSuffix("/") ? root : root + "/"
        var seen: Set<String> = [start.path(percentEncoded: false)]
        var queue = [start]
        var found: [URL] = []
        while let file = queue.popLast() {
            guard let text = read(file) else { continue }
            for reference in references(in: text) {
                let filePart = String(reference.prefix { $0 != "#" })
                guard !filePart.isEmpty, !filePart.contains(":"), !filePart.hasPrefix("/") else { continue }
                let url = file.deletingLastPathComponent()
                    .appending(path: filePart.removingPercentEncoding ?? filePart).standardizedFileURL
                    .resolvingSymlinksInPath()
                let path = url.path(percentEncoded: false)
                guard path.hasPrefix(prefix), FileManager.default.fileExists(atPath: path),
                    seen.insert(path).inserted
                else { continue }
                found.append(url)
                guard found.count < maximumFiles else { return found.sorted { $0.path < $1.path } }
                queue.append(url)
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// The text of a regular file of at most `maximumBytes`; nil for anything else (a device, a pipe, a directory).
    static func read(_ file: URL) -> String? {
        let path = file.path(percentEncoded: false)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular,
            let size = attributes[.size] as? Int, size <= maximumBytes,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return String(decoding: data.prefix(maximumBytes), as: UTF8.self)
    }

    /// The values of the `$ref` keys in a YAML or JSON text, quoted or bare.
    static func references(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        let key = Array("$ref".utf8)
        var values: [String] = []
        var index = 0
        while index + key.count <= bytes.count {
            guard bytes[index] == UInt8(ascii: "$"), Array(bytes[index..<index + key.count]) == key else {
                index += 1
                continue
            }
            var cursor = index + key.count
            index = cursor
            func skip(_ allowed: Set<UInt8>) {
                while cursor < bytes.count, allowed.contains(bytes[cursor]) { cursor += 1 }
            }
            skip([UInt8(ascii: "\""), UInt8(ascii: "'")])
            skip([UInt8(ascii: " "), UInt8(ascii: "\t")])
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { continue }
            cursor += 1
            skip([UInt8(ascii: " "), UInt8(ascii: "\t")])
            guard cursor < bytes.count else { break }
            let quote = bytes[cursor]
            let value: ArraySlice<UInt8>
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                let end = bytes[(cursor + 1)...].firstIndex(of: quote) ?? bytes.count
                value = bytes[(cursor + 1)..<end]
            } else {
                let stops: Set<UInt8> = [
                    UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
                    UInt8(ascii: "}"), UInt8(ascii: "]"),
                ]
                let end = bytes[cursor...].firstIndex { stops.contains($0) } ?? bytes.count
                value = bytes[cursor..<end]
            }
            values.append(String(decoding: value, as: UTF8.self))
        }
        return values
    }
}
