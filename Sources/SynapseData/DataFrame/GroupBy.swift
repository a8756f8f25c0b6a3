// Group-by with Pandas's semantics: rows are grouped by the value of a key column (missing keys
// are dropped), groups come out sorted by key, and each aggregate runs per numeric column over
// the non-missing values: mean = Σx/n, sum = Σx (0 for none), count = n (every column).
import Foundation

/// Rows of a frame grouped by a key column (Pandas's `df.groupby(key)`).
public struct GroupedDataFrame: Sendable {
    let frame: DataFrame
    let key: String
    /// Group keys in sorted order, and the rows of each.
    public let groups: [(key: String, rows: [Int])]

    init(frame: DataFrame, key: String) throws {
        let column = try frame.column(key)
        var rowsByKey = [String: [Int]]()
        var numericKey = [String: Double]()
        for row in 0..<column.count {
            guard let text = column.text(at: row) else { continue }
            rowsByKey[text, default: []].append(row)
            if case let .numbers(v) = column.values { numericKey[text] = v[row] }
        }
        let keys = rowsByKey.keys.sorted { a, b in
            if let x = numericKey[a], let y = numericKey[b] { return x < y }
            return a < b
        }
        self.frame = frame
        self.key = key
        self.groups = keys.map { ($0, rowsByKey[$0]!) }
    }

    private func aggregate(numericOnly: Bool, _ f: ([Double]) -> Double) -> DataFrame {
        let columns = frame.columnValues.filter { $0.name != key && (!numericOnly || $0.isNumeric) }.map { column in
            let values: [Double] = groups.map { group in
                if column.isNumeric, let x = try? column.numbers() { return f(group.rows.map { x[$0] }.filter { !$0.isNaN }) }
                return f(group.rows.filter { !column.isMissing($0) }.map { _ in 0 })
            }
            return Column(name: column.name, values: .numbers(values), isInteger: false, origin: nil)
        }
        return DataFrame(uncheckedColumns: columns, index: groups.map(\.key), sourcePath: nil)
    }

    /// Mean of each numeric column per group.
    public func mean() -> DataFrame { aggregate(numericOnly: true) { $0.isEmpty ? .nan : $0.reduce(0, +) / Double($0.count) } }
    /// Sum of each numeric column per group.
    public func sum() -> DataFrame { aggregate(numericOnly: true) { $0.reduce(0, +) } }
    /// Number of non-missing values of each column per group.
    public func count() -> DataFrame {
        var f = aggregate(numericOnly: false) { Double($0.count) }
        for name in f.columns { f[name]?.isInteger = true }
        return f
    }
}

extension DataFrame {
    /// Groups rows by the values of a column.
    public func groupBy(_ key: String) throws -> GroupedDataFrame { try GroupedDataFrame(frame: self, key: key) }
}
