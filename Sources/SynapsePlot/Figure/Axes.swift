// One plotting area of a figure, like Matplotlib's Axes: it owns its elements (lines, bars,
// cells...), its title and labels, its limits and ticks. The plot kinds (Plots/) add elements
// through extensions; Figure/AxesRendering.swift turns the whole into SVG.

import Foundation

/// Where the legend goes inside the axes. `.best` picks the corner covering the fewest points.
public enum LegendLocation: Sendable, CaseIterable {
    case best, upperRight, upperLeft, lowerLeft, lowerRight, centerRight, centerLeft, lowerCenter, upperCenter, center
}

/// A colour bar beside the axes, for a heat map.
struct ColorBarSpec {
    var colormap: Colormap
    var vmin: Double
    var vmax: Double
    var label: String?
}

/// One set of axes in a figure: call plot kinds on it (`plot`, `scatter`, `histogram`,
/// `boxPlot`, `bar`, `heatMap`, `image`...) and set its text.
public final class Axes {
    /// Shown above the plot area.
    public var title: String?
    /// The x axis label, below the tick labels.
    public var xLabel: String?
    /// The y axis label, left of the tick labels, reading upwards.
    public var yLabel: String?
    /// Fixed x limits; nil to fit the data (plus 5% margins, as Matplotlib).
    public var xLimits: (lower: Double, upper: Double)?
    /// Fixed y limits; nil to fit the data.
    public var yLimits: (lower: Double, upper: Double)?
    /// Light grid lines at the major ticks.
    public var showsGrid = true
    /// Whether the legend is drawn when any element has a label.
    public var showsLegend = true
    /// Where the legend goes.
    public var legendLocation: LegendLocation = .best
    /// Spines, ticks and tick labels; false is Matplotlib's `axis('off')`.
    public var showsAxis = true
    /// Tick labels of the x axis, when it is categorical (bars, boxes, heat-map columns) at 0, 1, 2...
    public var xCategories: [String]?
    /// Tick labels of the y axis, when categorical (heat-map rows) at 0, 1, 2...
    public var yCategories: [String]?
    /// The x values are dates, as days since 1970-01-01 UTC (set by `plot(dates:y:)`): the x
    /// ticks fall on years, months, days... and are labelled as dates.
    public var xIsDate = false
    /// Draws the y axis top-down (heat maps and images: row 0 at the top).
    public var yInverted = false
    /// One data unit is as long on x as on y (images).
    public var equalAspect = false

    var elements: [PlotElement] = []
    var colorBar: ColorBarSpec?
    private var cycleIndex = 0

    init() {}

    /// The next colour of the default cycle (tab10), as Matplotlib gives each new series.
    public func nextCycleColor() -> Color {
        defer { cycleIndex += 1 }
        return ColorCycle.color(cycleIndex)
    }

    /// Sets both axis labels.
    public func setLabels(x: String?, y: String?) {
        xLabel = x
        yLabel = y
    }

    /// Matplotlib's `axis('off')`.
    public func axisOff() { showsAxis = false }

    func add(_ element: PlotElement) { elements.append(element) }

    /// All entries the legend would show, in the order the elements were added.
    public var legendEntries: [LegendEntry] { elements.flatMap(\.legendEntries) }
}
