// Layout and drawing of one axes inside its cell of the figure.
//
// Layout works outwards-in: the cell is the space the figure gives the axes; the margins hold
// the title, the axis labels, the tick labels and a colour bar; what is left is the plot area.
// Every text is measured (TextMetrics) before the margins are fixed, so nothing is clipped:
// x tick labels that collide are turned 90°, and category labels too long for their share of
// the cell (35%) shrink, then are cut with "…". Layout runs twice, because the tick-label
// fonts depend on the plot size, which depends on the margins.

import Foundation

struct FigureFonts {
    var tick = 11.0
    var label = 12.0
    var title = 13.5
    var legend = 11.0
    static let minimum = 5.0
}

/// Everything decided before drawing.
private struct AxesLayout {
    var plot: Rect
    var xRange: (lower: Double, upper: Double)
    var yRange: (lower: Double, upper: Double)
    var xTicks: [Double]
    var yTicks: [Double]
    var xLabels: [String]
    var yLabels: [String]
    var xFont: Double
    var yFont: Double
    var xRotated: Bool
}

extension Axes {
    static let tickLength = 3.5
    static let pad = 5.0
    static let colorBarWidth = 14.0
    static let colorBarGap = 12.0
    /// The largest share of the cell that tick labels may take, on either axis.
    static let maxTickLabelShare = 0.35

    /// The data limits after margins, or the user's limits.
    func viewRanges() -> (x: (lower: Double, upper: Double), y: (lower: Double, upper: Double)) {
        var merged: DataBounds?
        for bounds in elements.compactMap(\.bounds) { merged = merged?.union(bounds) ?? bounds }
        let bounds = merged ?? DataBounds(xMin: 0, xMax: 1, yMin: 0, yMax: 1)
        let margin = bounds.tight ? 0 : 0.05
        let x = xLimits ?? Ticks.viewLimits(lower: bounds.xMin, upper: bounds.xMax, margin: margin)
        let y = yLimits ?? Ticks.viewLimits(lower: bounds.yMin, upper: bounds.yMax, margin: margin,
                                            stickyLower: bounds.stickyYZero ? 0 : nil,
                                            stickyUpper: bounds.stickyYZero ? 0 : nil)
        return (x, y)
    }

    /// Lays out and draws the axes inside `cell`.
    func render(in cell: Rect, svg: inout SVGWriter, fonts: FigureFonts) {
        let ranges = viewRanges()
        var layout = computeLayout(cell: cell, ranges: ranges, fonts: fonts, plotGuess: nil)
        layout = computeLayout(cell: cell, ranges: ranges, fonts: fonts, plotGuess: layout.plot)
        if equalAspect { layout.plot = equalAspectPlot(layout.plot, ranges: ranges) }
        let transform = AxisTransform(plot: layout.plot, xRange: layout.xRange, yRange: layout.yRange, yInverted: yInverted)

        let n = SVGWriter.number
        svg.open("g", [("class", "axes"),
                       ("data-xlim", "\(Ticks.format(layout.xRange.lower, decimals: 6)) \(Ticks.format(layout.xRange.upper, decimals: 6))"),
                       ("data-ylim", "\(Ticks.format(layout.yRange.lower, decimals: 6)) \(Ticks.format(layout.yRange.upper, decimals: 6))"),
                       ("data-plot", "\(n(layout.plot.x)) \(n(layout.plot.y)) \(n(layout.plot.width)) \(n(layout.plot.height))")])
        if showsAxis && showsGrid { drawGrid(layout, transform: transform, svg: &svg) }

        let clipID = svg.uniqueID("clip")
        svg.open("clipPath", [("id", clipID)])
        svg.rect(x: layout.plot.x, y: layout.plot.y, width: layout.plot.width, height: layout.plot.height, fill: Color(hex: 0))
        svg.close("clipPath")
        svg.group([("clip-path", "url(#\(clipID))")]) { svg in
            for element in elements { element.draw(into: &svg, transform: transform) }
        }

        if showsAxis { drawAxis(layout, transform: transform, fonts: fonts, svg: &svg) }
        if let title {
            let fontSize = TextMetrics.fittingFontSize(title, maxWidth: cell.width - 2 * Axes.pad, preferred: fonts.title, minimum: 7)
            svg.text(TextMetrics.truncate(title, maxWidth: cell.width - 2 * Axes.pad, fontSize: fontSize),
                     x: layout.plot.midX, y: layout.plot.y - Axes.pad - TextMetrics.lineHeight(fontSize: fontSize) * 0.3,
                     fontSize: fontSize, anchor: .middle, cssClass: "title")
        }
        let entries = legendEntries
        if showsLegend && !entries.isEmpty {
            let points = elements.flatMap(\.avoidPoints).map { (transform.x($0.0), transform.y($0.1)) }
            let legend = LegendLayout.place(entries: entries, in: layout.plot, location: legendLocation,
                                            avoiding: points, preferredFont: fonts.legend)
            legend.draw(entries: entries, into: &svg)
        }
        if let colorBar { drawColorBar(colorBar, plot: layout.plot, fonts: fonts, svg: &svg) }
        svg.close("g")
    }

