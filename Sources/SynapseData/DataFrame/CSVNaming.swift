// The column names of a CSV as Pandas's parser makes them, and the refusal of rows that carry
// an implicit index.
import Foundation

extension DataFrame {
    /// Why rows with `extra` fields more than the header are refused, what Pandas does with
    /// them, and the option that reads them.
    static func implicitIndexRefusal(extra: Int, header: Int) -> String {
        let what = extra == 1
            ? "Pandas would silently make the first field of every row the index and shift the names one column right"
            : "Pandas would silently make a \(extra)-level index of the first \(extra) fields of every row"
        return "the data rows have \(header + extra) fields but the header \(header): \(what); "
            + "if every row ends with a stray delimiter, read it with implicitIndex: .dropTrailing (Pandas's index_col=False)"
            + (extra == 1 ? ", or with implicitIndex: .index to take the first field as the index as Pandas does" : "")
    }

    /// Names made unique as Pandas's parser does: a repeat of "a" becomes "a.1", or the next
    /// "a.k" that is neither taken nor in the header ("a,a,a.1" → "a, a.2, a.1").
    static func pandasDeduplicated(_ names: [String]) -> [String] {
        var names = names
        let header = Set(names)
        var counts = [String: Int]()
        for (i, name) in names.enumerated() {
            var column = name
            var count = counts[name, default: 0]
            while count > 0 {
                counts[name] = count + 1
                column = "\(name).\(count)"
                count = header.contains(column) ? count + 1 : counts[column, default: 0]
            }
            names[i] = column
            counts[column] = count + 1
        }
        return names
    }
}
