// Heat maps (seaborn's heatmap): one coloured cell per matrix entry, row 0 at the top, column and
// row names as tick labels, values written in the cells when `annotate` is on (black or white,
// whichever contrasts with the cell; the font shrinks to the cell width), and a colour bar.

import Foundation

/// A matrix of coloured cells at integer coordinates: column j spans [j − 0.5, j + 0.5].
struct HeatMapCells: PlotElement {
    var values: [[Double]]
    var colormap: Colormap
    var vmin: Double
    var vmax: Double
    var annotations: [[String]]?

    var bounds: DataBounds? {
        let columns = values.map(\.count).max() ?? 0
        return DataBounds(xMin: -0.5, xMax: Double(columns) - 0.5, yMin: -0.5, yMax: Double(values.count) - 0.5, tight: true)
    }
    var legendEntries: [LegendEntry] { [] }
    var avoidPoints: [(Double, Double)] { [] }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        let cellWidth = transform.xScale, cellHeight = transform.yScale
        svg.group([("class", "heatmap"), ("shape-rendering", "crispEdges")]) { svg in
            for (i, row) in values.enumerated() {
                for (j, value) in row.enumerated() {
                    let x = transform.x(Double(j) - 0.5), y = transform.y(Double(i) - 0.5)
                    svg.rect(x: x, y: y, width: cellWidth, height: cellHeight,
                             fill: colormap.color(for: value, vmin: vmin, vmax: vmax), cssClass: "cell")
                }
            }
        }
        guard let annotations else { return }
        // At most 12 px, and small enough that the widest text takes 90% of a cell's width and
        // its line 70% of the cell's height; too small to read means no annotations.
        let widest = annotations.joined().map { TextMetrics.width($0, fontSize: 1) }.max() ?? 0
        var annotationFont = min(12, 0.7 * cellHeight / 1.17)
        if widest > 0 { annotationFont = min(annotationFont, 0.9 * cellWidth / widest) }
        guard annotationFont >= FigureFonts.minimum else { return }
        svg.group([("class", "annotations")]) { svg in
            for (i, row) in annotations.enumerated() {
                for (j, text) in row.enumerated() where j < values[i].count {
                    let fill = colormap.color(for: values[i][j], vmin: vmin, vmax: vmax)
                    svg.text(text, x: transform.x(Double(j)), y: transform.y(Double(i)), fontSize: annotationFont,
                             anchor: .middle, centeredVertically: true, color: fill.contrastingText, cssClass: "annotation")
                }
            }
        }
    }
}

extension Axes {
    /// A heat map of `matrix` (rows top to bottom), with a colour bar.
    /// - Parameters:
    ///   - rowLabels, columnLabels: tick labels; long ones shrink or turn 90° to stay inside the figure.
    ///   - colormap: 'coolwarm' for correlations, 'Blues' for counts...
    ///   - vmin, vmax: the colour scale's ends; nil for the data's minimum and maximum.
    ///   - annotate: write each value in its cell with `decimals` decimals.
    public func heatMap(_ matrix: [[Double]], rowLabels: [String]? = nil, columnLabels: [String]? = nil,
                        colormap: Colormap = .coolwarm, vmin: Double? = nil, vmax: Double? = nil,
                        annotate: Bool = false, decimals: Int = 2, showsColorBar: Bool = true,
                        colorBarLabel: String? = nil) {
        let finite = matrix.joined().filter(\.isFinite)
        let low = vmin ?? finite.min() ?? 0, high = vmax ?? finite.max() ?? 1
        let texts = annotate ? matrix.map { $0.map { $0.isFinite ? Ticks.format($0, decimals: decimals) : "" } } : nil
        heatMap(matrix, annotations: texts, rowLabels: rowLabels, columnLabels: columnLabels, colormap: colormap,
                vmin: low, vmax: high, showsColorBar: showsColorBar, colorBarLabel: colorBarLabel)
    }

    /// The heat map with annotation texts already written (e.g. integer counts).
    func heatMap(_ matrix: [[Double]], annotations: [[String]]?, rowLabels: [String]?, columnLabels: [String]?,
                 colormap: Colormap, vmin: Double, vmax: Double, showsColorBar: Bool, colorBarLabel: String?) {
        let columns = matrix.map(\.count).max() ?? 0
        xCategories = columnLabels ?? (0..<columns).map(String.init)
        yCategories = rowLabels ?? matrix.indices.map(String.init)
        yInverted = true
        showsGrid = false
        showsLegend = false
        if showsColorBar { colorBar = ColorBarSpec(colormap: colormap, vmin: vmin, vmax: vmax, label: colorBarLabel) }
        add(HeatMapCells(values: matrix, colormap: colormap, vmin: vmin, vmax: vmax, annotations: annotations))
    }
}
