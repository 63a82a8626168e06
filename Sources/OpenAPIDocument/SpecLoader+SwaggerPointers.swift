import APISpecCore

/// References into places a Swagger 2.0 document has and its OpenAPI 3.0 conversion does not: a response's `schema`
/// (now under `content`), a body parameter's (now the operation's `requestBody`), a parameter's index among
/// parameters some of which became the body. Conversion keeps every node's position, so such a pointer is followed in
/// the Swagger document and the node it names found again by where it starts.
extension SpecLoader {
    /// Where the conversion put what `pointer` (a pointer into the converted document of Swagger file `file`, that
    /// names nothing there) named in the Swagger document, as a pointer into the converted one; nil when the Swagger
    /// document has nothing there either, or the conversion left it out (a body parameter nothing uses).
    mutating func movedSwaggerPointer(_ pointer: String, in file: Int) -> String? {
        guard let original = swaggerOriginals[file], let converted = files[file].root,
            let target = original.descendant(JSONPointer.tokens(SwaggerConversion.swaggerPointer(pointer))),
            target.mapping != nil || target.sequence != nil
        else { return nil }
        if swaggerPositionIndexes[file] == nil {
            swaggerPositionIndexes[file] = SwaggerPositionIndex(converted)
        }
        return swaggerPositionIndexes[file]?.pointer(at: target.position)
    }
}

/// The mappings and sequences of a converted Swagger document by the position they start at, each with the pointer
/// to it; where several start at one position (a parameter and the `schema` made of its keys), the one met first in
/// document order, the outermost. Built once per file, on the first reference that needs it, in one pass over the
/// tree: parent links rather than a pointer per node, so its size is the node count's.
struct SwaggerPositionIndex {
    private var nodes: [SourcePosition: Int] = [:]
    private var parents: [Int] = []
    private var tokens: [String] = []

    init(_ root: SourceNode) {
        // An explicit stack: the tree is as deep as the document, and its depth is bounded by the parsers, but a
        // loop costs no stack at all. Children are pushed in reverse, so they are met in document order.
        var stack: [(node: SourceNode, parent: Int, token: String)] = [(root, -1, "")]
        while let (node, parent, token) = stack.popLast() {
            let children: [(SourceNode, String)]
            switch node {
            case .mapping(let pairs, _): children = pairs.map { ($0.value, $0.key.scalar?.text ?? "") }
            case .sequence(let elements, _): children = elements.enumerated().map { ($1, String($0)) }
            case .scalar, .alias: continue
            }
            let index = parents.count
            parents.append(parent)
            tokens.append(token)
            if nodes[node.position] == nil { nodes[node.position] = index }
            for (child, childToken) in children.reversed() { stack.append((child, index, childToken)) }
        }
    }

    /// The pointer to the node that starts at `position`, or nil.
    func pointer(at position: SourcePosition) -> String? {
        guard var index = nodes[position] else { return nil }
        var path: [String] = []
        while index > 0 {
            path.append(tokens[index])
            index = parents[index]
        }
        return JSONPointer.pointer(path.reversed())
    }
}

extension SpecLoader {
    /// `$ref: Pet`, Swagger 1.2's way of naming a model that Swagger 2.0 documents still carry (and swagger-parser
    /// reads as `#/definitions/Pet`): by RFC 3986 a file named `Pet`. When the file referring has a schema component
    /// of that name and no such file exists beside it, the reference to the component, with a warning when
    /// `warning`; else nil, and the reference is read as a file's.
    mutating func bareSchemaReference(_ reference: String, at refValue: SpecNode, warning: Bool = true) -> String? {
        guard !reference.isEmpty, reference.utf8.count <= 256, reference.utf8.allSatisfy(Self.isModelNameByte) else {
            return nil
        }
        if componentSchemaNames[refValue.file] == nil {
            let schemas = files[refValue.file].root?.descendant(["components", "schemas"])
            componentSchemaNames[refValue.file] = Set((schemas?.mapping ?? []).compactMap { $0.key.scalar?.text })
        }
        guard componentSchemaNames[refValue.file]?.contains(reference) == true else { return nil }
        if let directory {
            let beside = files[refValue.file].relativePath.split(separator: "/").dropLast() + [Substring(reference)]
            let path = directory.appendingPathComponent(beside.joined(separator: "/"), isDirectory: false).path
            if BoundedFile.canonicalPath(path) != nil { return nil }
        }
        let component = "#/components/schemas/" + JSONPointer.escape(reference)
        guard warning else { return component }
        self.warning(
            "'\(reference)' names a file by RFC 3986, and there is none; it is read as "
                + "'\(writtenReference(component, inFile: refValue.file))', the schema of "
                + "that name (Swagger 1.2's way of naming a model, which swagger-parser reads so)", at: refValue)
        return component
    }

    /// A reference as the file `file` writes it, for diagnostics: in a converted Swagger document, whose own
    /// references were rewritten, `#/components/schemas/Pet` is `#/definitions/Pet`; any other as it is.
    func writtenReference(_ reference: String, inFile file: Int) -> String {
        guard swaggerFiles.contains(file), reference.hasPrefix("#") else { return reference }
        return "#" + SwaggerConversion.swaggerPointer(String(reference.dropFirst()))
    }

    /// A letter, digit, `_` or `-`: what a bare model name is made of (a `.` or `/` makes it a file's name).
    static func isModelNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
