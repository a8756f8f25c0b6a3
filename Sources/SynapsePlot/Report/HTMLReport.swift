// An HTML report of a training run: one self-contained file (inline CSS, inline SVG figures, no
// scripts, no links) with the model summary, the data description, the history table and
// curves, the final metrics and any other figures. Every text is HTML-escaped; the SVGs are
// our own markup, inserted without their XML declaration.

import Foundation

/// A self-contained HTML page describing a run.
///
///     var report = HTMLReport(title: "fake_reg regression")
///     report.modelSummary = summaryText
///     report.history = history           // [String: [Double]]
///     report.metrics = [("test MSE", 25.1)]
///     report.addFigure(scatter, caption: "Predictions")
///     try report.write(to: "run.html")
public struct HTMLReport {
    /// The page title and top heading.
    public var title: String
    /// Pre-formatted text, e.g. a model's `summary()` table.
    public var modelSummary: String?
    /// A table describing the data (e.g. `describe()`): header row and body rows.
    public var dataDescription: (header: [String], rows: [[String]])?
    /// Curves per epoch (loss, val_loss, ...); shown as a table and as curves.
    public var history: [String: [Double]] = [:]
    /// Final metrics, in order.
    public var metrics: [(name: String, value: Double)] = []
    /// Other figures with captions.
    public private(set) var figures: [(svg: String, caption: String)] = []

    public init(title: String) {
        self.title = title
    }

    /// Adds a figure (rendered now) with a caption.
    public mutating func addFigure(_ figure: Figure, caption: String) {
        figures.append((figure.svg(idPrefix: "f\(figures.count + 1)-"), caption))
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String { SVGWriter.escape(text) }

    /// The whole page.
    public func html() -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(HTMLReport.escape(title))</title>
        <style>
        body { font-family: \(TextMetrics.fontFamily); color: #262626; max-width: 1200px; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; }
        pre { background: #f6f8fa; padding: .8em; overflow-x: auto; font-size: .85em; }
        table { border-collapse: collapse; font-size: .85em; margin: .5em 0; }
        th, td { border: 1px solid #ddd; padding: .25em .6em; text-align: right; }
        th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
        .scroll { max-height: 24em; overflow-y: auto; display: inline-block; }
        figure { margin: 1em 0; } figcaption { font-size: .9em; color: #555; }
        svg { max-width: 100%; height: auto; }
        </style>
        </head>
        <body>
        <h1>\(HTMLReport.escape(title))</h1>

        """
        if let modelSummary {
            page += "<section id=\"model\">\n<h2>Model</h2>\n<pre>\(HTMLReport.escape(modelSummary))</pre>\n</section>\n"
        }
        if let dataDescription {
            page += "<section id=\"data\">\n<h2>Data</h2>\n" + HTMLReport.table(header: dataDescription.header, rows: dataDescription.rows) + "</section>\n"
        }
        if !history.isEmpty {
            let names = Figure.metricGroups(history).flatMap { [$0, "val_" + $0] }.filter { history[$0] != nil }
            let epochs = history.values.map(\.count).max() ?? 0
            let rows = (0..<epochs).map { epoch in
                ["\(epoch + 1)"] + names.map { name in
                    history[name].flatMap { epoch < $0.count ? HTMLReport.format($0[epoch]) : nil } ?? ""
                }
            }
            page += "<section id=\"history\">\n<h2>Training history</h2>\n<div class=\"scroll\">\n"
            page += HTMLReport.table(header: ["epoch"] + names, rows: rows) + "</div>\n"
            page += HTMLReport.figure(Figure.trainingHistory(history).svg(idPrefix: "history-"), caption: "Training curves")
            page += "</section>\n"
        }
        if !metrics.isEmpty {
            page += "<section id=\"metrics\">\n<h2>Metrics</h2>\n"
            page += HTMLReport.table(header: ["metric", "value"], rows: metrics.map { [$0.name, HTMLReport.format($0.value)] })
            page += "</section>\n"
        }
        if !figures.isEmpty {
            page += "<section id=\"figures\">\n<h2>Figures</h2>\n"
            for (svg, caption) in figures { page += HTMLReport.figure(svg, caption: caption) }
            page += "</section>\n"
        }
        page += "</body>\n</html>\n"
        return page
    }

    /// Writes the page atomically.
    public func write(to path: String) throws {
        try FileIO.write(Data(html().utf8), to: path)
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value != 0 && (abs(value) >= 1e6 || abs(value) < 1e-3) { return String(format: "%.4e", value) }
        return String(format: "%.4f", value)
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var html = "<table>\n<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func figure(_ svg: String, caption: String) -> String {
        let body = svg.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        return "<figure>\n\(body)<figcaption>\(escape(caption))</figcaption>\n</figure>\n"
    }
}
