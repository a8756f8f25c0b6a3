import Foundation
import Testing
import SynapseCLI
import SynapseExamples
import Synapse

/// Runs are transactions: a failed, refused or interrupted run leaves the earlier results in its
/// output folder byte for byte as they were, and no run writes over its own input.
@Suite struct TransactionTests {
    /// Every file below `folder` with its bytes.
    static func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = FileManager.default.contents(atPath: folder + "/" + name)
            }
        }
        return files
    }

    /// No staging folder is left beside `out`.
    static func noStagingLeft(besides out: String) -> Bool {
        let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
        return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).allSatisfy { !$0.contains(".partial-") }
    }

    /// A fresh folder with a classification CSV.
    static func folderWithCSV() -> (folder: String, csv: String) {
        let folder = temporaryFolder()
        let csv = folder + "/data.csv"
        Fixtures.write(Fixtures.classificationCSV(), to: csv)
        return (folder, csv)
    }

    /// A folder holding a trained model, and its CSV.
    static func trainedFolder() -> (folder: String, csv: String, out: String) {
        let (folder, csv) = folderWithCSV()
        let out = folder + "/run"
        let first = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                            "--epochs", "2", "--out", out, "--quiet")
        #expect(first.status == 0, "\(first.errors)")
        return (folder, csv, out)
    }

    @Test func aFailedTrainLeavesTheEarlierModelAlone() throws {
        let (_, csv, out) = Self.trainedFolder()
        let before = Self.snapshot(out)
        #expect(before.keys.contains("scaler.json") && before.keys.contains("model.safetensors"))
        // Scaling succeeds with other statistics (minmax), then the loss is unknown: before, the
        // new scaler.json was written beside the old model.
        let failed = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                             "--scale", "minmax", "--loss", "no_such_loss", "--epochs", "2", "--out", out, "--quiet")
        #expect(failed.status != 0)
        #expect(Self.snapshot(out) == before)
        #expect(Self.noStagingLeft(besides: out))
    }

    @Test func aSucceededTrainReplacesTheEarlierFiles() throws {
        let (_, csv, out) = Self.trainedFolder()
        let before = Self.snapshot(out)
        let again = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:6:relu,dense:1:sigmoid",
                            "--scale", "minmax", "--epochs", "2", "--out", out, "--quiet", "--json")
        #expect(again.status == 0, "\(again.errors)")
        let after = Self.snapshot(out)
        #expect(after["scaler.json"] != before["scaler.json"])
        #expect(after["model.safetensors"] != before["model.safetensors"])
        let paths = try #require(again.json["paths"] as? [String: Any])
        #expect((paths["model"] as? String)?.hasSuffix("/run/model.safetensors") == true, "\(paths)")
        #expect(FileManager.default.fileExists(atPath: paths["report"] as! String))
        #expect(Self.noStagingLeft(besides: out))
    }

    @Test func theCommitSwapsFoldersAndKeepsTheFilesTheRunDidNotWrite() throws {
        let (_, csv, out) = Self.trainedFolder()
        try "my notes\n".write(toFile: out + "/notes.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: out + "/mine/deeper", withIntermediateDirectories: true)
        try "kept\n".write(toFile: out + "/mine/deeper/keep.txt", atomically: true, encoding: .utf8)
        let notesInode = try FileManager.default.attributesOfItem(atPath: out + "/notes.txt")[.systemFileNumber] as? Int
        let before = Self.snapshot(out)
        let again = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:6:relu,dense:1:sigmoid",
                            "--epochs", "2", "--out", out, "--quiet")
        #expect(again.status == 0, "\(again.errors)")
        let after = Self.snapshot(out)
        #expect(after["notes.txt"] == before["notes.txt"] && after["mine/deeper/keep.txt"] == Data("kept\n".utf8))
        // The same file, linked into the new folder, not a copy.
        #expect(try FileManager.default.attributesOfItem(atPath: out + "/notes.txt")[.systemFileNumber] as? Int == notesInode)
        #expect(after["model.safetensors"] != before["model.safetensors"])
        #expect(Set(after.keys).isSuperset(of: before.keys))
        #expect(Self.noStagingLeft(besides: out))
    }

    @Test func anOutputFolderThatDoesNotExistYetIsTheStagingFolderRenamed() throws {
        let (folder, csv) = Self.folderWithCSV()
        let out = folder + "/new/run"
        let first = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                            "--epochs", "1", "--out", out, "--quiet")
        #expect(first.status == 0, "\(first.errors)")
        #expect(Self.snapshot(out).keys.contains("model.safetensors") && Self.noStagingLeft(besides: out))
    }

    @Test func anOutputFolderHoldingTheInputIsRefused() {
        let folder = temporaryFolder()
        let csv = folder + "/data.csv"
        Fixtures.write(Fixtures.classificationCSV(), to: csv)
        let before = Self.snapshot(folder)
        let run = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:1:sigmoid",
                          "--epochs", "1", "--out", folder, "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("holds the input"), "\(run.errors)")
        #expect(Self.snapshot(folder) == before)
    }

    @Test func predictDoesNotWriteOverItsInput() throws {
        let (_, csv, out) = Self.trainedFolder()
        let before = try #require(FileManager.default.contents(atPath: csv))
        let run = synapse("predict", "--model", out + "/model.safetensors", "--data", csv, "--out", csv)
        #expect(run.status != 0)
        #expect(run.errors.contains("is one of the inputs"), "\(run.errors)")
        #expect(FileManager.default.contents(atPath: csv) == before)
        let intoFolder = synapse("predict", "--model", out + "/model.safetensors", "--data", csv, "--out", out)
        #expect(intoFolder.status != 0)
        #expect(intoFolder.errors.contains("is a folder"), "\(intoFolder.errors)")
    }

    @Test func describeAndExamplesCommitOnlyOnSuccess() throws {
        let folder = temporaryFolder()
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Fixtures.write("earlier", to: out + "/report.html")
        // A data folder without the example's CSV: the run fails after creating its folder.
        let run = synapse("examples", "run", "fake_reg", "--data-dir", folder, "--out", out, "--quiet")
        #expect(run.status != 0)
        #expect(Self.snapshot(out) == ["report.html": Data("earlier".utf8)])
        #expect(Self.noStagingLeft(besides: out))
    }

    /// SIGTERM in the middle of training: exit 143, the earlier results unchanged, no staging
    /// folder left. Runs the real `synapse` executable, built beside the tests.
    @Test func anInterruptedRunLeavesTheEarlierResults() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no synapse executable at \(binary.path)")
        let (_, csv, out) = Self.trainedFolder()
        let before = Self.snapshot(out)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:64:relu,dense:1:sigmoid",
                             "--epochs", "100000", "--out", out, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the run has started writing (its staging folder exists), then stop it.
        let parent = URL(fileURLWithPath: out).deletingLastPathComponent().path
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).contains(where: { $0.contains(".partial-") }) {
            usleep(20_000)
        }
        usleep(300_000)
        process.terminate()   // SIGTERM
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("synapse kept running 30 s after SIGTERM")
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 143,
                "\(process.terminationReason) \(process.terminationStatus)")
        #expect(Self.snapshot(out) == before)
        #expect(Self.noStagingLeft(besides: out))
    }
}
