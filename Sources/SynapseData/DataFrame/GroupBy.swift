// Group-by with Pandas's semantics: rows are grouped by the values of one or several key columns
// (rows with a missing key are dropped), groups come out sorted by key (numbers numerically, text
// in string order, several keys lexicographically), and each aggregate runs per column over the
// group's present values:
//   sum = Σx (0 for none), mean = Σx/n, std = √(Σ(x − mean)²/(n − 1)), median, min, max (NaN for
//   none), count = n, first / last = the first / last present value, size = rows in the group.
// One key gives a frame indexed by the key's values, the index named after the key (Pandas's
// default); several keys, or `asIndex: false`, give the key columns first (`as_index=False`).
import Foundation

/// How the values of a group or a period combine (Pandas's names, as in `agg(["sum", "mean"])`);
/// `groupBy`, `pivotTable` and `resampled` share it.
public enum Aggregation: String, Sendable, CaseIterable {
    case mean, sum, first, last, min, max, median, std, count

    /// Whether it needs numbers (the others take any column).
    var isNumeric: Bool { ![.count, .first, .last].contains(self) }

    /// The aggregate of a group's present numbers, in order.
    func apply(_ x: [Double]) -> Double {
        switch self {
        case .sum: return x.reduce(0, +)
        case .mean: return Statistics.mean(x)
        case .median: return Statistics.quantile(x, 0.5)
        case .std: return Statistics.std(x)
        case .min: return x.min() ?? .nan
        case .max: return x.max() ?? .nan
        case .count: return Double(x.count)
        case .first: return x.first ?? .nan
        case .last: return x.last ?? .nan
        }
    }
}

/// Rows of a frame grouped by key columns (Pandas's `df.groupby(keys)`).
public struct GroupedDataFrame: Sendable {
    let frame: DataFrame
    let keys: [String]
    let asIndex: Bool
    /// Group keys in sorted order (several keys joined by ", "), and the rows of each.
    public let groups: [(key: String, rows: [Int])]

    init(frame: DataFrame, keys: [String], asIndex: Bool) throws {
        guard !keys.isEmpty else { throw SynapseError.invalidArgument("groupBy needs at least one key column") }
        let columns = try keys.map { try frame.column($0) }
        var rowsByKey = [[String]: [Int]]()
        var order = [[String]]()
        for row in 0..<frame.rowCount {
            guard !columns.contains(where: { $0.isMissing(row) }) else { continue }
            let key = columns.map { $0.text(at: row)! }
            if rowsByKey[key] == nil { order.append(key) }
            rowsByKey[key, default: []].append(row)
        }
        let sorted = order.sorted { a, b in
            let (i, j) = (rowsByKey[a]![0], rowsByKey[b]![0])
            for c in columns {
                if c.orderedBefore(i, j) { return true }
                if c.orderedBefore(j, i) { return false }
            }
            return false
        }
        self.frame = frame
        self.keys = keys
        self.asIndex = asIndex && keys.count == 1
        self.groups = sorted.map { ($0.joined(separator: ", "), rowsByKey[$0]!) }
    }

    /// The same groups over only the named columns (Pandas's `df.groupby("k")[["x", "y"]]`).
    public subscript(names: [String]) -> GroupedDataFrame {
        get throws {
            GroupedDataFrame(frame: try frame.selecting(keys + names.filter { !keys.contains($0) }),
                             keys: keys, asIndex: asIndex, groups: groups)
        }
    }

    /// The same groups over one column (Pandas's `df.groupby("k")["x"]`).
    public subscript(name: String) -> GroupedDataFrame { get throws { try self[[name]] } }

    /// The key columns (one row per group) or the index, around the aggregated columns.
    private func assemble(_ columns: [Column]) -> DataFrame {
        let firstRows = groups.map { $0.rows[0] }
        if asIndex {
            var keyColumn = frame[keys[0]]!.gathering(firstRows)
            keyColumn.origin = nil
            return DataFrame(uncheckedColumns: columns, labels: keyColumn, sourcePath: nil)
        }
        let keyColumns = keys.map { key -> Column in
            var c = frame[key]!.gathering(firstRows)
            c.origin = nil
            return c
        }
        return DataFrame(uncheckedColumns: keyColumns + columns, labels: nil, sourcePath: nil)
    }

    /// The columns an aggregate runs over: all but the keys, only numbers for numeric aggregates.
    private func valueColumns(for aggregation: Aggregation) -> [Column] {
        frame.columnValues.filter { !keys.contains($0.name) && (!aggregation.isNumeric || $0.isNumeric) }
    }

    /// One aggregate of one column per group, named `name`, keeping int64 where Pandas does.
    private func aggregated(_ column: Column, _ aggregation: Aggregation, name: String) -> Column {
        let x = (try? column.numbers()) ?? []
        switch aggregation {
        case .first, .last:
            let rows = groups.map { group -> Int? in
                let present = group.rows.filter { !column.isMissing($0) }
                return aggregation == .first ? present.first : present.last
            }
            var c = column.gathering(optionalRows: rows)
            c.name = name
            return c
        case .count:
            let counts = groups.map { Double($0.rows.filter { !column.isMissing($0) }.count) }
            return Column(name: name, values: .numbers(counts), isInteger: true, origin: nil)
        default:
            let values = groups.map { group in aggregation.apply(group.rows.map { x[$0] }.filter { !$0.isNaN }) }
            let keepsInteger = column.isInteger && [.sum, .min, .max].contains(aggregation)
            return Column(name: name, values: .numbers(values), isInteger: keepsInteger && !values.isEmpty, origin: nil)
        }
    }

