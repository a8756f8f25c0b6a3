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

    /// Writes `report.html` and returns its path.
    @discardableResult
    public func writeReport() throws -> String {
        let file = path("report.html")
        try report.write(to: file)
        return file
    }
}
