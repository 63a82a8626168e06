import APIContract
import APIRuntime
import APISpec
import Foundation
import HTTPTypes
import PyrusAPI
import PyrusFake
import PyrusKitTestSupport
import Testing

/// `FixtureRecorder` recording a run of calls against the fake: the files `validate --fixtures` reads.
@Suite struct FixtureRecorderTests {
    static let staff = PyrusFake.Seed(
        members: (1...3).map {
            Member(
                id: Int64($0), firstName: "Staff", lastName: "Number \($0)", email: "staff\($0)@company.com",
                type: .user, banned: false, phone: "+7900000000\($0)")
        })

    /// Every operation once, and one error answer, through a client with the recorder.
    static func recordRun(into directory: URL, overwrite: Bool = false) async throws -> FixtureRecorder {
        let fake = try PyrusFake(seed: staff)
        let recorder = FixtureRecorder(
            directory: directory, document: fake.specDocument, recordsRequests: true, overwrite: overwrite)
        let pyrus = PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: fake),
            middlewares: [recorder], configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        let session = try await pyrus.auth.authenticate(.init(login: "bruce@company.com", securityKey: "key-42-secret"))
        #expect(session.accessToken == "fake-token-1")
        _ = try await pyrus.members.list()
        let member = try await pyrus.members.create(
            .init(firstName: "Bruce", lastName: "Brown", email: "bruce.brown@company.com", phone: "+79001112233"))
        _ = try await pyrus.members.get(id: member.id)
        _ = try await pyrus.members.update(id: member.id, .init(position: "lead"))
        let role = try await pyrus.roles.create(.init(name: "Leads", memberAdd: [member.id, 1]))
        _ = try await pyrus.roles.get(id: role.id)
        _ = try await pyrus.roles.update(id: role.id, .init(memberRemove: [1]))
        _ = try await pyrus.roles.list()
        _ = try await pyrus.members.block(id: member.id)
        _ = try await pyrus.roles.delete(id: role.id, .init(taskReceiverID: 1))
        _ = try? await pyrus.members.get(id: 999_999)  // 404
        _ = try await pyrus.members.get(id: 1)  // a second getMember.200
        return recorder
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("recorded-\(UUID().uuidString)")
    }

    static func files(in directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return files
    }

    @Test func aRecordedRunValidatesCoversTheSpecAndRepeatsByteForByte() async throws {
        let first = Self.temporaryDirectory()
        let second = Self.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        _ = try await Self.recordRun(into: first)
        _ = try await Self.recordRun(into: second)
        let recorded = try Self.files(in: first)
        #expect(
            recorded.keys.sorted() == [
                "authenticate.200.json", "authenticate.request.json", "blockMember.200.json", "createMember.200.json",
                "createMember.request.json", "createRole.200.json", "createRole.request.json", "deleteRole.200.json",
                "deleteRole.request.json", "getMember.200.2.json", "getMember.200.json", "getMember.404.json",
                "getRole.200.json", "listMembers.200.json", "listRoles.200.json", "updateMember.200.json",
                "updateMember.request.json", "updateRole.200.json", "updateRole.request.json",
            ])
        #expect(try Self.files(in: second) == recorded, "a second run with the same data writes the same bytes")

        // What `api-codegen validate --fixtures DIR --require-coverage` checks, in process.
        let document = try Document.load(contentsOf: PyrusFake.specURL, displayName: "pyrus-api.yaml")
        let set = try FixtureSet(directory: first, displayName: "recorded", document: document)
        #expect(set.unmatched.map(\.name) == [])
        for fixture in set.fixtures {
            let violations = try document.validate(
                JSON.parse(Data(contentsOf: fixture.file)), against: fixture.reference)
            #expect(violations == [], "\(fixture.name)")
        }
        let missing = FixtureCoverage(document: document, fixtures: set.fixtures).missing.map(\.reference.description)
        #expect(missing == [])
        // And the command itself, as the README tells users to run it.
        let tool = try #require(Repository.executable("api-codegen"), "api-codegen is not built beside the tests")
        let validate = Process()
        validate.executableURL = tool
        validate.arguments = [
            "validate", "--spec", Repository.spec.path, "--fixtures", first.path, "--require-coverage",
        ]
        validate.standardOutput = FileHandle.nullDevice
        try validate.run()
        validate.waitUntilExit()
        #expect(validate.terminationStatus == 0)

        // No credential, and no email, phone or name of a person, in any file.
        for (name, data) in recorded {
            let text = String(decoding: data, as: UTF8.self)
            for secret in ["fake-token", "key-42-secret", "company.com", "Staff", "Number", "Bruce", "Brown", "+7900"] {
                #expect(!text.contains(secret), "\(name) holds \(secret)")
            }
        }
        // The created member as first answered: the n-th distinct value of a member in the recording is fake n
        // (three staff listed first, then Bruce Brown), empty values stay empty, keys sorted, two spaces.
        let member = String(decoding: recorded["getMember.200.json"] ?? Data(), as: UTF8.self)
        #expect(
            member == """
                {
                  "banned": false,
                  "email": "person-4@example.com",
                  "external_id": "",
                  "fired": false,
                  "first_name": "first_name-2",
                  "id": 4,
                  "last_name": "last_name-4",
                  "login_phone": "",
                  "phone": "+11000000004",
                  "position": "",
                  "status": "",
                  "type": "user"
                }

                """)
        #expect(String(decoding: recorded["authenticate.request.json"] ?? Data(), as: UTF8.self).contains("<redacted>"))
    }

    @Test func anExistingFixtureIsKeptUnlessOverwritingIsAsked() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let mine = directory.appendingPathComponent("listRoles.200.json")
        try Data("{\"roles\": []}\n".utf8).write(to: mine)
        let kept = try await Self.recordRun(into: directory)
        #expect(kept.events.contains(.kept(mine)))
        #expect(try Data(contentsOf: mine) == Data("{\"roles\": []}\n".utf8))
        let replaced = try await Self.recordRun(into: directory, overwrite: true)
        #expect(replaced.events.contains(.wrote(mine)))
        #expect(try Data(contentsOf: mine) != Data("{\"roles\": []}\n".utf8))
    }

    @Test func theFakeCanStartFromRecordedFixtures() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try await Self.recordRun(into: directory)
        let seed = try PyrusFake.Seed(fixtures: directory)
        // Files in name order: blockMember's answer (the created member, id 4) first, then the list of the three staff;
        // the one role, from createRole's answer.
        #expect(seed.members.map(\.id) == [4, 1, 2, 3])
        #expect(seed.roles.map(\.id) == [1001])
        let fake = try PyrusFake(seed: seed)
        let pyrus = PyrusClient(
            accessToken: PyrusFake.defaultAccessToken, transport: PyrusFakeTransport(fake: fake),
            configuration: .init(retry: RetryMiddleware(policy: .never), logger: nil))
        #expect(try await pyrus.members.get(id: 2).email == "person-2@example.com")
    }

    /// An `operationId` is spec text: one that names a path is never used as a file name.
    @Test func anOperationIDThatIsAPathIsNotWrittenAnywhere() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(contentsOf: PyrusFake.specURL, encoding: .utf8)
            .replacingOccurrences(of: "operationId: listRoles", with: "operationId: ../escaped")
        let document = try Document.load(yaml: text, file: "pyrus-api.yaml")
        let recorder = FixtureRecorder(directory: directory, document: document)
        let transport = PyrusFakeTransport(fake: try PyrusFake())
        _ = try await recorder.intercept(
            HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/roles"), body: nil,
            baseURL: URL(fileURLWithPath: "/"), operationID: "../escaped"
        ) { request, body, url in
            var request = request
            request.headerFields[.authorization] = "Bearer \(PyrusFake.defaultAccessToken)"
            return try await transport.send(request, body: body, baseURL: url, operationID: "listRoles")
        }
        #expect(
            recorder.events == [
                .skipped(operationID: "../escaped", status: 200, reason: "the operationId cannot be a file name")
            ])
        #expect(
            !FileManager.default.fileExists(atPath: directory.deletingLastPathComponent().path + "/escaped.200.json"))
    }
}
