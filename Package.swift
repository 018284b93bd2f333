// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "DSEKit",
    products: [
        // `import DSEKit` brings in every public module; each can be imported on its own too.
        .library(name: "DSEKit", targets: ["DSEKit"]),
        .executable(name: "dse", targets: ["dse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // `swift package generate-documentation` (make docs); a plugin, linked into nothing.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C shim between Swift and libglpk: every GLPK call that can fail fatally runs under
        // setjmp + glp_error_hook here, so a GLPK error becomes a return code, never abort().
        .target(
            name: "CGLPKGuard",
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        // CBC's compiler and linker flags, from pkg-config (Debian's coinor-libcbc-dev).
        .systemLibrary(
            name: "CCBC",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev"])]
        ),
        // C++ shim between Swift and CBC: validates every array and catches every C++ exception,
        // so a CBC fault becomes a return code, never a terminated process.
        .target(name: "CCBCGuard", dependencies: ["CCBC"]),
        // Solver-neutral modelling layer: variables, expressions, constraints, solutions, LP/MPS
        // writers.
        .target(name: "LinearModel"),
        // GLPK backend: solves LinearModel models in-process; reads LP, MPS and MathProg files.
        .target(name: "GLPKBackend", dependencies: ["LinearModel", "CGLPKGuard"]),
        // CBC backend: solves LinearModel models in-process with COIN-OR CBC (MIPs) and Clp (LPs).
        .target(name: "CBCBackend", dependencies: ["LinearModel", "CCBCGuard"]),
        // Search over discrete design spaces: bandits, multi-agent RL, GA, random, exhaustive.
        .target(name: "Search"),
        // C shim for starting evaluator programs: posix_spawn in a process group of their own,
        // in a chosen folder (posix_spawn_file_actions_addchdir_np needs _GNU_SOURCE).
        .target(name: "CSpawn"),
        // External programs (simulators, scripts) as search evaluators: command templates,
        // timeouts, output limits, failures recorded as failed points.
        .target(name: "ExternalEvaluation", dependencies: ["Search", "CSpawn"]),
        // Analytical hardware cost models: pure functions of plain values.
        .target(name: "CostModels"),
        // Problem families and the result envelope shared by `dse solve`, `--json` and batch runs.
        .target(
            name: "Problems",
            dependencies: [
                "LinearModel", "GLPKBackend", "CBCBackend", "CostModels", "Search",
                "ExternalEvaluation",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Batch experiments: sweep files, parallel runs, CSV with resume, shards, merge.
        .target(
            name: "Experiments",
            dependencies: [
                "Problems", "LinearModel", "GLPKBackend", "Search",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Reports: SVG charts from results tables and single solves, and Jupyter notebooks.
        .target(
            name: "Reports",
            dependencies: [
                "Experiments", "Problems", .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // The umbrella: re-exports every public module, so `import DSEKit` is the one import.
        .target(
            name: "DSEKit",
            dependencies: [
                "LinearModel", "GLPKBackend", "CBCBackend", "CostModels", "Search",
                "ExternalEvaluation", "Problems", "Experiments", "Reports",
            ]),
        // The thin command-line front end.
        .executableTarget(
            name: "dse",
            dependencies: [
                "Experiments", "Problems", "Reports", "LinearModel", "GLPKBackend", "CBCBackend",
                "CostModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Seeded generators, instance builders and brute-force references shared by the tests.
        .target(
            name: "TestSupport", dependencies: ["LinearModel", "Search"],
            path: """
                Tests/TestSupport
                """),
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel", "TestSupport"]),
        .testTarget(
            name: "GLPKBackendTests",
            dependencies: ["GLPKBackend", "LinearModel", "CGLPKGuard", "TestSupport"]),
        .testTarget(
            name: "CBCBackendTests",
            dependencies: ["CBCBackend", "GLPKBackend", "LinearModel", "CCBCGuard", "TestSupport"]),
        .testTarget(name: "CostModelsTests", dependencies: ["CostModels", "TestSupport"]),
        .testTarget(name: "SearchTests", dependencies: ["Search"]),
        .testTarget(
            name: "ExternalEvaluationTests",
            dependencies: ["ExternalEvaluation", "Search", "TestSupport"]),
        .testTarget(
            name: "ExperimentsTests", dependencies: ["Experiments", "Problems", "TestSupport"]),
        .testTarget(
            name: "ProblemsTests",
            dependencies: ["Problems", "CBCBackend", "GLPKBackend", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Problems", "TestSupport"]),
        .testTarget(name: "dseTests", dependencies: ["dse", "TestSupport"]),
        .testTarget(name: "DSEKitTests", dependencies: ["DSEKit", "TestSupport"]),
    ]
)
