// swift-tools-version:6.0
// Synapse: the seed's Python stack (NumPy, Pandas, scikit-learn, Matplotlib, Keras) in Swift.
// Module map and the reasons behind it: docs/ARCHITECTURE.md.
import PackageDescription

let package = Package(
    name: "Synapse",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Synapse", targets: ["Synapse"]),
        .library(name: "SynapseTensor", targets: ["SynapseTensor"]),
        .library(name: "SynapseNN", targets: ["SynapseNN"]),
        .library(name: "SynapseData", targets: ["SynapseData"]),
        .library(name: "SynapsePlot", targets: ["SynapsePlot"]),
        .library(name: "SynapseImage", targets: ["SynapseImage"]),
        .library(name: "SynapseExamples", targets: ["SynapseExamples"]),
        // Keras's .keras files in and out; apart from SynapseNN so that only programs that read or
        // write them need the HDF5 library.
        .library(name: "SynapseKeras", targets: ["SynapseKeras"]),
        // Data-parallel training over Open MPI; apart so that only programs that train across
        // processes need libmpi (docs/DISTRIBUTED.md).
        .library(name: "SynapseDistributed", targets: ["SynapseDistributed"]),
        // The commands as a library: the fuzz targets (Fuzz/) read the CLI's preprocessing files.
        .library(name: "SynapseCLI", targets: ["SynapseCLI"]),
        .executable(name: "synapse", targets: ["synapse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SynapseData: .npz archives are zip files; CSV.swift is the reference parser its tests compare with.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // SynapseDashboard: the local web server of `synapse dashboard` (docs/DASHBOARD.md).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
    ],
    targets: [
        // OpenBLAS through pkg-config on Linux; on Apple platforms SynapseTensor uses Accelerate.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),
        // Vectorised float kernels (exp, log, tanh, sigmoid, elementwise arithmetic, softmax rows,
        // sums) in C: branch-free loops that clang vectorises, with per-CPU versions (AVX-512F,
        // AVX2, baseline) on x86-64 Linux through target_clones; no unsafe flags.
        .target(name: "CSynapseKernels"),
        // oneDNN's convolution primitives (apt libdnnl-dev; Debian ships no pkg-config file, so
        // the library is named here). The C code compiles stubs where the headers are missing
        // (macOS), and Tensor.conv2D then keeps its im2col + GEMM path. Measured 2–3× faster per
        // pass on the benchmark CNNs: docs/BENCHMARKS.md, Benchmarks/onednn/RESULTS.md.
        .target(
            name: "CSynapseDNNL",
            linkerSettings: [.linkedLibrary("dnnl", .when(platforms: [.linux]))]
        ),
        .target(
            name: "SynapseTensor",
            dependencies: [
                "CSynapseKernels",
                "CSynapseDNNL",
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
            ]
        ),
        .target(name: "SynapseNN", dependencies: ["SynapseTensor", "CSynapseKernels"]),
        // zlib through pkg-config (apt zlib1g-dev): gzip IDX files and downloads.
        .systemLibrary(
            name: "CSynapseZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // libpng and libjpeg-turbo through pkg-config (apt libpng-dev, libjpeg62-turbo-dev), used
        // only by SynapseImage: the tensor and network modules build without them.
        .systemLibrary(
            name: "CPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]
        ),
        .systemLibrary(
            name: "CJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg62-turbo-dev"]), .brew(["jpeg-turbo"])]
        ),
        // The C side of decoding: each libpng/libjpeg call wrapped in setjmp, so that their
        // errors come back as values and never unwind through Swift or exit().
        .target(name: "CSynapseImage", dependencies: ["CPNG", "CJPEG"]),
        // Images: PNG/JPEG decoding and PNG writing, EXIF orientation, TensorFlow's resize.
        .target(name: "SynapseImage", dependencies: ["SynapseTensor", "CSynapseImage"]),
        .target(
            name: "SynapseData",
            dependencies: ["SynapseTensor", "SynapseImage", "CSynapseZlib", "ZIPFoundation"]
        ),
        .target(name: "SynapsePlot", dependencies: ["SynapseTensor"]),
        // HDF5 through pkg-config (apt libhdf5-dev): the weights file inside a .keras archive.
        .systemLibrary(
            name: "CSynapseHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"]), .brew(["hdf5"])]
        ),
        .target(name: "SynapseKeras", dependencies: ["SynapseNN", "CSynapseHDF5", "ZIPFoundation"]),
        // Open MPI through pkg-config (apt libopenmpi-dev, brew open-mpi), used only by
        // SynapseDistributed; CSynapseMPI wraps the calls whose arguments are C macros
        // (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM), which Swift cannot import.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"]), .brew(["open-mpi"])]
        ),
        .target(name: "CSynapseMPI", dependencies: ["CMPI"]),
        .target(name: "SynapseDistributed", dependencies: ["SynapseNN", "CSynapseMPI"]),
        .target(
            name: "Synapse",
            dependencies: ["SynapseTensor", "SynapseNN", "SynapseData", "SynapsePlot", "SynapseImage"]
        ),
        // The seed's workflows as readable programs; the CLI runs them (`synapse examples run`).
        .target(name: "SynapseExamples", dependencies: ["Synapse"]),
        // The live training dashboard: reads run logs (RunLogger's events.jsonl) and serves them
        // over HTTP and Server-Sent Events. Only the CLI links it (and with it SwiftNIO).
        .target(
            name: "SynapseDashboard",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The commands of `synapse`, in a library so that tests can run them.
        .target(
            name: "SynapseCLI",
            dependencies: [
                "Synapse",
                "SynapseExamples",
                "SynapseDashboard",
                "SynapseKeras",
                "SynapseDistributed",
                "CSynapseKernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "synapse", dependencies: ["SynapseCLI"]),
        .testTarget(name: "SynapseTensorTests", dependencies: ["SynapseTensor", "CSynapseKernels"]),
        // Fixtures: Keras reference numbers (scripts/fixtures/make_keras_fixtures.py).
        .testTarget(
            name: "SynapseNNTests",
            dependencies: ["SynapseNN", "SynapseData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SynapseDataTests",
            dependencies: ["SynapseData", .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SynapsePlotTests", dependencies: ["SynapsePlot"]),
        // Fixtures: .keras files saved by Keras 3 (scripts/fixtures/make_keras_files.py).
        .testTarget(name: "SynapseKerasTests", dependencies: ["SynapseKeras"], resources: [.copy("Fixtures")]),
        // Fixtures: images and Pillow's pixels (scripts/fixtures/make_image_fixtures.py).
        .testTarget(
            name: "SynapseImageTests",
            dependencies: ["SynapseImage"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SynapseTests", dependencies: ["Synapse"]),
        .testTarget(name: "SynapseCLITests", dependencies: ["SynapseCLI", "SynapseExamples"]),
        .testTarget(name: "SynapseDashboardTests", dependencies: ["SynapseDashboard", "SynapseNN"]),
    ],
    swiftLanguageModes: [.v5]
)
