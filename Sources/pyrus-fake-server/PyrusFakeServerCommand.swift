import APISpecCore
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

            Errors go to standard error. Exit status: 0 stopped; 1 the server could not start (the port is taken, \
            the fake's spec does not load); 2 the seed file cannot be read or used; 64 a usage error.
            """,
        version: PyrusKitVersion.current
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "A JSON file with members and roles to start with.")
    var seed: String?

    @Option(
        help: ArgumentHelp(
            "A directory of recorded fixtures to start with, instead of --seed.",
            discussion: "The members and roles of its <operationId>.200*.json answers (FixtureRecorder's names)."))
    var fixtures: String?

    @Option(help: "An access token the server accepts from the start; repeat for more.")
    var token: [String] = [PyrusFake.defaultAccessToken]

    func run() async throws {
        #if !FakeServer
            throw ValidationError(
                "pyrus-fake-server was built without the FakeServer trait, which it needs: "
                    + "swift build --traits FakeServer --product pyrus-fake-server")
        #else
            if seed != nil, fixtures != nil { throw ValidationError("give --seed or --fixtures, not both") }
            let initial: PyrusFake.Seed
            do {
                if let fixtures {
                    initial = try PyrusFake.Seed(fixtures: URL(fileURLWithPath: fixtures, isDirectory: true))
                } else {
                    initial =
                        try seed.map { try PyrusFake.Seed(contentsOf: URL(fileURLWithPath: $0)) } ?? PyrusFake.Seed()
                }
            } catch {
                // Not a usage error: the command line was right, the file it names is not.
                Self.printError("error: cannot read the seed \(fixtures ?? seed ?? ""): \(error)")
                throw ExitCode(2)
            }
            let fake: PyrusFake
            do {
                fake = try PyrusFake(seed: initial, accessTokens: Set(token))
            } catch let problem as PyrusFake.SeedError {
                Self.printError("error: the seed \(seed ?? "") cannot be used: \(problem)")
                throw ExitCode(2)
            } catch {
                Self.printError("error: the fake's spec does not load: \(error)")
                throw ExitCode(1)
            }
            let server: PyrusFakeServer
            do {
                server = try await PyrusFakeServer.start(fake: fake, port: port)
            } catch {
                Self.printError("error: cannot listen on 127.0.0.1:\(port): \(error)")
                throw ExitCode(1)
            }
            // Written unbuffered, so a script reading the first line sees it while the server runs.
            FileHandle.standardOutput.write(Data((server.url.absoluteString + "\n").utf8))
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(3600))
            }
        #endif
    }
}

extension PyrusFakeServerCommand {
    /// Writes a line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
