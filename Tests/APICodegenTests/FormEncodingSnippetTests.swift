import APICodegen
import APISpec
import PyrusKitTestSupport
import Testing

/// A form's or multipart body's `encoding`: how each array and object field is written, the media type of a file
/// part, and located diagnostics for what it cannot say.
@Suite struct FormEncodingSnippetTests {
    static let yaml = """
        openapi: 3.1.0
        info: {title: Test, version: "1"}
        paths:
          /a:
            post:
              operationId: send
              requestBody:
                required: true
                content:
                  application/x-www-form-urlencoded:
                    schema:
                      type: object
                      properties:
                        ids: {type: array, items: {type: integer}}
                        words: {type: array, items: {type: string}}
                        expand: {type: array, items: {type: string}}
                        card: {type: object, properties: {tags: {type: array, items: {type: string}}}}
                        flat: {type: object, properties: {n: {type: integer}}}
                        odd: {type: array, items: {type: string}}
                        shape: {type: object, properties: {n: {type: integer}}}
                        files: {type: array, items: {type: object, properties: {n: {type: integer}}}}
                    encoding:
                      ids: {style: spaceDelimited}
                      words: {explode: false}
                      expand: {style: deepObject}
                      card: {style: deepObject}
                      flat: {style: form, explode: false}
                      odd: {style: matrix, explode: 1}
                      shape: {style: label}
                      ghost: {style: form}
                      bad: 5
              responses: {"204": {description: ok}}
          /b:
            post:
              operationId: upload
              requestBody:
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      properties:
                        image: {type: string, format: binary}
                        any: {type: string, format: binary}
                        raw: {type: string, format: binary}
                    encoding:
                      image: {contentType: " image/webp "}
                      any: {contentType: "image/*"}
                      raw: {contentType: "png"}
              responses: {"204": {description: ok}}
        """

    @Test func eachArrayAndObjectIsWrittenAsItsEncodingSays() throws {
        let (files, _) = try generateWithWarnings(Self.yaml)
        let endpoints = try #require(files["Endpoints.swift"])
        let items: [String] = [
            "ParameterItem.array(\"ids\", body.ids, style: .spaceDelimited, explode: false)",
            "ParameterItem.array(\"words\", body.words, style: .form, explode: false)",
            "ParameterItem.array(\"expand[]\", body.expand, style: .form, explode: true)",
            "ParameterItem.brackets(\"card\", body.card)",
            "ParameterItem.object(\"flat\", [(\"n\", body.flat?.n)], style: .form, explode: false)",
            "ParameterItem.array(\"odd\", body.odd, style: .form, explode: true)",
            "[ParameterItem(\"shape\", json: body.shape), ParameterItem(\"files\", json: body.files)]",
        ]
        let form = "content: .form(" + items.joined(separator: " + ") + "),\n"
        #expect(endpoints.contains(form))
        #expect(
            endpoints.contains(
                "content: body.map { body in .multipart(MultipartPart.file(\"image\", body.image, contentType: "
                    + "\"image/webp\") + MultipartPart.file(\"any\", body.any) + MultipartPart.file(\"raw\", body.raw)) },\n"
            ))
        let server = try #require(files["Server.swift"])
        #expect(
            server.contains(
                "built.ids = try form.queryParameters(\"ids\", as: Int.self, style: .spaceDelimited, explode: false)\n")
        )
        // Read as it is sent (`expand[]=a`) and as other clients send it (`expand[0]=a`).
        #expect(server.contains("built.expand = try form.bracketParameter(\"expand\", as: [String].self)\n"))
        #expect(
            server.contains(
                "let fields = try form.objectParameter(\"flat\", style: .form, explode: false, properties: [\"n\"])\n"))
        #expect(server.contains("built.flat = objectFlat\n"))
        #expect(server.contains("built.card = try form.bracketParameter(\"card\", as: SendRequest.Card.self)\n"))
    }

    @Test func whatAnEncodingCannotSayIsALocatedDiagnostic() throws {
        let (_, warnings) = try generateWithWarnings(Self.yaml)
        #expect(
            warnings == [
                "spec.yaml:28:45: warning: expected true or false for an encoding's 'explode', found '1'; it is ignored",
                "spec.yaml:31:20: warning: the encoding of 'bad' must be a mapping, found a scalar; it is ignored",
                "spec.yaml:25:15: note: form field 'expand' is an array in style deepObject, which OpenAPI defines for "
                    + "objects only; it is sent as 'expand[]=…' once per element",
                "spec.yaml:26:15: note: form field 'card' in style deepObject is not an object of scalars, which is "
                    + "all OpenAPI defines; it is sent in bracket notation ('card[key][0]=…'), as Rails, PHP and "
                    + "Stripe read it",
                "spec.yaml:28:15: warning: form field 'odd' has style 'matrix', which a form does not have; it is sent "
                    + "one field per element",
                "spec.yaml:29:15: warning: form field 'shape' has style 'label', which an object in a form does not "
                    + "have; it is sent as its JSON text",
                "spec.yaml:12:15: warning: form field 'files' is not a string, number, boolean, enum or an array of "
                    + "these; generated as its JSON text in the form",
                "spec.yaml:30:15: warning: the application/x-www-form-urlencoded body's 'encoding' names 'ghost', "
                    + "which is not a property of the body; it is ignored",
                "spec.yaml:48:15: warning: the encoding of 'raw' names 'png', which is not a media type; the part is "
                    + "sent as application/octet-stream",
            ])
    }

    /// An array of files (kin-openapi's `file: {type: array, items: {format: binary}}`) is a file part per element,
    /// as OpenAPI says several files of one field are sent, and a route reads them back as `[Data]`; it was one JSON
    /// part, and the route named `Data` in a file that did not import Foundation, so the module did not compile.
    @Test func anArrayOfFilesIsAPartPerFile() throws {
        let (files, warnings) = try generateWithWarnings(
            """
            openapi: 3.0.3
            info: {title: Uploads, version: '1'}
            paths:
              /files:
                post:
                  operationId: upload
                  requestBody:
                    required: true
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            file: {type: array, items: {type: string, format: binary}}
                        encoding:
                          file: {contentType: image/png}
                  responses: {'204': {description: saved}}
            """)
        #expect(warnings == [])
        let endpoints = try #require(files["Endpoints.swift"])
        #expect(
            endpoints.contains(
                "content: .multipart(MultipartPart.files(\"file\", body.file, contentType: \"image/png\")),\n"))
        let server = try #require(files["Server.swift"])
        #expect(server.contains("import Foundation\n"))
        #expect(server.contains("built.file = parts.files(\"file\")\n"))
    }
}
