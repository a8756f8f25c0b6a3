/// The one error type of Synapse.
///
/// Anything driven by data or files throws a `SynapseError` whose message names where the
/// problem is: the file and the line, column or byte offset; the layer and the shapes. The
/// `description` is a full sentence written for the person who will read it.
public enum SynapseError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Where in a file a problem was found.
    public enum Location: Equatable, Sendable, CustomStringConvertible {
        /// A 1-based line, optionally with a 1-based column number or a column name.
        case line(Int, column: String? = nil)
        /// A 0-based byte offset into the file.
        case byteOffset(Int)
        /// A named column (for problems that concern a whole column).
        case column(String)

        public var description: String {
            switch self {
            case let .line(line, column?): return "line \(line), column \(column)"
            case let .line(line, nil): return "line \(line)"
            case let .byteOffset(offset): return "byte offset \(offset)"
            case let .column(name): return "column '\(name)'"
            }
        }
    }

    /// Two shapes that cannot be combined, or a shape that does not fit what is asked of it.
    case shapeMismatch(String)
    /// An argument outside what the operation accepts.
    case invalidArgument(String)
    /// A file that is missing, unreadable, truncated or corrupt; `location` says where when known.
    case invalidFile(path: String, location: Location?, reason: String)
    /// A problem inside a layer or model, named by the layer.
    case layer(name: String, reason: String)
    /// A numerical failure such as a NaN loss.
    case numerical(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(message): return "Shape mismatch: \(message)"
        case let .invalidArgument(message): return "Invalid argument: \(message)"
        case let .invalidFile(path, location?, reason): return "\(path), \(location): \(reason)"
        case let .invalidFile(path, nil, reason): return "\(path): \(reason)"
        case let .layer(name, reason): return "Layer '\(name)': \(reason)"
        case let .numerical(message): return "Numerical error: \(message)"
        }
    }
}
