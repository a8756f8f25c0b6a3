// Classification metrics with scikit-learn's definitions. With labels L = sorted union of the
// true and predicted labels, per label l: tp_l, fp_l, fn_l, support_l = tp_l + fn_l, and
//   precision_l = tp / (tp + fp),  recall_l = tp / (tp + fn),  F1_l = 2 P R / (P + R)
// where a 0/0 is 0 (scikit-learn's default zero_division="warn" returns 0).
// Averages: binary = the positive label's value; macro = plain mean over L; weighted = mean
// weighted by support; micro = from the summed counts (equal to accuracy for single labels).
//   accuracy = (1/n) Σ [y_i = ŷ_i];  confusion[i][j] = #{true = L_i, predicted = L_j}.
import Foundation

/// How per-label precision, recall and F1 are combined into one number.
public enum MetricAverage: Sendable, Equatable {
    /// The value for one label (scikit-learn's `average="binary"`, `pos_label`).
    case binary(positive: Int = 1)
    case macro, weighted, micro
}

/// Fraction of predictions equal to the truth.
public func accuracyScore(_ yTrue: [Int], _ yPred: [Int]) throws -> Double {
    try checkLengths(yTrue.count, yPred.count)
    guard !yTrue.isEmpty else { return .nan }
    return Double(zip(yTrue, yPred).filter { $0 == $1 }.count) / Double(yTrue.count)
}

/// Confusion matrix: rows are true labels, columns predicted labels, both in `labels` order
/// (the sorted union of labels when nil).
public func confusionMatrix(_ yTrue: [Int], _ yPred: [Int], labels: [Int]? = nil) throws -> [[Int]] {
    try checkLengths(yTrue.count, yPred.count)
    let labels = labels ?? Array(Set(yTrue).union(yPred)).sorted()
    guard Set(labels).count == labels.count else {
        throw SynapseError.invalidArgument("labels \(labels) name a label more than once")
    }
    let position = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
    var matrix = [[Int]](repeating: [Int](repeating: 0, count: labels.count), count: labels.count)
    for (t, p) in zip(yTrue, yPred) {
        if let i = position[t], let j = position[p] { matrix[i][j] += 1 }
    }
    return matrix
}

/// Per-label precision, recall, F1 and support, in sorted label order.
public struct PerLabelScores: Sendable, Equatable {
    public var labels: [Int]
    public var precision: [Double]
    public var recall: [Double]
    public var f1: [Double]
    public var support: [Int]
}

/// scikit-learn's `precision_recall_fscore_support(average=None)` with zero_division = 0.
public func precisionRecallF1(_ yTrue: [Int], _ yPred: [Int], labels: [Int]? = nil) throws -> PerLabelScores {
    let labels = labels ?? Array(Set(yTrue).union(yPred)).sorted()
    let m = try confusionMatrix(yTrue, yPred, labels: labels)
    var scores = PerLabelScores(labels: labels, precision: [], recall: [], f1: [], support: [])
    for k in labels.indices {
        let tp = Double(m[k][k])
        let predicted = Double(m.reduce(0) { $0 + $1[k] })
        let actual = Double(m[k].reduce(0, +))
        let p = predicted == 0 ? 0 : tp / predicted
        let r = actual == 0 ? 0 : tp / actual
        scores.precision.append(p)
        scores.recall.append(r)
        scores.f1.append(p + r == 0 ? 0 : 2 * p * r / (p + r))
        scores.support.append(Int(actual))
    }
    return scores
}

/// (precision, recall, F1) combined with `average`.
public func precisionRecallF1(_ yTrue: [Int], _ yPred: [Int], average: MetricAverage) throws -> (precision: Double, recall: Double, f1: Double) {
    let s = try precisionRecallF1(yTrue, yPred)
    switch average {
    case let .binary(positive):
        guard s.labels.count <= 2 else {
            throw SynapseError.invalidArgument("average .binary needs two classes, found labels \(s.labels); use .macro, .weighted or .micro")
        }
        guard let k = s.labels.firstIndex(of: positive) else {
            // scikit-learn: with one label present (or none) the positive label counts as a
            // label of no true and no predicted rows, so all three are 0/0 = 0 (zero_division=0).
            if s.labels.count < 2 { return (0, 0, 0) }
            throw SynapseError.invalidArgument("the positive label \(positive) is not among the labels \(s.labels)")
        }
        return (s.precision[k], s.recall[k], s.f1[k])
    case .macro:
        let n = Double(s.labels.count)
        return (s.precision.reduce(0, +) / n, s.recall.reduce(0, +) / n, s.f1.reduce(0, +) / n)
    case .weighted:
        let total = Double(s.support.reduce(0, +))
        guard total > 0 else { return (0, 0, 0) }
        func weighted(_ v: [Double]) -> Double { zip(v, s.support).reduce(0) { $0 + $1.0 * Double($1.1) } / total }
        return (weighted(s.precision), weighted(s.recall), weighted(s.f1))
    case .micro:
        let tp = Double(zip(yTrue, yPred).filter { $0 == $1 }.count)
        let n = Double(yTrue.count)
        let v = n == 0 ? 0 : tp / n
        return (v, v, v)
    }
}

