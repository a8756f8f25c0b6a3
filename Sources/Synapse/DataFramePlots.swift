// A DataFrame's column on a plot, as Pandas's `df["co2"].plot()`: against the frame's dates when
// it has a date index, else against the row positions. The umbrella joins the two modules:
// SynapsePlot takes plain values and SynapseData knows nothing of plots.
import Foundation

extension Axes {
    /// Plots a numeric column against the frame's date index (dates on the x axis, the index's
    /// name as x label unless one is set), or against 0, 1, 2, ... when it has none. The legend
    /// entry is the column's name unless `label` is given. Throws when the column is missing or
    /// holds text, naming the file and line.
    public func plot(_ frame: DataFrame, column: String, color: Color? = nil, lineWidth: Double = 1.5,
                     lineStyle: LineStyle = .solid, marker: Marker = .none, label: String? = nil) throws {
        let y = try frame.numbers(column)
        if let dates = frame.dateIndex {
            plot(dates: dates, y: y, color: color, lineWidth: lineWidth, lineStyle: lineStyle, marker: marker, label: label ?? column)
            if xLabel == nil, let name = frame.indexName, !name.isEmpty { xLabel = name }
        } else {
            plot(y: y, color: color, lineWidth: lineWidth, lineStyle: lineStyle, marker: marker, label: label ?? column)
        }
    }
}
