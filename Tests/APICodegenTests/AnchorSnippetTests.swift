import APICodegen
import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

/// References by plain name (`$ref: '#node'`): the schema that declares the `$anchor` gives the type, as a JSON
/// pointer to its place would.
@Suite struct AnchorSnippetTests {
    @Test func anAnchorOfAComponentOrOfAPlaceInsideOneGivesThatPlacesType() throws {
        let yaml = spec(
            schemas: """
                    Tag:
                      $anchor: tag
                      type: string
                    Other:
                      type: object
                      properties:
                        label: {$ref: '#tag'}
                        size: {$ref: '#size'}
                        sizes: {type: array, items: {$ref: '#size'}}
                      $defs:
                        size: {$anchor: size, type: integer}
                """)
        let document = try Document.load(yaml: yaml, file: "spec.yaml")
        // The component an anchor names is used; only `Other` is not.
        #expect(document.warnings.map(\.description) == ["spec.yaml:9:5: warning: schema 'Other' is never used"])
        let (files, warnings) = try generateWithWarnings(yaml)
        #expect(warnings == [])
        let models = try #require(files["Models.swift"])
        #expect(
            models.contains(
                """
                public struct Other: Codable, Hashable, Sendable {
                    public var label: Tag?
                    public var size: Size?
                    public var sizes: [Size]?

                """))
        #expect(models.contains("public typealias Size = Int\n"))
    }

    @Test func aRecursiveDynamicReferenceInASpecOfOneResourceIsTheSchemaItNames() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Tree:
                          $dynamicAnchor: node
                          type: object
                          properties:
                            value: {type: string}
                            children: {type: array, items: {$dynamicRef: '#node'}}
                    """))
        #expect(warnings == [])
        #expect(files["Models.swift"]?.contains("    public var children: [Tree]?\n") == true)
    }

    /// A name declared twice names no place, an anchor inside a schema with an `$id` belongs to that resource, and
    /// a `$dynamicRef` in a spec that holds another resource may land elsewhere: each stays a `JSONValue`, with the
    /// warning at the keyword. An `$anchor` inside an example is data, not a declaration.
    @Test func anchorsThatNameNoOnePlaceStayJSONValues() throws {
        let (files, warnings) = try generateWithWarnings(
            spec(
                schemas: """
                        Holder:
                          type: object
                          properties:
                            twice: {$ref: '#twice'}
                            inner: {$ref: '#inner'}
                            dynamic: {$dynamicRef: '#node'}
                            example: {$ref: '#sample'}
                        First: {$anchor: twice, type: string}
                        Second: {$dynamicAnchor: twice, type: integer}
                        Resource:
                          $id: https://example.com/resource
                          $defs:
                            inner: {$anchor: inner, type: boolean}
                        Tree:
                          $dynamicAnchor: node
                          type: object
                          example: {$anchor: sample}
                    """))
        let untyped = "has no Swift type: the generated code holds this value as JSONValue (validation still checks it)"
        #expect(
            warnings == [
                "spec.yaml:9:17: warning: '$ref' \(untyped)",
                "spec.yaml:10:17: warning: '$ref' \(untyped)",
                "spec.yaml:11:19: warning: '$dynamicRef' \(untyped)",
                "spec.yaml:12:19: warning: '$ref' \(untyped)",
            ])
        let models = try #require(files["Models.swift"])
        for name in ["twice", "inner", "dynamic", "example"] {
            #expect(models.contains("    public var \(name): JSONValue?\n"))
        }
    }

    @Test func anAnchorInAnotherFileOfTheSpecIsFollowedThere() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(
            spec(
                schemas: """
                        Holder:
                          type: object
                          properties: {code: {$ref: 'shared.yaml#code'}}
                    """
            ).utf8
        ).write(to: directory.appendingPathComponent("api.yaml"))
        try Data("$defs:\n  code: {$anchor: code, type: integer, format: int32}\n".utf8)
            .write(to: directory.appendingPathComponent("shared.yaml"))
        let document = try Document.load(contentsOf: directory.appendingPathComponent("api.yaml"))
        #expect(document.schemas.map(\.name) == ["Holder", "code"])
        let property = try #require(document.schema(named: "Holder")?.schema.properties.first)
        #expect(property.schema.ref == "code")
        #expect(property.schema.untypedKeywords.isEmpty)
    }
}