    // MARK: Layout

    private func computeLayout(cell: Rect, ranges: (x: (lower: Double, upper: Double), y: (lower: Double, upper: Double)),
                               fonts: FigureFonts, plotGuess: Rect?) -> AxesLayout {
        let guess = plotGuess ?? Rect(x: cell.x + cell.width * 0.15, y: cell.y + cell.height * 0.1,
                                      width: cell.width * 0.75, height: cell.height * 0.75)
        /// One axis's ticks: the categories in order, or nice numbers spaced for the axis length.
        func ticks(_ categories: [String]?, _ range: (lower: Double, upper: Double), length: Double,
                   horizontal: Bool) -> ([Double], [String]) {
            if let categories { return (categories.indices.map(Double.init), categories) }
            if horizontal && xIsDate,
               let dated = DateTicks.ticks(lower: range.lower, upper: range.upper, axisLength: length, fontSize: fonts.tick) {
                return dated
            }
            let intervals = Ticks.autoIntervals(axisLength: length, fontSize: fonts.tick, horizontal: horizontal)
            let positions = Ticks.positions(min: range.lower, max: range.upper, maxIntervals: intervals)
            return (positions, Ticks.labels(for: positions))
        }
        var (xTicks, xLabels) = ticks(xCategories, ranges.x, length: guess.width, horizontal: true)
        var (yTicks, yLabels) = ticks(yCategories, ranges.y, length: guess.height, horizontal: false)

        var xFont = fonts.tick, yFont = fonts.tick, xRotated = false
        var left = Axes.pad, right = Axes.pad, top = Axes.pad, bottom = Axes.pad
        if showsAxis {
            // y tick labels: one line per category must fit its row; width at most 35% of the cell.
            let maxYWidth = cell.width * Axes.maxTickLabelShare
            if yCategories != nil {
                let spacing = guess.height / Double(max(yLabels.count, 1))
                yFont = min(yFont, spacing / 1.2)
            }
            let widestY = yLabels.map { TextMetrics.width($0, fontSize: 1) }.max() ?? 0
            if widestY * yFont > maxYWidth { yFont = maxYWidth / widestY }
            yFont = max(yFont, FigureFonts.minimum)
            yLabels = yLabels.map { TextMetrics.truncate($0, maxWidth: maxYWidth, fontSize: yFont) }
            let yLabelWidth = yLabels.map { TextMetrics.width($0, fontSize: yFont) }.max() ?? 0
            left += yLabelWidth + Axes.tickLength + 3
            if yLabel != nil { left += TextMetrics.lineHeight(fontSize: fonts.label) + Axes.pad }

            // x tick labels: turned 90° when neighbours would collide.
            let spacing: Double
            if xCategories != nil {
                spacing = guess.width / Double(max(xLabels.count, 1))
            } else if xTicks.count > 1 {
                // The closest pair: date ticks are not evenly spaced (months of 28 to 31 days).
                let closest = zip(xTicks, xTicks.dropFirst()).map { $1 - $0 }.min() ?? 1
                spacing = closest / (ranges.x.upper - ranges.x.lower) * guess.width
            } else {
                spacing = guess.width
            }
            let widestX = xLabels.map { TextMetrics.width($0, fontSize: 1) }.max() ?? 0
            if widestX * xFont > spacing - 4 {
                xRotated = true
                xFont = min(xFont, spacing / 1.2)
                let maxHeight = cell.height * Axes.maxTickLabelShare
                if widestX * xFont > maxHeight { xFont = maxHeight / widestX }
                xFont = max(xFont, FigureFonts.minimum)
                xLabels = xLabels.map { TextMetrics.truncate($0, maxWidth: maxHeight, fontSize: xFont) }
            }
            let xExtent = xRotated
                ? (xLabels.map { TextMetrics.width($0, fontSize: xFont) }.max() ?? 0)
                : TextMetrics.lineHeight(fontSize: xFont)
            bottom += xExtent + Axes.tickLength + 3
            if xLabel != nil { bottom += TextMetrics.lineHeight(fontSize: fonts.label) + Axes.pad }
            // A numeric label centred on the right or top edge sticks out by half its size.
            if !xRotated, let last = xLabels.last { right += TextMetrics.width(last, fontSize: xFont) / 2 }
            top += yFont / 2
        }
        if title != nil { top += TextMetrics.lineHeight(fontSize: fonts.title) + Axes.pad }
        if let colorBar {
            let labels = Ticks.labels(for: Ticks.positions(min: colorBar.vmin, max: colorBar.vmax, maxIntervals: 6))
            let widest = labels.map { TextMetrics.width($0, fontSize: fonts.tick) }.max() ?? 0
            right += Axes.colorBarGap + Axes.colorBarWidth + Axes.tickLength + 3 + widest
            if colorBar.label != nil { right += TextMetrics.lineHeight(fontSize: fonts.label) + Axes.pad }
        }
        let plot = Rect(x: cell.x + left, y: cell.y + top,
                        width: max(cell.width - left - right, 10), height: max(cell.height - top - bottom, 10))
        return AxesLayout(plot: plot, xRange: ranges.x, yRange: ranges.y, xTicks: xTicks, yTicks: yTicks,
                          xLabels: xLabels, yLabels: yLabels, xFont: xFont, yFont: yFont, xRotated: xRotated)
    }

