import APISpec

/// Turns a `Document` into Swift source files: pure, deterministic, no I/O.
public enum Generator {
    /// How generated declarations are visible.
    public enum Access: String, Sendable, CaseIterable {
        /// Visible to modules that import the generated one.
        case `public`
        /// Visible inside the generated module only.
        case `internal`
    }

    /// What to generate.
    public struct Options: Sendable {
        /// The module the files are compiled into; names the client (`PyrusAPI` → `PyrusClient`).
        public var moduleName: String
        /// The access level of every generated declaration.
        public var access: Access
        /// The spec's file name, written into each file's header (no directories, so output is the same everywhere).
        public var specName: String

        /// Creates options.
        public init(moduleName: String, access: Access = .public, specName: String) {
            self.moduleName = moduleName
            self.access = access
            self.specName = specName
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

    /// The errors `generate` would report for `document`, without rendering anything (what `lint` adds to the
    /// spec's own diagnostics). The module name only names the client, so any name finds the same problems.
    public static func problems(in document: Document, moduleName: String = "API") -> [Diagnostic] {
        do {
            return try map(document, moduleName: moduleName).warnings
        } catch {
            return error.diagnostics
        }
    }

    /// The document as declarations and groups of operations, every name and type decided.
    static func map(_ document: Document, moduleName: String) throws(SpecError) -> (
        declarations: [SwiftDeclaration], groups: [SwiftGroup], clientName: String, defaultServerURL: String?,
        serverTemplate: SwiftServerTemplate?, serverName: String?, warnings: [Diagnostic]
    ) {
        var mapper = TypeMapper(document: document, moduleName: moduleName)
        var declarations = mapper.declarations()
        let groups = mapper.groups()
        let defaultServerURL = mapper.absoluteURL(of: document.servers.first)
        declarations += mapper.inlineTypes
        declarations = keepingDeprecationsWarningFree(declarations, groups: groups)
        guard mapper.diagnostics.isEmpty else {
            // A path-level parameter is mapped once per operation: its problem is reported once.
            var seen: Set<String> = []
            let unique = mapper.diagnostics.filter { seen.insert($0.description).inserted }
            throw SpecError(diagnostics: unique.sorted { $0.location < $1.location })
        }
        return (
            declarations, groups, mapper.clientName, defaultServerURL,
            mapper.serverTemplate(of: document.servers.first),
            mapper.serverName, mapper.warnings
        )
    }

    /// Generates `GeneratedFileNames.all`, in that order.
    ///
    /// - Throws: `SpecError` with located errors when part of the spec has no Swift form.
    public static func generate(_ document: Document, options: Options) throws(SpecError) -> [GeneratedFile] {
        var warnings: [Diagnostic] = []
        return try generate(document, options: options, warnings: &warnings)
    }

    /// Generates `GeneratedFileNames.all`, in that order, and adds the located warnings about fallbacks it used
    /// (a server URL that is not absolute, …) to `warnings`.
    ///
    /// - Throws: `SpecError` with located errors when part of the spec has no Swift form.
    public static func generate(_ document: Document, options: Options, warnings: inout [Diagnostic]) throws(SpecError)
        -> [GeneratedFile]
    {
        let (declarations, groups, clientName, defaultServerURL, serverTemplate, serverName, found) = try map(
            document, moduleName: options.moduleName)
        warnings += found
        let access = options.access == .public ? "public " : ""
        var header = CodeWriter()
        header.comment(
            "Generated by api-codegen from \(options.specName). Do not edit: change the spec and regenerate.")
        header.line()
        let usesDates = declarations.contains { $0.mentions("Date") || $0.mentions("Data") }

        var models = CodeWriter()
        models.line("import APIRuntime")
        if usesDates { models.line("import Foundation") }
        models.line()
        ModelRenderer(access: access).render(declarations, into: &models)

        let renderer = OperationRenderer(
            access: access, clientName: clientName, defaultServerURL: defaultServerURL, serverTemplate: serverTemplate,
            apiTitle: document.info.title.isEmpty ? options.moduleName : document.info.title)
        var endpoints = CodeWriter()
        // `Date` parameters and answers need Foundation in every file that names them.
        let operationsUseDates = groups.contains {
            $0.operations.contains { $0.mentions("Date") || $0.mentions("Data") }
        }
        endpoints.line("import APIRuntime")
        if operationsUseDates || groups.contains(where: { $0.operations.contains { $0.serverURL != nil } }) {
            endpoints.line("import Foundation")
        }
        endpoints.line()
        renderer.renderEndpoints(groups, into: &endpoints)

        var client = CodeWriter()
        client.line("import APIRuntime")
        if defaultServerURL != nil || operationsUseDates { client.line("import Foundation") }
        client.line()
        renderer.renderClient(groups, into: &client)

        var server = CodeWriter()
        server.line("import APIRuntime")
        if operationsUseDates { server.line("import Foundation") }
        server.line()
        renderer.renderServer(groups, serverName: serverName, into: &server)

        let bodies = [models.text, endpoints.text, client.text, server.text]
        return zip(GeneratedFileNames.all, bodies).map { name, body in
            GeneratedFile(name: name, contents: header.text + body)
        }
    }
}
