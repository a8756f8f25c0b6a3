// Writing a frame as CSV: a header row, then one row per record. A field that holds the
// delimiter, a quote or a line break is quoted with inner quotes doubled (RFC 4180); missing
// values are empty fields; numbers are written in the shortest form that reads back exactly.
// The file is written to a temporary name beside it and renamed, so a reader never sees half.
import Foundation

extension DataFrame {
    /// The frame as CSV text; with `includeIndex`, the row labels come first, headed by
    /// `indexName` (by default the index's own name, as "DATE").
    public func csvText(delimiter: Character = ",", includeIndex: Bool = false, indexName: String? = nil) -> String {
        let d = String(delimiter)
        func field(_ text: String?) -> String {
            guard let text else { return "" }
            if text.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var out = ""
        let header = (includeIndex ? [indexName ?? self.indexName ?? ""] : []) + columns
        out += header.map(field).joined(separator: d) + "\n"
        for row in 0..<rowCount {
            var fields = includeIndex ? [field(rowLabel(row))] : []
            for column in columnValues { fields.append(field(column.text(at: row))) }
            out += fields.joined(separator: d) + "\n"
        }
        return out
    }

    /// Writes the frame as a CSV file, atomically.
    public func writeCSV(to path: String, delimiter: Character = ",", includeIndex: Bool = false, indexName: String? = nil) throws {
        try FileIO.write(Data(csvText(delimiter: delimiter, includeIndex: includeIndex, indexName: indexName).utf8), to: path)
    }
}
