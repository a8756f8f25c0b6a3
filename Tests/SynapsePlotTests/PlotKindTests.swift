// Every plot kind: parse its SVG as XML and check what it must contain.

import Foundation
import Testing
@testable import SynapsePlot

@Suite struct LinePlotTests {
    @Test func threeSeriesGiveThreePolylinesALegendAndTheDataRange() throws {
        let figure = Figure()
        let ax = figure.addAxes()
        let xs = (0...10).map(Double.init)
        ax.plot(x: xs, y: xs.map { $0 * $0 }, label: "square")
        ax.plot(x: xs, y: xs, color: "tomato", lineStyle: .dashed, label: "identity")
        ax.plot(x: xs, y: xs.map { -$0 }, marker: .circle, label: "negative")
        ax.title = "Lines"
        ax.setLabels(x: "x", y: "y")
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("line-series").count == 3)
        #expect(svg.descendants("polyline").count == 3)
        #expect(svg.texts("legend-label") == ["square", "identity", "negative"])
        #expect(svg.texts("title") == ["Lines"])
        #expect(svg.texts("xlabel") == ["x"] && svg.texts("ylabel") == ["y"])
        // x from 0 to 10 with 5% margins; y from -10 to 100 with 5% margins.
        let axes = try #require(svg.elements("axes").first)
        #expect(axes.numbers("data-xlim") == [-0.5, 10.5])
        #expect(axes.numbers("data-ylim") == [-15.5, 105.5])
        #expect(svg.texts("xtick-label") == ["0", "2", "4", "6", "8", "10"])
        #expect(svg.texts("ytick-label").contains("100"))
        // The dashed series is tomato and dashed.
        let dashed = svg.descendants("polyline")[1]
        #expect(dashed.string("stroke") == "#ff6347" && dashed.string("stroke-dasharray") != nil)
        // The third series has a circle per point.
        #expect(svg.descendants("circle", of: svg.elements("line-series")[2]).count == 11)
    }

    @Test func seriesWithoutColourTakeTheTab10Cycle() throws {
        let figure = Figure()
        let ax = figure.addAxes()
        for k in 0..<3 { ax.plot(y: [0, Double(k)]) }
        let strokes = try ParsedSVG(figure).descendants("polyline").map { $0.string("stroke") }
        #expect(strokes == ["#1f77b4", "#ff7f0e", "#2ca02c"])
    }

    @Test func aLegendOfFourLongEntriesStaysInsideTheAxes() throws {
        let figure = Figure(width: 420, height: 300)
        let ax = figure.addAxes()
        for k in 0..<4 { ax.plot(y: (0..<20).map { Double($0 * k) }, label: "validation accuracy of run \(k + 1)") }
        let svg = try ParsedSVG(figure)
        let plot = try #require(svg.elements("axes").first).numbers("data-plot")
        let frame = try #require(svg.elements("legend-frame").first)
        let (x, y, w, h) = (frame.number("x"), frame.number("y"), frame.number("width"), frame.number("height"))
        #expect(x >= plot[0] && y >= plot[1] && x + w <= plot[0] + plot[2] && y + h <= plot[1] + plot[3])
        #expect(svg.texts("legend-label").count == 4)
        for label in svg.elements("legend-label") {
            #expect(textBox(label).maxX <= x + w + 0.5, "legend label '\(label.stringValue ?? "")' overflows its box")
        }
        #expect(textsOutsideFigure(svg).isEmpty)
    }
}

@Suite struct ScatterTests {
    @Test func scatterDrawsOneMarkWithAlphaPerPoint() throws {
        let figure = Figure()
        figure.addAxes().scatter(x: [1, 2, 3, 4], y: [4, 3, 2, 1], color: "purple", alpha: 0.5)
        let svg = try ParsedSVG(figure)
        let circles = svg.descendants("circle", of: svg.elements("scatter-series")[0])
        #expect(circles.count == 4)
        #expect(circles.allSatisfy { $0.string("fill") == "#800080" && $0.string("fill-opacity") == "0.5" })
    }

    @Test func colouringByClassMakesOneSeriesAndLegendEntryPerClass() throws {
        let figure = Figure()
        let classes = ["a", "b", "a", "c", "b", "a"]
        figure.addAxes().scatter(x: [1, 2, 3, 4, 5, 6], y: [1, 2, 3, 4, 5, 6], classes: classes)
        let svg = try ParsedSVG(figure)
        let series = svg.elements("scatter-series")
        #expect(series.map { svg.descendants("circle", of: $0).count } == [3, 2, 1])
        #expect(svg.texts("legend-label") == ["a", "b", "c"])
    }
}

