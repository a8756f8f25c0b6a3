// Pandas's `pivot_table(values=v, index=i, columns=c, aggfunc=f)`: one row per distinct value of
// `i` and one column per distinct value of `c` (both sorted as groupBy sorts), each cell
// f(values of v in the rows with that i and c), NaN where no row has that pair.
import Foundation

extension DataFrame {
    /// A spreadsheet-style pivot table (Pandas's `pivot_table`); the index is named after
    /// `index`, the columns after the values of `columns` as printed.
    public func pivotTable(values: String, index: String, columns: String,
                           aggfunc: Aggregation = .mean) throws -> DataFrame {
        let source = try column(values)
        if aggfunc.isNumeric { _ = try source.operands(aggfunc.rawValue) }
        let x = (try? source.numbers()) ?? []
        let rowGroups = try GroupedDataFrame(frame: self, keys: [index], asIndex: true).groups
        let columnGroups = try GroupedDataFrame(frame: self, keys: [columns], asIndex: true).groups
        let columnOf = Dictionary(uniqueKeysWithValues: columnGroups.enumerated().flatMap { c, group in group.rows.map { ($0, c) } })
        var cells = [[[Int]]](repeating: [[Int]](repeating: [], count: columnGroups.count), count: rowGroups.count)
        for (r, group) in rowGroups.enumerated() {
            for row in group.rows { if let c = columnOf[row] { cells[r][c].append(row) } }
        }
        let pivoted = columnGroups.enumerated().map { c, group -> Column in
            let column = Column(name: group.key, values: .numbers(rowGroups.indices.map { r in
                let rows = cells[r][c]
                if rows.isEmpty { return .nan }
                if aggfunc == .first || aggfunc == .last || aggfunc == .count {
                    return aggfunc.apply(rows.filter { !source.isMissing($0) }.map { x.isEmpty ? 0 : x[$0] })
                }
                return aggfunc.apply(rows.map { x[$0] }.filter { !$0.isNaN })
            }))
            return aggfunc == .mean || aggfunc == .std || aggfunc == .median || !source.isInteger && aggfunc != .count
                ? Column(name: column.name, values: column.values, isInteger: false, origin: nil) : column
        }
        var labels = try self.column(index).gathering(rowGroups.map { $0.rows[0] })
        labels.origin = nil
        return DataFrame(uncheckedColumns: pivoted, labels: labels, sourcePath: nil)
    }
}
