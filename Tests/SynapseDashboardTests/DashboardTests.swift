import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SynapseDashboard
@testable import SynapseNN

/// A run folder in a fresh temporary root.
func temporaryRoot() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-dashboard-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Trains a tiny model for `epochs` epochs with a RunLogger writing into `folder`.
func trainLoggedRun(folder: String, epochs: Int, pause: Double = 0) throws {
    final class Pause: Callback {
        let seconds: Double
        init(_ seconds: Double) { self.seconds = seconds }
        func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) { if seconds > 0 { Thread.sleep(forTimeInterval: seconds) } }
    }
    let model = Sequential(seed: 1) { Input(shape: [2]); Dense(4, activation: .relu); Dense(1, activation: .sigmoid) }
    try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.2], [0.1, 0.9], [0.8, 0.3], [0.2, 0.2]])
    let y = Tensor([[0], [1], [1], [0], [1], [1], [1], [0]])
    _ = try model.fit(x: x, y: y, epochs: epochs, batchSize: 4, validationData: (x, y),
                      callbacks: [RunLogger(folder: folder, batchEvery: 1), Pause(pause)], verbose: 0)
}

/// GET `path` from the server on `port`: the status and the body.
func get(_ path: String, port: Int) async throws -> (status: Int, body: String) {
    let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
    var request = URLRequest(url: url)
    request.timeoutInterval = 60
    return try await withCheckedThrowingContinuation { continuation in
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { continuation.resume(throwing: error); return }
            continuation.resume(returning: ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self)))
        }.resume()
    }
}

/// The (id, event, data) triples of an event stream's text.
func events(_ stream: String) -> [(id: Int, event: String, data: String)] {
    stream.components(separatedBy: "\n\n").compactMap { block in
        var id: Int?, event = "", data = ""
        for line in block.split(separator: "\n") {
            if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
            if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
        }
        return id.map { ($0, event, data) }
    }
}

/// Starts a server on a free loopback port for `root`; returns the port and the serving task.
func startServer(root: String) async throws -> (port: Int, task: Task<Void, any Error>) {
    let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
    let task = Task {
        try await DashboardServer(root: root, port: 0, pollInterval: .milliseconds(20)).run { port in continuation.yield(port) }
    }
    for await port in stream { return (port, task) }
    throw CancellationError()
}

@Suite struct RunLogTests {
    @Test func aLoggedRunHasItsRecordsInOrder() throws {
        let folder = temporaryRoot() + "/first"
        try trainLoggedRun(folder: folder, epochs: 3)
        var cursor = RunLogCursor(path: folder + "/events.jsonl")
        let records = cursor.read()
        #expect(records.first?.type == "run" && records.last?.type == "end" && cursor.ended)
        #expect(records.filter { $0.type == "epoch" }.count == 3 && records.filter { $0.type == "histogram" }.count == 3)
        #expect(records.filter { $0.type == "batch" }.count == 6)
        #expect(records.map(\.index) == Array(0..<records.count))
        let epoch = try JSONSerialization.jsonObject(with: Data(records.first { $0.type == "epoch" }!.json.utf8)) as! [String: Any]
        let logs = epoch["logs"] as! [String: Any]
        #expect(Set(logs.keys) == ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"])
        #expect(cursor.read().isEmpty)             // nothing new
    }

