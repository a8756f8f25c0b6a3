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
        let x = aggfunc == .count ? [] : try source.operands("pivotTable(aggfunc: .\(aggfunc.rawValue))")
        let rowGroups = try GroupedDataFrame(frame: self, keys: [index], asIndex: true).groups
        let columnGroups = try GroupedDataFrame(frame: self, keys: [columns], asIndex: true).groups
        let columnOf = Dictionary(uniqueKeysWithValues: columnGroups.enumerated().flatMap { c, group in group.rows.map { ($0, c) } })
        var cells = [[[Int]]](repeating: [[Int]](repeating: [], count: columnGroups.count), count: rowGroups.count)
        for (r, group) in rowGroups.enumerated() {
            for row in group.rows { if let c = columnOf[row] { cells[r][c].append(row) } }
        }
        // Pandas's dtypes: counts are int64, and sum, min, max, first, last of int64 stay int64
        // unless a cell is empty (NaN).
        let keepsInteger = aggfunc == .count || source.isInteger && [.sum, .min, .max, .first, .last].contains(aggfunc)
        let pivoted = columnGroups.enumerated().map { c, group -> Column in
            let cellValues = rowGroups.indices.map { r -> Double in
                let present = cells[r][c].filter { !source.isMissing($0) }
                if cells[r][c].isEmpty { return .nan }
                return aggfunc == .count ? Double(present.count) : aggfunc.apply(present.map { x[$0] })
            }
            let integer = keepsInteger && !cellValues.contains { $0.isNaN }
            return Column(name: group.key, values: .numbers(cellValues), isInteger: integer && !cellValues.isEmpty, origin: nil)
        }
        var labels = try self.column(index).gathering(rowGroups.map { $0.rows[0] })
        labels.origin = nil
        return DataFrame(uncheckedColumns: pivoted, labels: labels, sourcePath: nil)
    }
}
