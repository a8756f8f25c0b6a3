// Confusion matrix (scikit-learn's ConfusionMatrixDisplay): entry [i][j] counts the samples of
// true class i predicted as class j; drawn as a 'Blues' heat map with the counts in the cells,
// true labels down the side and predicted labels along the bottom.

extension Figure {
    /// Counts of (true class, predicted class) over `classCount` classes.
    public static func confusionCounts(truth: [Int], predicted: [Int], classCount: Int) -> [[Int]] {
        require(truth.count == predicted.count, "confusion matrix: \(truth.count) true labels but \(predicted.count) predictions")
        var counts = Array(repeating: Array(repeating: 0, count: classCount), count: classCount)
        for (t, p) in zip(truth, predicted) where (0..<classCount).contains(t) && (0..<classCount).contains(p) {
            counts[t][p] += 1
        }
        return counts
    }

    /// A figure of the confusion matrix `counts` (rows: true class, columns: predicted class).
    public static func confusionMatrix(_ counts: [[Int]], classNames: [String]? = nil,
                                       title: String? = "Confusion matrix", size: Double = 520) -> Figure {
        let figure = Figure(width: size + 80, height: size)
        let ax = figure.addAxes()
        ax.confusionMatrix(counts, classNames: classNames)
        ax.title = title
        return figure
    }

    /// A figure of the confusion matrix of integer class labels.
    public static func confusionMatrix(truth: [Int], predicted: [Int], classNames: [String]) -> Figure {
        confusionMatrix(confusionCounts(truth: truth, predicted: predicted, classCount: classNames.count), classNames: classNames)
    }
}

extension Axes {
    /// Draws a confusion matrix of counts on these axes.
    public func confusionMatrix(_ counts: [[Int]], classNames: [String]? = nil) {
        let names = classNames ?? counts.indices.map(String.init)
        let values = counts.map { $0.map(Double.init) }
        heatMap(values, annotations: counts.map { $0.map(String.init) }, rowLabels: names, columnLabels: names,
                colormap: .blues, vmin: 0, vmax: Double(counts.joined().max() ?? 1), showsColorBar: true, colorBarLabel: nil)
        xLabel = "Predicted label"
        yLabel = "True label"
    }
}
