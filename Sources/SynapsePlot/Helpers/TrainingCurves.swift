// One-call figures of a training history given as plain values, e.g. Keras's
// history.history: ["loss": [...], "val_loss": [...], "accuracy": [...], "val_accuracy": [...]].
// Each metric gets one axes with its training curve and, when present, its "val_" curve; loss
// comes first, then the other metrics by name, side by side. Epochs are numbered from 1.

extension Figure {
    /// The metric names to plot, in order: loss first, then the others sorted; "val_" curves
    /// join their metric (a "val_" curve without a training curve gets its own axes).
    static func metricGroups(_ history: [String: [Double]]) -> [String] {
        var bases = Set(history.keys.filter { !$0.hasPrefix("val_") })
        for key in history.keys where key.hasPrefix("val_") && history[String(key.dropFirst(4))] == nil {
            bases.insert(key)
        }
        return bases.sorted { a, b in
            if a == "loss" || b == "loss" { return a == "loss" && b != "loss" }
            return a < b
        }
    }

    /// Training curves side by side: loss / val_loss, accuracy / val_accuracy, then any other
    /// metric, one axes each, with a legend.
    /// - Parameter history: curve name → one value per epoch.
    public static func trainingHistory(_ history: [String: [Double]], title: String? = nil,
                                       panelWidth: Double = 420, height: Double = 340) -> Figure {
        let groups = metricGroups(history)
        let figure = Figure(width: panelWidth * Double(max(groups.count, 1)), height: height)
        figure.title = title
        let axes = figure.subplots(rows: 1, columns: max(groups.count, 1))
        for (ax, metric) in zip(axes, groups) {
            if let train = history[metric] {
                ax.plot(x: train.indices.map { Double($0 + 1) }, y: train, marker: train.count <= 30 ? .circle : .none, label: metric)
            }
            if !metric.hasPrefix("val_"), let validation = try history["val_" + metric] {
                ax.plot(x: validation.indices.map { Double($0 + 1) }, y: validation,
                        marker: validation.count <= 30 ? .circle : .none, label: "val_" + metric)
            }
            ax.title = metric == "loss" ? "Loss" : metric.replacingOccurrences(of: "_", with: " ").capitalized
            ax.xLabel = "Epoch"
            ax.yLabel = metric
        }
        return figure
    }
}
