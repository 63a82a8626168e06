import APICodegen
import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// The generator's options (`api-codegen.json`, the `generate` flags): a spec, the options, and the exact Swift.
@Suite struct OptionsSnippetTests {
    /// Three tags: `pets` reaches Pet, its Tag items (through an array) and the Owner an allOf names; `stores` reaches
    /// Store; `admin` reaches Audit and, through it, Entry. Unused sits on its own.
    static let spec = """
        openapi: 3.1.0
        info: {title: Shop, version: "1"}
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              tags: [pets]
              parameters:
                - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
              responses:
                '200': {description: A pet., content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
          /stores:
            get:
              operationId: listStores
              tags: [stores]
              responses:
                '200':
                  description: Stores.
                  content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Store'}}}}
          /audit:
            get:
              operationId: audit
              tags: [admin]
              responses:
                '200': {description: The log., content: {application/json: {schema: {$ref: '#/components/schemas/Audit'}}}}
        components:
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id: {type: string, format: uuid}
                name: {type: string}
                tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}
                price: {$ref: '#/components/schemas/Money'}
                owner: {allOf: [{$ref: '#/components/schemas/Owner'}]}
            Tag: {type: object, properties: {label: {type: string}}}
            Owner: {type: object, required: [id], properties: {id: {type: integer}}}
            Money: {type: object, properties: {cents: {type: integer}, currency: {type: string}}}
            Store: {type: object, x-swift-identifiable: false, required: [id], properties: {id: {type: integer}}}
            Audit: {type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/Entry'}}}}
            Entry: {type: object, properties: {id: {type: integer}, at: {type: string, format: date-time}}}
            Unused: {type: object, properties: {x: {type: string}}}
        """

    func generate(_ options: Generator.Options) throws -> [String: String] {
        let document = try Document.load(yaml: Self.spec, file: "shop.yaml")
        var files: [String: String] = [:]
        for file in try Generator.generate(document, options: options) { files[file.name] = file.contents }
        return files
    }

    func options(
        access: Generator.Access = .public, imports: [String] = [],
        overrides: CodegenConfiguration.TypeOverrides = .init(),
        filter: CodegenConfiguration.Filter? = nil
    ) -> Generator.Options {
        Generator.Options(
            moduleName: "ShopAPI", access: access, specName: "shop.yaml", additionalImports: imports,
            typeOverrides: overrides, filter: filter)
    }

