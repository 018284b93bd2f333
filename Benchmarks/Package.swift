// swift-tools-version: 6.0
// Performance measurements for DSEKit, kept out of the test suite (run: `make bench`).
import PackageDescription

let package = Package(
    name: "DSEKitBenchmarks",
    dependencies: [
        .package(name: "DSEKit", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "dse-bench",
            dependencies: [.product(name: "DSEKit", package: "DSEKit")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        )
    ]
)
