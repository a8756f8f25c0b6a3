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
