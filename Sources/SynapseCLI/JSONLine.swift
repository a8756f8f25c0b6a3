// The `--json` result line: one JSON object with sorted keys on one line, the last line a
// command prints. JSON has no NaN or infinity: NaN (a missing or undefined value) becomes null,
// and ±inf the strings "Infinity" / "-Infinity" (the spelling of JavaScript and of Python's
// json module), so that the two stay apart.

import Foundation
import SynapseExamples

enum JSONLine {
    /// The object as one line of JSON.
    static func text(_ object: [String: Any]) -> String {
        let clean = sanitize(object)
        let data = (try? JSONSerialization.data(withJSONObject: clean, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func sanitize(_ value: Any) -> Any {
        switch value {
        case let number as Double: return number.isNaN ? NSNull() : number.isInfinite ? (number > 0 ? "Infinity" : "-Infinity") : number
        case let number as Float: return sanitize(Double(number))
        case let dictionary as [String: Any]: return dictionary.mapValues(sanitize)
        case let array as [Any]: return array.map(sanitize)
        default: return value
        }
    }

    /// The line of an example's or a training run's result.
    static func result(_ result: ExampleResult, extra: [String: Any] = [:]) -> String {
        var object: [String: Any] = ["task": result.task, "epochs_run": result.epochsRun,
                                     "seconds": (result.seconds * 1000).rounded() / 1000]
        for (key, value) in result.metrics { object[key] = value }
        var paths: [String: Any] = result.files
        paths["figures"] = result.figures
        object["paths"] = paths
        for (key, value) in extra { object[key] = value }
        return text(object)
    }
}
