// DataFrame: named columns of equal length plus optional row labels (Pandas's index).
//
// A value type. Operations return a new frame (`selecting`, `dropping`, `rows(where:)`,
// `sorted(by:)`, ...) so a frame read from a file is never changed behind the reader's back.
import Foundation

/// A table of named, typed columns of equal length, as in Pandas.
public struct DataFrame: Sendable, Equatable {
    /// The columns, in order.
    public private(set) var columnValues: [Column]
    /// The row labels as a column whose name is the index's name: text, or dates for a date
    /// index (keeping the file's lines for errors). nil means 0, 1, 2, ...
    var labels: Column?
    /// The file this frame was read from, for error messages.
    public var sourcePath: String?

    /// A frame of the given columns, which must have equal lengths.
    public init(columns: [Column], index: [String]? = nil) throws {
        let rows = columns.first?.count ?? index?.count ?? 0
        for c in columns where c.count != rows {
            throw SynapseError.shapeMismatch("column '\(c.name)' has \(c.count) rows, expected \(rows)")
        }
        if let index, index.count != rows {
            throw SynapseError.shapeMismatch("the index has \(index.count) labels, expected \(rows)")
        }
        var seen = Set<String>()
        for c in columns where !seen.insert(c.name).inserted {
            throw SynapseError.invalidArgument("two columns are named '\(c.name)'")
        }
        self.columnValues = columns
        self.index = index
    }

    init(uncheckedColumns: [Column], labels: Column?, sourcePath: String?) {
        self.columnValues = uncheckedColumns
        self.labels = labels
        self.sourcePath = sourcePath
    }

    init(uncheckedColumns: [Column], index: [String]?, sourcePath: String?) {
        self.init(uncheckedColumns: uncheckedColumns, labels: index.map { Column(name: "", texts: $0) }, sourcePath: sourcePath)
    }

    /// Row labels (Pandas's index) as text; a date index gives its dates in ISO 8601.
    /// nil means 0, 1, 2, ... Setting it replaces any date index.
    public var index: [String]? {
        get { labels.map { labels in (0..<labels.count).map { labels.text(at: $0) ?? "NaN" } } }
        set { labels = newValue.map { Column(name: labels?.name ?? "", texts: $0) } }
    }

    /// The name of the index (the column it was made from, as "DATE"); nil when there is none.
    public var indexName: String? {
        get { labels.map(\.name) }
        set { if let newValue { labels?.name = newValue } }
    }

    /// A frame from named columns of numbers, in the order given.
    public init(_ columns: KeyValuePairs<String, [Double]>) throws {
        try self.init(columns: columns.map { Column(name: $0.key, numbers: $0.value) })
    }

    /// Same columns and row labels (Pandas's `equals`; the source file does not matter).
    public static func == (a: DataFrame, b: DataFrame) -> Bool {
        a.columnValues == b.columnValues && a.labels?.values == b.labels?.values
    }

    /// The column names (Pandas's `df.columns`).
    public var columns: [String] { columnValues.map(\.name) }
    /// Number of rows.
    public var rowCount: Int { columnValues.first?.count ?? labels?.count ?? 0 }
    /// (rows, columns), as Pandas's `shape`.
    public var shape: (rows: Int, columns: Int) { (rowCount, columnValues.count) }

    /// The column with this name, or nil. Setting a column adds or replaces it (nil removes
    /// it); a column whose length differs from the frame's stops the program with both lengths,
    /// as a setter cannot throw: `try df.assign(name, column)` throws instead.
    public subscript(name: String) -> Column? {
        get { columnValues.first { $0.name == name } }
        set {
            let position = columnValues.firstIndex { $0.name == name }
            guard var column = newValue else {
                if let position { columnValues.remove(at: position) }
                return
            }
            column.name = name
            require(columnValues.isEmpty || column.count == rowCount,
                    "column '\(name)' has \(column.count) rows, the frame \(rowCount); `try df.assign(name, column)` throws this instead of stopping")
            if let position { columnValues[position] = column } else { columnValues.append(column) }
        }
    }

