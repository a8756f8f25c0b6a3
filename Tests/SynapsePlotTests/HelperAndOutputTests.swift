// One-call helpers, the HTML report, and file output.

import Foundation
import Testing
@testable import SynapsePlot

@Suite struct HelperTests {
    @Test func historyPutsLossAndAccuracySideBySideWithValidationCurves() throws {
        let history: [String: [Double]] = ["accuracy": [0.5, 0.7, 0.8], "loss": [0.9, 0.5, 0.3],
                                           "val_loss": [1.0, 0.6, 0.4], "val_accuracy": [0.4, 0.6, 0.7]]
        let svg = try ParsedSVG(Figure.trainingHistory(history))
        #expect(svg.elements("axes").count == 2)
        #expect(svg.texts("title") == ["Loss", "Accuracy"])
        #expect(svg.texts("legend-label") == ["loss", "val_loss", "accuracy", "val_accuracy"])
        #expect(svg.elements("line-series").count == 4)
        // Epochs are numbered from 1.
        let xlim = try #require(svg.elements("axes").first).numbers("data-xlim")
        #expect(xlim == [0.9, 3.1])
    }

    @Test func correlationMatrixIsPearson() {
        let r = Figure.correlationMatrix([[1, 2, 3, 4], [2, 4, 6, 8], [4, 3, 2, 1], [1, 1, 1, 1]])
        #expect(abs(r[0][1] - 1) < 1e-12 && abs(r[0][2] + 1) < 1e-12 && abs(r[1][1] - 1) < 1e-12)
        #expect(r[0][3].isNaN)
        let svg = try? ParsedSVG(Figure.correlationHeatMap(r, labels: ["a", "b", "c", "d"]))
        #expect(svg?.elements("cell").count == 16)
        #expect(svg?.texts("annotation").filter { $0.isEmpty }.count == 7, "NaN cells carry no number")
    }

    @Test func actualVsPredictedHasThePerfectPredictionLine() throws {
        let svg = try ParsedSVG(Figure.actualVsPredicted(actual: [1, 2, 3, 10], predicted: [1.5, 2, 2.5, 9]))
        let line = try #require(svg.descendants("polyline", of: svg.elements("reference-line")[0]).first)
        #expect(line.string("stroke") == "#ff0000")
        #expect(svg.descendants("circle").count >= 4)
        #expect(svg.texts("legend-label") == ["predictions", "perfect prediction"])
    }

    @Test func errorHistogramAndForecast() throws {
        let errors = try ParsedSVG(Figure.errorHistogram(actual: [1, 2, 3, 4, 5, 6], predicted: [1.1, 1.8, 3.3, 4, 4.6, 6.2], bins: 4))
        #expect(errors.elements("hist-bar").count == 4 && errors.elements("kde").count == 1)
        let forecast = try ParsedSVG(Figure.forecast(history: [0, 1, 2, 3], truth: [4, 5], forecast: [4.2, 4.9]))
        #expect(forecast.texts("legend-label") == ["series", "truth", "forecast"])
        #expect(try #require(forecast.elements("axes").first).numbers("data-xlim") == [-0.25, 5.25])
    }

    @Test func activationDerivativesMatchFiniteDifferences() {
        for activation in ActivationCurve.standard {
            for x in [-2.3, -0.7, 0.4, 1.9] {
                let h = 1e-6
                let numeric = (activation.function(x + h) - activation.function(x - h)) / (2 * h)
                #expect(abs(numeric - activation.derivative(x)) < 1e-5, "\(activation.name) at \(x)")
            }
        }
        #expect(ActivationCurve.sigmoid.function(0) == 0.5)
    }

    @Test func activationFigureHasAnAxesPerFunctionWithBothCurves() throws {
        let svg = try ParsedSVG(Figure.activationFunctions([.sigmoid, .tanh, .relu, .leakyRelu()], columns: 2))
        #expect(svg.elements("axes").count == 4)
        #expect(svg.elements("line-series").count == 8)
        #expect(svg.texts("title") == ["sigmoid", "tanh", "relu", "leaky relu (α = 0.2)"])
        #expect(textsOutsideFigure(svg).isEmpty)
    }
}

@Suite struct OutputTests {
    @Test func textIsEscapedAndTheSVGIsValidXML() throws {
        let figure = Figure()
        let ax = figure.addAxes()
        ax.plot(y: [1, 2], label: "a < b & \"c\"")
        ax.title = "<script>alert('x')</script>"
        let svg = figure.svg()
        #expect(!svg.contains("<script>"))
        let parsed = try ParsedSVG(svg)
        #expect(parsed.texts("title") == ["<script>alert('x')</script>"])
        #expect(parsed.texts("legend-label") == ["a < b & \"c\""])
        #expect(svg.contains("font-family=\"DejaVu Sans, Arial, Helvetica, sans-serif\""))
    }

    @Test func writeSVGIsAtomicAndLeavesNoTemporaryFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let figure = Figure()
        figure.addAxes().plot(y: [1, 3, 2])
        let path = directory.appendingPathComponent("figure.svg").path
        try figure.write(to: path)
        try figure.write(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["figure.svg"])
        _ = try ParsedSVG(String(contentsOfFile: path, encoding: .utf8))
        #expect(throws: SynapseError.self) { try figure.write(to: directory.appendingPathComponent("figure.gif").path) }
        #expect(throws: SynapseError.self) { try figure.writeSVG(to: "/nonexistent-directory/figure.svg") }
    }

    @Test func pngUsesRsvgConvertOrSaysHowToInstallIt() throws {
        let directory = FileManager.default.temporaryDirectory
        let path = directory.appendingPathComponent("synapse-plot-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let figure = Figure(width: 100, height: 80)
        figure.addAxes().plot(y: [1, 2])
        if PNGRenderer.isAvailable {
            try figure.writePNG(to: path)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        } else {
            do {
                try figure.writePNG(to: path)
                Issue.record("writePNG succeeded without rsvg-convert")
            } catch let error as SynapseError {
                #expect(error.description.contains("librsvg2-bin"))
            }
        }
    }

    @Test func reportHasEverySectionEscapedAndSelfContained() throws {
        var report = HTMLReport(title: "Run <1> & co")
        report.modelSummary = "Layer (type)  Output <Shape>\ndense (Dense)  (None, 4)"
        report.dataDescription = (["", "price"], [["mean", "498.7"], ["<b>max</b>", "700"]])
        report.history = ["loss": [1, 0.5], "val_loss": [1.2, 0.7]]
        report.metrics = [("test loss", 0.25)]
        let figure = Figure()
        figure.addAxes().plot(y: [1, 2, 3])
        report.addFigure(figure, caption: "A line & more")
        let html = report.html()
        for section in ["id=\"model\"", "id=\"data\"", "id=\"history\"", "id=\"metrics\"", "id=\"figures\""] {
            #expect(html.contains(section), "missing \(section)")
        }
        #expect(html.contains("<title>Run &lt;1&gt; &amp; co</title>"))
        #expect(html.contains("Output &lt;Shape&gt;") && html.contains("&lt;b&gt;max&lt;/b&gt;"))
        #expect(html.contains("<td>test loss</td><td>0.2500</td>"))
        #expect(html.contains("<td>2</td><td>0.5000</td><td>0.7000</td>"))
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<?xml"))
        // Inlined SVGs never share a clip-path id.
        let ids = html.components(separatedBy: "<clipPath id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(ids.count >= 2 && Set(ids).count == ids.count, "clip ids: \(ids)")
    }
}
