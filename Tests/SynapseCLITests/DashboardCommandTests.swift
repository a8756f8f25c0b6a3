import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import SynapseCLI
import Synapse

/// `synapse train` writes the run log the dashboard reads, and `synapse dashboard` serves it
/// (the real executable, on a free loopback port, stopped with SIGTERM).
@Suite struct DashboardCommandTests {
    @Test func trainWritesARunLogUnlessToldNot() throws {
        let folder = temporaryFolder()
        let csv = folder + "/data.csv"
        Fixtures.write(Fixtures.classificationCSV(), to: csv)
        let logged = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                             "--epochs", "3", "--out", folder + "/logged", "--quiet")
        #expect(logged.status == 0, "\(logged.errors)")
        let lines = try String(contentsOfFile: folder + "/logged/events.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count >= 5 && lines.first!.contains(#""type":"run""#) && lines.first!.contains(#""name":"logged""#))
        #expect(lines.filter { $0.contains(#""type":"epoch""#) }.count == 3 && lines.last!.contains(#""type":"end""#))
        let unlogged = synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                               "--epochs", "1", "--out", folder + "/unlogged", "--quiet", "--no-run-log")
        #expect(unlogged.status == 0 && !FileManager.default.fileExists(atPath: folder + "/unlogged/events.jsonl"))
    }

    @Test func badDashboardArgumentsAreOneSentence() {
        let missing = synapse("dashboard", "/no/such/folder")
        #expect(missing.status != 0 && missing.errors.contains("/no/such/folder is not a folder"), "\(missing.errors)")
        let port = synapse("dashboard", temporaryFolder(), "--port", "70000")
        #expect(port.status != 0 && port.errors.contains("--port must be between 0 and 65535"), "\(port.errors)")
        let trainPort = synapse("train", "--data", "x.csv", "--target", "y", "--layers", "dense:1", "--dashboard-port", "-1")
        #expect(trainPort.status != 0 && trainPort.errors.contains("--dashboard-port"), "\(trainPort.errors)")
    }

    @Test func theDashboardCommandServesTheRunsAndStopsOnSIGTERM() throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("synapse")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no synapse executable at \(binary.path)")
        let folder = temporaryFolder()
        let csv = folder + "/data.csv"
        Fixtures.write(Fixtures.classificationCSV(), to: csv)
        #expect(synapse("train", "--data", csv, "--target", "diagnosis", "--drop", "id", "--layers", "dense:4:relu,dense:1:sigmoid",
                        "--epochs", "2", "--out", folder + "/runs/first", "--quiet").status == 0)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["dashboard", folder + "/runs", "--port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // The first line names the address: "Synapse dashboard: http://127.0.0.1:PORT/ (this machine only; ...".
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        #expect(text.contains("this machine only"), "\(text)")
        let address = try #require(text.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") })
        let (data, _) = try fetch(URL(string: String(address) + "api/runs")!)
        let runs = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        #expect(runs.map { $0["name"] as! String } == ["first"])
        process.terminate()
        let stopBy = Date().addingTimeInterval(30)
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        #expect(!process.isRunning, "the dashboard kept running 30 s after SIGTERM")
    }

    /// A blocking GET.
    func fetch(_ url: URL) throws -> (Data, Int) {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Data, Int)?
        nonisolated(unsafe) var failure: (any Error)?
        URLSession.shared.dataTask(with: url) { data, response, error in
            if let data { result = (data, (response as? HTTPURLResponse)?.statusCode ?? 0) }
            failure = error
            done.signal()
        }.resume()
        done.wait()
        if let failure { throw failure }
        return result ?? (Data(), 0)
    }
}
