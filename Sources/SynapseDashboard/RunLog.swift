// Reading run logs: the events.jsonl files that SynapseNN's RunLogger appends to (one JSON
// object per line; the format is described at the top of RunLogger.swift).
//
// A log is read from a byte offset up to its last complete line, so a reader can follow a file
// that a training run is still writing: the next read starts where this one stopped. A line
// that is not a JSON object with a "type" (a crash cut it short, someone edited the file) is
// skipped with a warning naming the file and the line; it never stops the reader.

import Foundation

/// One record of a run log: its JSON text (one line, without the newline), its type and its
/// 0-based position among the log's valid records.
public struct RunRecord: Sendable, Equatable {
    /// The record's JSON object, as written.
    public let json: String
    /// "run", "epoch", "batch", "histogram" or "end".
    public let type: String
    /// The position among the valid records of the log (the event id of the stream).
    public let index: Int
}

/// Follows one run log: each `read()` returns the records appended since the previous one.
public struct RunLogCursor: Sendable {
    /// The log file.
    public let path: String
    /// Bytes consumed so far (always at a line boundary).
    public private(set) var offset: UInt64 = 0
    /// Valid records returned so far.
    public private(set) var count = 0
    /// Lines read so far (valid or not), for warnings.
    private var lineNumber = 0
    /// Whether an "end" record has been read.
    public private(set) var ended = false

    /// The largest part of a file one read takes in (a run of 1,000 epochs with histograms is
    /// a few MB); the rest waits for the next read, so memory stays bounded.
    static let chunk = 4 << 20

    public init(path: String) { self.path = path }

    /// The complete records appended since the last read; `warn` receives one sentence per
    /// malformed line. A file that does not exist yet has no records.
    public mutating func read(warn: (String) -> Void = RunLogCursor.standardWarning) -> [RunRecord] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        var records: [RunRecord] = []
        while true {
            guard (try? handle.seek(toOffset: offset)) != nil,
                  let data = try? handle.read(upToCount: RunLogCursor.chunk), !data.isEmpty,
                  let lastNewline = data.lastIndex(of: 0x0A) else { break }
            let complete = data[data.startIndex...lastNewline]
            for line in complete.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
                lineNumber += 1
                guard let record = parse(Data(line)) else {
                    let text = String(decoding: line.prefix(60), as: UTF8.self)
                    warn("\(path), line \(lineNumber): not a run record, skipped: \(text)\(line.count > 60 ? "..." : "")")
                    continue
                }
                records.append(record)
                count += 1
                if record.type == "end" { ended = true }
            }
            offset += UInt64(complete.count)
            if data.count < RunLogCursor.chunk { break }
        }
        return records
    }

    private func parse(_ line: Data) -> RunRecord? {
        guard !line.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let type = object["type"] as? String else { return nil }
        return RunRecord(json: String(decoding: line, as: UTF8.self), type: type, index: count)
    }

    /// Writes the warning to standard error.
    public static func standardWarning(_ message: String) {
        FileHandle.standardError.write(Data("synapse dashboard: warning: \(message)\n".utf8))
    }
}

/// A run folder found under the dashboard's root.
public struct DashboardRun: Sendable, Equatable, Codable {
    /// The name the page shows and the URLs use: the folder's name, or "NAME (training)" for
    /// the staging folder of a run in progress (`.NAME.partial-PID`).
    public let name: String
    /// The folder.
    public let path: String
    /// Whether it is the staging folder of a command still running.
    public let inProgress: Bool

    /// The log file in the folder.
    public var logPath: String { (path as NSString).appendingPathComponent(RunLogFile.name) }
}

public enum RunLogFile {
    /// The log's file name (RunLogger.fileName in SynapseNN).
    public static let name = "events.jsonl"

    /// The run folders under `root`: `root` itself when it holds a log, and each subfolder
    /// that holds one, sorted by name. Staging folders of runs in progress (`.NAME.partial-PID`)
    /// are listed as "NAME (training)".
    public static func runs(under root: String) -> [DashboardRun] {
        let fm = FileManager.default
        var found: [DashboardRun] = []
        if fm.fileExists(atPath: (root as NSString).appendingPathComponent(name)) {
            found.append(DashboardRun(name: (root as NSString).lastPathComponent, path: root, inProgress: false))
        }
        for entry in ((try? fm.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            let path = (root as NSString).appendingPathComponent(entry)
            guard fm.fileExists(atPath: (path as NSString).appendingPathComponent(name)) else { continue }
            if entry.hasPrefix("."), let range = entry.range(of: ".partial-") {
                found.append(DashboardRun(name: String(entry[entry.index(after: entry.startIndex)..<range.lowerBound]) + " (training)",
                                       path: path, inProgress: true))
            } else if !entry.hasPrefix(".") {
                found.append(DashboardRun(name: entry, path: path, inProgress: false))
            }
        }
        return found
    }
}
