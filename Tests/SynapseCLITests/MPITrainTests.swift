import Foundation
import SynapseDistributed
import SynapseNN
import Testing

/// `mpirun -np 2 synapse train ...` against one process with the same global batch: the real
/// executable, the real Open MPI. Skipped where mpirun is not installed.
@Suite struct MPITrainTests {
    static let mpirun: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { $0 + "/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        // The test process may itself run under a launcher; the children must not think so.
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMPI_") && !$0.key.hasPrefix("PMI") }
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test(.enabled(if: mpirun != nil, "mpirun is not installed (apt-get install openmpi-bin; scripts/ensure-deps.sh does)"))
    func twoRanksTrainTheModelOneProcessTrainsWithTheSameGlobalBatch() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no synapse executable at \(binary)")
        let folder = temporaryFolder()
        let csv = folder + "/data.csv"
        Fixtures.write(Fixtures.regressionCSV(rows: 120), to: csv)
        let train = ["train", "--data", csv, "--target", "y", "--layers", "dense:8:tanh,dense:1", "--epochs", "3",
                     "--batch-size", "16", "--optimizer", "sgd", "--no-run-log", "--quiet"]

        let single = try Self.run(binary, train + ["--out", folder + "/one"])
        #expect(single.status == 0, "\(single.output)")
        let ranks = try Self.run(Self.mpirun!, ["--allow-run-as-root", "--oversubscribe", "-np", "2", binary]
                                     + train + ["--out", folder + "/two"])
        #expect(ranks.status == 0, "\(ranks.output)")
        #expect(ranks.output.contains("2 ranks"), "\(ranks.output)")
        // Rank 1 prints nothing: the data line appears once.
        #expect(ranks.output.components(separatedBy: "rows, 2 features").count == 2, "\(ranks.output)")

        let one = try Sequential.load(from: folder + "/one/model.safetensors")
        let two = try Sequential.load(from: folder + "/two/model.safetensors")
        for (a, b) in zip(one.weights, two.weights) {
            let difference = zip(a.value.scalars, b.value.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(difference < 1e-5, "\(a.name) differs by \(difference)")
        }
    }

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse").path
    }

    /// The largest difference between the weights of two saved models, by weight.
    static func weightDifferences(_ one: String, _ two: String) throws -> [(name: String, difference: Float)] {
        let a = try Sequential.load(from: one), b = try Sequential.load(from: two)
        return zip(a.weights, b.weights).map { wa, wb in
            (wa.name, zip(wa.value.scalars, wb.value.scalars).map { abs($0 - $1) }.max() ?? 0)
        }
    }

