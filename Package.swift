// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "PyrusKit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PyrusAPI", targets: ["PyrusAPI"]),
        .library(name: "APIRuntime", targets: ["APIRuntime"]),
        .library(name: "APISpec", targets: ["APISpec"]),
        .library(name: "APICodegen", targets: ["APICodegen"]),
        .executable(name: "api-codegen", targets: ["api-codegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .target(
            name: "APISpec",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "APICodegen",
            dependencies: ["APISpec"]
        ),
        .executableTarget(
            name: "api-codegen",
            dependencies: [
                "APISpec",
                "APICodegen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "APIRuntime",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PyrusAPI",
            dependencies: [
                "APIRuntime",
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            ]
        ),
        .testTarget(
            name: "APISpecTests",
            dependencies: ["APISpec"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
