import APISpec
import Foundation
import PyrusKitTestSupport
import Testing

@testable import PyrusFake

/// The fake's spec check picks the operation the generated router picks.
@Suite struct SpecCheckTests {
    @Test func aLiteralSegmentWinsOverAParameterWhateverTheSpecOrder() throws {
        let document = try Document.load(
            yaml: """
                openapi: 3.1.0
                info: {title: T, version: "1"}
                paths:
                  /members/{id}:
                    get: {operationId: getMember, parameters: [{name: id, in: path, required: true, schema: {type: string}}]}
                  /members/me:
                    get: {operationId: getMe}
                  /{kind}/me:
                    get: {operationId: getKindMe, parameters: [{name: kind, in: path, required: true, schema: {type: string}}]}
                """)
        let check = SpecCheck(document: document)
        #expect(check.operation(method: .get, path: "/members/me")?.operationID == "getMe")
        #expect(check.operation(method: .get, path: "/members/42")?.operationID == "getMember")
        #expect(check.operation(method: .get, path: "/roles/me")?.operationID == "getKindMe")
        #expect(check.operation(method: .post, path: "/members/me") == nil)
    }

    /// The spec the fake ships as a resource is the spec: one source of truth, copied for `Bundle.module`.
    @Test func theBundledSpecIsTheSpec() throws {
        let spec = try Data(contentsOf: Repository.spec)
        let copy = try Data(
            contentsOf: Repository.root.appendingPathComponent("Sources/PyrusFake/Resources/pyrus-api.yaml"))
        #expect(
            copy == spec,
            "Sources/PyrusFake/Resources/pyrus-api.yaml differs from Spec/pyrus-api.yaml: copy the spec there")
        #expect(try Data(contentsOf: try SpecCheck.defaultSpecURL) == copy)
    }
}
