// The classification metrics for tensors of class labels, as a model's predictions come out:
// a [n] or [n, 1] tensor of class numbers (0/1 for binary), or a [n, classes] tensor of scores
// or one-hot rows, which counts as its argmax along the last axis. Labels must be whole numbers.

extension Tensor {
    /// The class labels this tensor holds: its values for [n] and [n, 1], the argmax of each
    /// row for [n, classes]. Throws when a value is not a whole number.
    public func classLabels() throws -> [Int] {
        let labels = rank == 2 && shape[1] > 1 ? argmax(alongAxis: 1) : self
        return try labels.scalars.enumerated().map { index, value in
            guard value.isFinite, value == value.rounded() else {
                throw SynapseError.invalidArgument("class labels must be whole numbers; element \(index) is \(value)")
            }
            return Int(value)
        }
    }
}

/// Fraction of predictions equal to the truth.
public func accuracyScore(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try accuracyScore(yTrue.classLabels(), yPred.classLabels())
}

/// Confusion matrix: rows are true labels, columns predicted labels.
public func confusionMatrix(_ yTrue: Tensor, _ yPred: Tensor, labels: [Int]? = nil) throws -> [[Int]] {
    try confusionMatrix(yTrue.classLabels(), yPred.classLabels(), labels: labels)
}

/// Precision, recall and F1 combined as `average` says.
public func precisionRecallF1(_ yTrue: Tensor, _ yPred: Tensor, average: MetricAverage) throws
    -> (precision: Double, recall: Double, f1: Double) {
    try precisionRecallF1(yTrue.classLabels(), yPred.classLabels(), average: average)
}

/// scikit-learn's text report: precision, recall, F1 and support per class, then the averages.
/// `labels` are the labels to report, in order (see the [Int] overload).
public func classificationReport(_ yTrue: Tensor, _ yPred: Tensor, labels: [Int]? = nil, targetNames: [String]? = nil,
                                 digits: Int = 2) throws -> String {
    try classificationReport(yTrue.classLabels(), yPred.classLabels(), labels: labels, targetNames: targetNames, digits: digits)
}
