// RunLogger: a training run's log as an append-only file, read live by `synapse dashboard`
// (TensorBoard's event files, in JSON lines).
//
// One record per line, each written with a single write(2) on a file opened with O_APPEND, so
// that a run that crashes leaves every complete record readable (at most the last line is cut
// short, and readers skip it). The records, in order:
//   {"type":"run","version":1,"name":…,"started":…,"model":{config},"summary":"…"}
//   {"type":"batch","epoch":e,"batch":b,"step":s,"time":t,"logs":{…}}     every `batchEvery` batches
//   {"type":"epoch","epoch":e,"time":t,"logs":{"loss":…,"val_loss":…,"learning_rate":…}}
//   {"type":"histogram","epoch":e,"time":t,"weights":[{"name":"dense/kernel","min":…,"max":…,"counts":[…]}]}
//   {"type":"end","time":t,"epochs":n}
// `time` is seconds since the run started. Numbers that are not finite are written as the
// strings "NaN", "Infinity" and "-Infinity" (JSON has no such numbers).

import Foundation

/// Appends a run's configuration, per-epoch logs, batch losses and weight histograms to
/// `events.jsonl` in a folder, for `synapse dashboard` to draw while the run trains.
public final class RunLogger: Callback {
    /// The log's file name inside the run folder.
    public static let fileName = "events.jsonl"
    /// The format's version, written in the first record.
    public static let version = 1

    /// The file the records go to.
    public let path: String
    /// The run's name as the dashboard shows it.
    public let runName: String
    /// Write a batch record every this many batches (0: none).
    public let batchEvery: Int
    /// Write the weights' histograms every this many epochs (0: none).
    public let histogramEvery: Int
    /// Bins per histogram.
    public let bins: Int

    private var descriptor: Int32 = -1
    private var started = Date()
    private var epoch = 0
    private var step = 0
    private var epochsLogged = 0

    /// - Parameters:
    ///   - folder: the run folder (created when missing); the log is `folder/events.jsonl`.
    ///   - runName: the name shown; the folder's name by default.
    ///   - batchEvery: a batch record every this many batches (Keras's `update_freq`); 0 for none.
    ///   - histogramEvery: weight histograms every this many epochs (TensorBoard's
    ///     `histogram_freq`); 0 for none.
    public init(folder: String, runName: String? = nil, batchEvery: Int = 50, histogramEvery: Int = 1, bins: Int = 30) {
        path = (folder as NSString).appendingPathComponent(RunLogger.fileName)
        // A command's staging folder (`.NAME.partial-PID`, see the CLI's output transactions) is named NAME.
        let folderName = (folder as NSString).lastPathComponent
        let staged = folderName.hasPrefix(".") ? folderName.range(of: ".partial-").map { String(folderName[folderName.index(after: folderName.startIndex)..<$0.lowerBound]) } : nil
        self.runName = runName ?? staged ?? folderName
        self.batchEvery = Swift.max(0, batchEvery)
        self.histogramEvery = Swift.max(0, histogramEvery)
        self.bins = Swift.max(1, bins)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    public func onTrainBegin(model: Model, logs: Logs) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        if descriptor >= 0 { close(descriptor) }
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be opened to append the run's log: \(String(cString: strerror(errno)))")
        }
        started = Date()
        step = 0
        epochsLogged = 0
        let formatter = ISO8601DateFormatter()
        try append(["type": "run", "version": .number(Double(RunLogger.version)), "name": .string(runName),
                    "started": .string(formatter.string(from: started)), "model": model.config,
                    "summary": .string(model.summary(print: false))])
    }

    public func onEpochBegin(_ epoch: Int, model: Model, logs: Logs) throws {
        self.epoch = epoch
    }

    public func onBatchEnd(_ batch: Int, model: Model, logs: Logs) throws {
        step += 1
        guard batchEvery > 0, (batch + 1) % batchEvery == 0 else { return }
        var values = logs
        if let optimizer = model.optimizer { values["learning_rate"] = Double(optimizer.currentLearningRate) }
        try append(["type": "batch", "epoch": .number(Double(epoch)), "batch": .number(Double(batch)),
                    "step": .number(Double(step)), "time": elapsed, "logs": RunLogger.json(values)])
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
        epochsLogged += 1
        try append(["type": "epoch", "epoch": .number(Double(epoch)), "time": elapsed, "logs": RunLogger.json(logs)])
        if histogramEvery > 0, (epoch + 1) % histogramEvery == 0 {
            let weights = model.weights.map { RunLogger.histogram(of: $0.value, name: $0.name, bins: bins) }
            try append(["type": "histogram", "epoch": .number(Double(epoch)), "time": elapsed, "weights": .array(weights)])
        }
    }

    public func onTrainEnd(model: Model, logs: Logs) throws {
        try append(["type": "end", "time": elapsed, "epochs": .number(Double(epochsLogged))])
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    private var elapsed: JSONValue { .number((Date().timeIntervalSince(started) * 1000).rounded() / 1000) }

    /// One record: its JSON on one line, written with one call (repeated only if the kernel
    /// writes part of it, which regular files do only when the disk is full).
    private func append(_ record: [String: JSONValue]) throws {
        guard descriptor >= 0 else { return }
        var line = Data(JSONValue.object(record).jsonString().utf8)
        line.append(0x0A)
        try line.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot append to the run's log: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
    }

    /// Logs as a JSON object; non-finite numbers as "NaN", "Infinity", "-Infinity".
    static func json(_ logs: Logs) -> JSONValue {
        .object(logs.mapValues(number))
    }

    static func number(_ x: Double) -> JSONValue {
        x.isFinite ? .number(x) : .string(x.isNaN ? "NaN" : x > 0 ? "Infinity" : "-Infinity")
    }

    /// A weight's values in `bins` equal bins between its smallest and largest finite value.
    static func histogram(of tensor: Tensor, name: String, bins: Int) -> JSONValue {
        let values = tensor.scalars.filter(\.isFinite)
        let low = Double(values.min() ?? 0), high = Double(values.max() ?? 0)
        var counts = [Int](repeating: 0, count: bins)
        let width = (high - low) / Double(bins)
        for v in values {
            let i = width > 0 ? Int((Double(v) - low) / width) : 0
            counts[Swift.min(Swift.max(i, 0), bins - 1)] += 1
        }
        return ["name": .string(name), "min": number(low), "max": number(high), "count": .number(Double(tensor.count)),
                "counts": .array(counts.map { .number(Double($0)) })]
    }
}
