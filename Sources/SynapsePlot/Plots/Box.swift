// Box plots, one box per group (seaborn's boxplot(x: category, y: value)): the box spans Q1 to
// Q3 with a line at the median, whiskers reach the last points within 1.5 IQR, and points
// beyond are drawn as outliers (Statistics.box gives the numbers).

/// Boxes at x = 0, 1, 2...
struct BoxSet: PlotElement {
    var summaries: [Statistics.BoxSummary?]
    var colors: [Color]
    var width: Double

    var bounds: DataBounds? {
        let values = summaries.compactMap { $0 }.flatMap { [$0.lowerWhisker, $0.upperWhisker] + $0.outliers }
        guard let low = values.min(), let high = values.max() else { return nil }
        return DataBounds(xMin: -0.5, xMax: Double(summaries.count) - 0.5, yMin: low, yMax: high)
    }

    var legendEntries: [LegendEntry] { [] }

    var avoidPoints: [(Double, Double)] {
        summaries.enumerated().flatMap { index, summary -> [(Double, Double)] in
            guard let s = summary else { return [] }
            let x = Double(index)
            return [(x, s.lowerWhisker), (x, s.q1), (x, s.median), (x, s.q3), (x, s.upperWhisker)] + s.outliers.map { (x, $0) }
        }
    }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        let ink = Color(hex: 0x3F3F3F)
        for (index, summary) in summaries.enumerated() {
            guard let s = summary else { continue }
            let center = transform.x(Double(index))
            let half = width / 2 * transform.xScale
            svg.group([("class", "box")]) { svg in
                svg.line(x1: center, y1: transform.y(s.lowerWhisker), x2: center, y2: transform.y(s.q1), stroke: ink, width: 1.2, cssClass: "whisker")
                svg.line(x1: center, y1: transform.y(s.q3), x2: center, y2: transform.y(s.upperWhisker), stroke: ink, width: 1.2, cssClass: "whisker")
                for y in [s.lowerWhisker, s.upperWhisker] {
                    svg.line(x1: center - half / 2, y1: transform.y(y), x2: center + half / 2, y2: transform.y(y), stroke: ink, width: 1.2, cssClass: "cap")
                }
                let top = transform.y(s.q3), bottom = transform.y(s.q1)
                svg.rect(x: center - half, y: min(top, bottom), width: 2 * half, height: abs(bottom - top),
                         fill: colors[index % colors.count], stroke: ink, strokeWidth: 1.2, cssClass: "box-body")
                svg.line(x1: center - half, y1: transform.y(s.median), x2: center + half, y2: transform.y(s.median),
                         stroke: ink, width: 1.6, cssClass: "median")
                for outlier in s.outliers {
                    Marker.diamond.draw(into: &svg, x: center, y: transform.y(outlier), size: 5, fill: ink, edge: nil)
                }
            }
        }
    }
}

extension Axes {
    /// Box plots of several named groups, side by side.
    /// - Parameter colors: box fill colours, cycled; nil for the tab10 cycle (seaborn's default).
    public func boxPlot(groups: [(name: String, values: [Double])], colors: [Color]? = nil, width: Double = 0.6) {
        xCategories = groups.map(\.name)
        add(BoxSet(summaries: groups.map { Statistics.box($0.values) },
                   colors: colors ?? ColorCycle.tab10.map { $0.withAlpha(0.8) }, width: width))
        if xLimits == nil { xLimits = (-0.5, Double(groups.count) - 0.5) }
    }

    /// Box plots of `values` grouped by `categories` (seaborn's `boxplot(x: category, y: value)`);
    /// groups are ordered by `order`, or sorted (numerically when every name is a number).
    public func boxPlot(values: [Double], by categories: [String], order: [String]? = nil, colors: [Color]? = nil) {
        require(values.count == categories.count, "boxPlot: \(values.count) values but \(categories.count) categories")
        let names = order ?? classOrder(categories)
        var grouped: [String: [Double]] = [:]
        for (value, category) in zip(values, categories) { grouped[category, default: []].append(value) }
        boxPlot(groups: names.map { ($0, grouped[$0] ?? []) }, colors: colors)
    }
}
