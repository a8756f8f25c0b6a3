// Benchmarks of SynapseData, run by scripts/bench-data.sh:
//   synapse-data-bench mnist <folder>        load all of MNIST into tensors (best of 3)
//   synapse-data-bench csv <file.csv>        read a CSV into a DataFrame (best of 3)
// Prints one line per benchmark: name, seconds, and what was loaded.
import Foundation
import SynapseData

func best(of runs: Int, _ body: () throws -> String) rethrows -> (Double, String) {
    var bestTime = Double.infinity
    var summary = ""
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        summary = try body()
        bestTime = min(bestTime, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (bestTime, summary)
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    print("usage: synapse-data-bench mnist <folder> | csv <file.csv>")
    exit(2)
}
do {
    switch arguments[1] {
    case "mnist":
        let (t, what) = try best(of: 3) {
            let d = try Datasets.mnist(directory: arguments[2], download: false)
            return "train x \(d.train.x.shape) y \(d.train.y.shape), test x \(d.test.x.shape) y \(d.test.y.shape)"
        }
        print(String(format: "mnist_load_seconds %.3f  %@", t, what))
    case "csv":
        let (t, what) = try best(of: 3) {
            let frame = try DataFrame(csvFile: arguments[2])
            return "\(frame.shape.rows) rows x \(frame.shape.columns) columns"
        }
        print(String(format: "csv_read_seconds %.3f  %@", t, what))
    default:
        print("unknown benchmark \(arguments[1])")
        exit(2)
    }
} catch {
    print("error: \(error)")
    exit(1)
}