/// Precision: tp / (tp + fp).
public func precisionScore(_ yTrue: [Int], _ yPred: [Int], average: MetricAverage = .binary()) throws -> Double {
    try precisionRecallF1(yTrue, yPred, average: average).precision
}

/// Recall: tp / (tp + fn).
public func recallScore(_ yTrue: [Int], _ yPred: [Int], average: MetricAverage = .binary()) throws -> Double {
    try precisionRecallF1(yTrue, yPred, average: average).recall
}

/// F1: harmonic mean of precision and recall.
public func f1Score(_ yTrue: [Int], _ yPred: [Int], average: MetricAverage = .binary()) throws -> Double {
    try precisionRecallF1(yTrue, yPred, average: average).f1
}

/// scikit-learn's `classification_report` text: per-label precision, recall, F1 and support,
/// then accuracy, macro and weighted averages. `labels` are the labels to report, in order
/// (the sorted labels present by default), so that a class absent from both the truth and the
/// predictions still has its row; `targetNames` name them. When `labels` leave out a label
/// that occurs, the accuracy row becomes a "micro avg" row over the given labels, as in scikit-learn.
public func classificationReport(_ yTrue: [Int], _ yPred: [Int], labels: [Int]? = nil, targetNames: [String]? = nil,
                                 digits: Int = 2) throws -> String {
    try checkLengths(yTrue.count, yPred.count)
    let s = try precisionRecallF1(yTrue, yPred, labels: labels)
    let names = targetNames ?? s.labels.map(String.init)
    guard names.count == s.labels.count else {
        throw SynapseError.invalidArgument("\(names.count) target names for \(s.labels.count) labels \(s.labels)")
    }
    let width = max(names.map(\.count).max() ?? 0, "weighted avg".count, digits)
    func right(_ text: String, _ w: Int) -> String { String(repeating: " ", count: max(w - text.count, 0)) + text }
    func number(_ v: Double) -> String { right(String(format: "%.\(digits)f", v), 9) }
    var report = right("", width) + " " + ["precision", "recall", "f1-score", "support"].map { " " + right($0, 9) }.joined() + "\n\n"
    for k in s.labels.indices {
        report += right(names[k], width) + " " + " " + number(s.precision[k]) + " " + number(s.recall[k]) + " " + number(s.f1[k])
            + " " + right(String(s.support[k]), 9) + "\n"
    }
    report += "\n"
    let n = s.support.reduce(0, +)
    func row(_ name: String, _ v: (Double, Double, Double)) -> String {
        right(name, width) + " " + " " + number(v.0) + " " + number(v.1) + " " + number(v.2) + " " + right(String(n), 9) + "\n"
    }
    let reported = Set(s.labels)
    if yTrue.allSatisfy(reported.contains) && yPred.allSatisfy(reported.contains) {
        report += right("accuracy", width) + " " + " " + right("", 9) + " " + right("", 9) + " " + number(try accuracyScore(yTrue, yPred))
            + " " + right(String(n), 9) + "\n"
    } else {
        // Micro averages over the given labels: summed true positives over the rows predicted
        // as, and truly of, those labels.
        let m = try confusionMatrix(yTrue, yPred, labels: s.labels)
        let tp = Double(s.labels.indices.reduce(0) { $0 + m[$1][$1] })
        let predicted = Double(yPred.filter(reported.contains).count), actual = Double(n)
        let p = predicted == 0 ? 0 : tp / predicted, r = actual == 0 ? 0 : tp / actual
        report += row("micro avg", (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r)))
    }
    let k = Double(max(s.labels.count, 1))
    report += row("macro avg", (s.precision.reduce(0, +) / k, s.recall.reduce(0, +) / k, s.f1.reduce(0, +) / k))
    func weighted(_ v: [Double]) -> Double { n == 0 ? 0 : zip(v, s.support).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(n) }
    report += row("weighted avg", (weighted(s.precision), weighted(s.recall), weighted(s.f1)))
    return report
}

/// Area under the ROC curve for binary labels (1 positive) and scores: the probability that a
/// random positive scores above a random negative, ties counting one half (Mann–Whitney U with
/// average ranks), which equals scikit-learn's trapezoidal area.
public func rocAucScore(_ yTrue: [Int], _ scores: [Double]) throws -> Double {
    try checkLengths(yTrue.count, scores.count)
    let classes = Set(yTrue)
    guard classes.count == 2 else {
        throw SynapseError.invalidArgument("ROC AUC needs both classes in y_true; found only \(classes.sorted()), so it is not defined")
    }
    let positive = classes.max()!
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var ranks = [Double](repeating: 0, count: scores.count)
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
        let average = Double(i + j) / 2 + 1
        for k in i...j { ranks[order[k]] = average }
        i = j + 1
    }
    let nPos = Double(yTrue.filter { $0 == positive }.count)
    let nNeg = Double(yTrue.count) - nPos
    let rankSum = yTrue.indices.filter { yTrue[$0] == positive }.reduce(0.0) { $0 + ranks[$1] }
    return (rankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg)
}

func checkLengths(_ a: Int, _ b: Int) throws {
    guard a == b else { throw SynapseError.shapeMismatch("y_true has \(a) values and y_pred \(b)") }
}