    /// Shrinks the plot area so one data unit has the same length on both axes, centred.
    private func equalAspectPlot(_ plot: Rect, ranges: (x: (lower: Double, upper: Double), y: (lower: Double, upper: Double))) -> Rect {
        let dataWidth = ranges.x.upper - ranges.x.lower, dataHeight = ranges.y.upper - ranges.y.lower
        guard dataWidth > 0, dataHeight > 0 else { return plot }
        let scale = min(plot.width / dataWidth, plot.height / dataHeight)
        let width = dataWidth * scale, height = dataHeight * scale
        return Rect(x: plot.midX - width / 2, y: plot.y, width: width, height: height)
    }

    // MARK: Drawing

    private func drawGrid(_ layout: AxesLayout, transform: AxisTransform, svg: inout SVGWriter) {
        let gridColor = Color(hex: 0xE6E6E6)
        svg.group([("class", "grid")]) { svg in
            if xCategories == nil {
                for tick in layout.xTicks {
                    let x = transform.x(tick)
                    svg.line(x1: x, y1: layout.plot.y, x2: x, y2: layout.plot.maxY, stroke: gridColor, width: 0.8)
                }
            }
            if yCategories == nil {
                for tick in layout.yTicks {
                    let y = transform.y(tick)
                    svg.line(x1: layout.plot.x, y1: y, x2: layout.plot.maxX, y2: y, stroke: gridColor, width: 0.8)
                }
            }
        }
    }

