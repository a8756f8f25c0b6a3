// Line plots: y against x (or against 0, 1, 2... when x is omitted, or against dates), one
// series per call, each taking the next colour of the cycle unless given one.
import Foundation

/// A polyline series with optional markers.
struct LineSeries: PlotElement {
    var xs: [Double]
    var ys: [Double]
    var color: Color
    var width: Double
    var style: LineStyle
    var marker: Marker
    var label: String?
    var cssClass = "line-series"

    var bounds: DataBounds? { DataBounds(xs: xs, ys: ys) }

    var legendEntries: [LegendEntry] {
        label.map { [LegendEntry(label: $0, color: color, handle: .line(style: style, width: width, marker: marker))] } ?? []
    }

    var avoidPoints: [(Double, Double)] { Array(zip(xs, ys)) }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        svg.group([("class", cssClass)]) { svg in
            if style != .none {
                // A NaN breaks the line, as in Matplotlib.
                var runs: [[(Double, Double)]] = [[]]
                for (x, y) in zip(xs, ys) {
                    if x.isFinite && y.isFinite {
                        runs[runs.count - 1].append((transform.x(x), transform.y(y)))
                    } else if !runs[runs.count - 1].isEmpty {
                        runs.append([])
                    }
                }
                for run in runs where run.count > 1 {
                    var attributes: [(String, String)] = [("points", SVGWriter.points(run))]
                    attributes += SVGWriter.paint(fill: nil, stroke: color, strokeWidth: width)
                    attributes += [("stroke-linejoin", "round"), ("stroke-linecap", "round")]
                    if let dash = style.dashArray(width: width) { attributes.append(("stroke-dasharray", dash)) }
                    svg.element("polyline", attributes)
                }
            }
            if marker != .none {
                for (x, y) in zip(xs, ys) where x.isFinite && y.isFinite {
                    marker.draw(into: &svg, x: transform.x(x), y: transform.y(y), size: 6, fill: color, edge: nil)
                }
            }
        }
    }
}

extension Axes {
    /// Plots `y` against `x` as a line (Matplotlib's `plot`).
    /// - Parameters:
    ///   - x: the x values; nil for 0, 1, 2, ...
    ///   - color: any Matplotlib colour ('tomato', 'C1', '#1f77b4'); nil for the next cycle colour.
    ///   - lineStyle: `.solid`, `.dashed`, `.dashDot`, `.dotted` or `.none` (markers only).
    ///   - marker: a mark at each point.
    ///   - label: the legend entry; nil for none.
    public func plot(x: [Double]? = nil, y: [Double], color: Color? = nil, lineWidth: Double = 1.5,
                     lineStyle: LineStyle = .solid, marker: Marker = .none, label: String? = nil) {
        let xs = x ?? y.indices.map(Double.init)
        require(xs.count == y.count, "plot: x has \(xs.count) values but y has \(y.count)")
        add(LineSeries(xs: xs, ys: y, color: color ?? nextCycleColor(), width: lineWidth, style: lineStyle,
                       marker: marker, label: label))
    }

    /// Plots `y` against dates, with date ticks on the x axis (Matplotlib's `plot` of a Pandas
    /// series with a DatetimeIndex). x is stored as days since 1970-01-01 UTC, Matplotlib's
    /// date numbers, so `xLimits` are in days too.
    public func plot(dates: [Date], y: [Double], color: Color? = nil, lineWidth: Double = 1.5,
                     lineStyle: LineStyle = .solid, marker: Marker = .none, label: String? = nil) {
        xIsDate = true
        plot(x: dates.map(DateTicks.days), y: y, color: color, lineWidth: lineWidth, lineStyle: lineStyle,
             marker: marker, label: label)
    }

    /// A straight reference line from (x1, y1) to (x2, y2), e.g. the perfect-prediction line y = x.
    public func referenceLine(from start: (Double, Double), to end: (Double, Double), color: Color = "r",
                              lineWidth: Double = 1.5, lineStyle: LineStyle = .solid, label: String? = nil) {
        add(LineSeries(xs: [start.0, end.0], ys: [start.1, end.1], color: color, width: lineWidth,
                       style: lineStyle, marker: .none, label: label, cssClass: "reference-line"))
    }
}