    /// The names a file declares at its top level (`struct Pet`, `enum Endpoints`, …).
    func declared(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("public ") || $0.hasPrefix("package ") }.map {
            $0.split(separator: " ").prefix(3).joined(separator: " ")
        }
    }

    @Test func filterByTagKeepsItsOperationsAndExactlyTheSchemasTheyReach() throws {
        let files = try generate(options(filter: .init(tags: ["pets"])))
        let models = try #require(files["Models.swift"])
        #expect(
            declared(models) == [
                "public struct Pet:", "public struct Tag:", "public struct Owner:", "public struct Money:",
            ])
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func getPet(id: UUID) async throws(APIError) -> Pet"))
        #expect(!client.contains("listStores") && !client.contains("audit"))
        #expect(!(files["Server.swift"] ?? "").contains("StoresService"))
    }

    @Test func filterByOperationAndPathIsTheUnionOfWhatEachSelects() throws {
        let files = try generate(options(filter: .init(operations: ["audit"], paths: ["/stores"])))
        #expect(
            declared(files["Models.swift"] ?? "") == [
                "public struct Store:", "public struct Audit:", "public struct Entry:",
            ])
        let client = try #require(files["Client.swift"])
        #expect(client.contains("public func listStores() async throws(APIError) -> [Store]"))
        #expect(client.contains("public func audit() async throws(APIError) -> Audit"))
        #expect(!client.contains("getPet"))
    }

    @Test func aFilterThatSelectsNothingIsAnErrorNamingWhat() throws {
        let document = try Document.load(yaml: Self.spec, file: "shop.yaml")
        let error = #expect(throws: SpecError.self) {
            try Generator.generate(
                document, options: options(filter: .init(tags: ["pest"], operations: ["getPets"], paths: ["/pet"])))
        }
        #expect(
            error?.diagnostics.map(\.description) == [
                "shop.yaml:1:1: error: options: filter names tag 'pest', which no operation has",
                "shop.yaml:1:1: error: options: filter names operation 'getPets', which the spec lacks",
                "shop.yaml:1:1: error: options: filter names path '/pet', which has no operation",
            ])
    }

    @Test func uuidIsFoundationUUIDUnlessAFormatOverrideSaysOtherwise() throws {
        let files = try generate(options())
        let models = try #require(files["Models.swift"])
        #expect(models.contains("import APIRuntime\nimport Foundation\n"))
        #expect(models.contains("    public var id: UUID\n"))
        #expect(try #require(files["Endpoints.swift"]).contains("public static func getPet(id: UUID) -> Endpoint<Pet>"))
        #expect(try #require(files["Server.swift"]).contains("as: UUID.self)"))

        let strings = try generate(options(overrides: .init(formats: ["uuid": "String"])))
        #expect(try #require(strings["Models.swift"]).contains("    public var id: String\n"))
        #expect(try #require(strings["Client.swift"]).contains("public func getPet(id: String)"))
    }

    @Test func aSchemaOverrideUsesTheUsersTypeAndDeclaresNothingForIt() throws {
        let files = try generate(
            options(
                imports: ["ShopTypes", "Foundation.NSDate"],
                overrides: .init(schemas: ["Money": "ShopTypes.Money", "Tag": "Label"])))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("    public var price: ShopTypes.Money?\n"))
        #expect(models.contains("    public var tags: [Label]?\n"))
        #expect(!models.contains("struct Money") && !models.contains("struct Tag"))
        for name in ["Models.swift", "Endpoints.swift", "Client.swift", "Server.swift"] {
            let text = try #require(files[name])
            #expect(text.contains("\n\nimport APIRuntime\nimport ShopTypes\nimport Foundation.NSDate\n"), "\(name)")
        }
    }

    @Test func optionsThatCouldBreakOutOfTheirPlaceAreErrors() throws {
        let document = try Document.load(yaml: Self.spec, file: "shop.yaml")
        let error = #expect(throws: SpecError.self) {
            try Generator.generate(
                document,
                options: options(
                    imports: ["Foundation\nimport Evil"],
                    overrides: .init(schemas: ["Money": "Money; pwned()", "Nope": "X"], formats: ["date": "A B"])))
        }
        #expect(
            error?.diagnostics.map(\.description) == [
                // The line break is shown escaped, as every diagnostic shows control characters.
                #"shop.yaml:1:1: error: options: additional import 'Foundation\nimport Evil' is not a module name"#,
                "shop.yaml:1:1: error: options: typeOverrides maps 'Money' to 'Money; pwned()', which is not a Swift "
                    + "type name",
                "shop.yaml:1:1: error: options: typeOverrides names schema 'Nope', which the spec lacks",
                "shop.yaml:1:1: error: options: typeOverrides maps format 'date' to 'A B', which is not a Swift type name",
            ])
    }

    @Test func packageAccessReachesEveryDeclaration() throws {
        let files = try generate(options(access: .package))
        let models = try #require(files["Models.swift"])
        #expect(models.contains("package struct Pet: Codable, Hashable, Identifiable, Sendable {"))
        #expect(models.contains("    package var name: String\n"))
        #expect(models.contains("    package init(id: UUID, name: String"))
        let client = try #require(files["Client.swift"])
        #expect(client.contains("package struct ShopClient: Sendable {"))
        #expect(client.contains("    package func getPet(id: UUID) async throws(APIError) -> Pet {"))
        for (name, text) in files {
            #expect(!text.contains("public "), "\(name) still has a public declaration")
        }
    }

    @Test func structsWithAnIDThatIsNeverNilAreIdentifiable() throws {
        let models = try #require(try generate(options())["Models.swift"])
        #expect(models.contains("public struct Pet: Codable, Hashable, Identifiable, Sendable {"))
        #expect(models.contains("public struct Owner: Codable, Hashable, Identifiable, Sendable {"))
        // Opted out with x-swift-identifiable: false; an optional id does not qualify.
        #expect(models.contains("public struct Store: Codable, Hashable, Sendable {"))
        #expect(models.contains("public struct Entry: Codable, Hashable, Sendable {"))
    }

    @Test func aLargeSpecsModelsAreSplitOverFilesByARuleOfItsSize() throws {
        #expect(GeneratedFileNames.modelFiles(specBytes: 0) == 1)
        #expect(GeneratedFileNames.modelFiles(specBytes: 256 << 10) == 1)
        #expect(GeneratedFileNames.modelFiles(specBytes: (256 << 10) + 1) == 2)
        #expect(GeneratedFileNames.modelFiles(specBytes: 1 << 40) == 64)
        var split = options()
        split.modelFiles = 3
        let files = try generate(split)
        #expect(
            files.keys.sorted() == [
                "Client.swift", "Endpoints.swift", "Models.swift", "Models2.swift", "Models3.swift", "Server.swift",
            ])
        #expect(
            declared(files["Models.swift"] ?? "") == [
                "public struct Pet:", "public struct Tag:", "public struct Owner:",
            ])
        #expect(
            declared(files["Models2.swift"] ?? "") == [
                "public struct Money:", "public struct Store:", "public struct Audit:",
            ])
        #expect(declared(files["Models3.swift"] ?? "") == ["public struct Entry:", "public struct Unused:"])
        // Foundation where a part names `UUID` or `Date`, and only there.
        #expect(files["Models.swift"]?.contains("import Foundation\n") == true)
        #expect(files["Models2.swift"]?.contains("import Foundation\n") == false)
        #expect(files["Models3.swift"]?.contains("import Foundation\n") == true)
    }

    @Test func rewritingWithFewerModelFilesRemovesTheOthersOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("split-\(UUID().uuidString)")
        var split = options()
        split.modelFiles = 3
        let document = try Document.load(yaml: Self.spec, file: "shop.yaml")
        _ = try GeneratedFile.write(try Generator.generate(document, options: split), to: directory)
        try Data("// the user's own\n".utf8).write(to: directory.appendingPathComponent("Models+Extras.swift"))
        _ = try GeneratedFile.write(try Generator.generate(document, options: options()), to: directory)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "Client.swift", "Endpoints.swift", "Models+Extras.swift", "Models.swift", "Server.swift",
            ])
    }
}