    private func drawAxis(_ layout: AxesLayout, transform: AxisTransform, fonts: FigureFonts, svg: inout SVGWriter) {
        let plot = layout.plot
        let ink = Color(hex: 0x262626)
        svg.rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: nil,
                 stroke: Color(hex: 0x333333), strokeWidth: 0.8, cssClass: "spines")
        svg.group([("class", "xaxis")]) { svg in
            for (tick, label) in zip(layout.xTicks, layout.xLabels) {
                let x = transform.x(tick)
                svg.line(x1: x, y1: plot.maxY, x2: x, y2: plot.maxY + Axes.tickLength, stroke: ink, width: 0.8)
                let y = plot.maxY + Axes.tickLength + 3
                if layout.xRotated {
                    svg.text(label, x: x, y: y, fontSize: layout.xFont, anchor: .end, centeredVertically: true,
                             rotation: -90, cssClass: "xtick-label")
                } else {
                    svg.text(label, x: x, y: y + layout.xFont * 0.93, fontSize: layout.xFont, anchor: .middle,
                             cssClass: "xtick-label")
                }
            }
        }
        svg.group([("class", "yaxis")]) { svg in
            for (tick, label) in zip(layout.yTicks, layout.yLabels) {
                let y = transform.y(tick)
                svg.line(x1: plot.x - Axes.tickLength, y1: y, x2: plot.x, y2: y, stroke: ink, width: 0.8)
                svg.text(label, x: plot.x - Axes.tickLength - 3, y: y, fontSize: layout.yFont, anchor: .end,
                         centeredVertically: true, cssClass: "ytick-label")
            }
        }
        if let xLabel {
            let extent = layout.xRotated
                ? (layout.xLabels.map { TextMetrics.width($0, fontSize: layout.xFont) }.max() ?? 0)
                : TextMetrics.lineHeight(fontSize: layout.xFont)
            let size = TextMetrics.fittingFontSize(xLabel, maxWidth: plot.width + 40, preferred: fonts.label, minimum: 7)
            svg.text(TextMetrics.truncate(xLabel, maxWidth: plot.width + 40, fontSize: size), x: plot.midX,
                     y: plot.maxY + Axes.tickLength + 3 + extent + Axes.pad + size * 0.93,
                     fontSize: size, anchor: .middle, cssClass: "xlabel")
        }
        if let yLabel {
            let widest = layout.yLabels.map { TextMetrics.width($0, fontSize: layout.yFont) }.max() ?? 0
            let size = TextMetrics.fittingFontSize(yLabel, maxWidth: plot.height, preferred: fonts.label, minimum: 7)
            let x = plot.x - Axes.tickLength - 3 - widest - Axes.pad - size * 0.25
            svg.text(TextMetrics.truncate(yLabel, maxWidth: plot.height, fontSize: size), x: x, y: plot.midY,
                     fontSize: size, anchor: .middle, rotation: -90, cssClass: "ylabel")
        }
    }

    private func drawColorBar(_ bar: ColorBarSpec, plot: Rect, fonts: FigureFonts, svg: inout SVGWriter) {
        let box = Rect(x: plot.maxX + Axes.colorBarGap, y: plot.y, width: Axes.colorBarWidth, height: plot.height)
        let gradientID = svg.uniqueID("cbar")
        svg.group([("class", "colorbar")]) { svg in
            svg.open("defs")
            svg.open("linearGradient", [("id", gradientID), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")])
            for step in 0...16 {
                let t = Double(step) / 16
                svg.element("stop", [("offset", SVGWriter.number3(t)), ("stop-color", bar.colormap.color(at: t).hexString)])
            }
            svg.close("linearGradient")
            svg.close("defs")
            svg.element("rect", [("x", SVGWriter.number(box.x)), ("y", SVGWriter.number(box.y)),
                                 ("width", SVGWriter.number(box.width)), ("height", SVGWriter.number(box.height)),
                                 ("fill", "url(#\(gradientID))")])
            svg.rect(x: box.x, y: box.y, width: box.width, height: box.height, fill: nil,
                     stroke: Color(hex: 0x333333), strokeWidth: 0.8)
            let ticks = Ticks.positions(min: bar.vmin, max: bar.vmax, maxIntervals: 6)
            let labels = Ticks.labels(for: ticks)
            var widest = 0.0
            for (tick, label) in zip(ticks, labels) {
                let y = box.maxY - (tick - bar.vmin) / (bar.vmax - bar.vmin) * box.height
                svg.line(x1: box.maxX, y1: y, x2: box.maxX + Axes.tickLength, y2: y, stroke: Color(hex: 0x262626), width: 0.8)
                svg.text(label, x: box.maxX + Axes.tickLength + 3, y: y, fontSize: fonts.tick,
                         centeredVertically: true, cssClass: "colorbar-label")
                widest = max(widest, TextMetrics.width(label, fontSize: fonts.tick))
            }
            if let label = bar.label {
                svg.text(label, x: box.maxX + Axes.tickLength + 3 + widest + Axes.pad + fonts.label * 0.9, y: box.midY,
                         fontSize: fonts.label, anchor: .middle, rotation: -90, cssClass: "colorbar-title")
            }
        }
    }
}
