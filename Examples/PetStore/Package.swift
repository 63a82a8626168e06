// swift-tools-version: 6.1
import PackageDescription

// An example of another package using PyrusKit's build-tool plugin on a spec of its own. The spec exercises the
// generator's mapping rules (open enums, nullable, lenient booleans, allOf, oneOf, awkward names, parameters), so
// building this package proves that the generated code compiles, without warnings, outside PyrusKit. HostileAPI
// does the same for a spec written to break out of comments, string literals and names.
let package = Package(
    name: "PetStore",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "PyrusKit", path: "../.."),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "PetStoreAPI",
            dependencies: [
                .product(name: "APIRuntime", package: "PyrusKit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            exclude: ["petstore.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // A spec written by an attacker (see hostile.yaml): it must generate code that compiles without warnings
        // and declares nothing the spec's text spells out.
        .target(
            name: "HostileAPI",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["hostile.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // Specs of our own written to mirror the shapes of the OpenAPI Initiative's v3.0 and v3.1 examples
        // (petstore, petstore-expanded, uspto, tictactoe, link, callback, webhook, api-with-examples,
        // non-oauth-scopes): each must generate code that compiles without warnings.
        .target(
            name: "MirrorPetstore",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["petstore.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorPetstoreExpanded",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["petstore-expanded.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorUSPTO",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["uspto.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorTicTacToe",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["tictactoe.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorLink",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["link.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorCallback",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["callback.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorWebhook",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["webhook.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorAPIWithExamples",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["api-with-examples.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .target(
            name: "MirrorNonOAuthScopes",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["non-oauth-scopes.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // The real-world constructs PyrusKit's own round-trip tests use, generated here from the same spec.
        .target(
            name: "RealWorldAPI",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["api-codegen.json"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // A spec of our own split over several files, with recursive schemas (a thread of replies).
        .target(
            name: "ForumAPI",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["forum.yaml", "paths", "schemas", "responses.yaml", "parameters.yaml", "api-codegen.json"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // A spec of our own whose answers (and one request body) stream: events, JSON Lines, a JSON text sequence.
        .target(
            name: "GreetingStreams",
            dependencies: [.product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["greetings.yaml"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        // The generator's options: a filter, a type of the package's own for a schema, `package` access.
        .target(name: "ShopTypes"),
        .target(
            name: "ShopAPI",
            dependencies: ["ShopTypes", .product(name: "APIRuntime", package: "PyrusKit")],
            exclude: ["shop.yaml", "api-codegen.json"],
            plugins: [.plugin(name: "APICodegenPlugin", package: "PyrusKit")]
        ),
        .executableTarget(
            name: "pet-store-demo",
            dependencies: [
                "PetStoreAPI",
                "RealWorldAPI",
                "ForumAPI",
                "GreetingStreams",
                "ShopAPI",
                "ShopTypes",
                .product(name: "APIRuntime", package: "PyrusKit"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
