// Pandas's `iloc` (rows by position) and `loc` (rows by label). `frame.iloc[1..<3]` is
// `df.iloc[1:3]`; `frame.loc["b"]` is `df.loc[["b"]]`, every row labelled "b". Rows keep their labels.
import Foundation

/// Rows by position (Pandas's `iloc`); an error names positions past the end.
public struct PositionIndexer: Sendable {
    let frame: DataFrame

    /// The rows at these positions, in that order.
    public subscript(positions: [Int]) -> DataFrame {
        get throws {
            if let bad = positions.first(where: { !(0..<frame.rowCount).contains($0) }) {
                throw SynapseError.invalidArgument("row position \(bad) is outside a frame of \(frame.rowCount) rows")
            }
            return frame.rows(positions)
        }
    }
    /// The rows in a range of positions, clipped to the frame as Pandas's slices are.
    public subscript(range: Range<Int>) -> DataFrame {
        frame.rows(Array(Swift.max(range.lowerBound, 0)..<Swift.min(range.upperBound, frame.rowCount)))
    }
    /// One row, as a frame of one row.
    public subscript(position: Int) -> DataFrame { get throws { try self[[position]] } }
}

/// Rows by label (Pandas's `loc`); an error names a label no row has.
public struct LabelIndexer: Sendable {
    let frame: DataFrame

    /// Every row whose label is one of `labels`, label by label.
    public subscript(labels: [String]) -> DataFrame {
        get throws {
            let all = (0..<frame.rowCount).map(frame.rowLabel)
            return frame.rows(try labels.flatMap { label -> [Int] in
                let rows = all.indices.filter { all[$0] == label }
                if rows.isEmpty { throw SynapseError.invalidArgument("no row is labelled '\(label)'") }
                return rows
            })
        }
    }
    /// Every row labelled `label`.
    public subscript(label: String) -> DataFrame { get throws { try self[[label]] } }
}

extension DataFrame {
    /// Rows by position: `frame.iloc[0..<3]`, `frame.iloc[[0, 2]]`, `frame.iloc[4]`.
    public var iloc: PositionIndexer { PositionIndexer(frame: self) }
    /// Rows by label: `frame.loc["b"]`, `frame.loc[["a", "c"]]`.
    public var loc: LabelIndexer { LabelIndexer(frame: self) }
}

extension DataFrame {
    /// A copy labelled by the named column, without that column (Pandas's `df.set_index("k")`);
    /// the index takes the column's name. Numbers are labels as Pandas prints them ("3", "2.5").
    /// Throws when the column is missing, naming the columns there are.
    public func settingIndex(_ name: String) throws -> DataFrame {
        let key = try column(name)
        var frame = self
        frame[name] = nil
        frame.labels = Column(name: name, texts: (0..<key.count).map { key.text(at: $0) ?? "NaN" })
        return frame
    }

    /// A copy whose index is a column again, placed first, and whose rows are labelled 0, 1, 2, ...
    /// (Pandas's `df.reset_index()`; an unnamed index becomes the column "index"). A frame
    /// without an index gets its row numbers as the "index" column, as in Pandas.
    public func resetIndex() -> DataFrame {
        var labelColumn = labels ?? Column(name: "index", numbers: (0..<rowCount).map(Double.init))
        if labelColumn.name.isEmpty { labelColumn.name = "index" }
        return DataFrame(uncheckedColumns: [labelColumn] + columnValues, labels: nil, sourcePath: sourcePath)
    }
}
