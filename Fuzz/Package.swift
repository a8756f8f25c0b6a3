// swift-tools-version:6.0
// libFuzzer targets for every Synapse parser, one executable per entry point. Not part of the
// library's build: scripts/fuzz.sh builds this package with
//   swift build -c debug -Xswiftc -sanitize=fuzzer,address
// and runs a target over its seed corpus (Corpus/<target>/). docs/RELIABILITY.md lists them.
import PackageDescription

let targets: [(name: String, dependencies: [Target.Dependency])] = [
    ("csv", [.product(name: "SynapseData", package: "Synapse")]),
    ("dates", [.product(name: "SynapseData", package: "Synapse")]),
    ("gzip", [.product(name: "SynapseData", package: "Synapse")]),
    ("idx", [.product(name: "SynapseData", package: "Synapse")]),
    ("cifar10", [.product(name: "SynapseData", package: "Synapse")]),
    ("npy", [.product(name: "SynapseData", package: "Synapse")]),
    ("npz", [.product(name: "SynapseData", package: "Synapse")]),
    ("safetensors", [.product(name: "SynapseNN", package: "Synapse")]),
    ("model", [.product(name: "SynapseNN", package: "Synapse")]),
    ("modelconfig", [.product(name: "SynapseNN", package: "Synapse")]),
    ("kerasconfig", [.product(name: "SynapseNN", package: "Synapse")]),
    ("scaler", [.product(name: "SynapseData", package: "Synapse")]),
    ("preprocessing", [.product(name: "SynapseCLI", package: "Synapse")]),
    ("png", [.product(name: "SynapseImage", package: "Synapse")]),
    ("jpeg", [.product(name: "SynapseImage", package: "Synapse")]),
]

let package = Package(
    name: "SynapseFuzz",
    dependencies: [.package(name: "Synapse", path: "..")],
    targets: [.target(name: "FuzzDriver")] + targets.map {
        .executableTarget(name: "fuzz-\($0.name)", dependencies: $0.dependencies + ["FuzzDriver"], path: "Sources/\($0.name)")
    },
    swiftLanguageModes: [.v5]
)
