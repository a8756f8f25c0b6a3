// Column arithmetic and comparisons, as on Pandas Series of the same length:
//   (a ∘ b)[i] = a[i] ∘ b[i] for ∘ in + - * /, NaN when either side is missing (x / 0 = ±inf, 0 / 0 = NaN);
//   (a .> b)[i] = a[i] > b[i], false when either side is missing, except `.!=`, which is true there.
// Comparisons give a `Mask`; masks combine with `&`, `|`, `!` and select rows with `frame[mask]`.
// The comparison spellings are those of SynapseTensor (`.>`, `.==`, ...), since Swift's `>`
// must return a Bool. Booleans count as 0 / 1; a text column in arithmetic is an error naming it.
import Foundation

/// One true / false per row, as Pandas's boolean Series: `frame[frame["x"]! .> 2]`.
public struct Mask: Sendable, Equatable, CustomStringConvertible {
    /// The entries, one per row.
    public var values: [Bool]

    /// A mask of these entries.
    public init(_ values: [Bool]) { self.values = values }

    /// Number of entries.
    public var count: Int { values.count }
    /// The entry of `row`.
    public subscript(row: Int) -> Bool { values[row] }
    /// Number of true entries (Pandas's `mask.sum()`).
    public var trueCount: Int { values.reduce(0) { $0 + ($1 ? 1 : 0) } }
    /// Whether any entry is true (Pandas's `mask.any()`).
    public var any: Bool { values.contains(true) }
    /// Whether every entry is true (Pandas's `mask.all()`).
    public var all: Bool { !values.contains(false) }
    /// The entries as a column of booleans.
    public func column(named name: String) -> Column { Column(name: name, values: .booleans(values)) }
    public var description: String { "Mask(\(values))" }

    /// Both true (Pandas's `a & b`).
    public static func & (a: Mask, b: Mask) throws -> Mask { try combine(a, b, "&") { $0 && $1 } }
    /// Either true (Pandas's `a | b`).
    public static func | (a: Mask, b: Mask) throws -> Mask { try combine(a, b, "|") { $0 || $1 } }
    /// Negation (Pandas's `~a`).
    public static prefix func ! (a: Mask) -> Mask { Mask(a.values.map { !$0 }) }

    private static func combine(_ a: Mask, _ b: Mask, _ op: String, _ f: (Bool, Bool) -> Bool) throws -> Mask {
        guard a.count == b.count else {
            throw SynapseError.shapeMismatch("masks of \(a.count) and \(b.count) entries cannot be combined with \(op)")
        }
        return Mask(zip(a.values, b.values).map(f))
    }
}

extension Column {
    /// The numbers of this column for arithmetic: an error names the column when it holds text.
    func operands(_ op: String) throws -> [Double] {
        if case .texts = values {
            throw SynapseError.invalidArgument("column '\(name)' holds text; '\(op)' needs numbers")
        }
        return try numbers()
    }

    private static func checkedPair(_ a: Column, _ b: Column, _ op: String) throws -> ([Double], [Double]) {
        guard a.count == b.count else {
            throw SynapseError.shapeMismatch("column '\(a.name)' has \(a.count) rows and column '\(b.name)' \(b.count); '\(op)' needs equal lengths")
        }
        return (try a.operands(op), try b.operands(op))
    }

    /// The result's name: the shared name of the operands, as Pandas keeps it, else empty.
    private static func resultName(_ a: Column, _ b: Column) -> String { a.name == b.name ? a.name : "" }

    /// A column of numbers that is int64 when `integer` holds and every value is whole.
    static func arithmetic(_ name: String, _ x: [Double], integer: Bool) -> Column {
        let whole = integer && !x.isEmpty && x.allSatisfy { $0.rounded() == $0 && abs($0) < 9.2e18 }
        return Column(name: name, values: .numbers(x), isInteger: whole, origin: nil)
    }

