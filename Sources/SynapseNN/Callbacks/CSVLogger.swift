// CSVLogger: one CSV row per epoch — "epoch" then every logged key in sorted order.

import Foundation

/// Keras's `CSVLogger`.
public final class CSVLogger: Callback {
    public let path: String, separator: String, append: Bool
    private var keys: [String]?
    private var text = ""

    public init(path: String, separator: String = ",", append: Bool = false) {
        (self.path, self.separator, self.append) = (path, separator, append)
    }

    public func onTrainBegin(model: Sequential, logs: Logs) {
        keys = nil
        text = append ? ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") : ""
        if append && !text.isEmpty, let header = text.split(separator: "\n").first {
            keys = header.components(separatedBy: separator).dropFirst().map { String($0) }
        }
    }

    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) {
        if keys == nil {
            keys = logs.keys.sorted()
            text += (["epoch"] + keys!).joined(separator: separator) + "\n"
        }
        text += ([String(epoch)] + keys!.map { logs[$0].map { String($0) } ?? "" }).joined(separator: separator) + "\n"
        try? FileIO.write(Data(text.utf8), to: path)
    }
}