    /// The aggregate of every column but the keys (numeric columns only for numeric aggregates).
    public func aggregate(_ aggregation: Aggregation) -> DataFrame {
        assemble(valueColumns(for: aggregation).map { aggregated($0, aggregation, name: $0.name) })
    }

    /// Several aggregates of every column (Pandas's `agg(["sum", "mean"])`), named
    /// "column_aggregate", column by column.
    public func agg(_ aggregations: [Aggregation]) -> DataFrame {
        let columns = frame.columnValues.filter { !keys.contains($0.name) }.flatMap { column in
            aggregations.filter { !$0.isNumeric || column.isNumeric }.map { aggregated(column, $0, name: "\(column.name)_\($0.rawValue)") }
        }
        return assemble(columns)
    }

    /// One aggregate per named column (Pandas's `agg({"x": "sum", "y": "mean"})`), in that order.
    public func agg(_ spec: KeyValuePairs<String, Aggregation>) throws -> DataFrame {
        let columns = try spec.map { name, aggregation -> Column in
            let column = try frame.column(name)
            if aggregation.isNumeric { _ = try column.operands(aggregation.rawValue) }
            return aggregated(column, aggregation, name: name)
        }
        return assemble(columns)
    }

    /// Sum of each numeric column per group (0 for a group with no values).
    public func sum() -> DataFrame { aggregate(.sum) }
    /// Mean of each numeric column per group.
    public func mean() -> DataFrame { aggregate(.mean) }
    /// Median of each numeric column per group.
    public func median() -> DataFrame { aggregate(.median) }
    /// Sample standard deviation (ddof 1) of each numeric column per group.
    public func std() -> DataFrame { aggregate(.std) }
    /// Smallest value of each numeric column per group.
    public func min() -> DataFrame { aggregate(.min) }
    /// Largest value of each numeric column per group.
    public func max() -> DataFrame { aggregate(.max) }
    /// Number of present values of each column per group.
    public func count() -> DataFrame { aggregate(.count) }
    /// First present value of each column per group.
    public func first() -> DataFrame { aggregate(.first) }
    /// Last present value of each column per group.
    public func last() -> DataFrame { aggregate(.last) }
    /// Number of rows per group, as a column "size" beside the keys (Pandas's
    /// `groupby(keys).size().reset_index(name="size")`).
    public func size() -> DataFrame {
        GroupedDataFrame(frame: frame, keys: keys, asIndex: false, groups: groups).assemble([Column(name: "size", values: .numbers(groups.map { Double($0.rows.count) }), isInteger: true, origin: nil)])
    }

    private init(frame: DataFrame, keys: [String], asIndex: Bool, groups: [(key: String, rows: [Int])]) {
        self.frame = frame
        self.keys = keys
        self.asIndex = asIndex
        self.groups = groups
    }
}

extension Column {
    /// Whether the value in row `i` sorts before the one in row `j` (both present): numbers and
    /// dates by value, booleans false first, text in string order.
    func orderedBefore(_ i: Int, _ j: Int) -> Bool {
        switch values {
        case let .numbers(v): return v[i] < v[j]
        case let .texts(v): return v[i]! < v[j]!
        case let .booleans(v): return !v[i]! && v[j]!
        case let .dates(v): return v[i]! < v[j]!
        }
    }

    /// The column at the given rows, missing where the row is nil (NaN / nil); an int64 column
    /// with a missing row becomes float64, as in Pandas.
    func gathering(optionalRows rows: [Int?]) -> Column {
        let values: ColumnValues
        switch self.values {
        case let .numbers(v): values = .numbers(rows.map { $0.map { v[$0] } ?? .nan })
        case let .texts(v): values = .texts(rows.map { $0.flatMap { v[$0] } })
        case let .booleans(v): values = .booleans(rows.map { $0.flatMap { v[$0] } })
        case let .dates(v): values = .dates(rows.map { $0.flatMap { v[$0] } })
        }
        return Column(name: name, values: values, isInteger: isInteger && !rows.isEmpty && !rows.contains(nil), origin: nil)
    }
}

extension DataFrame {
    /// Groups rows by the values of a column (Pandas's `df.groupby(key)`); results are indexed
    /// by the key, the index named after it, or keep it as a column with `asIndex: false`.
    public func groupBy(_ key: String, asIndex: Bool = true) throws -> GroupedDataFrame {
        try GroupedDataFrame(frame: self, keys: [key], asIndex: asIndex)
    }

    /// Groups rows by the values of several columns (Pandas's `df.groupby([k1, k2],
    /// as_index=False)`): results start with the key columns.
    public func groupBy(_ keys: [String]) throws -> GroupedDataFrame {
        try GroupedDataFrame(frame: self, keys: keys, asIndex: false)
    }
}
