// Putting frames together, as Pandas's `concat` and `merge`.
//   concat along rows: the union of the columns in order of first appearance, a column a frame
//   lacks missing in its rows; row labels kept (0, 1, 0, 1) unless `ignoreIndex`.
//   concat along columns: frames of equal row count side by side, the first frame's labels.
//   merge: the rows of both frames whose key columns are equal, each left row with every
//   matching right row (left rows in order, their matches in right order); `.left` keeps an
//   unmatched left row with missing right values, `.right` the converse in right order, `.outer`
//   both, keys sorted. Other columns both frames have get the suffixes "_x" and "_y".
import Foundation

/// The direction of `DataFrame.concat` (Pandas's `axis=0` / `axis=1`).
public enum ConcatAxis: Sendable {
    /// Frames one under the other (`axis=0`).
    case rows
    /// Frames side by side (`axis=1`).
    case columns
}

/// Which rows `merge` keeps (Pandas's `how=`).
public enum MergeKind: String, Sendable {
    case inner, left, right, outer
}

extension Column {
    /// A column of `count` missing values of this column's type.
    func missing(count: Int) -> Column {
        gathering(optionalRows: [Int?](repeating: nil, count: count))
    }

    /// Pieces of one column, one after another; an error names the column when types differ.
    static func concatenating(_ pieces: [Column], name: String) throws -> Column {
        var numbers = [Double](), texts = [String?](), booleans = [Bool?](), dates = [Date?]()
        for piece in pieces {
            switch (pieces[0].values, piece.values) {
            case let (.numbers, .numbers(v)): numbers += v
            case let (.texts, .texts(v)): texts += v
            case let (.booleans, .booleans(v)): booleans += v
            case let (.dates, .dates(v)): dates += v
            default:
                throw SynapseError.invalidArgument("column '\(name)' is \(pieces[0].type.rawValue) in one frame and \(piece.type.rawValue) in another")
            }
        }
        let values: ColumnValues
        switch pieces[0].values {
        case .numbers: values = .numbers(numbers)
        case .texts: values = .texts(texts)
        case .booleans: values = .booleans(booleans)
        case .dates: values = .dates(dates)
        }
        return Column(name: name, values: values, isInteger: pieces.allSatisfy(\.isInteger), origin: nil)
    }
}

extension DataFrame {
    /// Frames one under the other (`.rows`, Pandas's `pd.concat(frames)`) or side by side
    /// (`.columns`, `pd.concat(frames, axis=1)`, which needs equal row counts and distinct names).
    public static func concat(_ frames: [DataFrame], axis: ConcatAxis = .rows, ignoreIndex: Bool = false) throws -> DataFrame {
        guard let first = frames.first else { return try DataFrame(columns: []) }
        if axis == .columns {
            for f in frames where f.rowCount != first.rowCount {
                throw SynapseError.shapeMismatch("concat along columns needs equal row counts; the frames have \(frames.map(\.rowCount))")
            }
            var frame = try DataFrame(columns: frames.flatMap(\.columnValues))
            frame.labels = ignoreIndex ? nil : first.labels
            return frame
        }
        var names = [String]()
        for f in frames { for name in f.columns where !names.contains(name) { names.append(name) } }
        let columns = try names.map { name -> Column in
            let template = frames.lazy.compactMap { $0[name] }.first!
            return try Column.concatenating(frames.map { $0[name] ?? template.missing(count: $0.rowCount) }, name: name)
        }
        var labels: Column?
        if !ignoreIndex {
            let pieces = frames.map { f in f.labels ?? Column(name: "", texts: (0..<f.rowCount).map(String.init)) }
            labels = (try? Column.concatenating(pieces, name: first.labels?.name ?? ""))
                ?? Column(name: "", texts: frames.flatMap { f in (0..<f.rowCount).map(f.rowLabel) })
            if frames.allSatisfy({ $0.labels == nil }) && frames.count == 1 { labels = nil }
        }
        return DataFrame(uncheckedColumns: columns, labels: labels, sourcePath: nil)
    }

