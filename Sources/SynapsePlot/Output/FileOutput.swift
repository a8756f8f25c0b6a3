// Writing figures to disk. Files are written atomically: the bytes go to a temporary file in
// the same directory, which is then renamed over the destination, so a reader never sees half
// a figure. PNG goes through rsvg-convert (Debian/Ubuntu: `apt-get install librsvg2-bin`;
// macOS: `brew install librsvg`), found on PATH.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PNG output through the `rsvg-convert` command-line tool.
public enum PNGRenderer {
    /// The path of rsvg-convert on PATH, or nil when it is not installed.
    public static var rsvgConvertPath: String? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/rsvg-convert"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether PNG output is available on this machine.
    public static var isAvailable: Bool { rsvgConvertPath != nil }

    static let missingMessage = "PNG output needs rsvg-convert, which is not installed: install it with `apt-get install librsvg2-bin` (Debian/Ubuntu) or `brew install librsvg` (macOS), or write SVG instead"

    /// Renders SVG text to a PNG file at `path` (scale 1 = one pixel per SVG unit).
    public static func render(svg: String, to path: String, scale: Double = 1) throws {
        guard let tool = rsvgConvertPath else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: missingMessage)
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let source = directory.appendingPathComponent(".\(UUID().uuidString).svg")
        let target = directory.appendingPathComponent(".\(UUID().uuidString).png")
        defer {
            try? FileManager.default.removeItem(at: source)
            try? FileManager.default.removeItem(at: target)
        }
        try FileIO.write(Data(svg.utf8), to: source.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--zoom", String(scale), "--format", "png", "--output", target.path, source.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw SynapseError.invalidFile(path: path, location: nil,
                                           reason: "rsvg-convert failed (status \(process.terminationStatus)): \(message)")
        }
        if rename(target.path, path) != 0 {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot move the PNG into place: \(String(cString: strerror(errno)))")
        }
    }
}

extension Figure {
    /// Writes the figure as a standalone SVG file, atomically.
    public func writeSVG(to path: String) throws {
        try FileIO.write(Data(svg().utf8), to: path)
    }

    /// Writes the figure as PNG through rsvg-convert; throws, saying how to install it, when
    /// rsvg-convert is missing.
    public func writePNG(to path: String, scale: Double = 1) throws {
        try PNGRenderer.render(svg: svg(), to: path, scale: scale)
    }

    /// Writes SVG or PNG, chosen by the file extension (.svg or .png).
    public func write(to path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "svg": try writeSVG(to: path)
        case "png": try writePNG(to: path)
        default:
            throw SynapseError.invalidArgument("cannot write a figure to '\(path)': use a .svg or .png file name")
        }
    }
}
