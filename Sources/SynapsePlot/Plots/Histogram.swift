// Histograms (numpy bins, Statistics.histogram) with an optional KDE curve, and standalone KDE
// curves. Over a count histogram the KDE is scaled to counts as seaborn's histplot(kde=True)
// does: count-curve(x) = f̂(x) · n · bin width; over a density histogram it is f̂ itself.

extension Axes {
    /// A histogram of `values` (Matplotlib's `hist`, seaborn's `histplot`).
    /// - Parameters:
    ///   - bins: number of equal-width bins from the smallest to the largest value.
    ///   - density: heights are densities (the bars' area is 1) instead of counts.
    ///   - kde: also draw a Gaussian KDE (Scott's bandwidth) over the data range, in the same colour.
    ///   - alpha: opacity of the bars.
    /// - Returns: the bin edges and heights drawn.
    @discardableResult
    public func histogram(_ values: [Double], bins: Int = 10, density: Bool = false, kde: Bool = false,
                          color: Color? = nil, alpha: Double = 0.75, edgeColor: Color? = "w",
                          label: String? = nil) -> (edges: [Double], heights: [Double]) {
        let base = color ?? nextCycleColor()
        let (edges, counts) = Statistics.histogram(values, bins: bins)
        let n = Double(values.filter(\.isFinite).count)
        let width = edges.count > 1 ? edges[1] - edges[0] : 1
        let heights = density && n > 0 ? counts.map { $0 / (n * width) } : counts
        add(BarSet(lefts: Array(edges.dropLast()), rights: Array(edges.dropFirst()), heights: heights,
                   colors: [base.withAlpha(alpha)], edgeColor: edgeColor, label: kde ? nil : label, cssClass: "hist-bar"))
        if yLabel == nil { yLabel = density ? "Density" : "Count" }
        if kde, let estimate = KernelDensity(samples: values) {
            let curve = estimate.curve(points: 200, cut: 0)
            let scale = density ? 1 : n * width
            add(LineSeries(xs: curve.x, ys: curve.y.map { $0 * scale }, color: base, width: 1.8, style: .solid,
                           marker: .none, label: label, cssClass: "kde"))
        }
        return (edges, heights)
    }

    /// A Gaussian KDE curve of `values` (seaborn's `kdeplot`, cut = 3), optionally filled.
    /// Draws nothing when the values have no spread.
    public func kde(_ values: [Double], color: Color? = nil, fill: Bool = false, lineWidth: Double = 1.5,
                    label: String? = nil, cut: Double = 3) {
        let base = color ?? nextCycleColor()
        guard let estimate = KernelDensity(samples: values) else { return }
        let curve = estimate.curve(points: 200, cut: cut)
        if fill {
            add(AreaFill(xs: curve.x, ys: curve.y, color: base.withAlpha(0.25)))
        }
        add(LineSeries(xs: curve.x, ys: curve.y, color: base, width: lineWidth, style: .solid, marker: .none,
                       label: label, cssClass: "kde"))
        if yLabel == nil { yLabel = "Density" }
    }
}

/// The area between a curve and y = 0.
struct AreaFill: PlotElement {
    var xs: [Double]
    var ys: [Double]
    var color: Color

    var bounds: DataBounds? {
        DataBounds(xs: xs, ys: ys).map {
            DataBounds(xMin: $0.xMin, xMax: $0.xMax, yMin: min(0, $0.yMin), yMax: $0.yMax, stickyYZero: true)
        }
    }
    var legendEntries: [LegendEntry] { [] }
    var avoidPoints: [(Double, Double)] { [] }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        guard let first = xs.first, let last = xs.last else { return }
        var points = zip(xs, ys).map { (transform.x($0.0), transform.y($0.1)) }
        points.append((transform.x(last), transform.y(0)))
        points.append((transform.x(first), transform.y(0)))
        svg.element("polygon", [("class", "kde-fill"), ("points", SVGWriter.points(points))]
            + SVGWriter.paint(fill: color, stroke: nil, strokeWidth: 0))
    }
}
