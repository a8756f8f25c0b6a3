// The terminal look of Pandas: `print(df)` shows a table with the index at the left, columns
// right-aligned, floats of a column with a common number of decimals (at most 6), at most 60
// rows (else the first and last 5 around a "..." row) and 20 columns (else the first and last
// 10 around "..."), a line with the index's name when it has one ("DATE"), and a
// "[r rows x c columns]" footer when cut. `info()` prints Pandas's
// column / non-null count / dtype table.
import Foundation

extension DataFrame: CustomStringConvertible {
    public var description: String { render() }

    /// The table as Pandas prints it.
    public func render(maxRows: Int = 60, maxColumns: Int = 20) -> String {
        let rowsShown: [Int?] = rowCount > maxRows
            ? Array(0..<5).map { Optional($0) } + [nil] + Array((rowCount - 5)..<rowCount).map { Optional($0) }
            : Array(0..<rowCount).map { Optional($0) }
        let colsShown: [Int?] = columnValues.count > maxColumns
            ? Array(0..<(maxColumns / 2)).map { Optional($0) } + [nil]
                + Array((columnValues.count - maxColumns / 2)..<columnValues.count).map { Optional($0) }
            : Array(0..<columnValues.count).map { Optional($0) }
        // Pandas's layout: numeric headers and every cell carry a leading space (a sign slot for
        // numbers), columns are right-justified to their widest entry and joined by one space;
        // the index is left-justified.
        var labels = [""]
        for row in rowsShown { labels.append(row.map(rowLabel) ?? "..") }
        var strcols = [labels]
        var formatted: [Int: [String]] = [:]
        for case let c? in colsShown { formatted[c] = formatColumn(columnValues[c], rows: rowsShown.compactMap { $0 }) }
        for c in colsShown {
            var cells = [c.map { columnValues[$0].isNumeric ? " " + columnValues[$0].name : columnValues[$0].name } ?? " ..."]
            var k = 0
            for row in rowsShown {
                if row == nil { cells.append(" ...") } else { cells.append(c.map { formatted[$0]![k] } ?? " ..."); k += 1 }
            }
            strcols.append(cells)
        }
        var widths = strcols.map { $0.map(\.count).max() ?? 0 }
        widths[0] = max(widths[0], indexName?.count ?? 0)
        var lines = (0..<strcols[0].count).map { i in
            strcols.indices.map { j in
                let cell = strcols[j][i]
                let pad = String(repeating: " ", count: widths[j] - cell.count)
                return j == 0 ? cell + pad : pad + cell
            }.joined(separator: " ")
        }
        // A named index (as "DATE") gets a line of its own under the header, as Pandas prints it.
        if let name = indexName, !name.isEmpty, let width = lines.first?.count {
            lines.insert(name + String(repeating: " ", count: max(width - name.count, 0)), at: 1)
        }
        if columnValues.isEmpty { lines = ["Empty DataFrame", "Columns: []", "Index: []"] }
        if rowCount > maxRows || columnValues.count > maxColumns {
            lines.append("")
            lines.append("[\(rowCount) rows x \(columnValues.count) columns]")
        }
        return lines.joined(separator: "\n")
    }

    private func formatColumn(_ column: Column, rows: [Int]) -> [String] {
        guard case let .numbers(v) = column.values else {
            return rows.map { " " + (column.text(at: $0) ?? "NaN") }
        }
        func signSlot(_ text: String) -> String { text.hasPrefix("-") ? text : " " + text }
        if column.isInteger { return rows.map { signSlot(integerText(v[$0])) } }
        let shown = rows.map { v[$0] }
        let finite = shown.filter { $0.isFinite }
        let largest = finite.map { abs($0) }.max() ?? 0
        let smallest = finite.filter { $0 != 0 }.map { abs($0) }.min() ?? 1
        if largest >= 1e16 || smallest < 1e-4 && largest < 1e-4 && largest > 0 {
            return shown.map { signSlot($0.isNaN ? "NaN" : String(format: "%.6e", $0)) }
        }
        // The fewest decimals (1...6) that show every value as it shows with 6.
        var decimals = 1
        for x in finite {
            var text = String(format: "%.6f", x)
            while text.hasSuffix("0") { text.removeLast() }
            let d = text.count - (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count) - 1
            decimals = max(decimals, d)
        }
        return shown.map { x in
            if x.isNaN { return " NaN" }
            if x.isInfinite { return x > 0 ? " inf" : "-inf" }
            return signSlot(String(format: "%.\(decimals)f", x))
        }
    }

    /// Pandas's `info()`: the index range, then one line per column with its non-null count and dtype.
    public func info() -> String {
        var lines = ["<class 'synapse.DataFrame'>"]
        if let labels {
            let kind = labels.type == .datetime ? "DatetimeIndex" : "Index"
            lines.append("\(kind): \(rowCount) entries" + (rowCount > 0 ? ", \(rowLabel(0)) to \(rowLabel(rowCount - 1))" : ""))
        } else {
            lines.append("RangeIndex: \(rowCount) entries, 0 to \(max(rowCount - 1, 0))")
        }
        lines.append("Data columns (total \(columnValues.count) columns):")
        let nameWidth = max(6, columnValues.map(\.name.count).max() ?? 0)
        let numberWidth = max(3, String(columnValues.count).count)
        let typeWidth = max(5, columnValues.map(\.type.rawValue.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(w - s.count, 0)) }
        lines.append(" " + pad("#", numberWidth) + " " + pad("Column", nameWidth) + "  Non-Null Count  " + pad("Dtype", typeWidth))
        lines.append(pad("---", numberWidth) + "  " + pad("------", nameWidth) + "  --------------  " + pad("-----", typeWidth))
        for (i, column) in columnValues.enumerated() {
            let nonNull = "\(column.count - column.missingCount) non-null"
            lines.append(" " + pad(String(i), numberWidth) + " " + pad(column.name, nameWidth) + "  " + pad(nonNull, 14) + "  "
                         + pad(column.type.rawValue, typeWidth))
        }
        var counts = [String: Int]()
        for column in columnValues { counts[column.type.rawValue, default: 0] += 1 }
        lines.append("dtypes: " + counts.keys.sorted().map { "\($0)(\(counts[$0]!))" }.joined(separator: ", "))
        let bytes = rowCount * 8 * (columnValues.count + 1)
        lines.append(bytes < 1024 ? "memory usage: \(bytes).0 bytes" : String(format: "memory usage: %.1f KB", Double(bytes) / 1024))
        return lines.joined(separator: "\n")
    }
}