    private static func elementwise(_ a: Column, _ b: Column, _ op: String, keepsIntegers: Bool,
                                    _ f: (Double, Double) -> Double) throws -> Column {
        let (x, y) = try checkedPair(a, b, op)
        return arithmetic(resultName(a, b), zip(x, y).map(f), integer: keepsIntegers && a.isIntegerLike && b.isIntegerLike)
    }

    private static func withScalar(_ a: Column, _ s: Double, _ op: String, keepsIntegers: Bool,
                                   _ f: (Double) -> Double) throws -> Column {
        let x = try a.operands(op)
        return arithmetic(a.name, x.map(f), integer: keepsIntegers && a.isIntegerLike && s.rounded() == s)
    }

    /// int64 or booleans (which Pandas turns into int64 in arithmetic).
    var isIntegerLike: Bool {
        if case let .booleans(v) = values { return !v.contains(nil) }
        return isInteger
    }

    /// Sum row by row (Pandas's `a + b`).
    public static func + (a: Column, b: Column) throws -> Column { try elementwise(a, b, "+", keepsIntegers: true, +) }
    /// Difference row by row (Pandas's `a - b`).
    public static func - (a: Column, b: Column) throws -> Column { try elementwise(a, b, "-", keepsIntegers: true, -) }
    /// Product row by row (Pandas's `a * b`).
    public static func * (a: Column, b: Column) throws -> Column { try elementwise(a, b, "*", keepsIntegers: true, *) }
    /// Quotient row by row, always float64 (Pandas's `a / b`).
    public static func / (a: Column, b: Column) throws -> Column { try elementwise(a, b, "/", keepsIntegers: false, /) }

    /// `a + s` for every row.
    public static func + (a: Column, s: Double) throws -> Column { try withScalar(a, s, "+", keepsIntegers: true) { $0 + s } }
    /// `a - s` for every row.
    public static func - (a: Column, s: Double) throws -> Column { try withScalar(a, s, "-", keepsIntegers: true) { $0 - s } }
    /// `a * s` for every row.
    public static func * (a: Column, s: Double) throws -> Column { try withScalar(a, s, "*", keepsIntegers: true) { $0 * s } }
    /// `a / s` for every row.
    public static func / (a: Column, s: Double) throws -> Column { try withScalar(a, s, "/", keepsIntegers: false) { $0 / s } }
    /// `s + a` for every row.
    public static func + (s: Double, a: Column) throws -> Column { try withScalar(a, s, "+", keepsIntegers: true) { s + $0 } }
    /// `s - a` for every row.
    public static func - (s: Double, a: Column) throws -> Column { try withScalar(a, s, "-", keepsIntegers: true) { s - $0 } }
    /// `s * a` for every row.
    public static func * (s: Double, a: Column) throws -> Column { try withScalar(a, s, "*", keepsIntegers: true) { s * $0 } }
    /// `s / a` for every row.
    public static func / (s: Double, a: Column) throws -> Column { try withScalar(a, s, "/", keepsIntegers: false) { s / $0 } }
    /// `-a` for every row.
    public static prefix func - (a: Column) throws -> Column { try withScalar(a, 0, "-", keepsIntegers: true) { -$0 } }

    // MARK: Comparisons

    private static func compare(_ a: Column, _ b: Column, _ op: String, missing: Bool,
                                _ f: (Double, Double) -> Bool) throws -> Mask {
        let (x, y) = try checkedPair(a, b, op)
        return Mask(zip(x, y).map { $0.isNaN || $1.isNaN ? missing : f($0, $1) })
    }

    private static func compare(_ a: Column, _ s: Double, _ op: String, missing: Bool,
                                _ f: (Double, Double) -> Bool) throws -> Mask {
        Mask(try a.operands(op).map { $0.isNaN || s.isNaN ? missing : f($0, s) })
    }

