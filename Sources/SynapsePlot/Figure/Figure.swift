// A figure: a white page of `width` × `height` pixels holding a grid of axes (subplots), an
// optional overall title and an optional figure-level legend on the right (pair plots).
// Matplotlib's default figure is 6.4 × 4.8 inches at 100 dpi: 640 × 480 pixels.

import Foundation

/// A figure of one or more axes, written as standalone SVG (or PNG through rsvg-convert).
///
///     let figure = Figure(width: 800, height: 400)
///     let (loss, accuracy) = (figure.subplots(rows: 1, columns: 2)[0], figure.axes[1])
///     loss.plot(y: try history["loss"]!, label: "loss")
///     try figure.writeSVG(to: "/tmp/curves.svg")
public final class Figure {
    /// Width in pixels (SVG user units).
    public var width: Double
    /// Height in pixels.
    public var height: Double
    /// An overall title above all axes (Matplotlib's `suptitle`).
    public var title: String?
    /// The axes, row by row.
    public private(set) var axes: [Axes] = []
    /// Rows and columns of the subplot grid.
    public private(set) var rows = 1
    public private(set) var columns = 1
    /// Entries of a legend drawn once for the whole figure, right of the axes (e.g. a pair
    /// plot's classes); empty for none.
    public var figureLegend: [LegendEntry] = []
    /// Title of the figure legend.
    public var figureLegendTitle: String?

    var fonts = FigureFonts()

    /// A figure of `width` × `height` pixels.
    public init(width: Double = 640, height: Double = 480) {
        require(width > 0 && height > 0, "A figure needs a positive size, got \(width) × \(height)")
        self.width = width
        self.height = height
    }

    /// A grid of `rows` × `columns` new axes, returned row by row (replaces any previous axes).
    @discardableResult
    public func subplots(rows: Int, columns: Int) -> [Axes] {
        require(rows > 0 && columns > 0, "subplots needs at least one row and one column")
        self.rows = rows
        self.columns = columns
        axes = (0..<(rows * columns)).map { _ in Axes() }
        return axes
    }

    /// The single axes of a 1 × 1 figure (created on first use).
    public func addAxes() -> Axes {
        if axes.isEmpty { subplots(rows: 1, columns: 1) }
        return axes[0]
    }

    /// The axes at a row and column of the grid.
    public func axes(row: Int, column: Int) -> Axes {
        axes[row * columns + column]
    }

    /// The figure as a standalone SVG document.
    public func svg() -> String { svg(idPrefix: "") }

    /// The SVG with every internal id prefixed (for several figures inlined in one page).
    func svg(idPrefix: String) -> String {
        var svg = SVGWriter()
        svg.idPrefix = idPrefix
        let n = SVGWriter.number
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
                         ("width", n(width)), ("height", n(height)),
                         ("viewBox", "0 0 \(n(width)) \(n(height))"),
                         ("font-family", TextMetrics.fontFamily), ("fill", "#262626")])
        svg.rect(x: 0, y: 0, width: width, height: height, fill: Color(hex: 0xFFFFFF), cssClass: "background")

        var area = Rect(x: 0, y: 0, width: width, height: height)
        if let title {
            let size = TextMetrics.fittingFontSize(title, maxWidth: width - 20, preferred: fonts.title + 2, minimum: 8)
            let lineHeight = TextMetrics.lineHeight(fontSize: size)
            svg.text(TextMetrics.truncate(title, maxWidth: width - 20, fontSize: size), x: width / 2,
                     y: 6 + size * 0.93, fontSize: size, anchor: .middle, cssClass: "suptitle")
            area.y += lineHeight + 8
            area.height -= lineHeight + 8
        }
        if !figureLegend.isEmpty {
            let legendWidth = drawFigureLegend(into: &svg, area: area)
            area.width -= legendWidth
        }
        let cellWidth = area.width / Double(columns), cellHeight = area.height / Double(rows)
        for (index, axes) in axes.enumerated() {
            let cell = Rect(x: area.x + Double(index % columns) * cellWidth, y: area.y + Double(index / columns) * cellHeight,
                            width: cellWidth, height: cellHeight)
            axes.render(in: cell, svg: &svg, fonts: fonts)
        }
        svg.close("svg")
        return svg.markup
    }

    /// Draws the figure legend at the right edge, vertically centred; returns the width used.
    private func drawFigureLegend(into svg: inout SVGWriter, area: Rect) -> Double {
        let font = fonts.legend
        let labels = figureLegend.map { TextMetrics.truncate($0.label, maxWidth: width * 0.2, fontSize: font) }
        let titleWidth = figureLegendTitle.map { TextMetrics.width($0, fontSize: font) } ?? 0
        let textWidth = max(titleWidth - LegendLayout.handleLength - LegendLayout.handleGap,
                            labels.map { TextMetrics.width($0, fontSize: font) }.max() ?? 0)
        let boxWidth = 2 * LegendLayout.padding + LegendLayout.handleLength + LegendLayout.handleGap + textWidth
        let row = LegendLayout.rowHeight(font)
        let rowsCount = Double(labels.count + (figureLegendTitle == nil ? 0 : 1))
        let boxHeight = 2 * LegendLayout.padding + rowsCount * row
        let box = Rect(x: width - boxWidth - 8, y: area.midY - boxHeight / 2, width: boxWidth, height: boxHeight)
        svg.group([("class", "legend figure-legend")]) { svg in
            var y = box.y + LegendLayout.padding
            if let figureLegendTitle {
                svg.text(figureLegendTitle, x: box.x + LegendLayout.padding, y: y + row / 2, fontSize: font,
                         centeredVertically: true, cssClass: "legend-title")
                y += row
            }
            for (entry, label) in zip(figureLegend, labels) {
                LegendLayout.drawHandle(entry, x: box.x + LegendLayout.padding, centerY: y + row / 2, fontSize: font, into: &svg)
                svg.text(label, x: box.x + LegendLayout.padding + LegendLayout.handleLength + LegendLayout.handleGap,
                         y: y + row / 2, fontSize: font, centeredVertically: true, cssClass: "legend-label")
                y += row
            }
        }
        return boxWidth + 16
    }
}