@Suite struct HistogramTests {
    @Test func binsBarsCountsAndAKDECurveScaledToCounts() throws {
        let figure = Figure()
        let ax = figure.addAxes()
        let values = (0..<200).map { Double($0 % 20) + Double($0) / 400 }
        let (edges, heights) = ax.histogram(values, bins: 10, kde: true, color: "skyblue")
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("hist-bar").count == 10)
        #expect(edges.count == 11 && heights.reduce(0, +) == 200)
        #expect(svg.elements("hist-bar").allSatisfy { $0.string("fill") == "#87ceeb" })
        #expect(svg.elements("kde").count == 1)
        let ylim = try #require(svg.elements("axes").first).numbers("data-ylim")
        #expect(ylim[0] == 0, "histograms rest on zero")
        #expect(svg.texts("ylabel") == ["Count"])
    }

    @Test func densityHistogramHasAreaOne() throws {
        let figure = Figure()
        let (edges, heights) = figure.addAxes().histogram([1, 2, 2, 3, 3, 3, 4], bins: 3, density: true)
        let width = edges[1] - edges[0]
        #expect(abs(heights.reduce(0, +) * width - 1) < 1e-12)
        #expect(try ParsedSVG(figure).texts("ylabel") == ["Density"])
    }
}

@Suite struct BoxAndBarTests {
    @Test func boxPlotGroupsByCategoryWithTukeyOutliers() throws {
        let figure = Figure()
        let values: [Double] = [1, 2, 3, 4, 5, 50, 10, 11, 12, 13, 14, 20, 21, 22]
        let categories = ["2", "2", "2", "2", "2", "2", "10", "10", "10", "10", "10", "3", "3", "3"]
        figure.addAxes().boxPlot(values: values, by: categories)
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("box").count == 3)
        #expect(svg.elements("box-body").count == 3 && svg.elements("median").count == 3)
        // Numeric category names sort as numbers.
        #expect(svg.texts("xtick-label") == ["2", "3", "10"])
        // Only 50 is an outlier (group "2": Q3 = 4.75, IQR = 2.5).
        #expect(svg.descendants("polygon", of: svg.elements("box")[0]).count == 1)
        #expect(svg.descendants("polygon", of: svg.elements("box")[2]).isEmpty)
    }

    @Test func barChartHasABarPerCategoryFromZero() throws {
        let figure = Figure()
        figure.addAxes().bar(categories: ["relu", "tanh", "sigmoid"], heights: [3, 5, 2], colors: ["limegreen", "gold", "salmon"])
        let svg = try ParsedSVG(figure)
        let bars = svg.elements("bar")
        #expect(bars.count == 3)
        #expect(bars.map { $0.string("fill") } == ["#32cd32", "#ffd700", "#fa8072"])
        #expect(svg.texts("xtick-label") == ["relu", "tanh", "sigmoid"])
        #expect(try #require(svg.elements("axes").first).numbers("data-ylim")[0] == 0)
        // Heights are proportional: bar 2 is 2.5 times bar 3.
        #expect(abs(bars[1].number("height") / bars[2].number("height") - 2.5) < 0.01)
    }
}

@Suite struct HeatMapTests {
    @Test func cellsAnnotationsAndColourBar() throws {
        let figure = Figure()
        let matrix: [[Double]] = [[1, 0.5, -0.25], [0.5, 1, 0], [-0.25, 0, 1]]
        figure.addAxes().heatMap(matrix, rowLabels: ["a", "b", "c"], columnLabels: ["a", "b", "c"],
                                 vmin: -1, vmax: 1, annotate: true)
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("cell").count == 9)
        #expect(svg.texts("annotation") == ["1.00", "0.50", "-0.25", "0.50", "1.00", "0.00", "-0.25", "0.00", "1.00"])
        #expect(svg.elements("colorbar").count == 1)
        #expect(svg.texts("colorbar-label") == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        // coolwarm: +1 is red, −0.25 bluish.
        let cells = svg.elements("cell")
        #expect(cells[0].string("fill") == Colormap.coolwarm.color(at: 1).hexString)
        #expect(cells[2].string("fill") == Colormap.coolwarm.color(at: 0.375).hexString)
        #expect(svg.texts("ytick-label") == ["a", "b", "c"])
    }

    @Test func longTickLabelsShrinkOrTurnAndStayInsideTheFigure() throws {
        let names = (0..<31).map { "worst fractal dimension of feature number \($0)" }
        let matrix = names.indices.map { i in names.indices.map { j in i == j ? 1.0 : 0.1 } }
        let figure = Figure.correlationHeatMap(matrix, labels: names, size: 700)
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("cell").count == 31 * 31)
        #expect(svg.elements("xtick-label").allSatisfy { $0.string("transform")?.hasPrefix("rotate(-90") == true })
        let outside = textsOutsideFigure(svg)
        #expect(outside.isEmpty, "texts outside the figure: \(outside.prefix(3))")
        // Annotations fit their cells.
        let cellWidth = try #require(svg.elements("cell").first).number("width")
        for annotation in svg.elements("annotation").prefix(40) {
            let box = textBox(annotation)
            #expect(box.maxX - box.minX <= cellWidth)
        }
    }

    @Test func confusionMatrixCountsPairsAndWritesThem() throws {
        let counts = Figure.confusionCounts(truth: [0, 0, 1, 1, 2, 2, 2], predicted: [0, 1, 1, 1, 2, 0, 2], classCount: 3)
        #expect(counts == [[1, 1, 0], [0, 2, 0], [1, 0, 2]])
        let svg = try ParsedSVG(Figure.confusionMatrix(counts, classNames: ["cat", "dog", "bird"]))
        #expect(svg.elements("cell").count == 9)
        #expect(svg.texts("annotation") == ["1", "1", "0", "0", "2", "0", "1", "0", "2"])
        #expect(svg.texts("xlabel") == ["Predicted label"] && svg.texts("ylabel") == ["True label"])
        #expect(svg.texts("xtick-label") == ["cat", "dog", "bird"])
        // The largest count is the darkest blue.
        #expect(svg.elements("cell")[4].string("fill") == Colormap.blues.color(at: 1).hexString)
    }
}

