// CSVLogger: one CSV row per epoch — "epoch" then every logged key in sorted order. A file
// that cannot be written, or (in append mode) an existing file that cannot be read, ends `fit`
// with a SynapseError naming it, as Keras raises.

import Foundation

/// Keras's `CSVLogger`.
public final class CSVLogger: Callback {
    public let path: String, separator: String, append: Bool
    private var keys: [String]?
    private var text = ""

    public init(path: String, separator: String = ",", append: Bool = false) {
        (self.path, self.separator, self.append) = (path, separator, append)
    }

    public func onTrainBegin(model: Model, logs: Logs) throws {
        keys = nil
        text = ""
        if append && FileManager.default.fileExists(atPath: path) {
            guard let existing = String(data: try FileIO.read(path), encoding: .utf8) else {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "is not UTF-8 text; CSVLogger cannot append to it")
            }
            text = existing
        }
        if append && !text.isEmpty, let header = text.split(separator: "\n").first {
            keys = header.components(separatedBy: separator).dropFirst().map { String($0) }
        }
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
        if keys == nil {
            keys = logs.keys.sorted()
            text += (["epoch"] + keys!).joined(separator: separator) + "\n"
        }
        text += ([String(epoch)] + keys!.map { logs[$0].map { String($0) } ?? "" }).joined(separator: separator) + "\n"
        try FileIO.write(Data(text.utf8), to: path)
    }
}
