import APICodegen
import APISpec
import APISpecDiff
import Foundation
import PyrusKitTestSupport
import Testing

/// `SpecDiff` on a table of spec changes: each one applied to a small spec of our own, with the exact changes
/// it must report (impact | Swift declaration | message), the moves that are not changes included.
@Suite struct SpecDiffTests {
    static let base = """
        openapi: 3.1.0
        info: {title: Pets, version: "1"}
        paths:
          /pets:
            get:
              operationId: listPets
              tags: [pets]
              parameters:
                - {name: limit, in: query, schema: {type: integer}}
              responses:
                "200":
                  description: Pets.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/PetList'}
                "400":
                  description: Bad.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
            post:
              operationId: createPet
              tags: [pets]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/NewPet'}
              responses:
                "201":
                  description: Created.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
          /pets/{id}:
            get:
              operationId: getPet
              tags: [pets]
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
              responses:
                "200":
                  description: The pet.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Pet'}
                "404":
                  description: No such pet.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Error'}
        components:
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id: {type: integer, format: int64}
                name: {type: string}
                tag: {type: string}
                kind: {$ref: '#/components/schemas/Kind'}
                owner: {$ref: '#/components/schemas/Owner'}
            Owner:
              type: object
              properties:
                name: {type: string}
            Kind:
              type: string
              enum: [dog, cat]
            NewPet:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tag: {type: string}
            PetList:
              type: object
              required: [pets]
              properties:
                pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
            Error:
              type: object
              properties:
                message: {type: string}
            Toy:
              oneOf: [{type: string}, {type: integer}]

        """

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var edits: [(String, String)]
        var expected: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a oneOf alternative added",
            edits: [
                (
                    "oneOf: [{type: string}, {type: integer}]",
                    "oneOf: [{type: string}, {type: integer}, {type: boolean}]"
                )
            ],
            expected: ["source-breaking | Toy.bool | enum case added: exhaustive switches over Toy must handle it"]),
        Case(
            name: "a oneOf alternative removed",
            edits: [("oneOf: [{type: string}, {type: integer}]", "oneOf: [{type: integer}]")],
            // One alternative left: the type is that alternative's, no longer an enum.
            expected: ["source-breaking | Toy | changed kind (struct, enum or alias)"]),
        Case(
            name: "a oneOf alternative replaced",
            edits: [("oneOf: [{type: string}, {type: integer}]", "oneOf: [{type: string}, {type: boolean}]")],
            expected: [
                "source-breaking | Toy.bool | enum case added: exhaustive switches over Toy must handle it",
                "source-breaking | Toy.int | enum case removed",
            ]),
        Case(
            name: "the same spec",
            edits: [],
            expected: []),
        Case(
            name: "schemas reordered",
            edits: [
                ("    Error:\n      type: object\n      properties:\n        message: {type: string}\n", ""),
                (
                    "  schemas:\n",
                    "  schemas:\n    Error:\n      type: object\n      properties:\n        message: {type: string}\n"
                ),
            ],
            expected: []),
        Case(
            name: "keys of a schema reordered",
            edits: [
                (
                    "      required: [id, name]\n      properties:\n        id: {type: integer, format: int64}\n  "
                        + "      name: {type: string}\n        tag: {type: string}\n        kind: {$ref: "
                        + "'#/components/schemas/Kind'}\n        owner: {$ref: '#/components/schemas/Owner'}\n",
                    "      properties:\n        id: {type: integer, format: int64}\n        name: {type: string}\n"
                        + "        tag: {type: string}\n        kind: {$ref: '#/components/schemas/Kind'}\n       "
                        + " owner: {$ref: '#/components/schemas/Owner'}\n      required: [id, name]\n"
                )
            ],
            expected: []),
        Case(
            name: "a description added",
            edits: [
                (
                    "    Owner:\n      type: object\n",
                    "    Owner:\n      type: object\n      description: Who keeps the pet.\n"
                )
            ],
            expected: []),
        Case(
            name: "a schema renamed, its Swift name kept",
            edits: [
                ("    Owner:\n      type: object\n", "    Keeper:\n      x-swift-name: Owner\n      type: object\n"),
                ("'#/components/schemas/Owner'", "'#/components/schemas/Keeper'"),
            ],
            expected: []),
        Case(
            name: "a $ref replaced by an equal inline schema",
            edits: [
                (
                    "        owner: {$ref: '#/components/schemas/Owner'}\n",
                    "        owner:\n          type: object\n          properties:\n            name: {type: string}\n"
                )
            ],
            expected: [
                "source-breaking | Pet.owner | declared type changed from Owner? to Owner2?"
            ]),
        Case(
            name: "an operation marked deprecated",
            edits: [("      operationId: getPet\n", "      operationId: getPet\n      deprecated: true\n")],
            expected: []),
        Case(
            name: "a response property removed",
            edits: [("        tag: {type: string}\n        kind:", "        kind:")],
            expected: [
                "source-breaking | Pet.tag | property removed",
                "wire-breaking | Pet.tag | response field 'tag' removed",
            ]),
        Case(
            name: "an optional response property added",
            edits: [
                (
                    "        owner: {$ref: '#/components/schemas/Owner'}\n",
                    "        owner: {$ref: '#/components/schemas/Owner'}\n        color: {type: string}\n"
                )
            ],
            expected: [
                "additive | Pet.color | property added"
            ]),
        Case(
            name: "a required response property added",
            edits: [
                ("      required: [id, name]\n", "      required: [id, name, age]\n"),
                (
                    "        owner: {$ref: '#/components/schemas/Owner'}\n",
                    "        owner: {$ref: '#/components/schemas/Owner'}\n        age: {type: integer}\n"
                ),
            ],
            expected: [
                "source-breaking | Pet.age | new property the initializer requires"
            ]),
        Case(
            name: "a required request property added",
            edits: [
                ("      required: [name]\n", "      required: [name, age]\n"),
                (
                    "    NewPet:\n      type: object\n      required: [name, age]\n      properties:\n",
                    "    NewPet:\n      type: object\n      required: [name, age]\n      properties:\n        "
                        + "age: {type: integer}\n"
                ),
            ],
            expected: [
                "source-breaking | NewPet.age | new property the initializer requires",
                "wire-breaking | NewPet.age | required request field 'age' added",
            ]),
        Case(
            name: "an optional request property added",
            edits: [
                (
                    "        tag: {type: string}\n    PetList:",
                    "        tag: {type: string}\n        age: {type: integer}\n    PetList:"
                )
            ],
            expected: [
                "additive | NewPet.age | property added"
            ]),
        Case(
            name: "a request property removed",
            edits: [("        tag: {type: string}\n    PetList:", "    PetList:")],
            expected: [
                "source-breaking | NewPet.tag | property removed"
            ]),
        Case(
            name: "a property's type changed",
            edits: [("        tag: {type: string}\n        kind:", "        tag: {type: integer}\n        kind:")],
            expected: [
                "source-breaking | Pet.tag | type changed from String? to Int?",
                "wire-breaking | Pet.tag | the JSON of 'tag' changed type",
            ]),
        Case(
            name: "an integer's format narrowed",
            edits: [
                (
                    "        id: {type: integer, format: int64}\n        name:",
                    "        id: {type: integer, format: int32}\n        name:"
                )
            ],
            expected: [
                "source-breaking | Pet.id | type changed from Int64 to Int32",
                "wire-breaking | Pet.id | the JSON of 'id' changed type",
            ]),
        Case(
            name: "a request property made required",
            edits: [("      required: [name]\n", "      required: [name, tag]\n")],
            expected: [
                "source-breaking | NewPet.tag | optional became required (String? → String)",
                "wire-breaking | NewPet.tag | request field 'tag' became required",
            ]),
        Case(
            name: "a request property made optional",
            edits: [("      required: [name]\n", "      required: []\n")],
            expected: [
                "source-breaking | NewPet.name | required became optional (String → String?): readers must unwrap it"
            ]),
        Case(
            name: "a response property made optional",
            edits: [("      required: [id, name]\n", "      required: [id]\n")],
            expected: [
                "source-breaking | Pet.name | required became optional (String → String?): readers must unwrap it",
                "wire-breaking | Pet.name | response field 'name' may now be absent",
            ]),
        Case(
            name: "a response property gets a default",
            edits: [
                (
                    "        tag: {type: string}\n        kind:",
                    "        tag: {type: string, default: \"\"}\n        kind:"
                )
            ],
            expected: [
                "source-breaking | Pet.tag | optional became required (String? → String)"
            ]),
        Case(
            name: "a response property made nullable",
            edits: [
                ("        tag: {type: string}\n        kind:", "        tag: {type: [string, \"null\"]}\n        kind:")
            ],
            expected: [
                "source-breaking | Pet.tag | declared type changed from String? to Nullable<String>?"
            ]),
        Case(
            name: "an array's items changed",
            edits: [
                (
                    "        pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}",
                    "        pets: {type: array, items: {$ref: '#/components/schemas/Owner'}}"
                )
            ],
            expected: [
                "source-breaking | PetList.pets | type changed from [Pet] to [Owner]",
                "wire-breaking | PetList.pets | the JSON of 'pets' changed type",
            ]),
        Case(
            name: "a property renamed in Swift only",
            edits: [
                (
                    "        tag: {type: string}\n        kind:",
                    "        tag: {type: string, x-swift-name: label}\n        kind:"
                )
            ],
            expected: [
                "source-breaking | Pet.tag | property renamed to label"
            ]),
        Case(
            name: "a JSON property renamed",
            edits: [("        tag: {type: string}\n        kind:", "        label: {type: string}\n        kind:")],
            expected: [
                "source-breaking | Pet.tag | property removed",
                "wire-breaking | Pet.tag | response field 'tag' removed",
                "additive | Pet.label | property added",
            ]),
        Case(
            name: "an enum value added",
            edits: [("      enum: [dog, cat]", "      enum: [dog, cat, bird]")],
            expected: [
                "source-breaking | Kind.bird | enum case added: exhaustive switches over Kind must handle it"
            ]),
        Case(
            name: "an enum value removed",
            edits: [("      enum: [dog, cat]", "      enum: [dog]")],
            expected: [
                "source-breaking | Kind.cat | enum case removed",
                "wire-breaking | Kind.cat | value \"cat\" removed from a response",
            ]),
        Case(
            name: "enum values reordered",
            edits: [("      enum: [dog, cat]", "      enum: [cat, dog]")],
            expected: []),
        Case(
            name: "a type renamed in Swift",
            edits: [
                ("    Kind:\n      type: string\n", "    Kind:\n      x-swift-name: Species\n      type: string\n")
            ],
            expected: [
                "source-breaking | Kind | type removed",
                "source-breaking | Pet.kind | declared type changed from Kind? to Species?",
                "additive | Species | type added",
            ]),
        Case(
            name: "an unused schema added",
            edits: [("  schemas:\n", "  schemas:\n    Color: {type: string}\n")],
            expected: [
                "additive | Color | type added"
            ]),
        Case(
            name: "a schema removed with its only use",
            edits: [
                ("        owner: {$ref: '#/components/schemas/Owner'}\n", ""),
                ("    Owner:\n      type: object\n      properties:\n        name: {type: string}\n", ""),
            ],
            expected: [
                "source-breaking | Owner | type removed",
                "source-breaking | Pet.owner | property removed",
                "wire-breaking | Pet.owner | response field 'owner' removed",
            ]),
        Case(
            name: "an operation's HTTP method changed",
            edits: [("    get:\n      operationId: getPet\n", "    delete:\n      operationId: getPet\n")],
            expected: [
                "wire-breaking | PetsAPI.getPet(id:) | now DELETE /pets/{id} instead of GET /pets/{id}"
            ]),
        Case(
            name: "an operation removed",
            edits: [
                (
                    "    get:\n      operationId: listPets\n      tags: [pets]\n      parameters:\n        - "
                        + "{name: limit, in: query, schema: {type: integer}}\n      responses:\n        \"200\":\n"
                        + "          description: Pets.\n          content:\n            application/json:\n      "
                        + "        schema: {$ref: '#/components/schemas/PetList'}\n        \"400\":\n          "
                        + "description: Bad.\n          content:\n            application/json:\n"
                        + "              schema: {$ref: '#/components/schemas/Error'}\n",
                    ""
                )
            ],
            expected: [
                "source-breaking | PetsAPI.listPets(limit:) | method removed",
                "wire-breaking | PetsAPI.listPets(limit:) | GET /pets removed",
            ]),
        Case(
            name: "an operation added",
            edits: [
                (
                    "components:\n",
                    "  /pets/{id}/photo:\n    get:\n      operationId: getPhoto\n      tags: [pets]\n      "
                        + "parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n "
                        + "     responses:\n        \"204\": {description: None.}\ncomponents:\n"
                )
            ],
            expected: [
                "additive | PetsAPI.getPhoto(id:) | method added"
            ]),
        Case(
            name: "an operationId changed",
            edits: [("operationId: listPets", "operationId: findPets")],
            expected: [
                "source-breaking | PetsAPI.listPets(limit:) | method removed",
                "additive | PetsAPI.findPets(limit:) | method added",
            ]),
        Case(
            name: "a path changed",
            edits: [("  /pets/{id}:\n", "  /animals/{id}:\n")],
            expected: [
                "wire-breaking | PetsAPI.getPet(id:) | now GET /animals/{id} instead of GET /pets/{id}"
            ]),
        Case(
            name: "an optional query parameter added",
            edits: [
                (
                    "        - {name: limit, in: query, schema: {type: integer}}\n",
                    "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: offset, in: "
                        + "query, schema: {type: integer}}\n"
                )
            ],
            expected: [
                "additive | PetsAPI.listPets(limit:offset:) | new optional parameter 'offset'"
            ]),
        Case(
            name: "a required query parameter added",
            edits: [
                (
                    "        - {name: limit, in: query, schema: {type: integer}}\n",
                    "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: owner, in: "
                        + "query, required: true, schema: {type: string}}\n"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.listPets(limit:owner:) | new parameter 'owner' without a default",
                "wire-breaking | PetsAPI.listPets(limit:owner:) | new required parameter 'owner'",
            ]),
        Case(
            name: "a query parameter removed",
            edits: [("      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n", "")],
            expected: [
                "source-breaking | PetsAPI.listPets() | parameter 'limit' removed"
            ]),
        Case(
            name: "a query parameter's type changed",
            edits: [
                (
                    "        - {name: limit, in: query, schema: {type: integer}}\n",
                    "        - {name: limit, in: query, schema: {type: string}}\n"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.listPets(limit:) | parameter 'limit' changed type from Int to String"
            ]),
        Case(
            name: "a query parameter made required",
            edits: [
                (
                    "        - {name: limit, in: query, schema: {type: integer}}\n",
                    "        - {name: limit, in: query, required: true, schema: {type: integer}}\n"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.listPets(limit:) | parameter 'limit' became required",
                "wire-breaking | PetsAPI.listPets(limit:) | parameter 'limit' became required",
            ]),
        Case(
            name: "an error status removed",
            edits: [
                (
                    "        \"404\":\n          description: No such pet.\n          content:\n            "
                        + "application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n",
                    ""
                )
            ],
            expected: [
                "wire-breaking | PetsAPI.getPet(id:) | status 404 removed"
            ]),
        Case(
            name: "a status added",
            edits: [("        \"404\":\n", "        \"410\":\n          description: Gone.\n        \"404\":\n")],
            expected: [
                "additive | PetsAPI.getPet(id:) | status 410 added"
            ]),
        Case(
            name: "an error body removed",
            edits: [
                (
                    "        \"400\":\n          description: Bad.\n          content:\n            "
                        + "application/json:\n              schema: {$ref: '#/components/schemas/Error'}\n",
                    "        \"400\":\n          description: Bad.\n"
                )
            ],
            expected: [
                "wire-breaking | PetsAPI.listPets(limit:) | media type application/json (status 400) removed"
            ]),
        Case(
            name: "a request body's type changed",
            edits: [
                (
                    "            schema: {$ref: '#/components/schemas/NewPet'}",
                    "            schema: {$ref: '#/components/schemas/Pet'}"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.createPet(_:) | request body changed from NewPet to Pet"
            ]),
        Case(
            name: "a response type changed",
            edits: [
                (
                    "        \"200\":\n          description: The pet.\n          content:\n            "
                        + "application/json:\n              schema: {$ref: '#/components/schemas/Pet'}",
                    "        \"200\":\n          description: The pet.\n          content:\n            "
                        + "application/json:\n              schema: {$ref: '#/components/schemas/Owner'}"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.getPet(id:) | returns Owner instead of Pet"
            ]),
        Case(
            name: "a response body removed",
            edits: [
                (
                    "        \"201\":\n          description: Created.\n          content:\n            "
                        + "application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\n",
                    "        \"201\":\n          description: Created.\n"
                )
            ],
            expected: [
                "source-breaking | PetsAPI.createPet(_:) | returns EmptyResponse instead of Pet",
                "wire-breaking | PetsAPI.createPet(_:) | media type application/json (status 201) removed",
            ]),
        Case(
            name: "a tag renamed",
            edits: [
                ("tags: [pets]", "tags: [animals]"), ("tags: [pets]", "tags: [animals]"),
                ("tags: [pets]", "tags: [animals]"),
            ],
            expected: [
                "source-breaking | PetsAPI.createPet(_:) | method removed",
                "source-breaking | PetsAPI.getPet(id:) | method removed",
                "source-breaking | PetsAPI.listPets(limit:) | method removed",
                "additive | AnimalsAPI.createPet(_:) | method added",
                "additive | AnimalsAPI.getPet(id:) | method added",
                "additive | AnimalsAPI.listPets(limit:) | method added",
            ]),
    ]

    static func applying(_ edits: [(String, String)], to text: String) throws -> String {
        var result = text
        for (find, replace) in edits {
            let range = try #require(result.range(of: find), "the edit's text is not in the spec: \(find)")
            result.replaceSubrange(range, with: replace)
        }
        return result
    }

    @Test(arguments: cases) func eachChangeIsClassifiedAndWorded(_ change: Case) throws {
        let old = try Document.load(yaml: Self.base, file: "old.yaml")
        let new = try Document.load(yaml: Self.applying(change.edits, to: Self.base), file: "new.yaml")
        let diff = try SpecDiff(old: old, new: new)
        #expect(diff.changes.map { "\($0.impact.rawValue) | \($0.declaration) | \($0.message)" } == change.expected)
        let expectedBump: SpecDiff.Bump =
            change.expected.isEmpty ? .none : change.expected.allSatisfy { $0.hasPrefix("additive") } ? .minor : .major
        #expect(diff.bump == expectedBump)
    }

    /// Security requirements compared as a deployed client meets them: it sends every credential of one old
    /// alternative, which still works when a new alternative asks for nothing more on the wire.
    @Test func aSecurityRequirementThatNoLongerAcceptsWhatClientsSendIsWireBreaking() throws {
        let base = """
            openapi: 3.1.0
            info: {title: Keys, version: "1"}
            security: [{key: []}]
            paths:
              /things:
                get:
                  operationId: listThings
                  responses: {"200": {description: Ok.}}
                post:
                  operationId: makeThing
                  security: [{key: []}, {bearer: []}]
                  responses: {"200": {description: Ok.}}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
                bearer: {type: http, scheme: bearer}
            """
        func changes(_ edits: [(String, String)], before: [(String, String)] = []) throws -> [String] {
            let old = try Document.load(yaml: Self.applying(before, to: base), file: "old.yaml")
            let new = try Document.load(yaml: Self.applying(edits, to: base), file: "new.yaml")
            return try SpecDiff(old: old, new: new).changes.map {
                "\($0.impact.rawValue) | \($0.declaration) | \($0.message)"
            }
        }
        let key = "an API key in the header 'X-Key'"
        // Both credentials together, where one was enough.
        #expect(
            try changes([("security: [{key: []}]", "security: [{key: [], bearer: []}]")]) == [
                "wire-breaking | SpecClient.listThings() | no longer accepts \(key); it takes HTTP bearer "
                    + "credentials and \(key)"
            ])
        // One alternative of two dropped.
        #expect(
            try changes([("security: [{key: []}, {bearer: []}]", "security: [{bearer: []}]")]) == [
                "wire-breaking | SpecClient.makeThing() | no longer accepts \(key); it takes HTTP bearer credentials"
            ])
        // The header renamed: every operation that takes the key breaks.
        #expect(
            try changes([("name: X-Key", "name: X-Api-Key")]) == [
                "wire-breaking | SpecClient.listThings() | no longer accepts \(key); it takes an API key in the "
                    + "header 'X-Api-Key'",
                "wire-breaking | SpecClient.makeThing() | no longer accepts \(key); it takes an API key in the "
                    + "header 'X-Api-Key', or HTTP bearer credentials",
            ])
        // Looser: no credential at all is enough now, or another alternative is added.
        #expect(
            try changes([("security: [{key: []}]", "security: [{key: []}, {}]")]) == [
                "additive | SpecClient.listThings() | now also accepts a request without credentials"
            ])
        #expect(
            try changes([("security: [{key: []}, {bearer: []}]", "security: []")]) == [
                "additive | SpecClient.makeThing() | now also accepts a request without credentials"
            ])
        // Stricter: a credential where none was asked for.
        #expect(
            try changes([], before: [("security: [{key: []}]\npaths", "paths")]) == [
                "wire-breaking | SpecClient.listThings() | no longer accepts a request without credentials; it takes "
                    + "\(key)"
            ])
        // The scheme renamed with its header kept, and an alternative dropped that another covers: no change.
        #expect(
            try changes([
                ("security: [{key: []}]", "security: [{apiKey: []}]"),
                (
                    "security: [{key: []}, {bearer: []}]",
                    "security: [{apiKey: []}, {bearer: []}, {apiKey: [], bearer: []}]"
                ),
                ("    key: {type: apiKey", "    apiKey: {type: apiKey"),
            ]) == [])
    }

    @Test func theTableCoversAtLeastFortyChanges() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.filter(\.expected.isEmpty).count >= 7)
    }

    @Test func changesNameTheSpecLocationInBothFiles() throws {
        let old = try Document.load(yaml: Self.base, file: "old.yaml")
        let edited = Self.base.replacingOccurrences(of: "      required: [id, name]\n", with: "      required: [id]\n")
        let new = try Document.load(yaml: edited, file: "new.yaml")
        let diff = try SpecDiff(old: old, new: new)
        #expect(
            diff.changes.map(\.description) == [
                "source-breaking: Pet.name: required became optional (String → String?): readers must unwrap it "
                    + "(old.yaml:59:15 → new.yaml:59:15)",
                "wire-breaking: Pet.name: response field 'name' may now be absent (old.yaml:59:15 → new.yaml:59:15)",
            ])
    }

    /// Ten types of thirty properties, each of the next type: spelled out, A0's structure is 30¹⁰ types long. Each
    /// type's signature names the types it uses by number, and is made once.
    @Test func typesThatEachUseTheNextManyTimesCompareQuickly() throws {
        func spec(_ extra: String) -> String {
            var yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            for level in 0..<10 {
                let properties = (0..<30).map { "p\($0): {$ref: '#/components/schemas/A\(level + 1)'}" }
                yaml += "    A\(level): {type: object, properties: {\(properties.joined(separator: ", "))}}\n"
            }
            return yaml + "    A10: {type: object, properties: {z: {type: string}\(extra)}}\n"
        }
        let diff = try SpecDiff(
            old: Document.load(yaml: spec(""), file: "old.yaml"),
            new: Document.load(yaml: spec(", y: {type: integer}"), file: "new.yaml"))
        #expect(
            diff.changes.map { "\($0.impact.rawValue) | \($0.declaration) | \($0.message)" } == [
                "additive | A10.y | property added"
            ])
    }

    @Test func thePyrusSpecAgainstItselfReportsNothing() throws {
        let spec = Repository.spec
        let diff = try SpecDiff(
            old: Document.load(contentsOf: spec), new: Document.load(contentsOf: spec), moduleName: "PyrusAPI")
        #expect(diff.changes.isEmpty)
        #expect(diff.bump == .none)
    }
}
