// swift-tools-version: 6.1
import PackageDescription

// Coverage-guided fuzzing of PyrusKit's parsers with libFuzzer and the sanitizers, in a package of its own so that
// the main build is untouched. One executable, one entry point per parser (`FUZZ_TARGET`); build and run with
// `Tests/Fuzz/fuzz.sh` (README there).
let package = Package(
    name: "PyrusKitFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "PyrusKit", path: "../.."),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "pyruskit-fuzz",
            dependencies: [
                .product(name: "APISpec", package: "PyrusKit"),
                .product(name: "APICodegen", package: "PyrusKit"),
                .product(name: "APIRuntime", package: "PyrusKit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            // libFuzzer brings `main`; the entry point is `LLVMFuzzerTestOneInput`.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