    @Test func malformedAndTruncatedLinesAreSkippedWithAWarning() throws {
        let path = temporaryRoot() + "/events.jsonl"
        try (#"{"type":"run","name":"x"}"# + "\nnot json\n" + #"{"no_type":1}"# + "\n" + #"{"type":"epoch","epoch":0,"logs":{}}"# + "\n"
            + #"{"type":"epoch","epo"#).write(toFile: path, atomically: true, encoding: .utf8)
        var warnings: [String] = []
        var cursor = RunLogCursor(path: path)
        let records = cursor.read { warnings.append($0) }
        #expect(records.map(\.type) == ["run", "epoch"] && records.map(\.index) == [0, 1])
        #expect(warnings.count == 2 && warnings[0].contains("line 2: not a run record"))
        // The cut line is completed later (a writer finishing it): it is read then, once.
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data((#"ch":1,"logs":{}}"# + "\n").utf8))
        try handle.close()
        #expect(cursor.read { warnings.append($0) }.map(\.index) == [2])
        #expect(warnings.count == 2)
    }

    @Test func nonFiniteLossesAreWrittenAsStrings() {
        #expect(RunLogger.number(.nan) == .string("NaN") && RunLogger.number(-.infinity) == .string("-Infinity"))
        #expect(RunLogger.json(["loss": 0.5]) == .object(["loss": .number(0.5)]))
    }

    @Test func runFoldersAreFoundAndStagingFoldersAreRunsInProgress() throws {
        let root = temporaryRoot()
        for name in ["b", "a", ".c.partial-123", "no-log"] {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            if name != "no-log" { FileManager.default.createFile(atPath: root + "/" + name + "/events.jsonl", contents: Data()) }
        }
        #expect(RunLogFile.runs(under: root).map(\.name) == ["c (training)", "a", "b"])
        #expect(RunLogFile.runs(under: root).map(\.inProgress) == [true, false, false])
    }
}

@Suite(.serialized) struct DashboardServerTests {
    @Test func theServerListsRunsAndStreamsEveryEpochOnceInOrder() async throws {
        let root = temporaryRoot()
        let (port, server) = try await startServer(root: root)
        defer { server.cancel() }

        let page = try await get("/", port: port)
        #expect(page.status == 200 && page.body.contains("<title>Synapse dashboard</title>") && page.body.contains("EventSource"))
        #expect(try await get("/api/runs", port: port).body == "[]")

        // A client follows the run before it starts; the run trains in the background.
        try FileManager.default.createDirectory(atPath: root + "/first", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/first/events.jsonl", contents: Data())
        async let stream = get("/api/runs/first/events", port: port)
        let training = Task.detached { try trainLoggedRun(folder: root + "/first", epochs: 5, pause: 0.05) }
        try await training.value
        let received = events(try await stream.body)
        #expect(received.map(\.id) == Array(0..<received.count))            // every record once, in order
        #expect(received.filter { $0.event == "epoch" }.count == 5 && received.last?.event == "end")
        let epochs = received.filter { $0.event == "epoch" }.map { try! JSONSerialization.jsonObject(with: Data($0.data.utf8)) as! [String: Any] }
        #expect(epochs.map { $0["epoch"] as! Int } == [0, 1, 2, 3, 4])

        // Resuming from a record on: only the later ones.
        let resumed = events(try await get("/api/runs/first/events?from=\(received.count - 2)", port: port).body)
        #expect(resumed.map(\.id) == [received.count - 2, received.count - 1])

        // A second run appears in the list; the records endpoint is a JSON array.
        try trainLoggedRun(folder: root + "/second", epochs: 2)
        let list = try JSONSerialization.jsonObject(with: Data(try await get("/api/runs", port: port).body.utf8)) as! [[String: Any]]
        #expect(list.map { $0["name"] as! String } == ["first", "second"] && list.allSatisfy { $0["ended"] as! Bool })
        let records = try JSONSerialization.jsonObject(with: Data(try await get("/api/runs/second/records", port: port).body.utf8)) as! [[String: Any]]
        #expect(records.filter { $0["type"] as? String == "epoch" }.count == 2)

        // Unknown runs and files outside the folder are 404.
        #expect(try await get("/api/runs/nope/records", port: port).status == 404)
        #expect(try await get("/api/runs/first/files/..%2Fsecond%2Fevents.jsonl", port: port).status == 404)
        #expect(try await get("/api/runs/first/files/events.jsonl", port: port).status == 200)
    }

    @Test func twentyClientsFollowARunOfAThousandEpochs() async throws {
        let root = temporaryRoot()
        let (port, server) = try await startServer(root: root)
        defer { server.cancel() }
        try FileManager.default.createDirectory(atPath: root + "/long", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: root + "/long/events.jsonl", contents: Data())
        let before = residentMemory()
        let clients = (0..<20).map { _ in Task { events(try await get("/api/runs/long/events", port: port).body) } }
        let writer = Task.detached {
            let logger = RunLogger(folder: root + "/long", histogramEvery: 10)
            let model = Sequential(seed: 2) { Input(shape: [8]); Dense(16); Dense(1) }
            try model.build(inputShape: [8])
            try logger.onTrainBegin(model: model, logs: [:])
            for epoch in 0..<1000 {
                try logger.onEpochBegin(epoch, model: model, logs: [:])
                try logger.onEpochEnd(epoch, model: model, logs: ["loss": 1 / Double(epoch + 1), "val_loss": 1.1 / Double(epoch + 1)])
                if epoch % 100 == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            try logger.onTrainEnd(model: model, logs: [:])
        }
        try await writer.value
        var peak = before
        for client in clients {
            let received = try await client.value
            #expect(received.filter { $0.event == "epoch" }.count == 1000 && received.map(\.id) == Array(0..<received.count))
            peak = max(peak, residentMemory())
        }
        let grown = Double(peak - before) / 1e6
        print("dashboard: 20 clients × 1,000 epochs: resident memory grew by \(String(format: "%.1f", grown)) MB")
        #expect(grown < 200)
    }
}

/// The process's resident memory in bytes (Linux: /proc/self/statm; elsewhere 0).
func residentMemory() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
}
