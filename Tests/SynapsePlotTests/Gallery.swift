// The gallery: every plot kind, and the figures of workflows 1 (fake_reg), 3 (breast cancer)
// and of the monthly series (elec_equip, co2_monthly) over their dates, on the real CSVs, written to
// $SYNAPSE_PLOT_GALLERY (e.g. /tmp/plots) as SVG and, when rsvg-convert is installed, PNG — to be
// looked at by eye. Skipped unless the variable is set:
//   SYNAPSE_PLOT_GALLERY=/tmp/plots swift test --filter SynapsePlotTests.gallery

import Foundation
import Testing
@testable import SynapsePlot

private let galleryDirectory = ProcessInfo.processInfo.environment["SYNAPSE_PLOT_GALLERY"]
private let sharedData = "/work/shared/data"

/// A minimal CSV reader for the gallery only (numeric columns, no quoting): the DataFrame
/// belongs to SynapseData.
private func readNumericCSV(_ path: String) throws -> (names: [String], columns: [[Double]]) {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    let names = lines.removeFirst().split(separator: ",").map(String.init)
    var columns = Array(repeating: [Double](), count: names.count)
    for line in lines {
        for (index, field) in line.split(separator: ",", omittingEmptySubsequences: false).enumerated() where index < names.count {
            columns[index].append(Double(field) ?? .nan)
        }
    }
    return (names, columns)
}

/// A small deterministic generator (SplitMix64) so the gallery is the same every run.
private struct SplitMix {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        (-2 * log(max(next(), 1e-300))).squareRoot() * cos(2 * .pi * next())
    }
}

private func save(_ figure: Figure, _ name: String) throws {
    guard let directory = galleryDirectory else { return }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try figure.writeSVG(to: "\(directory)/\(name).svg")
    if PNGRenderer.isAvailable { try figure.writePNG(to: "\(directory)/\(name).png") }
}

