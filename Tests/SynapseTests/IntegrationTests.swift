import Foundation
import Testing
import Synapse

/// The modules working together, as a user of `import Synapse` sees them.
@Suite struct IntegrationTests {
    /// Keras's TimeseriesGenerator feeds fit directly: a linear model learns to predict the next
    /// value of a ramp from the two before it.
    @Test func timeseriesWindowsFeedFit() throws {
        let series = Tensor.linspace(0, 1, count: 40).reshaped(to: [40, 1])
        let windows = try TimeseriesGenerator(data: series, targets: series, length: 2, batchSize: 8)
        let model = Sequential(seed: 1) {
            Input(shape: [2, 1])
            Flatten()
            Dense(1)
        }
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "mse")
        let history = try model.fit(windows, epochs: 60, verbose: 0)
        let losses = history.history["loss"]!
        #expect(losses.last! < losses.first! / 10)
        #expect(losses.last! < 1e-3)
    }

    /// The seed's time-series steps, as docs/DATA.md's "Dated series" shows them: read with a
    /// date index, check, slice, resample, plot over the dates (on a generated monthly series).
    @Test func aDatedSeriesIsReadSlicedResampledAndPlotted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-dated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "DATE,Production\n"
        for month in 0..<48 { text += String(format: "%04d-%02d-01,%d\n", 2009 + month / 12, month % 12 + 1, 60 + month) }
        let path = folder.appendingPathComponent("elec_equip.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let elec = try DataFrame(csvFile: path, options: CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"]))
        #expect(elec.head().description.hasPrefix("            Production\nDATE                  \n2009-01-01          60"))
        #expect(elec.inferredFrequency == .month)
        #expect(try elec.checkRegular() == .month)
        let recent = try elec.rows(from: "2010-01", to: "2012")
        #expect(recent.rowCount == 36)
        #expect(try elec.rows(year: 2010).numbers("Production") == (72...83).map(Double.init))
        let yearly = try elec.resampled(.year, aggregation: .mean)
        #expect(try yearly.numbers("Production") == [65.5, 77.5, 89.5, 101.5])
        let quarterStarts = try elec.resampled(.quarter, aggregation: .sum, label: .start)
        #expect(try quarterStarts.numbers("Production").prefix(2) == [183, 192])

        let figure = Figure(width: 800, height: 320)
        let axes = figure.addAxes()
        try axes.plot(elec, column: "Production")
        try axes.plot(yearly, column: "Production", marker: .circle, label: "yearly mean")
        #expect(axes.xIsDate && axes.xLabel == "DATE")
        #expect(axes.legendEntries.map(\.label) == ["Production", "yearly mean"])
        try figure.writeSVG(to: folder.appendingPathComponent("elec.svg").path)
        let svg = try String(contentsOfFile: folder.appendingPathComponent("elec.svg").path, encoding: .utf8)
        for month in ["2010-01", "2011-01", "2012-01"] { #expect(svg.contains(">\(month)</text>"), "a tick labelled \(month)") }
        #expect(throws: SynapseError.self) { try axes.plot(elec, column: "price") }
    }
}
