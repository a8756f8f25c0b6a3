import Foundation
import Testing
import SynapseCLI
import SynapseExamples
import Synapse

/// What one `synapse` invocation printed and returned.
struct Invocation {
    let status: Int32
    let output: String
    let errors: String

    /// The `--json` result: the last line printed, parsed.
    var json: [String: Any] {
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any] ?? [:]
    }
}

/// Runs `synapse ARGUMENTS` in-process, collecting standard output and standard error.
func synapse(_ arguments: String...) -> Invocation { synapse(arguments) }

func synapse(_ arguments: [String]) -> Invocation {
    let collector = Console.Collector()
    var status: Int32 = -1
    _ = Console.capture(into: collector) { status = SynapseCommand.main(arguments: arguments) }
    return Invocation(status: status, output: collector.text, errors: collector.errors)
}

/// A fresh temporary folder for one test.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-cli-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Small CSVs written by the tests themselves (the suite needs no data outside the repository).
enum Fixtures {
    /// Two separable blobs in three features, text labels, and an id column to drop.
    static func classificationCSV(rows: Int = 120) -> String {
        var g = SeededGenerator(seed: 7)
        var lines = ["id,a,b,c,diagnosis"]
        for i in 0..<rows {
            let malignant = i % 3 == 0
            let shift: Float = malignant ? 2 : -1
            let values = (0..<3).map { _ in shift + g.nextNormal() * 0.6 }
            lines.append("p\(i)," + values.map { String($0) }.joined(separator: ",") + (malignant ? ",malignant" : ",benign"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// y = 3a − 2b + 5 + noise; with `learnable` false, y is noise alone (so validation loss
    /// stops improving early, for early stopping).
    static func regressionCSV(rows: Int = 120, learnable: Bool = true) -> String {
        var g = SeededGenerator(seed: 8)
        var lines = ["a,b,y"]
        for _ in 0..<rows {
            let a = g.nextNormal(), b = g.nextNormal()
            let noise = g.nextNormal()
            lines.append("\(a),\(b),\(learnable ? 3 * a - 2 * b + 5 + 0.1 * noise : noise)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// fake_reg's shape: price from feature1 and feature2.
    static func fakeRegCSV(rows: Int = 150) -> String {
        var g = SeededGenerator(seed: 9)
        var lines = ["price,feature1,feature2"]
        for _ in 0..<rows {
            let f1 = 1000 + g.nextNormal(), f2 = 1000 + g.nextNormal()
            lines.append("\(500 + 30 * (f1 - 1000) + 35 * (f2 - 1000) + 4 * g.nextNormal()),\(f1),\(f2)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ text: String, to path: String) {
        try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