@Test(.enabled(if: galleryDirectory != nil)) func gallery() throws {
    var random = SplitMix(state: 42)

    // Line plot: several series, styles and markers, a legend of four entries.
    let lines = Figure()
    let ax = lines.addAxes()
    let xs = (0...50).map { Double($0) / 5 }
    ax.plot(x: xs, y: xs.map { sin($0) }, label: "sin(x)")
    ax.plot(x: xs, y: xs.map { cos($0) }, lineStyle: .dashed, label: "cos(x)")
    ax.plot(x: xs, y: xs.map { 0.5 * sin(2 * $0) }, lineStyle: .dotted, label: "½ sin(2x)")
    ax.plot(x: xs.enumerated().filter { $0.offset % 5 == 0 }.map(\.element),
            y: xs.enumerated().filter { $0.offset % 5 == 0 }.map { 0.1 * $0.element - 0.5 },
            color: "k", lineStyle: .dashDot, marker: .square, label: "a straight line with a long name")
    ax.title = "Line plot"
    ax.setLabels(x: "x", y: "y")
    try save(lines, "line")

    // Scatter coloured by class.
    let scatter = Figure()
    let classes = (0..<300).map { ["setosa", "versicolor", "virginica"][$0 % 3] }
    let sx = classes.indices.map { Double($0 % 3) * 2 + random.normal() }
    let sy = classes.indices.map { sx[$0] * 0.5 + random.normal() }
    let sax = scatter.addAxes()
    sax.scatter(x: sx, y: sy, classes: classes, alpha: 0.6)
    sax.title = "Scatter by class"
    sax.setLabels(x: "feature 1", y: "feature 2")
    try save(scatter, "scatter")

    // Histogram with KDE, density histogram, bar, box plot.
    let four = Figure(width: 900, height: 700)
    let grid = four.subplots(rows: 2, columns: 2)
    let samples = (0..<1000).map { _ in 500 + 100 * random.normal() }
    grid[0].histogram(samples, bins: 30, kde: true, color: "skyblue", label: "price")
    grid[0].title = "Histogram with KDE"
    grid[1].histogram(samples, bins: 20, density: true, color: "salmon")
    grid[1].kde(samples, color: "tomato", label: "kde")
    grid[1].title = "Density histogram and KDE"
    grid[2].bar(categories: ["relu", "sigmoid", "tanh", "leaky relu"], heights: [0.91, 0.85, 0.88, 0.92],
                colors: ["limegreen", "gold", "purple", "orange"])
    grid[2].title = "Bar"
    let bedrooms = (0..<400).map { String(1 + $0 % 5) }
    let prices = bedrooms.map { Double($0)! * 100 + 60 * random.normal() + ($0 == "3" && random.next() < 0.05 ? 400 : 0) }
    grid[3].boxPlot(values: prices, by: bedrooms)
    grid[3].title = "Box plot by bedrooms"
    grid[3].setLabels(x: "bedrooms", y: "price")
    try save(four, "hist-bar-box")

    // Image and image grid from synthetic digits.
    let digit = Tensor(shape: [28, 28], scalars: (0..<784).map { i in
        let r = Double(i / 28) - 13.5, c = Double(i % 28) - 13.5
        return Float(max(0, 1 - abs((r * r + c * c).squareRoot() - 8) / 3))
    })
    let single = Figure(width: 300, height: 320)
    let iax = single.addAxes()
    try iax.image(digit)
    iax.axisOff()
    iax.title = "label: 0"
    try save(single, "image")
    let rgb = Tensor(shape: [32, 32, 3], scalars: (0..<(32 * 32 * 3)).map { i in
        let pixel = i / 3, channel = i % 3
        return Float([Double(pixel % 32) / 31, Double(pixel / 32) / 31, 0.5][channel])
    })
    try save(try Figure.imageGrid([digit, rgb, digit, rgb, digit, rgb, digit],
                                  captions: ["zero", "gradient", "zero", "gradient", "zero", "gradient", "a long caption here"],
                                  columns: 4), "image-grid")

    // Confusion matrix, activations, history, forecast.
    let truth = (0..<500).map { $0 % 10 }
    let predicted = truth.map { random.next() < 0.85 ? $0 : Int(random.next() * 10) }
    try save(Figure.confusionMatrix(truth: truth, predicted: predicted, classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]), "confusion")
    try save(Figure.activationFunctions(), "activations")
    let epochs = 25
    let history: [String: [Double]] = [
        "loss": (0..<epochs).map { (e: Int) -> Double in 0.9 * exp(-Double(e) / 6) + 0.05 },
        "val_loss": (0..<epochs).map { (e: Int) -> Double in 0.9 * exp(-Double(e) / 7) + 0.08 + 0.002 * Double(e) },
        "accuracy": (0..<epochs).map { (e: Int) -> Double in 0.99 - 0.5 * exp(-Double(e) / 5) },
        "val_accuracy": (0..<epochs).map { (e: Int) -> Double in 0.975 - 0.5 * exp(-Double(e) / 5) },
    ]
    try save(Figure.trainingHistory(history), "history")
    let series = (0..<451).map { sin(Double($0) * 0.1) }
    let future = (451..<501).map { sin(Double($0) * 0.1) }
    try save(Figure.forecast(history: series, truth: future, forecast: future.map { $0 * 0.9 + 0.05 }), "forecast")

    // Workflow 1: fake_reg.
    let reg = try readNumericCSV("\(sharedData)/fake_reg.csv")
    let price = reg.columns[0], feature1 = reg.columns[1], feature2 = reg.columns[2]
    let priceHistogram = Figure()
    priceHistogram.addAxes().histogram(price, bins: 30, kde: true, label: "price")
    priceHistogram.axes[0].xLabel = "price"
    try save(priceHistogram, "w1-price-histogram")
    let scatterReg = Figure()
    scatterReg.addAxes().scatter(x: feature1, y: price, alpha: 0.5)
    scatterReg.axes[0].setLabels(x: "feature1", y: "price")
    try save(scatterReg, "w1-feature1-vs-price")
    let boxReg = Figure()
    boxReg.addAxes().boxPlot(groups: [("feature1", feature1), ("feature2", feature2)])
    try save(boxReg, "w1-box")
    try save(Figure.pairPlot(zip(reg.names, reg.columns).map { ($0, $1) }), "w1-pairplot")
    try save(Figure.correlationHeatMap(Figure.correlationMatrix(reg.columns), labels: reg.names), "w1-correlation")
    let fakePrediction = price.map { $0 + 5 * random.normal() }
    try save(Figure.actualVsPredicted(actual: price, predicted: fakePrediction), "w1-actual-vs-predicted")
    try save(Figure.errorHistogram(actual: price, predicted: fakePrediction), "w1-errors")

    // Workflow 3: breast cancer.
    let cancer = try readNumericCSV("\(sharedData)/breast_cancer.csv")
    let label = cancer.columns.last!.map { $0 == 1 ? "1" : "0" }
    let four30 = [0, 1, 2, 3].map { (cancer.names[$0], cancer.columns[$0]) }
    try save(Figure.pairPlot(four30, classes: label, classTitle: "benign_0__mal_1", diagonal: .kde), "w3-pairplot")
    try save(Figure.correlationHeatMap(Figure.correlationMatrix(cancer.columns), labels: cancer.names), "w3-correlation")
    let featureHistograms = Figure(width: 1000, height: 700)
    for (ax, index) in zip(featureHistograms.subplots(rows: 2, columns: 3), [0, 1, 2, 3, 4, 20]) {
        ax.histogram(cancer.columns[index], bins: 30, kde: true)
        ax.xLabel = cancer.names[index]
    }
    try save(featureHistograms, "w3-feature-histograms")
    let cancerBox = Figure()
    cancerBox.addAxes().boxPlot(values: cancer.columns[0], by: label)
    cancerBox.axes[0].setLabels(x: "benign_0__mal_1", y: "mean radius")
    try save(cancerBox, "w3-box")

    // The monthly series elec_equip and co2_monthly over their dates (DATE is YYYY-MM-DD).
    for (file, column) in [("elec_equip", "Production"), ("co2_monthly", "co2")] {
        let text = try String(contentsOfFile: "\(sharedData)/\(file).csv", encoding: .utf8)
        let rows = text.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",") }
        let dates = rows.map { row in
            let ymd = row[0].split(separator: "-").compactMap { Int($0) }
            return CalendarDate(year: ymd[0], month: ymd[1], day: ymd[2]).date
        }
        let dated = Figure(width: 800, height: 320)
        let axes = dated.addAxes()
        axes.plot(dates: dates, y: rows.map { Double($0[1]) ?? .nan }, label: column)
        axes.setLabels(x: "DATE", y: column)
        try save(dated, "dates-\(file)")
        let recent = Figure(width: 800, height: 320)
        recent.addAxes().plot(dates: Array(dates.suffix(30)), y: rows.suffix(30).map { Double($0[1]) ?? .nan }, marker: .circle)
        try save(recent, "dates-\(file)-last-30")
    }

    // The report.
    var report = HTMLReport(title: "Gallery report <&>")
    report.modelSummary = "Model: \"sequential\"\nLayer (type)   Output Shape   Param #\ndense (Dense)  (None, 4)      12"
    report.dataDescription = (["", "price", "feature1"], [["count", "1000", "1000"], ["mean", "498.67", "1000.01"]])
    report.history = history
    report.metrics = [("test loss", 0.0812), ("test accuracy", 0.975)]
    report.addFigure(priceHistogram, caption: "Price")
    report.addFigure(scatterReg, caption: "feature1 vs price")
    if let directory = galleryDirectory { try report.write(to: "\(directory)/report.html") }
}
