import ArgumentParser
import Foundation
import PyrusFake

/// `pyrus-fake-server [--port N] [--seed FILE]`: serves an in-memory Pyrus on 127.0.0.1 until interrupted.
@main
struct PyrusFakeServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pyrus-fake-server",
        abstract: "Serve a fake of the Pyrus members and roles API on 127.0.0.1.",
        discussion: """
            Prints the base URL it listens on, then answers until interrupted. Every request but POST /auth \
            needs an 'Authorization: Bearer <token>' header with a token given by --token (fake-access-token \
            by default) or issued by POST /auth; any other token is answered 401 invalid_token. A seed file \
            holds {"members": [...], "roles": [...]} in the shape GET /members and GET /roles answer.
            """
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "A JSON file with members and roles to start with.")
    var seed: String?

    @Option(help: "An access token the server accepts from the start; repeat for more.")
    var token: [String] = [PyrusFake.defaultAccessToken]

    func run() async throws {
        #if !FakeServer
            throw ValidationError(
                "pyrus-fake-server was built without the FakeServer trait, which it needs: "
                    + "swift build --traits FakeServer --product pyrus-fake-server")
        #else
            let initial: PyrusFake.Seed
            do {
                initial = try seed.map { try PyrusFake.Seed(contentsOf: URL(fileURLWithPath: $0)) } ?? PyrusFake.Seed()
            } catch {
                throw ValidationError("cannot read the seed \(seed ?? ""): \(error)")
            }
            let server = try await PyrusFakeServer.start(
                fake: PyrusFake(seed: initial, accessTokens: Set(token)), port: port)
            // Written unbuffered, so a script reading the first line sees it while the server runs.
            FileHandle.standardOutput.write(Data((server.url.absoluteString + "\n").utf8))
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(3600))
            }
        #endif
    }
}
