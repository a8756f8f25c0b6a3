// Rectangles in pixels, data extents, and the map from data coordinates to pixels:
//   px = left + (x − xmin) / (xmax − xmin) · width
//   py = bottom − (y − ymin) / (ymax − ymin) · height     (top-down when the y axis is inverted)

/// A rectangle in figure pixels, y growing downwards as in SVG.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= x && px <= maxX && py >= y && py <= maxY
    }
}

/// The region of data space an element needs to show.
struct DataBounds {
    var xMin: Double
    var xMax: Double
    var yMin: Double
    var yMax: Double
    /// Bars and histograms rest on y = 0: no margin is added below (or above) zero.
    var stickyYZero = false
    /// Heat maps and images fill the axes exactly: no margins at all.
    var tight = false

    /// The extent of a set of points, skipping non-finite values; nil when none is finite.
    init?(xs: [Double], ys: [Double]) {
        let fx = xs.filter(\.isFinite), fy = ys.filter(\.isFinite)
        guard let x0 = fx.min(), let x1 = fx.max(), let y0 = fy.min(), let y1 = fy.max() else { return nil }
        self.init(xMin: x0, xMax: x1, yMin: y0, yMax: y1)
    }

    init(xMin: Double, xMax: Double, yMin: Double, yMax: Double, stickyYZero: Bool = false, tight: Bool = false) {
        self.xMin = xMin
        self.xMax = xMax
        self.yMin = yMin
        self.yMax = yMax
        self.stickyYZero = stickyYZero
        self.tight = tight
    }

    func union(_ other: DataBounds) -> DataBounds {
        DataBounds(xMin: min(xMin, other.xMin), xMax: max(xMax, other.xMax),
                   yMin: min(yMin, other.yMin), yMax: max(yMax, other.yMax),
                   stickyYZero: stickyYZero || other.stickyYZero, tight: tight || other.tight)
    }
}

/// Maps data coordinates to pixels inside an axes' plot area.
struct AxisTransform {
    let plot: Rect
    let xRange: (lower: Double, upper: Double)
    let yRange: (lower: Double, upper: Double)
    let yInverted: Bool

    func x(_ value: Double) -> Double {
        plot.x + (value - xRange.lower) / (xRange.upper - xRange.lower) * plot.width
    }

    func y(_ value: Double) -> Double {
        let t = (value - yRange.lower) / (yRange.upper - yRange.lower)
        return yInverted ? plot.y + t * plot.height : plot.maxY - t * plot.height
    }

    /// Pixels per data unit along x and y (positive).
    var xScale: Double { plot.width / (xRange.upper - xRange.lower) }
    var yScale: Double { plot.height / (yRange.upper - yRange.lower) }
}

/// Something drawn inside an axes: a line series, bars, a heat map...
protocol PlotElement {
    /// The data region it needs shown; nil when it adds nothing (e.g. no finite values).
    var bounds: DataBounds? { get }
    /// Entries it contributes to the legend (empty when unlabelled).
    var legendEntries: [LegendEntry] { get }
    /// Points in data space the legend should avoid covering.
    var avoidPoints: [(Double, Double)] { get }
    /// Writes the element's SVG inside the plot area.
    func draw(into svg: inout SVGWriter, transform: AxisTransform)
}

/// One row of a legend: a label and the sample drawn beside it.
public struct LegendEntry: Equatable {
    public enum Handle: Equatable {
        case line(style: LineStyle, width: Double, marker: Marker)
        case patch
        case marker(Marker)
    }

    public var label: String
    public var color: Color
    public var handle: Handle

    public init(label: String, color: Color, handle: Handle) {
        self.label = label
        self.color = color
        self.handle = handle
    }
}
