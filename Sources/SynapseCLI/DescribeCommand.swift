// `synapse describe FILE.csv`: what the notebooks show first about a data set — info(),
// describe(), missing values per column — plus the correlation heat map and a histogram of
// every numeric column as figures. With --json the last line holds the statistics with
// Pandas's definitions (sample std, linearly interpolated quantiles, Pearson r over the
// pairwise-complete rows), NaN as null and ±inf as the strings "Infinity" / "-Infinity":
//   {"columns": {NAME: {"count", "mean", "std", "min", "25%", "50%", "75%", "max", "missing"}},
//    "corr": {NAME: {NAME: r}}}
// The file is read with Pandas's read_csv rules and the options of CSVOptions (--sep, ...).
// Wide files stay bounded: the figures show the first 30 numeric columns (and say so), the
// correlation matrix is computed for at most 300 numeric columns (written in full to
// correlation.csv), beyond which it is left out with a note.

import ArgumentParser
import Foundation
import Synapse
import SynapseExamples

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Describe a CSV file: info, statistics, missing values, correlation and histograms."
    )

    @Argument(help: "The CSV file.")
    var file: String

    @Option(help: "The folder for the figures.")
    var out = "synapse-describe"

    @Flag(help: "Print the statistics as one JSON object on the last line.")
    var json = false

    @OptionGroup(title: "Reading the CSV (pandas.read_csv's options)")
    var csv: CSVOptions

    /// The most numeric columns the figures show.
    static let figureColumns = 30
    /// The most numeric columns whose correlation matrix is computed (its cost grows as the square).
    static let correlationColumns = 300

    func run() throws {
        let frame = try DataFrame(csvFile: file, options: try csv.readOptions())
        print("\(file): \(frame.rowCount) rows, \(frame.columns.count) columns\n")
        look(at: frame)

        let numeric = frame.numericColumns()
        let shown = Array(numeric.columns.prefix(Self.figureColumns))
        let corr = numeric.columns.count <= Self.correlationColumns ? frame.corr() : nil
        if numeric.columns.count > Self.figureColumns {
            print("the figures show the first \(Self.figureColumns) of the \(numeric.columns.count) numeric columns")
        }
        if corr == nil {
            print("the correlation matrix is left out: \(numeric.columns.count) numeric columns (at most \(Self.correlationColumns))")
        }
        let report = try OutputTransaction.run(out: out, inputs: [file]) { staging -> String in
            let folder = try RunFolder(staging, title: "synapse describe — \(URL(fileURLWithPath: file).lastPathComponent)")
            folder.report.dataDescription = describeTable(frame)
            if !shown.isEmpty {
                if let corr {
                    let matrix = try shown.map { name in try shown.map { try corr.numbers(name)[corr.columns.firstIndex(of: $0)!] } }
                    try folder.save(Figure.correlationHeatMap(matrix, labels: shown, annotate: shown.count <= 20),
                                    as: "correlation", caption: "Correlation (Pearson) of the numeric columns"
                                        + (shown.count < numeric.columns.count ? " (the first \(shown.count) of \(numeric.columns.count); all of them in correlation.csv)" : ""))
                    try corr.writeCSV(to: folder.path("correlation.csv"))
                }
                let perRow = min(4, shown.count)
                let rows = (shown.count + perRow - 1) / perRow
                let histograms = Figure(width: Double(perRow) * 300, height: Double(rows) * 240)
                for (ax, name) in zip(histograms.subplots(rows: rows, columns: perRow), shown) {
                    ax.histogram(try numeric.numbers(name).filter { !$0.isNaN }, bins: 30, kde: true)
                    ax.title = name.count > 40 ? String(name.prefix(39)) + "…" : name
                }
                try folder.save(histograms, as: "histograms", caption: "Histogram with KDE of each numeric column"
                                    + (shown.count < numeric.columns.count ? " (the first \(shown.count) of \(numeric.columns.count))" : ""))
            }
            return RunFolder.shown(try folder.writeReport())
        }
        print("figures and report in \(out) (\(report))")

        if json {
            let described = frame.describe()
            let statistics = described.index ?? []
            let missing = Dictionary(frame.missingCounts().map { ($0.column, $0.count) }, uniquingKeysWith: { first, _ in first })
            var columns: [String: Any] = [:]
            for name in described.columns {
                var entry: [String: Any] = ["missing": missing[name] ?? 0]
                for (statistic, value) in zip(statistics, try described.numbers(name)) { entry[statistic] = value }
                columns[name] = entry
            }
            var correlations: [String: Any] = [:]
            for name in corr?.columns ?? [] {
                guard let corr else { break }
                correlations[name] = Dictionary(zip(corr.columns, try corr.numbers(name)).map { ($0.0, $0.1 as Any) },
                                                uniquingKeysWith: { first, _ in first })
            }
            print(JSONLine.text(["columns": columns, "corr": correlations]))
        }
    }
}