    /// Greater than, row by row; false where either is missing.
    public static func .> (a: Column, b: Column) throws -> Mask { try compare(a, b, ".>", missing: false, >) }
    /// Less than, row by row; false where either is missing.
    public static func .< (a: Column, b: Column) throws -> Mask { try compare(a, b, ".<", missing: false, <) }
    /// At least, row by row; false where either is missing.
    public static func .>= (a: Column, b: Column) throws -> Mask { try compare(a, b, ".>=", missing: false, >=) }
    /// At most, row by row; false where either is missing.
    public static func .<= (a: Column, b: Column) throws -> Mask { try compare(a, b, ".<=", missing: false, <=) }
    /// Equal, row by row; false where either is missing.
    public static func .== (a: Column, b: Column) throws -> Mask { try compare(a, b, ".==", missing: false, ==) }
    /// Not equal, row by row; true where either is missing, as Pandas.
    public static func .!= (a: Column, b: Column) throws -> Mask { try compare(a, b, ".!=", missing: true, !=) }

    /// Greater than `s`; false where missing.
    public static func .> (a: Column, s: Double) throws -> Mask { try compare(a, s, ".>", missing: false, >) }
    /// Less than `s`; false where missing.
    public static func .< (a: Column, s: Double) throws -> Mask { try compare(a, s, ".<", missing: false, <) }
    /// At least `s`; false where missing.
    public static func .>= (a: Column, s: Double) throws -> Mask { try compare(a, s, ".>=", missing: false, >=) }
    /// At most `s`; false where missing.
    public static func .<= (a: Column, s: Double) throws -> Mask { try compare(a, s, ".<=", missing: false, <=) }
    /// Equal to `s`; false where missing.
    public static func .== (a: Column, s: Double) throws -> Mask { try compare(a, s, ".==", missing: false, ==) }
    /// Not equal to `s`; true where missing.
    public static func .!= (a: Column, s: Double) throws -> Mask { try compare(a, s, ".!=", missing: true, !=) }

    /// Equal to the text `s` (each value as printed); false where missing (Pandas's `df.k == "a"`).
    public static func .== (a: Column, s: String) -> Mask { Mask((0..<a.count).map { a.text(at: $0) == s }) }
    /// Not equal to the text `s`; true where missing.
    public static func .!= (a: Column, s: String) -> Mask { Mask((0..<a.count).map { a.text(at: $0) != s }) }

    /// True where the value is missing (Pandas's `isna()`).
    public func isna() -> Mask { Mask((0..<count).map(isMissing)) }
    /// True where the value is present (Pandas's `notna()`).
    public func notna() -> Mask { Mask((0..<count).map { !isMissing($0) }) }
    /// True where the value, as printed, is one of `texts` (Pandas's `isin`).
    public func isin(_ texts: [String]) -> Mask {
        let set = Set(texts)
        return Mask((0..<count).map { text(at: $0).map(set.contains) ?? false })
    }
}

/// Arithmetic on `frame["a"]`, which is nil when there is no such column: Pandas's
/// `df["a"] / df["b"]` reads `try df["a"] / df["b"]`. `try df.column("a")` names the missing column.
private func present(_ a: Column?) throws -> Column {
    guard let a else {
        throw SynapseError.invalidArgument("a column in this expression does not exist (frame[name] gave nil); `try frame.column(name)` names it")
    }
    return a
}

