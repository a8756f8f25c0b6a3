// Scatter plots: one mark per (x, y), with transparency (alpha) and, optionally, a colour per
// class with one legend entry per class (seaborn's `hue`).

/// Points drawn as markers.
struct ScatterSeries: PlotElement {
    var xs: [Double]
    var ys: [Double]
    var color: Color
    var size: Double
    var marker: Marker
    var label: String?

    var bounds: DataBounds? { DataBounds(xs: xs, ys: ys) }
    var legendEntries: [LegendEntry] { label.map { [LegendEntry(label: $0, color: color, handle: .marker(marker))] } ?? [] }
    var avoidPoints: [(Double, Double)] { Array(zip(xs, ys)) }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        svg.group([("class", "scatter-series")]) { svg in
            for (x, y) in zip(xs, ys) where x.isFinite && y.isFinite {
                marker.draw(into: &svg, x: transform.x(x), y: transform.y(y), size: size, fill: color,
                            edge: Color(hex: 0xFFFFFF, alpha: min(color.alpha, 0.6)))
            }
        }
    }
}

extension Axes {
    /// A scatter plot of y against x (Matplotlib's `scatter`).
    /// - Parameters:
    ///   - alpha: opacity of the marks, 0...1.
    ///   - size: marker diameter in pixels.
    public func scatter(x: [Double], y: [Double], color: Color? = nil, alpha: Double = 1, size: Double = 6,
                        marker: Marker = .circle, label: String? = nil) {
        require(x.count == y.count, "scatter: x has \(x.count) values but y has \(y.count)")
        let base = color ?? nextCycleColor()
        add(ScatterSeries(xs: x, ys: y, color: base.withAlpha(base.alpha * alpha), size: size, marker: marker, label: label))
    }

    /// A scatter plot coloured by class: one series (and legend entry) per distinct class, in
    /// order of first appearance unless `order` is given, with colours from the cycle or `palette`.
    public func scatter(x: [Double], y: [Double], classes: [String], order: [String]? = nil,
                        palette: [Color]? = nil, alpha: Double = 1, size: Double = 6) {
        require(x.count == y.count && y.count == classes.count,
                     "scatter: x, y and classes need the same count (\(x.count), \(y.count), \(classes.count))")
        for (index, name) in (order ?? distinctInOrder(classes)).enumerated() {
            let members = classes.indices.filter { classes[$0] == name }
            let color = palette.map { $0[index % $0.count] } ?? ColorCycle.color(index)
            add(ScatterSeries(xs: members.map { x[$0] }, ys: members.map { y[$0] }, color: color.withAlpha(alpha),
                              size: size, marker: .circle, label: name))
        }
    }
}

/// The distinct values in order of first appearance.
func distinctInOrder(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}

/// Distinct class names sorted, numerically when every name is a number.
func classOrder(_ values: [String]) -> [String] {
    distinctInOrder(values).sorted { a, b in
        if let x = Double(a), let y = Double(b) { return x < y }
        return a < b
    }
}
