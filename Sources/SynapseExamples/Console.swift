// Where the examples and the command line print. Everything goes to standard output unless a
// caller (a test) collects it with `Console.capture`; the collection is task-local, so tests
// that run in parallel each see only their own lines.

import Foundation

/// The output of the examples and of the `synapse` command.
public enum Console {
    /// A collector for printed text, set by `capture` for the current task.
    public final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var buffer = "", errorBuffer = ""
        public init() {}
        /// All text written to standard output so far.
        public var text: String { lock.lock(); defer { lock.unlock() }; return buffer }
        /// All text written to standard error so far.
        public var errors: String { lock.lock(); defer { lock.unlock() }; return errorBuffer }
        func append(_ piece: String) { lock.lock(); buffer += piece; lock.unlock() }
        func appendError(_ piece: String) { lock.lock(); errorBuffer += piece; lock.unlock() }
    }

    @TaskLocal static var collector: Collector?

    /// Writes text to the current collector, or to standard output.
    public static func write(_ text: String) {
        if let collector { collector.append(text) } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes text to the current collector's errors, or to standard error.
    public static func writeError(_ text: String) {
        if let collector { collector.appendError(text) } else {
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Runs `body` with everything it prints collected; returns what it printed (and rethrows
    /// its error after the text is recorded in `collector`).
    public static func capture(into collector: Collector = Collector(), _ body: () throws -> Void) rethrows -> String {
        try $collector.withValue(collector) { try body() }
        return collector.text
    }
}

/// `print` inside this module goes through `Console`, so the examples read like the notebooks
/// (`print(frame.head())`) and tests can still collect what they print.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Console.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
