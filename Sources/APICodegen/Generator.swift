import APISpecCore
import OpenAPIDocument

/// Turns a `Document` into Swift source files: pure, deterministic, no I/O.
public enum Generator {
    /// How generated declarations are visible.
    public enum Access: String, Sendable, CaseIterable {
        /// Visible to modules that import the generated one.
        case `public`
        /// Visible to the modules of the same package only.
        case `package`
        /// Visible inside the generated module only.
        case `internal`

        /// The keyword and a space, or nothing for `internal` (the default Swift gives declarations).
        var prefix: String { self == .internal ? "" : rawValue + " " }
    }

    /// What to generate.
    public struct Options: Sendable {
        /// The module the files are compiled into; names the client (`PyrusAPI` → `PyrusClient`).
        public var moduleName: String
        /// The access level of every generated declaration.
        public var access: Access
        /// The spec's file name, written into each file's header (no directories, so output is the same everywhere).
        public var specName: String
        /// Modules every generated file imports besides `APIRuntime` (each a module name, checked).
        public var additionalImports: [String]
        /// Swift types of the user's own for component schemas and string formats (`format: uuid` is `UUID`).
        public var typeOverrides: CodegenConfiguration.TypeOverrides
        /// The operations to generate, and with them the schemas they reach; nil generates everything.
        public var filter: CodegenConfiguration.Filter?
        /// How many files the models are split over (`GeneratedFileNames.modelFiles(specBytes:)` decides it for a
        /// spec's size; the build plugin passes what it declared).
        public var modelFiles = 1

        /// Creates options.
        public init(
            moduleName: String, access: Access = .public, specName: String, additionalImports: [String] = [],
            typeOverrides: CodegenConfiguration.TypeOverrides = .init(), filter: CodegenConfiguration.Filter? = nil
        ) {
            self.moduleName = moduleName
            self.access = access
            self.specName = specName
            self.additionalImports = additionalImports
            self.typeOverrides = typeOverrides
            self.filter = filter
        }

        /// The options an `api-codegen.json` gives, with the module name and spec name decided by the caller.
        public init(_ configuration: CodegenConfiguration, moduleName: String, specName: String) {
            self.init(
                moduleName: moduleName, access: Access(rawValue: configuration.access) ?? .public, specName: specName,
                additionalImports: configuration.additionalImports, typeOverrides: configuration.typeOverrides,
                filter: configuration.filter)
        }
    }

    /// Deprecated types keep `@available(*, deprecated)` only when no other generated code uses them; otherwise
    /// generated code itself would warn, so the deprecation becomes a documentation note.
    static func keepingDeprecationsWarningFree(
        _ declarations: [SwiftDeclaration], groups: [SwiftGroup]
    ) -> [SwiftDeclaration] {
        // Deprecated operations count too: the server protocols use their types in requirements that are not.
        let operations = groups.flatMap(\.operations)
        return declarations.map { declaration in
            guard declaration.isDeprecated else { return declaration.withNestedDeprecationsAsNotes() }
            let name = declaration.name
            // Deprecated users count too: they may themselves lose the attribute for being used.
            let usedByType = declarations.contains { other in other.name != name && other.mentions(name) }
            let usedByOperation = operations.contains { $0.mentions(name) }
            return usedByType || usedByOperation
                ? declaration.withDeprecationAsNote() : declaration.withNestedDeprecationsAsNotes()
        }
    }

    /// The errors and warnings `generate` would report for `document`, without rendering anything (what `lint` adds
    /// to the spec's own diagnostics). The module name names the client (`PyrusAPI` → `PyrusClient`), so pass the one
    /// `generate` is given: a name that makes a client named like a runtime type (`API` → `APIClient`) is a warning.
    public static func problems(in document: Document, moduleName: String = "Spec") -> [Diagnostic] {
        do {
            return try map(document, options: Options(moduleName: moduleName, specName: "")).warnings
        } catch {
            return error.diagnostics
        }
    }

    /// The document as declarations and groups of operations, every name and type decided.
    package static func map(_ document: Document, moduleName: String) throws(SpecError) -> SwiftModule {
        try map(document, options: Options(moduleName: moduleName, specName: ""))
    }

