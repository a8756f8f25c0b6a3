// Reshaping a frame's rows and values: sort, fill / drop missing, apply a function to a column.
// Sorting is stable and puts missing values last, as Pandas's `sort_values` does.
import Foundation

extension DataFrame {
    /// Rows sorted by a column (stable; missing values last).
    public func sorted(by name: String, ascending: Bool = true) throws -> DataFrame {
        let column = try column(name)
        let order: [Int]
        switch column.values {
        case let .numbers(v):
            order = sortedIndices(v.count, missing: { v[$0].isNaN }, less: { v[$0] < v[$1] }, ascending: ascending)
        case let .texts(v):
            order = sortedIndices(v.count, missing: { v[$0] == nil }, less: { v[$0]! < v[$1]! }, ascending: ascending)
        case let .booleans(v):
            order = sortedIndices(v.count, missing: { v[$0] == nil }, less: { !v[$0]! && v[$1]! }, ascending: ascending)
        case let .dates(v):
            order = sortedIndices(v.count, missing: { v[$0] == nil }, less: { v[$0]! < v[$1]! }, ascending: ascending)
        }
        return rows(order)
    }

    /// Rows sorted by their index (Pandas's `sort_index`): dates in time order, text labels
    /// in string order; stable. A frame without an index is returned as it is.
    public func sortedByIndex(ascending: Bool = true) -> DataFrame {
        guard let labels else { return self }
        let order: [Int]
        if case let .dates(v) = labels.values {
            order = sortedIndices(v.count, missing: { v[$0] == nil }, less: { v[$0]! < v[$1]! }, ascending: ascending)
        } else {
            let texts = (0..<labels.count).map { labels.text(at: $0) }
            order = sortedIndices(texts.count, missing: { texts[$0] == nil }, less: { texts[$0]! < texts[$1]! }, ascending: ascending)
        }
        return rows(order)
    }

    private func sortedIndices(_ n: Int, missing: (Int) -> Bool, less: (Int, Int) -> Bool, ascending: Bool) -> [Int] {
        let present = (0..<n).filter { !missing($0) }
        // Stable merge sort by position, so equal keys keep their order.
        let sorted = present.enumerated().sorted { a, b in
            let (i, j) = (a.element, b.element)
            if ascending ? less(i, j) : less(j, i) { return true }
            if ascending ? less(j, i) : less(i, j) { return false }
            return a.offset < b.offset
        }.map(\.element)
        return sorted + (0..<n).filter(missing)
    }

    /// Missing numbers replaced by `value` in the given columns (all numeric columns when nil).
    /// Each column keeps its dtype, as Pandas's `fillna`: a float64 column stays float64 even
    /// when every value is now whole (an int64 column has nothing missing to fill).
    public func fillingMissing(with value: Double, columns names: [String]? = nil) throws -> DataFrame {
        var f = self
        for name in names ?? columns {
            let source = try column(name)
            guard case let .numbers(v) = source.values else { continue }
            f[name] = Column(name: name, values: .numbers(v.map { $0.isNaN ? value : $0 }),
                             isInteger: source.isInteger, origin: source.origin)
        }
        return f
    }

    /// Missing texts replaced by `value` in the given text columns.
    public func fillingMissing(with value: String, columns names: [String]) throws -> DataFrame {
        var f = self
        for name in names {
            guard case let .texts(v) = try column(name).values else { continue }
            f[name] = Column(name: name, texts: v.map { $0 ?? value })
        }
        return f
    }

    /// Rows without a missing value in the given columns (all columns when nil) — Pandas's `dropna()`.
    public func droppingMissing(in names: [String]? = nil) throws -> DataFrame {
        let checked = try (names ?? columns).map { try column($0) }
        return rows((0..<rowCount).filter { row in !checked.contains { $0.isMissing(row) } })
    }

