// The output folder of a run: figures saved as SVG (and PNG when asked) and collected into one
// HTML report, plus the list of every file written, for the `--json` line.

import Foundation
import Synapse

/// An output folder that gathers a run's figures and report.
public final class RunFolder {
    /// The folder.
    public let directory: String
    /// The report that `writeReport()` writes as `report.html`.
    public var report: HTMLReport
    /// Figures written so far, in order.
    public private(set) var figures: [String] = []
    let png: Bool

    /// Where the files go until `commit()` when the folder is transactional; nil otherwise.
    public let staging: String?

    /// Creates the folder (and its parents) when missing. A `transactional` folder writes into a
    /// hidden staging folder beside it, and `commit()` moves the files in only when the run has
    /// succeeded: a failed or interrupted run leaves the earlier results untouched.
    public init(_ directory: String, title: String, png: Bool = false, transactional: Bool = false) throws {
        let url = URL(fileURLWithPath: directory)
        let staging = transactional
            ? url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path : nil
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if let staging {
                try? FileManager.default.removeItem(atPath: staging)
                try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            }
        } catch {
            throw SynapseError.invalidFile(path: directory, location: nil, reason: "cannot be created as an output folder: \(error.localizedDescription)")
        }
        self.directory = directory
        self.staging = staging
        self.report = HTMLReport(title: title)
        self.png = png
    }

    /// The path `name` is written to now (inside the staging folder until `commit()`).
    public func path(_ name: String) -> String {
        URL(fileURLWithPath: staging ?? directory).appendingPathComponent(name).path
    }

    /// The path `name` has once the run is committed.
    public func finalPath(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Moves every staged file into the folder, replacing files of the same names: each move is
    /// one rename(2) within a file system, which replaces the old file atomically (a reader sees
    /// the old file or the new one, never a part). The staging folder is removed afterwards.
    public func commit() throws {
        guard let staging else { return }
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: staging).sorted() {
            if rename(path(name), finalPath(name)) != 0 {
                let reason = String(cString: strerror(errno))
                throw SynapseError.invalidFile(path: finalPath(name), location: nil, reason: "cannot be replaced with the new result: \(reason)")
            }
        }
        try? fm.removeItem(atPath: staging)
        figures = figures.map { $0.replacingOccurrences(of: staging, with: directory) }
    }

    /// Removes the staging folder of a run that failed.
    public func discard() {
        if let staging { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Writes `figure` as `name`.svg (and .png), and adds it to the report with `caption`.
    public func save(_ figure: Figure, as name: String, caption: String) throws {
        let svg = path(name + ".svg")
        try figure.writeSVG(to: svg)
        figures.append(svg)
        if png && PNGRenderer.isAvailable {
            try figure.writePNG(to: path(name + ".png"))
            figures.append(path(name + ".png"))
        }
        report.addFigure(figure, caption: caption)
    }

    /// Writes `report.html` and returns its path.
    @discardableResult
    public func writeReport() throws -> String {
        let file = path("report.html")
        try report.write(to: file)
        return file
    }
}
