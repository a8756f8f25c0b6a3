// The options of reading a CSV file: Pandas's read_csv parameters in Swift's spelling, with
// Pandas's defaults (docs/DATA.md has the table of both spellings).
import Foundation

/// How to read a CSV file; each option is the `pandas.read_csv` parameter named in its comment,
/// and the defaults are Pandas's.
public struct CSVReadOptions: Sendable {
    /// Field separator, one ASCII character (`sep` / `delimiter`, default ",").
    public var delimiter: Character = ","
    /// Whether the first row names the columns (`header=0`); without one (`header=None`) they are
    /// named "0", "1", ...
    public var hasHeader = true
    /// The character between a number's whole and fractional parts (`decimal`, default "."):
    /// "," for files from much of Europe.
    public var decimal: Character = "."
    /// The character that groups thousands in numbers (`thousands`, default none): "," in
    /// "1,234,567", "." in "1.234,5" with `decimal: ","`.
    public var thousands: Character?
    /// Texts read as missing besides Pandas's default markers (`na_values`). A marker that is a
    /// number also makes every value equal to it missing ("-999" matches "-999.0").
    public var naValues: Set<String> = []
    /// Whether Pandas's default markers ("", "NA", "NaN", "null", "N/A", ...) are missing values
    /// (`keep_default_na`); with false only `naValues` are.
    public var keepDefaultNA = true
    /// Lines skipped at the start of the file, before the header (`skiprows=N`).
    public var skipRows = 0
    /// At most this many data rows are read (`nrows`); rows after them are not looked at.
    public var nRows: Int?
    /// Only these columns are read, kept in the file's order (`usecols`); a name the header lacks
    /// throws.
    public var useColumns: [String]?
    /// Types forced on columns (`dtype`); a value that does not fit throws, naming line and column.
    public var dtype: [String: ColumnType] = [:]
    /// A column whose values become the row labels (`index_col`): its name, or its position
    /// ("0" for the first column, as `index_col=0`) when no column has that name.
    public var indexColumn: String?
    /// Rows with more fields than the header (`index_col=None` / `False`); see `ImplicitIndex`.
    public var implicitIndex = ImplicitIndex.refuse
    /// Columns parsed as dates (`parse_dates`), each in one of the forms of `DateFormat` (ISO 8601,
    /// YYYY-MM, YYYY/MM/DD, MM/DD/YYYY, MM/DD/YY...), found from its first value. When
    /// `indexColumn` is one of them the frame gets a date index (Pandas's `index_col="DATE",
    /// parse_dates=True`).
    public var parseDates: [String] = []
    /// The character that starts a comment (`comment`): the rest of the line is ignored, and a
    /// line that holds only a comment is skipped.
    public var comment: Character?
    /// Whether spaces after a delimiter are skipped (`skipinitialspace`).
    public var skipInitialSpace = false
    /// The text encoding of the file (`encoding`, default UTF-8). Bytes that are not valid in it
    /// throw, naming the line and the byte offset (Pandas raises UnicodeDecodeError).
    public var encoding = CSVEncoding.utf8
    /// Columns that must exist (a model's target, say); a missing one throws.
    public var requiredColumns: [String] = []

    /// Pandas's default missing-value markers (`keep_default_na=True`).
    public static let defaultNAValues: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    /// The texts read as missing: the defaults (unless `keepDefaultNA` is false) and `naValues`.
    public var missingMarkers: Set<String> { keepDefaultNA ? Self.defaultNAValues.union(naValues) : naValues }

    /// Options with Pandas's defaults for every argument left out.
    public init(delimiter: Character = ",", hasHeader: Bool = true, decimal: Character = ".", thousands: Character? = nil,
                naValues: Set<String> = [], keepDefaultNA: Bool = true, skipRows: Int = 0, nRows: Int? = nil,
                useColumns: [String]? = nil, dtype: [String: ColumnType] = [:], indexColumn: String? = nil,
                implicitIndex: ImplicitIndex = .refuse, parseDates: [String] = [], comment: Character? = nil,
                skipInitialSpace: Bool = false, encoding: CSVEncoding = .utf8, requiredColumns: [String] = []) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.decimal = decimal
        self.thousands = thousands
        self.naValues = naValues
        self.keepDefaultNA = keepDefaultNA
        self.skipRows = skipRows
        self.nRows = nRows
        self.useColumns = useColumns
        self.dtype = dtype
        self.indexColumn = indexColumn
        self.implicitIndex = implicitIndex
        self.parseDates = parseDates
        self.comment = comment
        self.skipInitialSpace = skipInitialSpace
        self.encoding = encoding
        self.requiredColumns = requiredColumns
    }

    /// What to do when the data rows have more fields than the header: a trailing delimiter on
    /// every data row (but not the header), or a header without a name for the row labels.
    public enum ImplicitIndex: Sendable {
        /// Throw, saying what Pandas would do and which option reads the file (the default:
        /// Pandas's silent index surprises its own users).
        case refuse
        /// Make the one extra leading field of every row the index, as Pandas's default
        /// (`index_col=None`) does.
        case index
        /// Keep the header's columns and ignore the rows' extra trailing fields, as Pandas's
        /// `index_col=False`.
        case dropTrailing
    }
}

/// The text encodings a CSV file may be in (Pandas's `encoding`).
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte order mark ("utf-8", "utf-8-sig"); the default.
    case utf8 = "utf-8"
    /// ISO 8859-1: every byte is the code point of its value ("latin-1").
    case latin1 = "latin-1"
    /// Windows-1252, as Excel on Windows writes: Latin-1 with € ‘ ’ “ ” … in 0x80-0x9F ("cp1252").
    case cp1252
    /// UTF-16 with a byte order mark (big-endian without one) ("utf-16").
    case utf16 = "utf-16"
    /// UTF-16, little-endian, no byte order mark ("utf-16-le").
    case utf16LE = "utf-16-le"
    /// UTF-16, big-endian, no byte order mark ("utf-16-be").
    case utf16BE = "utf-16-be"

    /// The encoding of a Pandas / Python encoding name ("utf8", "UTF-8", "latin1", "iso-8859-1",
    /// "windows-1252", "utf_16_le", ...); nil when Synapse does not read it.
    public init?(pandasName name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8", "utf-8-sig", "utf8-sig", "u8": self = .utf8
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1": self = .latin1
        case "cp1252", "windows-1252", "1252": self = .cp1252
        case "utf-16", "utf16": self = .utf16
        case "utf-16-le", "utf-16le": self = .utf16LE
        case "utf-16-be", "utf-16be": self = .utf16BE
        default: return nil
        }
    }
}