    /// A column of numbers transformed value by value (missing values stay missing). A float64
    /// column stays float64, as Pandas's `apply` of an arithmetic function; an int64 column stays
    /// int64 while every result is a whole number (x * 2) and becomes float64 otherwise (x / 2);
    /// booleans and dates (as numbers) become int64 when every result is whole.
    public func applying(_ transform: (Double) throws -> Double, to name: String) throws -> DataFrame {
        var f = self
        let source = try column(name)
        let x = try source.numbers().map { $0.isNaN ? $0 : try transform($0) }
        let whole = x.allSatisfy { $0.rounded() == $0 && abs($0) < 9.2e18 }
        f[name] = Column(name: name, values: .numbers(x), isInteger: (source.isInteger || !source.isNumeric) && whole && !x.isEmpty,
                         origin: source.origin)
        return f
    }

    /// A column transformed value by value as text (each value as printed; nil when missing).
    public func applying(_ transform: (String?) throws -> String?, toText name: String) throws -> DataFrame {
        var f = self
        let c = try column(name)
        f[name] = Column(name: name, texts: try (0..<c.count).map { try transform(c.text(at: $0)) })
        return f
    }
}

/// Which missing values make `dropna` drop a row.
public enum MissingRule: Sendable {
    /// A row with any missing value (Pandas's `how="any"`).
    case any
    /// A row whose values are all missing (Pandas's `how="all"`).
    case all
}

// Pandas's spellings of the operations above, and those Pandas has that the others do not.
extension DataFrame {
    /// Rows without missing values in `subset` (all columns when nil): `how: .any` drops a row
    /// with any missing value, `.all` one whose values are all missing (Pandas's `dropna`).
    public func dropna(subset: [String]? = nil, how: MissingRule = .any) throws -> DataFrame {
        let checked = try (subset ?? columns).map { try column($0) }
        return rows((0..<rowCount).filter { row in
            how == .any ? !checked.contains { $0.isMissing(row) } : !checked.allSatisfy { $0.isMissing(row) }
        })
    }

    /// Missing numbers replaced by `value` in the numeric columns of `subset` (all when nil);
    /// Pandas's `fillna(0)`. Text columns are left as they are.
    public func fillna(_ value: Double, subset: [String]? = nil) throws -> DataFrame {
        try fillingMissing(with: value, columns: subset)
    }

    /// Missing values replaced per column (Pandas's `fillna({"x": 0, "k": "none"})`): a number
    /// for a numeric column, text for a text column; an error names a column whose type differs.
    public func fillna(_ values: [String: FillValue]) throws -> DataFrame {
        var f = self
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            try f.assign(name, try column(name).fillna(value))
        }
        return f
    }

    /// Columns renamed by the mapping (Pandas's `rename(columns=...)`); names not in it stay.
    public func rename(columns mapping: [String: String]) throws -> DataFrame { try renamed(mapping) }

    /// A column converted to another dtype (Pandas's `astype`): numbers to int64 (truncating,
    /// an error at a missing value) or float64, any column to text (object), text to numbers
    /// (an error names the first value that is not one), numbers to bool (non-zero is true).
    public func astype(_ name: String, _ type: ColumnType) throws -> DataFrame {
        try assigning(name, try column(name).astype(type))
    }

    /// Rows sorted by several columns, the first deciding, each ascending or not (Pandas's
    /// `sort_values(by=[...], ascending=[...])`): stable, missing values last for every key.
    public func sortValues(by names: [String], ascending: [Bool]? = nil) throws -> DataFrame {
        let ascending = ascending ?? names.map { _ in true }
        guard ascending.count == names.count else {
            throw SynapseError.invalidArgument("sortValues has \(names.count) columns and \(ascending.count) ascending flags")
        }
        let keys = try names.map { try column($0) }
        let order = (0..<rowCount).sorted { i, j in
            for (key, up) in zip(keys, ascending) {
                let (iMissing, jMissing) = (key.isMissing(i), key.isMissing(j))
                if iMissing != jMissing { return jMissing }
                if iMissing { continue }
                if key.orderedBefore(i, j) { return up }
                if key.orderedBefore(j, i) { return !up }
            }
            return i < j
        }
        return rows(order)
    }

    /// `n` rows drawn without replacement, the same for the same seed (Pandas's
    /// `sample(n, random_state=seed)`; the rows differ from Pandas's, whose generator differs).
    public func sample(n: Int, seed: UInt64 = 0) throws -> DataFrame {
        guard (0...rowCount).contains(n) else {
            throw SynapseError.invalidArgument("cannot sample \(n) rows from a frame of \(rowCount)")
        }
        var generator = SeededGenerator(seed: seed)
        var positions = Array(0..<rowCount)
        positions.shuffle(using: &generator)
        return rows(Array(positions.prefix(n)))
    }
}