    /// The column with this name; throws an error naming the file (when read from one) and the
    /// columns that exist.
    public func column(_ name: String) throws -> Column {
        if let c = self[name] { return c }
        throw missingColumn(name)
    }

    /// The numbers of a column; throws if the column is missing or holds text.
    public func numbers(_ name: String) throws -> [Double] { try column(name).numbers() }

    func missingColumn(_ name: String) -> SynapseError {
        let reason = "no column named '\(name)'; the columns are \(columns.map { "'\($0)'" }.joined(separator: ", "))"
        if let sourcePath { return .invalidFile(path: sourcePath, location: .column(name), reason: reason) }
        return .invalidArgument(reason)
    }

    /// Label of a row as printed: the index label or the row number.
    public func rowLabel(_ row: Int) -> String { labels.map { $0.text(at: row) ?? "NaN" } ?? String(row) }

    // MARK: Rows

    /// The given rows, in that order.
    /// Rows keep their labels, as in Pandas (`tail(2)` of a 5-row frame is labelled 3 and 4).
    public func rows(_ positions: [Int]) -> DataFrame {
        let keepsRange = labels == nil && positions.elementsEqual(0..<positions.count)
        let gathered = labels?.gathering(positions) ?? Column(name: "", texts: positions.map(String.init))
        return DataFrame(uncheckedColumns: columnValues.map { $0.gathering(positions) },
                         labels: keepsRange ? nil : gathered, sourcePath: sourcePath)
    }

    /// The rows whose mask entry is true (Pandas's `df[mask]`).
    public func rows(where mask: [Bool]) throws -> DataFrame {
        guard mask.count == rowCount else {
            throw SynapseError.shapeMismatch("mask has \(mask.count) entries, the frame \(rowCount) rows")
        }
        return rows(mask.indices.filter { mask[$0] })
    }

    /// A mask that is true where the column's number satisfies `predicate` (false where missing).
    public func mask(_ name: String, _ predicate: (Double) -> Bool) throws -> [Bool] {
        try numbers(name).map { !$0.isNaN && predicate($0) }
    }

    /// The first `n` rows.
    public func head(_ n: Int = 5) -> DataFrame { rows(Array(0..<min(max(n, 0), rowCount))) }
    /// The last `n` rows.
    public func tail(_ n: Int = 5) -> DataFrame { rows(Array(max(rowCount - max(n, 0), 0)..<rowCount)) }

    // MARK: Columns

    /// Only the named columns, in that order.
    public func selecting(_ names: [String]) throws -> DataFrame {
        DataFrame(uncheckedColumns: try names.map { try column($0) }, labels: labels, sourcePath: sourcePath)
    }

    /// All columns but the named ones.
    public func dropping(_ names: [String]) throws -> DataFrame {
        for name in names where self[name] == nil { throw missingColumn(name) }
        return DataFrame(uncheckedColumns: columnValues.filter { !names.contains($0.name) }, labels: labels, sourcePath: sourcePath)
    }

    /// Only the columns of numbers (Pandas's `select_dtypes("number")`).
    public func numericColumns() -> DataFrame {
        DataFrame(uncheckedColumns: columnValues.filter(\.isNumeric), labels: labels, sourcePath: sourcePath)
    }

    /// Columns renamed by the mapping; names not in it stay.
    public func renamed(_ mapping: [String: String]) throws -> DataFrame {
        for old in mapping.keys where self[old] == nil { throw missingColumn(old) }
        var renamed = columnValues
        for i in renamed.indices { renamed[i].name = mapping[renamed[i].name] ?? renamed[i].name }
        var frame = try DataFrame(columns: renamed).withSource(sourcePath)
        frame.labels = labels
        return frame
    }

    func withSource(_ path: String?) -> DataFrame { var f = self; f.sourcePath = path; return f }

    /// A copy with a column of numbers added or replaced.
    public func adding(_ name: String, numbers: [Double]) throws -> DataFrame {
        guard columnValues.isEmpty || numbers.count == rowCount else {
            throw SynapseError.shapeMismatch("column '\(name)' has \(numbers.count) rows, the frame \(rowCount)")
        }
        var f = self
        f[name] = Column(name: name, numbers: numbers)
        return f
    }
}