    /// The document, filtered as `options` say, as declarations and groups of operations.
    package static func map(_ document: Document, options: Options) throws(SpecError) -> SwiftModule {
        // What the options name is checked against the document, so a typo is an error rather than empty output.
        var problems: [String] = []
        for module in options.additionalImports where !CodegenConfiguration.isDottedIdentifier(module) {
            problems.append("additional import '\(module)' is not a module name")
        }
        let known = Set(document.schemas.map(\.name))
        for (schema, type) in options.typeOverrides.schemas.sorted(by: { $0.key < $1.key }) {
            if !known.contains(schema) {
                problems.append("typeOverrides names schema '\(schema)', which the spec lacks")
            }
            if !CodegenConfiguration.isDottedIdentifier(type) {
                problems.append("typeOverrides maps '\(schema)' to '\(type)', which is not a Swift type name")
            }
        }
        for (format, type) in options.typeOverrides.formats.sorted(by: { $0.key < $1.key })
        where !CodegenConfiguration.isDottedIdentifier(type) {
            problems.append("typeOverrides maps format '\(format)' to '\(type)', which is not a Swift type name")
        }
        problems += DocumentFilter.problems(options.filter, in: document)
        guard problems.isEmpty else {
            let start = SourceLocation(file: document.file, line: 1, column: 1)
            throw SpecError(diagnostics: problems.map { Diagnostic(.error, "options: " + $0, at: start, path: "") })
        }
        let document = DocumentFilter.apply(options.filter, to: document)
        var module = try TypeMapper.map(document, moduleName: options.moduleName, typeOverrides: options.typeOverrides)
        module.declarations = keepingDeprecationsWarningFree(module.declarations, groups: module.groups)
        return module
    }

    /// Generates `GeneratedFileNames.names(modelFiles: options.modelFiles)`, in that order.
    ///
    /// - Throws: `SpecError` with located errors when part of the spec has no Swift form.
    public static func generate(_ document: Document, options: Options) throws(SpecError) -> [GeneratedFile] {
        var warnings: [Diagnostic] = []
        return try generate(document, options: options, warnings: &warnings)
    }

    /// Generates `GeneratedFileNames.names(modelFiles: options.modelFiles)`, in that order, and adds the located
    /// warnings about fallbacks it used (a server URL that is not absolute, …) to `warnings`.
    ///
    /// - Throws: `SpecError` with located errors when part of the spec has no Swift form.
    public static func generate(_ document: Document, options: Options, warnings: inout [Diagnostic]) throws(SpecError)
        -> [GeneratedFile]
    {
        let module = try map(document, options: options)
        warnings += module.warnings
        let declarations = module.declarations
        let groups = module.groups
        let access = options.access.prefix
        // `import APIRuntime`, then the modules the options add (`map` checked that they are module names).
        let imports = ["import APIRuntime"] + options.additionalImports.map { "import \($0)" }
        var header = CodeWriter()
        header.comment(
            "Generated by api-codegen from \(options.specName). Do not edit: change the spec and regenerate.")
        header.line()
        // The models in `modelFiles` files of consecutive declarations, as even in count as they can be.
        let modelFiles = max(1, min(options.modelFiles, GeneratedFileNames.maximumModelFiles))
        let perFile = max(1, (declarations.count + modelFiles - 1) / modelFiles)
        let modelTexts = (0..<modelFiles).map { part in
            let slice = Array(declarations.dropFirst(part * perFile).prefix(perFile))
            var models = CodeWriter()
            for line in imports { models.line(line) }
            if slice.contains(where: { $0.mentions("Date") || $0.mentions("Data") || $0.mentions("UUID") }) {
                models.line("import Foundation")
            }
            models.line()
            ModelRenderer(access: access).render(slice, into: &models)
            return models.text
        }

        let renderer = OperationRenderer(
            access: access, module: module,
            apiTitle: document.info.title.isEmpty ? options.moduleName : document.info.title)
        var endpoints = CodeWriter()
        // `Date` and `Data` parameters and bodies need Foundation in every file that names them.
        let operationsNeedFoundation = module.operationsUseFoundationTypes
        for line in imports { endpoints.line(line) }
        if operationsNeedFoundation
            || groups.contains(where: { $0.operations.contains { $0.serverURL != nil || $0.statusAnswer != nil } })
        {
            endpoints.line("import Foundation")
        }
        endpoints.line()
        renderer.renderEndpoints(groups, into: &endpoints)
        renderer.renderAnswerTypes(groups, into: &endpoints)

        var client = CodeWriter()
        for line in imports { client.line(line) }
        if module.defaultServerURL != nil || operationsNeedFoundation || module.security != nil {
            client.line("import Foundation")
        }
        client.line()
        renderer.renderClient(groups, into: &client)

        var server = CodeWriter()
        for line in imports { server.line(line) }
        if operationsNeedFoundation { server.line("import Foundation") }
        server.line()
        renderer.renderServer(groups, serverName: module.serverName, into: &server)

        let bodies = modelTexts + [endpoints.text, client.text, server.text]
        return zip(GeneratedFileNames.names(modelFiles: modelFiles), bodies).map { name, body in
            GeneratedFile(name: name, contents: header.text + body)
        }
    }
}