/// A value to fill missing entries with: a number or text (`0`, `"none"` as literals).
public enum FillValue: Sendable, CustomStringConvertible, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
                       ExpressibleByStringLiteral {
    case number(Double)
    case text(String)
    public var description: String {
        switch self {
        case let .number(x): return shortestText(x)
        case let .text(s): return "'\(s)'"
        }
    }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .text(value) }
}

extension Column {
    /// Missing values replaced by `value` (Pandas's `s.fillna(value)`); the dtype stays.
    public func fillna(_ value: FillValue) throws -> Column {
        switch (values, value) {
        case let (.numbers(v), .number(x)):
            return Column(name: name, values: .numbers(v.map { $0.isNaN ? x : $0 }), isInteger: isInteger, origin: origin)
        case let (.texts(v), .text(s)):
            return Column(name: name, values: .texts(v.map { $0 ?? s }), isInteger: false, origin: origin)
        default:
            throw SynapseError.invalidArgument("column '\(name)' is \(type.rawValue) and cannot be filled with \(value)")
        }
    }

    /// The present values only (Pandas's `s.dropna()`).
    public func dropna() -> Column { gathering((0..<count).filter { !isMissing($0) }) }

    /// Each present number transformed (Pandas's `s.apply(f)` / `s.map(f)`); missing stays missing.
    public func map(_ transform: (Double) throws -> Double) throws -> Column {
        let x = try operands("map").map { $0.isNaN ? $0 : try transform($0) }
        return Column.arithmetic(name, x, integer: isIntegerLike)
    }

    /// Each value transformed as text (nil when missing), giving a text column (Pandas's
    /// `s.map(f)` on strings, or `s.map(dict)` with `{ mapping[$0 ?? ""] }`).
    public func mapTexts(_ transform: (String?) throws -> String?) rethrows -> Column {
        Column(name: name, texts: try (0..<count).map { try transform(text(at: $0)) })
    }

    /// The column converted to another dtype, as `DataFrame.astype`.
    public func astype(_ target: ColumnType) throws -> Column {
        switch target {
        case .object:
            return Column(name: name, texts: (0..<count).map(text(at:)))
        case .float64, .int64, .uint64:
            let x: [Double]
            if case let .texts(v) = values {
                x = try v.enumerated().map { row, text in
                    guard let text else { return .nan }
                    guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else {
                        throw errorAt(row: row, "the value '\(text)' is not a number, and column '\(name)' was asked for as \(target.rawValue)")
                    }
                    return number
                }
            } else {
                x = try numbers()
            }
            if target == .float64 { return Column(name: name, values: .numbers(x), isInteger: false, origin: origin) }
            if let row = x.firstIndex(where: { !$0.isFinite }) {
                throw errorAt(row: row, "a missing or infinite value cannot become int64")
            }
            if target == .uint64, let row = x.firstIndex(where: { $0 < 0 }) {
                throw errorAt(row: row, "a negative value cannot become uint64")
            }
            var column = Column(name: name, values: .numbers(x.map { $0.rounded(.towardZero) }), isInteger: true, origin: origin)
            column.isUnsigned = target == .uint64
            return column
        case .bool:
            let x = try operands("astype(bool)")
            return Column(name: name, values: .booleans(x.map { $0.isNaN ? nil : $0 != 0 }))
        case .datetime:
            throw SynapseError.invalidArgument("column '\(name)': use settingDateIndex or CSVReadOptions(parseDates:) for dates")
        }
    }
}