@Suite struct ImageTests {
    @Test func greyImageFillsAnEqualAspectAxesWithAxisOff() throws {
        let figure = Figure(width: 300, height: 200)
        let ax = figure.addAxes()
        try ax.image(Tensor(shape: [2, 3], scalars: [0, 1, 1, 0.5, 0.5, 0]))
        ax.axisOff()
        let svg = try ParsedSVG(figure)
        let image = try #require(svg.elements("image").first)
        #expect(image.string("data-size") == "3x2")
        // Runs of equal colour merge: row 0 = black, white white; row 1 = grey grey, black.
        let rects = svg.descendants("rect", of: image)
        #expect(rects.map { $0.string("fill") } == ["#000000", "#ffffff", "#808080", "#000000"])
        #expect(abs(rects[1].number("width") - 2 * rects[0].number("width")) < 0.02)
        #expect(svg.elements("xtick-label").isEmpty && svg.elements("spines").isEmpty)
    }

    @Test func rgbTensorsUseTheirChannelsAndBadShapesThrow() throws {
        let ax = Figure().addAxes()
        try ax.image(Tensor(shape: [1, 1, 3], scalars: [255, 0, 0]))
        var svg = SVGWriter()
        ax.elements[0].draw(into: &svg, transform: AxisTransform(plot: Rect(x: 0, y: 0, width: 10, height: 10),
                                                                  xRange: (-0.5, 0.5), yRange: (-0.5, 0.5), yInverted: true))
        #expect(svg.markup.contains("#ff0000"))
        #expect(throws: SynapseError.self) { try ax.image(Tensor(shape: [2, 2, 2], scalars: Array(repeating: 0, count: 8))) }
    }

    @Test func imageGridHasAnImageAndCaptionPerTensor() throws {
        let images = (0..<5).map { k in Tensor(shape: [4, 4, 1], scalars: (0..<16).map { Float(($0 + k) % 3) }) }
        let svg = try ParsedSVG(try Figure.imageGrid(images, captions: (0..<5).map { "label: \($0)" }, columns: 3))
        #expect(svg.elements("image").count == 5)
        #expect(svg.texts("title") == ["label: 0", "label: 1", "label: 2", "label: 3", "label: 4"])
        #expect(svg.elements("axes").count == 6)
        #expect(svg.elements("xtick-label").isEmpty)
    }
}

@Suite struct PairPlotTests {
    @Test func gridOfScattersWithDistributionsOnTheDiagonal() throws {
        let a: [Double] = [1, 2, 3, 4, 5, 6], b: [Double] = [2, 1, 4, 3, 6, 5], c: [Double] = [5, 3, 1, 6, 2, 4]
        let classes = ["0", "1", "0", "1", "0", "1"]
        let figure = Figure.pairPlot([("a", a), ("b", b), ("c", c)], classes: classes, classTitle: "label")
        let svg = try ParsedSVG(figure)
        #expect(svg.elements("axes").count == 9)
        #expect(svg.elements("scatter-series").count == 6 * 2)
        #expect(svg.elements("hist-bars").count == 3 * 2)
        #expect(svg.texts("xlabel") == ["a", "b", "c"] && svg.texts("ylabel") == ["a", "b", "c"])
        #expect(svg.texts("legend-label") == ["0", "1"])
        #expect(textsOutsideFigure(svg).isEmpty)
        let kdeFigure = Figure.pairPlot([("a", a), ("b", b)], classes: classes, diagonal: .kde)
        #expect(try ParsedSVG(kdeFigure).elements("kde").count == 2 * 2)
    }
}