extension Optional where Wrapped == Column {
    /// Sum row by row of two looked-up columns.
    public static func + (a: Column?, b: Column?) throws -> Column { try present(a) + present(b) }
    /// Difference row by row of two looked-up columns.
    public static func - (a: Column?, b: Column?) throws -> Column { try present(a) - present(b) }
    /// Product row by row of two looked-up columns.
    public static func * (a: Column?, b: Column?) throws -> Column { try present(a) * present(b) }
    /// Quotient row by row of two looked-up columns.
    public static func / (a: Column?, b: Column?) throws -> Column { try present(a) / present(b) }
    /// `a + s` of a looked-up column.
    public static func + (a: Column?, s: Double) throws -> Column { try present(a) + s }
    /// `a - s` of a looked-up column.
    public static func - (a: Column?, s: Double) throws -> Column { try present(a) - s }
    /// `a * s` of a looked-up column.
    public static func * (a: Column?, s: Double) throws -> Column { try present(a) * s }
    /// `a / s` of a looked-up column.
    public static func / (a: Column?, s: Double) throws -> Column { try present(a) / s }
    /// `s + a` of a looked-up column.
    public static func + (s: Double, a: Column?) throws -> Column { try s + present(a) }
    /// `s - a` of a looked-up column.
    public static func - (s: Double, a: Column?) throws -> Column { try s - present(a) }
    /// `s * a` of a looked-up column.
    public static func * (s: Double, a: Column?) throws -> Column { try s * present(a) }
    /// `s / a` of a looked-up column.
    public static func / (s: Double, a: Column?) throws -> Column { try s / present(a) }
    /// Greater than `s`, of a looked-up column.
    public static func .> (a: Column?, s: Double) throws -> Mask { try present(a) .> s }
    /// Less than `s`, of a looked-up column.
    public static func .< (a: Column?, s: Double) throws -> Mask { try present(a) .< s }
    /// At least `s`, of a looked-up column.
    public static func .>= (a: Column?, s: Double) throws -> Mask { try present(a) .>= s }
    /// At most `s`, of a looked-up column.
    public static func .<= (a: Column?, s: Double) throws -> Mask { try present(a) .<= s }
    /// Equal to `s`, of a looked-up column.
    public static func .== (a: Column?, s: Double) throws -> Mask { try present(a) .== s }
    /// Not equal to `s`, of a looked-up column.
    public static func .!= (a: Column?, s: Double) throws -> Mask { try present(a) .!= s }
    /// Equal to the text `s`, of a looked-up column.
    public static func .== (a: Column?, s: String) throws -> Mask { try present(a) .== s }
    /// Not equal to the text `s`, of a looked-up column.
    public static func .!= (a: Column?, s: String) throws -> Mask { try present(a) .!= s }
    /// Greater than, row by row, of two looked-up columns.
    public static func .> (a: Column?, b: Column?) throws -> Mask { try present(a) .> present(b) }
    /// Less than, row by row, of two looked-up columns.
    public static func .< (a: Column?, b: Column?) throws -> Mask { try present(a) .< present(b) }
    /// At least, row by row, of two looked-up columns.
    public static func .>= (a: Column?, b: Column?) throws -> Mask { try present(a) .>= present(b) }
    /// At most, row by row, of two looked-up columns.
    public static func .<= (a: Column?, b: Column?) throws -> Mask { try present(a) .<= present(b) }
    /// Equal, row by row, of two looked-up columns.
    public static func .== (a: Column?, b: Column?) throws -> Mask { try present(a) .== present(b) }
    /// Not equal, row by row, of two looked-up columns.
    public static func .!= (a: Column?, b: Column?) throws -> Mask { try present(a) .!= present(b) }
}

extension DataFrame {
    /// The rows where the mask is true (Pandas's `df[mask]`); rows keep their labels.
    public subscript(mask: Mask) -> DataFrame {
        get throws { try rows(where: mask.values) }
    }

    /// Only the named columns, in that order (Pandas's `df[["a", "b"]]`).
    public subscript(names: [String]) -> DataFrame {
        get throws { try selecting(names) }
    }

    /// A copy with `column` added under `name`, or replacing the column of that name (Pandas's
    /// `df.assign(name=column)` and `df[name] = column`); throws when its length differs.
    public func assigning(_ name: String, _ column: Column) throws -> DataFrame {
        var f = self
        try f.assign(name, column)
        return f
    }

    /// Adds `column` under `name`, or replaces the column of that name (Pandas's
    /// `df[name] = column`); throws when its length differs from the frame's.
    public mutating func assign(_ name: String, _ column: Column) throws {
        guard columnValues.isEmpty || column.count == rowCount else {
            throw SynapseError.shapeMismatch("column '\(name)' has \(column.count) rows, the frame \(rowCount)")
        }
        self[name] = column
    }
}
