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

    /// The seed's time-series steps: read with a date index, slice, resample, plot over dates.
    @Test func aDatedSeriesIsReadSlicedResampledAndPlotted() throws {
        var text = "DATE,Production\n"
        for month in 0..<48 { text += String(format: "%04d-%02d-01,%d\n", 1995 + month / 12, month % 12 + 1, 60 + month) }
        let frame = try DataFrame(csvText: text, name: "elec.csv", options: CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"]))
        #expect(try frame.checkRegular() == .month)
        let recent = try frame.rows(from: "1997-07", to: "1998")
        #expect(recent.rowCount == 18)
        let yearly = try frame.resampled(.year, aggregation: .mean)
        #expect(try yearly.numbers("Production") == [65.5, 77.5, 89.5, 101.5])
        let figure = Figure(width: 640, height: 300)
        let axes = figure.addAxes()
        try axes.plot(frame, column: "Production")
        try axes.plot(yearly, column: "Production", marker: .circle, label: "yearly mean")
        #expect(axes.xIsDate && axes.xLabel == "DATE")
        #expect(axes.legendEntries.map(\.label) == ["Production", "yearly mean"])
        let svg = figure.svg()
        for month in ["1996-01", "1997-01", "1998-01"] { #expect(svg.contains(">\(month)</text>"), "a tick labelled \(month)") }
        #expect(throws: SynapseError.self) { try axes.plot(frame, column: "price") }
    }
}
