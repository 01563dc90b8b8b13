// swift-tools-version:6.0
//
// Cascade: a discrete-event simulator of DeFi liquidation cascades.
//
// Layering (arrows point one way, see docs/ARCHITECTURE.md):
//   cascade (CLI) -> Experiments -> CascadeModel -> Stochastic -> CGSL
//                                   CascadeModel -> SimKernel
import PackageDescription

let invariants: [SwiftSetting] = [.define("CASCADE_INVARIANTS", .when(configuration: .debug))]
// The model's release build drops the run-time exclusivity checks of class and global storage (the
// compile-time ones stay, and debug builds, which the tests use, keep both): 10-20% of a liquidation-heavy run
// went to swift_beginAccess (docs/PERFORMANCE.md). Bounds, overflow and precondition checks stay on: user
// input is checked in Experiments and in the specs' `problems`, never by trapping.
let model: [SwiftSetting] = invariants + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Cascade",
    products: [
        .executable(name: "cascade", targets: ["cascade"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
        .library(name: "Stochastic", targets: ["Stochastic"]),
        .library(name: "CascadeModel", targets: ["CascadeModel"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    // Exact versions: every build resolves the same sources (Package.resolved is build output, not committed).
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        // MARK: - C access (private shim, the only place GSL headers are seen)
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),

        // MARK: - Libraries, bottom layer first
        // Invariant checkers (`_checkInvariants()`) run in debug builds, so in every test run, and compile to
        // nothing in release builds (Sources/CascadeModel/Invariants.swift).
        .target(name: "SimKernel", swiftSettings: invariants),
        .target(name: "Stochastic", dependencies: ["CGSL"], swiftSettings: invariants),
        .target(name: "CascadeModel", dependencies: ["SimKernel", "Stochastic"], swiftSettings: model),
        .target(
            name: "Experiments",
            dependencies: ["CascadeModel", "Stochastic", "SimKernel", "TOMLKit"]
        ),

        // MARK: - Command-line tool (thin)
        .executableTarget(
            name: "cascade",
            dependencies: [
                "Experiments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests (one target per library, plus end-to-end CLI tests, and their shared helpers)
        .target(name: "TestSupport", dependencies: ["Stochastic"], path: "Tests/TestSupport"),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel", "Stochastic", "TestSupport"]),
        .testTarget(name: "StochasticTests", dependencies: ["Stochastic", "SimKernel", "TestSupport", "CGSL"]),
        .testTarget(name: "CascadeModelTests", dependencies: ["CascadeModel", "Stochastic", "SimKernel", "TestSupport"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "TestSupport"]),
        // Drives the real `cascade` binary as a subprocess; depending on it makes `swift test` build it.
        .testTarget(name: "CascadeCLITests", dependencies: ["Experiments", "Stochastic", "cascade", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
