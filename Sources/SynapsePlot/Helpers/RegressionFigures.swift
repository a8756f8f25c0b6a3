// One-call figures for regression results and forecasts, on plain [Double] values:
// actual vs predicted with the perfect-prediction line y = x; the histogram of errors
// (truth − prediction) with its KDE; a forecast drawn after (or over) the series it continues.

extension Figure {
    /// Scatter of predictions against true values, with the red perfect-prediction line y = x.
    public static func actualVsPredicted(actual: [Double], predicted: [Double], title: String? = "Actual vs predicted",
                                         width: Double = 560, height: Double = 480) -> Figure {
        let figure = Figure(width: width, height: height)
        let ax = figure.addAxes()
        ax.scatter(x: actual, y: predicted, alpha: 0.6, size: 6, label: "predictions")
        let values = (actual + predicted).filter(\.isFinite)
        if let low = values.min(), let high = values.max() {
            ax.referenceLine(from: (low, low), to: (high, high), color: "r", label: "perfect prediction")
        }
        ax.title = title
        ax.xLabel = "True value"
        ax.yLabel = "Predicted value"
        return figure
    }

    /// Histogram of the errors (actual − predicted) with a KDE, as seaborn's histplot(kde=True).
    public static func errorHistogram(actual: [Double], predicted: [Double], bins: Int = 30,
                                      title: String? = "Prediction errors", width: Double = 560, height: Double = 400) -> Figure {
        require(actual.count == predicted.count, "errorHistogram: \(actual.count) true values but \(predicted.count) predictions")
        let figure = Figure(width: width, height: height)
        let ax = figure.addAxes()
        ax.histogram(zip(actual, predicted).map { $0 - $1 }, bins: bins, kde: true, label: "error")
        ax.showsLegend = false
        ax.title = title
        ax.xLabel = "Error (actual − predicted)"
        return figure
    }

    /// A forecast against the truth: the series before the forecast (optional), the true values
    /// and the forecast over the same steps.
    /// - Parameters:
    ///   - history: the values before the forecast starts, drawn at steps 0..<history.count.
    ///   - truth: the true values over the forecast steps (may be empty when forecasting beyond
    ///     the end of the data).
    ///   - forecast: the predicted values, starting right after `history`.
    public static func forecast(history: [Double] = [], truth: [Double], forecast: [Double],
                                title: String? = "Forecast", xLabel: String = "Step", yLabel: String = "Value",
                                width: Double = 760, height: Double = 400) -> Figure {
        let figure = Figure(width: width, height: height)
        let ax = figure.addAxes()
        let start = history.count
        if !history.isEmpty {
            ax.plot(x: history.indices.map(Double.init), y: history, color: "C0", label: "series")
        }
        if !truth.isEmpty {
            ax.plot(x: truth.indices.map { Double(start + $0) }, y: truth, color: "C2", label: "truth")
        }
        ax.plot(x: forecast.indices.map { Double(start + $0) }, y: forecast, color: "C1", lineStyle: .dashed, label: "forecast")
        ax.title = title
        ax.xLabel = xLabel
        ax.yLabel = yLabel
        return figure
    }
}