    /// Rows of this frame and `other` joined on equal key columns (Pandas's
    /// `left.merge(right, on=keys, how=how)`); other shared columns get `suffixes`.
    public func merge(_ other: DataFrame, on keys: [String], how: MergeKind = .inner,
                      suffixes: (String, String) = ("_x", "_y")) throws -> DataFrame {
        guard !keys.isEmpty else { throw SynapseError.invalidArgument("merge needs at least one key column") }
        let leftKeys = try keys.map { try column($0) }
        let rightKeys = try keys.map { try other.column($0) }
        func key(_ columns: [Column], _ row: Int) -> [String] {
            columns.map { c in
                if case let .numbers(v) = c.values { return "\(v[row])" }
                return c.text(at: row) ?? "\u{0}missing"
            }
        }
        var rightRows = [[String]: [Int]](), leftRows = [[String]: [Int]]()
        var keyOrder = [[String]]()
        for r in 0..<other.rowCount { rightRows[key(rightKeys, r), default: []].append(r) }
        for l in 0..<rowCount {
            let k = key(leftKeys, l)
            if leftRows[k] == nil { keyOrder.append(k) }
            leftRows[k, default: []].append(l)
        }
        var pairs = [(Int?, Int?)]()
        switch how {
        case .inner, .left:
            for l in 0..<rowCount {
                let matches = rightRows[key(leftKeys, l)] ?? []
                if matches.isEmpty && how == .left { pairs.append((l, nil)) }
                for r in matches { pairs.append((l, r)) }
            }
        case .right:
            for r in 0..<other.rowCount {
                let matches = leftRows[key(rightKeys, r)] ?? []
                if matches.isEmpty { pairs.append((nil, r)) }
                for l in matches { pairs.append((l, r)) }
            }
        case .outer:
            var seen = Set(keyOrder)
            for r in 0..<other.rowCount where seen.insert(key(rightKeys, r)).inserted { keyOrder.append(key(rightKeys, r)) }
            let numeric = leftKeys.map(\.isNumeric)
            keyOrder.sort { a, b in
                for (i, isNumber) in numeric.enumerated() where a[i] != b[i] {
                    if isNumber, let x = Double(a[i]), let y = Double(b[i]) { return x < y }
                    return a[i] < b[i]
                }
                return false
            }
            for k in keyOrder {
                let ls = leftRows[k] ?? [], rs = rightRows[k] ?? []
                if rs.isEmpty { pairs += ls.map { ($0, nil) } }
                if ls.isEmpty { pairs += rs.map { (nil, $0) } }
                for l in ls { for r in rs { pairs.append((l, r)) } }
            }
        }
        let ls = pairs.map(\.0), rs = pairs.map(\.1)
        let rightNames = Set(other.columns)
        var columns = [Column]()
        for c in columnValues {
            if let k = keys.firstIndex(of: c.name) {
                columns.append(try Column.choosing(c.gathering(optionalRows: ls), rightKeys[k].gathering(optionalRows: rs),
                                                   useSecond: ls.map { $0 == nil }, integer: c.isInteger && rightKeys[k].isInteger))
            } else {
                var gathered = c.gathering(optionalRows: ls)
                if rightNames.contains(c.name) { gathered.name += suffixes.0 }
                columns.append(gathered)
            }
        }
        for c in other.columnValues where !keys.contains(c.name) {
            var gathered = c.gathering(optionalRows: rs)
            if self[c.name] != nil { gathered.name += suffixes.1 }
            columns.append(gathered)
        }
        return try DataFrame(columns: columns)
    }

    /// Rows of this frame and `other` matched on their row labels (Pandas's
    /// `left.join(right, how=how, suffixes=(...))`; a frame without labels is labelled
    /// 0, 1, 2, ...). The result is labelled by the matched labels: the left frame's order for
    /// `.left` and `.inner`, the right's for `.right`, sorted for `.outer`. Column names both
    /// frames hold need a suffix, as in Pandas.
    public func join(_ other: DataFrame, how: MergeKind = .left, suffixes: (String, String) = ("", "")) throws -> DataFrame {
        let overlap = columns.filter { other.columns.contains($0) }
        if !overlap.isEmpty && suffixes.0 == suffixes.1 {
            throw SynapseError.invalidArgument("join: columns overlap but no suffix tells them apart: \(overlap.joined(separator: ", ")); "
                + "pass suffixes: (\"_left\", \"_right\"), or use merge(_:on:)")
        }
        let key = "\u{0}join-key"
        // Two unlabelled frames match on row numbers, kept as numbers so that an outer join sorts 2 before 10.
        let numericKeys = labels == nil && other.labels == nil
        func keyed(_ frame: DataFrame, suffix: String) -> DataFrame {
            let rows = 0..<frame.rowCount
            let keys = numericKeys ? Column(name: key, numbers: rows.map(Double.init)) : Column(name: key, texts: rows.map(frame.rowLabel))
            let renamed = frame.columnValues.map { c in
                var c = c
                if overlap.contains(c.name) { c.name += suffix }
                return c
            }
            return DataFrame(uncheckedColumns: [keys] + renamed, labels: nil, sourcePath: nil)
        }
        var joined = try keyed(self, suffix: suffixes.0).merge(keyed(other, suffix: suffixes.1), on: key, how: how)
        let keys = try joined.column(key)
        joined[key] = nil
        let numbers = numericKeys ? try keys.numbers() : []
        let labels = (0..<keys.count).map { numericKeys ? String(Int(numbers[$0])) : keys.text(at: $0) ?? "NaN" }
        joined.labels = labels == (0..<labels.count).map(String.init) ? nil : Column(name: indexName ?? "", texts: labels)
        return joined
    }

    /// `merge` on one key column.
    public func merge(_ other: DataFrame, on key: String, how: MergeKind = .inner,
                      suffixes: (String, String) = ("_x", "_y")) throws -> DataFrame {
        try merge(other, on: [key], how: how, suffixes: suffixes)
    }
}

extension Column {
    /// `first`'s value in each row, `second`'s where `useSecond` is true (a merge's key column).
    static func choosing(_ first: Column, _ second: Column, useSecond: [Bool], integer: Bool) throws -> Column {
        let rows = useSecond.indices
        let values: ColumnValues
        switch (first.values, second.values) {
        case let (.numbers(a), .numbers(b)): values = .numbers(rows.map { useSecond[$0] ? b[$0] : a[$0] })
        case let (.texts(a), .texts(b)): values = .texts(rows.map { useSecond[$0] ? b[$0] : a[$0] })
        case let (.booleans(a), .booleans(b)): values = .booleans(rows.map { useSecond[$0] ? b[$0] : a[$0] })
        case let (.dates(a), .dates(b)): values = .dates(rows.map { useSecond[$0] ? b[$0] : a[$0] })
        default:
            throw SynapseError.invalidArgument("key column '\(first.name)' is \(first.type.rawValue) on the left and \(second.type.rawValue) on the right")
        }
        var column = Column(name: first.name, values: values)
        column.isInteger = column.isInteger && integer
        return column
    }
}
