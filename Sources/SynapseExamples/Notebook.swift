// The steps every notebook repeats, each one call: look at a frame (head, info, describe,
// missing counts), the describe table for a report, a progress line every few epochs, and
// columns of a frame as plot input.

import Foundation
import Synapse

/// Prints what the notebooks print first: `head()`, `info()`, `describe()` and the missing
/// values per column (`isnull().sum()`).
public func look(at frame: DataFrame) {
    print("df.head()\n\(frame.head())\n")
    print("df.info()\n\(frame.info())\n")
    print("df.describe().transpose()\n\(describeTransposed(frame))\n")
    let missing = frame.missingCounts()
    let width = missing.map(\.column.count).max() ?? 0
    print("df.isnull().sum()")
    for (column, count) in missing {
        print(column + String(repeating: " ", count: width - column.count + 2) + String(count))
    }
    print("")
}

/// `describe().transpose()`: one row per numeric column, as the notebooks show it.
func describeTransposed(_ frame: DataFrame) -> DataFrame {
    let described = frame.describe()
    let statistics = described.index ?? []
    let columns = statistics.enumerated().map { i, name in
        Column(name: name, numbers: described.columns.map { (try? described.numbers($0)[i]) ?? .nan })
    }
    return (try? DataFrame(columns: columns, index: described.columns)) ?? described
}

/// The describe table for an HTML report: one row per numeric column.
public func describeTable(_ frame: DataFrame) -> (header: [String], rows: [[String]]) {
    let described = frame.describe()
    let statistics = described.index ?? []
    let rows = described.columns.map { name -> [String] in
        let values = (try? described.numbers(name)) ?? []
        return [name] + values.map { formatNumber($0) }
    }
    return (["column"] + statistics, rows)
}

/// A number as the tables print it: 4 significant decimals, exponent form when very large or small.
public func formatNumber(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "inf" : "-inf") }
    if value != 0 && (abs(value) >= 1e7 || abs(value) < 1e-3) { return String(format: "%.4e", value) }
    return String(format: "%.4f", value)
}

/// A callback that prints one line every `every` epochs (and at the last epoch):
/// `epoch  25/300 - loss: 0.1287 - accuracy: 0.9531 - val_loss: ... - val_accuracy: ...`.
public final class ProgressLogger: Callback {
    let every: Int
    let epochs: Int
    let label: String
    public init(every: Int, epochs: Int, label: String = "") {
        (self.every, self.epochs, self.label) = (every, epochs, label)
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) {
        let done = epoch + 1
        guard every > 0, done % every == 0 || done == epochs || model.stopTraining else { return }
        let keys = logs.keys.filter { $0 != "learning_rate" }.sorted { a, b in
            let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
            return va != vb ? !va : a < b
        }
        let width = String(epochs).count
        let counter = String(repeating: " ", count: max(0, width - String(done).count)) + "\(done)/\(epochs)"
        let values = keys.map { "\($0): \(String(format: "%.4f", logs[$0]!))" }.joined(separator: " - ")
        print("\(label)epoch \(counter) - \(values)")
    }
}

/// The values of a numeric column (throws when it is text).
func values(_ frame: DataFrame, _ name: String) throws -> [Double] { try frame.numbers(name) }

/// Every `step`-th row index so that at most `limit` rows remain (keeps SVG scatter plots small).
func sampledRows(_ count: Int, limit: Int) -> [Int] {
    guard count > limit else { return Array(0..<count) }
    let step = Double(count) / Double(limit)
    return (0..<limit).map { Int(Double($0) * step) }
}

/// The rows of a [n, 1] or [n] tensor as Double.
func column(_ tensor: Tensor) -> [Double] { tensor.scalars.map(Double.init) }

/// The per-epoch curves the notebooks plot: the history without `learning_rate` (Keras 3 logs
/// it; the seed's figures show only the losses and metrics).
public func curves(_ history: History) -> [String: [Double]] {
    history.history.filter { $0.key != "learning_rate" }
}
