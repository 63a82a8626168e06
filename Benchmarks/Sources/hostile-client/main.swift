import APIRuntime
import Foundation
import PyrusAPI

// `hostile-client URL [TIMEOUT_SECONDS]`: one `GET /members` with the default client configuration (64 MiB
// response limit), against a server attack.py runs. Prints how the call ended and how long it took; attack.py
// measures the process's peak memory around it.
let arguments = CommandLine.arguments
guard arguments.count >= 2, let serverURL = URL(string: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: hostile-client URL [TIMEOUT_SECONDS]\n".utf8))
    exit(2)
}
var configuration = APIClient.Configuration(logger: nil)
if arguments.count >= 3, let seconds = Int(arguments[2]) { configuration.timeout = .seconds(seconds) }
let pyrus = PyrusClient(accessToken: "benchmark-token", serverURL: serverURL, configuration: configuration)
let start = ContinuousClock.now
do {
    let list = try await pyrus.members.list()
    print("ok \(list.members.count) members")
} catch let error as APIError {
    switch error {
    case .responseTooLarge: print("responseTooLarge")
    case .timedOut: print("timedOut")
    default: print("other: \(error)")
    }
}
print("elapsed \((ContinuousClock.now - start).components.seconds) s")
