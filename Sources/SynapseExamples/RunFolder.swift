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

    /// Creates the folder (and its parents) when missing.
    public init(_ directory: String, title: String, png: Bool = false) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SynapseError.invalidFile(path: directory, location: nil, reason: "cannot be created as an output folder: \(error.localizedDescription)")
        }
        self.directory = directory
        self.report = HTMLReport(title: title)
        self.png = png
    }

    /// The path of `name` inside the folder.
    public func path(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
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

    /// Where runs' files will be once committed: staging folder → final folder, for the runs a
    /// command is writing into staging folders (see SynapseCLI's OutputTransaction), so that the
    /// paths the examples print are the ones the user will find. Several at once in a test run.
    nonisolated(unsafe) private static var finalLocations: [String: String] = [:]
    private static let locationsLock = NSLock()

    /// Records that files written below `staging` will be found below `final`.
    public static func register(staging: String, final: String) {
        locationsLock.lock(); defer { locationsLock.unlock() }
        finalLocations[staging] = final
    }

    /// Forgets `staging` (its run has ended).
    public static func unregister(staging: String) {
        locationsLock.lock(); defer { locationsLock.unlock() }
        finalLocations[staging] = nil
    }

    /// `path` as it will be found once its run is committed.
    public static func shown(_ path: String) -> String {
        locationsLock.lock(); defer { locationsLock.unlock() }
        for (staging, final) in finalLocations where path.hasPrefix(staging + "/") || path == staging {
            return final + path.dropFirst(staging.count)
        }
        return path
    }

    /// Writes `report.html` and returns its path.
    @discardableResult
    public func writeReport() throws -> String {
        let file = path("report.html")
        try report.write(to: file)
        return file
    }
}