    /// The JSON object of a run's last line.
    static func lastJSON(_ output: String) -> [String: Any] {
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]) ?? [:]
    }

    @Test(.enabled(if: mpirun != nil, "mpirun is not installed (apt-get install openmpi-bin; scripts/ensure-deps.sh does)"))
    func twoRanksTrainOnAnImageFolderAsOneProcess() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no synapse executable at \(Self.binary)")
        let folder = temporaryFolder()
        ImageCommandTests.colourFolder(folder + "/pictures", perClass: 20)   // 60 pictures, 48 train
        let train = ["train", "--images", folder + "/pictures", "--image-size", "6,6", "--batch-size", "16",
                     "--layers", "rescaling:0.00392156862745098,flatten,dense:3:softmax", "--epochs", "3",
                     "--optimizer", "sgd", "--no-run-log", "--quiet", "--json"]
        let single = try Self.run(Self.binary, train + ["--out", folder + "/one"])
        #expect(single.status == 0, "\(single.output)")
        let ranks = try Self.run(Self.mpirun!, ["--allow-run-as-root", "--oversubscribe", "-np", "2", Self.binary]
                                     + train + ["--out", folder + "/two"])
        #expect(ranks.status == 0, "\(ranks.output)")
        #expect(ranks.output.contains("trained data-parallel on 2 ranks (MPI): global batch 16"), "\(ranks.output)")
        #expect(ranks.output.components(separatedBy: "60 images in 3 classes").count == 2, "rank 1 prints nothing: \(ranks.output)")
        for (name, difference) in try Self.weightDifferences(folder + "/one/model.safetensors", folder + "/two/model.safetensors") {
            #expect(difference < 1e-5, "\(name) differs by \(difference)")
        }
        let (one, two) = (Self.lastJSON(single.output), Self.lastJSON(ranks.output))
        let accuracy = try #require(two["validation_accuracy"] as? Double, "\(ranks.output)")
        #expect(accuracy == one["validation_accuracy"] as? Double)
        #expect(FileManager.default.fileExists(atPath: folder + "/two/report.html"))
    }

    @Test(.enabled(if: mpirun != nil, "mpirun is not installed (apt-get install openmpi-bin; scripts/ensure-deps.sh does)"))
    func twoRanksRunTheMNISTExampleAsOneProcess() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no synapse executable at \(Self.binary)")
        let folder = temporaryFolder()
        let run = ["examples", "run", "mnist", "--epochs", "1", "--no-run-log", "--quiet", "--json"]
        let single = try Self.run(Self.binary, run + ["--out", folder + "/one"])
        #expect(single.status == 0, "\(single.output)")
        let ranks = try Self.run(Self.mpirun!, ["--allow-run-as-root", "--oversubscribe", "-np", "2", Self.binary]
                                     + run + ["--out", folder + "/two"])
        #expect(ranks.status == 0, "\(ranks.output)")
        #expect(ranks.output.contains("trained data-parallel on 2 ranks (MPI): global batch 32"), "\(ranks.output)")
        #expect(ranks.output.components(separatedBy: "Total params: 591,786").count == 2, "rank 1 prints nothing: \(ranks.output)")
        // One epoch of Adam, 63 steps: the ranks sum each batch's gradient in two halves, so the
        // weights agree to float rounding (measured: 6.4e-8 at most).
        for (name, difference) in try Self.weightDifferences(folder + "/one/mnist.safetensors", folder + "/two/mnist.safetensors") {
            #expect(difference < 1e-5, "\(name) differs by \(difference)")
        }
        let (one, two) = (Self.lastJSON(single.output), Self.lastJSON(ranks.output))
        let accuracy = try #require(two["test_accuracy"] as? Double, "\(ranks.output)")
        let expected = try #require(one["test_accuracy"] as? Double, "\(single.output)")
        #expect(abs(accuracy - expected) <= 0.002, "2 ranks \(accuracy), 1 process \(expected): at most 1 of the 500 test images")
        #expect(accuracy > 0.6)
    }

    /// The process ids whose command line holds `marker` and that MPI started as rank `rank`.
    static func ranks(_ rank: Int, holding marker: String) -> [Int32] {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        return ids.filter { id in
            guard let command = FileManager.default.contents(atPath: "/proc/\(id)/cmdline"),
                  let environment = FileManager.default.contents(atPath: "/proc/\(id)/environ") else { return false }
            return String(decoding: command, as: UTF8.self).contains(marker)
                && String(decoding: environment, as: UTF8.self).split(separator: "\0").contains("OMPI_COMM_WORLD_RANK=\(rank)")
        }
    }

    @Test(.enabled(if: mpirun != nil && FileManager.default.fileExists(atPath: "/proc/self/environ"),
                   "needs mpirun (apt-get install openmpi-bin) and /proc (Linux)"))
    func aRankKilledMidRunEndsTheWholeRunAndLeavesTheEarlierResults() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no synapse executable at \(binary)")
        let folder = temporaryFolder()
        let csv = folder + "/data.csv", out = folder + "/killed-run"
        Fixtures.write(Fixtures.regressionCSV(rows: 120), to: csv)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Fixtures.write("earlier", to: out + "/report.html")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.mpirun!)
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", binary, "train", "--data", csv, "--target", "y",
                             "--layers", "dense:8:tanh,dense:1", "--epochs", "100000", "--no-run-log", "--quiet", "--out", out]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMPI_") && !$0.key.hasPrefix("PMI") }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var victims: [Int32] = []
        let deadline = Date().addingTimeInterval(60)
        while victims.isEmpty && Date() < deadline {
            usleep(200_000)
            victims = Self.ranks(1, holding: out)
        }
        try #require(!victims.isEmpty, "rank 1 never started")
        usleep(1_000_000)   // well into training
        let killed = Date()
        kill(victims[0], SIGKILL)
        // A killed rank cannot remove its private folder (LaunchedRanks.runWithoutOutput).
        defer { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "synapse-rank1-\(victims[0])") }
        while process.isRunning && Date().timeIntervalSince(killed) < 30 { usleep(50_000) }
        if process.isRunning { process.terminate(); Issue.record("mpirun kept running 30 s after rank 1 was killed") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("rank 1") && output.contains("signal 9"), "\(output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["report.html"])
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8) == "earlier")
    }

    @Test(.enabled(if: mpirun != nil && FileManager.default.fileExists(atPath: "/proc/self/environ"),
                   "needs mpirun (apt-get install openmpi-bin) and /proc (Linux)"))
    func aRankThatHangsWithoutExitingEndsTheRunAfterTheTimeoutAndLeavesTheEarlierResults() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no synapse executable at \(binary)")
        let folder = temporaryFolder()
        let csv = folder + "/data.csv", out = folder + "/hung-run"
        Fixtures.write(Fixtures.regressionCSV(rows: 120), to: csv)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Fixtures.write("earlier", to: out + "/report.html")
        Fixtures.write("{\"loss\": 0.5}", to: out + "/metrics.json")
        func files() throws -> [String: Data] {
            Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: out).map {
                ($0, FileManager.default.contents(atPath: out + "/" + $0) ?? Data())
            })
        }
        let before = try files()

        // Rank 1 sleeps for ever after 5 all-reduces (a test-only hook of LaunchedRanks.swift).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.mpirun!)
        process.arguments = ["--allow-run-as-root", "--oversubscribe", "-np", "2", binary, "train", "--data", csv, "--target", "y",
                             "--layers", "dense:8:tanh,dense:1", "--epochs", "100000", "--no-run-log", "--quiet", "--out", out]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMPI_") && !$0.key.hasPrefix("PMI") }
            .merging(["SYNAPSE_MPI_TIMEOUT": "3", "SYNAPSE_TEST_HANG_RANK": "1", "SYNAPSE_TEST_HANG_AFTER_ALLREDUCES": "5"]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()
        while process.isRunning && Date().timeIntervalSince(start) < 60 { usleep(50_000) }
        if process.isRunning {
            Issue.record("mpirun kept running 60 s with rank 1 hung and a 3 s limit")
            for id in Self.ranks(0, holding: out) + Self.ranks(1, holding: out) { kill(id, SIGKILL) }
            process.terminate()
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("rank 0 of 2: no answer from the other ranks for 3.0 s in MPI_Allreduce"), "\(output)")
        #expect(try files() == before)
    }

    @Test func theTimeLimitOfACollectiveComesFromSYNAPSE_MPI_TIMEOUT() throws {
        #expect(try MPICommunicator.timeout(environment: [:]) == MPICommunicator.defaultTimeout)
        #expect(try MPICommunicator.timeout(environment: ["SYNAPSE_MPI_TIMEOUT": "2.5"]) == 2.5)
        #expect(try MPICommunicator.timeout(environment: ["SYNAPSE_MPI_TIMEOUT": "0"]) == 0)
        for bad in ["soon", "-1", "inf"] {
            #expect(throws: SynapseError.invalidArgument("SYNAPSE_MPI_TIMEOUT must be a number of seconds (0 for no limit); got '\(bad)'")) {
                try MPICommunicator.timeout(environment: ["SYNAPSE_MPI_TIMEOUT": bad])
            }
        }
    }
}
