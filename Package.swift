// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CampusCard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "campuscard", targets: ["campuscard"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.21.0"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/async-kit.git", from: "1.20.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // Pure domain: money, settings, rules, ledger types, errors. Foundation only.
        .target(name: "CampusCardCore"),
        // Schema, migrations and every money operation as one database transaction.
        .target(
            name: "CampusCardStore",
            dependencies: [
                "CampusCardCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Payment providers' wire protocols (Alipay, WeChat Pay v3, bank) and their verification.
        .target(
            name: "CampusCardChannels",
            dependencies: [
                "CampusCardCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                // WeChat Pay's platform certificates (X.509), downloaded and checked.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                // Alipay's trade bill: a zip of GBK CSV files, read in memory.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        // The use cases every door calls (JSON API, pages, commands, upkeep): binding, top-up,
        // reconciliation, channel notifications, card operations, refunds and payouts, notices, and the
        // payment channels behind one `PaymentChannel`. No Vapor: a transport protocol carries calls out.
        .target(
            name: "CampusCardServices",
            dependencies: [
                "CampusCardCore",
                "CampusCardStore",
                "CampusCardChannels",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // Debian ships no zint.pc, so no pkg-config lookup (SwiftPM would then never show `providers`):
        // Sources/CZint/shim.h names the package to install when the header is missing.
        .systemLibrary(name: "CZint", pkgConfig: nil, providers: [.apt(["libzint-dev"])]),
        // The payment code as Code 128 and QR, drawn as SVG from zint's encoding.
        .target(name: "CampusCardBarcodes", dependencies: ["CZint"]),
        // The cardholder's pages: typed views (a Model and a View per page) rendered to HTML, no Vapor.
        .target(
            name: "CampusCardWeb",
            dependencies: ["CampusCardCore", "CampusCardStore", "CampusCardServices", "CampusCardBarcodes"]
        ),
        // HTTP: configure(app), routes per audience, auth, metrics.
        .target(
            name: "CampusCardServer",
            dependencies: [
                "CampusCardCore",
                "CampusCardStore",
                "CampusCardChannels",
                "CampusCardServices",
                "CampusCardWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "AsyncKit", package: "async-kit"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // Not the product: the demo school `serve --demo` seeds, the sandbox that plays the
        // providers when none is configured, and the benchmark's data set. Only the executable
        // (and the tests) link them.
        .target(
            name: "CampusCardDemo",
            dependencies: ["CampusCardCore", "CampusCardStore", "CampusCardServices", .product(name: "SQLKit", package: "sql-kit")]
        ),
        .target(
            name: "CampusCardSandbox",
            dependencies: [
                "CampusCardCore",
                "CampusCardChannels",
                "CampusCardServices",
                "CampusCardServer",
                "CampusCardWeb",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .target(
            name: "CampusCardBench",
            dependencies: ["CampusCardCore", "CampusCardStore", "CampusCardServices", .product(name: "SQLKit", package: "sql-kit")]
        ),
        .executableTarget(
            name: "campuscard",
            dependencies: [
                "CampusCardCore",
                "CampusCardStore",
                "CampusCardChannels",
                "CampusCardServices",
                "CampusCardServer",
                "CampusCardDemo",
                "CampusCardSandbox",
                "CampusCardBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // Fresh databases on each engine and ready-made schools, shared by the test targets.
        .target(
            name: "CampusCardTestSupport",
            dependencies: ["CampusCardCore", "CampusCardStore", "CampusCardBench", .product(name: "SQLKit", package: "sql-kit")],
            path: "Tests/CampusCardTestSupport"
        ),
        .testTarget(
            name: "CampusCardCoreTests",
            dependencies: [
                "CampusCardCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CampusCardStoreTests",
            dependencies: [
                "CampusCardCore",
                "CampusCardStore",
                "CampusCardBench",
                "CampusCardTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "CampusCardBarcodesTests", dependencies: ["CampusCardBarcodes"]),
        .testTarget(
            name: "CampusCardWebTests",
            dependencies: ["CampusCardCore", "CampusCardStore", "CampusCardServices", "CampusCardWeb"]
        ),
        .testTarget(
            name: "CampusCardChannelsTests",
            dependencies: ["CampusCardCore", "CampusCardChannels"],
            exclude: ["Peers"]
        ),
        .testTarget(
            name: "CampusCardServerTests",
            dependencies: [
                "CampusCardCore",
                "CampusCardStore",
                "CampusCardChannels",
                "CampusCardServices",
                "CampusCardServer",
                "CampusCardDemo",
                "CampusCardSandbox",
                "CampusCardTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        // Runs the built `campuscard` executable as an operator would.
        .testTarget(
            name: "CampusCardCLITests",
            dependencies: [
                "CampusCardCore", "CampusCardStore", "CampusCardTestSupport", .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
