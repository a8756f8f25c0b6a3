// Bars: rectangles from y = 0 to each height. Categorical bars stand at x = 0, 1, 2... with the
// category names as tick labels (Matplotlib's `bar` with strings); histograms reuse the same
// element with explicit left and right edges.

/// A set of bars, each from `lefts[i]` to `rights[i]` and from 0 to `heights[i]`.
struct BarSet: PlotElement {
    var lefts: [Double]
    var rights: [Double]
    var heights: [Double]
    var colors: [Color]
    var edgeColor: Color?
    var label: String?
    var cssClass: String

    var bounds: DataBounds? {
        guard let left = lefts.min(), let right = rights.max() else { return nil }
        let finite = heights.filter(\.isFinite)
        return DataBounds(xMin: left, xMax: right, yMin: min(0, finite.min() ?? 0), yMax: max(0, finite.max() ?? 0),
                          stickyYZero: true)
    }

    var legendEntries: [LegendEntry] {
        label.map { [LegendEntry(label: $0, color: colors.first ?? ColorCycle.color(0), handle: .patch)] } ?? []
    }

    var avoidPoints: [(Double, Double)] {
        // The top of each bar and points down to zero, so the legend avoids tall bars.
        heights.indices.flatMap { i -> [(Double, Double)] in
            let x = (lefts[i] + rights[i]) / 2
            return [(x, heights[i]), (x, heights[i] / 2), (lefts[i], heights[i]), (rights[i], heights[i])]
        }
    }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        svg.group([("class", cssClass + "s")]) { svg in
            for i in heights.indices where heights[i].isFinite {
                let x0 = transform.x(lefts[i]), x1 = transform.x(rights[i])
                let y0 = transform.y(0), y1 = transform.y(heights[i])
                svg.rect(x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0),
                         fill: colors[i % colors.count], stroke: edgeColor, strokeWidth: 0.6, cssClass: cssClass)
            }
        }
    }
}

extension Axes {
    /// A bar chart of one value per category (Matplotlib's `bar`).
    /// - Parameters:
    ///   - colors: one colour for all bars, or one per bar; nil for the next cycle colour.
    ///   - width: bar width as a fraction of the category spacing.
    public func bar(categories: [String], heights: [Double], colors: [Color]? = nil, width: Double = 0.8,
                    label: String? = nil) {
        require(categories.count == heights.count, "bar: \(categories.count) categories but \(heights.count) heights")
        let centers = categories.indices.map(Double.init)
        xCategories = categories
        showsGrid = true
        add(BarSet(lefts: centers.map { $0 - width / 2 }, rights: centers.map { $0 + width / 2 }, heights: heights,
                   colors: colors ?? [nextCycleColor()], edgeColor: nil, label: label, cssClass: "bar"))
        if xLimits == nil { xLimits = (-0.5 - (1 - width) * 0.1, Double(categories.count) - 0.5 + (1 - width) * 0.1) }
    }
}
