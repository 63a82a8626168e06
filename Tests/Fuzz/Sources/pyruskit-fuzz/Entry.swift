// The fuzz targets' entry point: libFuzzer calls `LLVMFuzzerTestOneInput` with each input, and `FUZZ_TARGET` picks
// the parser it goes to. A target returns normally when the input is handled as it must be (parsed, or refused with
// a typed error); it stops the process with `failure(_:)` when something that must hold does not, which libFuzzer
// reports as a crash with the input that caused it.
import Foundation

/// The parsers under test, by the name `FUZZ_TARGET` gives.
enum FuzzTarget: String, CaseIterable {
    case loader, json, schema, pattern, format, uri, server, multipart, stream, headers

    static let current: FuzzTarget = {
        guard let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"], let target = FuzzTarget(rawValue: name)
        else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()
}

/// Stops the run: an invariant broke on this input.
func failure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("invariant broken: \(message)\n".utf8))
    abort()
}

/// The input split at its first NUL byte: two texts for targets that take two (a schema and an instance).
func halves(_ data: Data) -> (Data, Data) {
    guard let split = data.firstIndex(of: 0) else { return (data, Data()) }
    return (data[data.startIndex..<split], data[(split + 1)...])
}

/// libFuzzer's driver (compiler-rt), which runs the fuzzing loop with this callback.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The executable's `main` (SwiftPM names an executable target's entry point after its module): libFuzzer's driver,
/// with libFuzzer's arguments.
@_cdecl("pyruskit_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { start, size in fuzzTestOneInput(start, size) }
}

/// One input, to the target `FUZZ_TARGET` names; libFuzzer's callback (also exported under the name it looks for).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch FuzzTarget.current {
    case .loader: fuzzLoader(data)
    case .json: fuzzJSON(data)
    case .schema: fuzzSchema(data)
    case .pattern: fuzzPattern(data)
    case .format: fuzzFormat(data)
    case .uri: fuzzURIReferences(data)
    case .server: fuzzServerReaders(data)
    case .multipart: fuzzMultipart(data)
    case .stream: fuzzStream(data)
    case .headers: fuzzHeaders(data)
    }
    return 0
}
