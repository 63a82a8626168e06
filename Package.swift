// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PyrusKit",
    // The floor is set by `Synchronization.Mutex` and `String(validating:as:)` (macOS 15, iOS 18 and their
    // siblings); regex literals, `Duration` and `ContinuousClock` need less. Linux has no floor.
    platforms: [.macOS(.v15), .iOS(.v18), .tvOS(.v18), .watchOS(.v11), .visionOS(.v2)],
    products: [
        .library(name: "PyrusAPI", targets: ["PyrusAPI"]),
        .library(name: "APIRuntime", targets: ["APIRuntime"]),
        .library(name: "APITracing", targets: ["APITracing"]),
        // Everything about specs: the document and its loader, the validator and the checks that need both.
        .library(name: "APISpec", targets: ["APISpec"]),
        // A JSON Schema 2020-12 validator on its own, for JSON documents that are not part of an API description.
        .library(name: "JSONSchemaValidation", targets: ["JSONSchemaValidation"]),
        .library(name: "APICodegen", targets: ["APICodegen"]),
        .library(name: "APISpecDiff", targets: ["APISpecDiff"]),
        .library(name: "PyrusFake", targets: ["PyrusFake"]),
        .library(name: "APIContract", targets: ["APIContract"]),
        .executable(name: "api-codegen", targets: ["api-codegen"]),
        .executable(name: "pyrus-fake-server", targets: ["pyrus-fake-server"]),
        .plugin(name: "APICodegenPlugin", targets: ["APICodegenPlugin"]),
        .plugin(name: "RegenerateCommand", targets: ["RegenerateCommand"]),
    ],
    // Both traits are off by default: a package that applies the plugin, or uses APIRuntime or PyrusAPI with a
    // transport of its own, then resolves none of the SwiftNIO and AsyncHTTPClient packages (SwiftPM prunes
    // dependencies that only a disabled trait uses), and builds in a fraction of the time. Servers on Linux enable
    // `AsyncHTTPClient`; the fake over HTTP needs `FakeServer`. `swift test` here uses `--enable-all-traits`.
    traits: [
        .trait(
            name: "AsyncHTTPClient",
            description: "PyrusAPI's default transport on Linux is AsyncHTTPClient, which streams with back-pressure "
                + "(without it: URLSession, which on Linux buffers a fast answer without bound)"),
        .trait(
            name: "FakeServer",
            description: "PyrusFakeServer and the pyrus-fake-server command: the fake Pyrus over HTTP, on SwiftNIO"),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.1.0"),
    ],
    targets: [
        // Specs: what the loader and the validator share, the OpenAPI document and its loader, a JSON Schema
        // validator that knows nothing of OpenAPI, the checks that need both, and `APISpec`, which re-exports them.
        .target(name: "APISpecCore"),
        .target(
            name: "OpenAPIDocument",
            dependencies: ["APISpecCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "JSONSchemaValidation",
            dependencies: ["APISpecCore"]
        ),
        .target(
            name: "SpecValidation",
            dependencies: ["APISpecCore", "OpenAPIDocument", "JSONSchemaValidation"]
        ),
        .target(
            name: "APISpec",
            dependencies: ["APISpecCore", "OpenAPIDocument", "JSONSchemaValidation", "SpecValidation"]
        ),

        // The generator: document → Swift text; what a spec change does to callers; the command line around them.
        .target(
            name: "APICodegen",
            dependencies: ["APISpecCore", "OpenAPIDocument"]
        ),
        .target(
            name: "APISpecDiff",
            dependencies: ["APISpecCore", "OpenAPIDocument", "APICodegen"]
        ),
        .executableTarget(
            name: "api-codegen",
            dependencies: [
                "APISpec",
                "APICodegen",
                "APISpecDiff",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the build plugin runs: the loader and the generator only, so a package applying the plugin builds
        // neither the validator, the diff nor an argument parser.
        .executableTarget(
            name: "api-codegen-build-tool",
            dependencies: ["APISpecCore", "OpenAPIDocument", "APICodegen"]
        ),
        .plugin(
            name: "APICodegenPlugin",
            capability: .buildTool(),
            dependencies: ["api-codegen-build-tool"]
        ),
        .plugin(
            name: "RegenerateCommand",
            capability: .command(
                intent: .custom(
                    verb: "regenerate",
                    description: "Rewrite the snapshot directory an api-codegen.json names (Generated/) from its spec"),
                permissions: [.writeToPackageDirectory(reason: "Generated/ is rewritten from the spec")]
            ),
            dependencies: ["api-codegen"]
        ),

        // The client: a thin runtime and the generated Pyrus module.
        .target(
            name: "APIRuntime",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A span per call and context propagation on swift-distributed-tracing, for clients that want them: a module
        // of its own, so that a package using only APIRuntime builds no tracing library.
        .target(
            name: "APITracing",
            dependencies: [
                "APIRuntime",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ]
        ),
        .target(
            name: "PyrusAPI",
            dependencies: [
                "APIRuntime",
                "APITracing",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // On Linux, URLSession queues a fast answer faster than it delivers it, so the default transport
                // there is AsyncHTTPClient, which streams with back-pressure.
                .product(
                    name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client",
                    condition: .when(platforms: [.linux], traits: ["AsyncHTTPClient"])),
                .product(
                    name: "AsyncHTTPClient", package: "async-http-client",
                    condition: .when(platforms: [.linux], traits: ["AsyncHTTPClient"])),
            ],
            exclude: ["api-codegen.json"],
            plugins: ["APICodegenPlugin"]
        ),

        // Checks a client's real traffic against the spec, and records it as fixtures (middlewares; opt-in).
        .target(
            name: "APIContract",
            dependencies: [
                "APIRuntime",
                "APISpec",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // A fake Pyrus built on the generated server protocols, in process and over HTTP (SwiftNIO).
        .target(
            name: "PyrusFake",
            dependencies: [
                "PyrusAPI",
                "APIRuntime",
                "APITracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                "APISpec",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["FakeServer"])),
                .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["FakeServer"])),
                .product(name: "NIOHTTP1", package: "swift-nio", condition: .when(traits: ["FakeServer"])),
            ],
            // A copy of Spec/pyrus-api.yaml (PyrusFakeTests keeps it byte-identical), found through Bundle.module.
            resources: [.copy("Resources/pyrus-api.yaml")]
        ),
        .executableTarget(
            name: "pyrus-fake-server",
            dependencies: [
                "PyrusFake",
                "APISpecCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // What the test targets share: the repository's paths and the spec snippets positions are counted in.
        .target(
            name: "PyrusKitTestSupport",
            dependencies: [
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Tests/PyrusKitTestSupport"
        ),
        .testTarget(
            name: "APISpecTests",
            dependencies: ["APISpec", "PyrusKitTestSupport"]
        ),
        .testTarget(
            name: "APICodegenTests",
            dependencies: ["APICodegen", "APISpecDiff", "APISpec", "PyrusKitTestSupport"]
        ),
        .testTarget(
            name: "PyrusAPITests",
            dependencies: [
                "PyrusAPI",
                "APIRuntime",
                "APITracing",
                "PyrusKitTestSupport",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // A spec of real-world constructs, generated into the test target by the plugin and driven end to end.
        .testTarget(
            name: "RealWorldTests",
            dependencies: [
                "APIRuntime",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["realworld.yaml", "schemas", "api-codegen.json"],
            plugins: ["APICodegenPlugin"]
        ),
        // A spec of every body that streams, generated into the test target and driven over a loopback connection.
        .testTarget(
            name: "StreamingTests",
            dependencies: [
                "APIRuntime",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(
                    name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])),
                .product(
                    name: "AsyncHTTPClient", package: "async-http-client",
                    condition: .when(traits: ["AsyncHTTPClient"])),
            ],
            exclude: ["streaming.yaml", "api-codegen.json"],
            plugins: ["APICodegenPlugin"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["APISpec", "PyrusKitTestSupport"]
        ),
        .testTarget(
            name: "PyrusFakeTests",
            dependencies: [
                "PyrusFake",
                "APIContract",
                "PyrusKitTestSupport",
                "PyrusAPI",
                "APIRuntime",
                "APITracing",
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                "APISpec",
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// `swift package generate-documentation` needs swift-docc-plugin, and only those who build the documentation need it:
// with `PYRUSKIT_DOCS=1` in the environment (CI sets it), the plugin is a dependency; without, a package that depends
// on PyrusKit neither resolves swift-docc-plugin nor compiles its plugin script in every clean build.
if Context.environment["PYRUSKIT_DOCS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"))
}
