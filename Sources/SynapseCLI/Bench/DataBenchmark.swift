import Foundation
import Synapse

/// SynapseData's loaders, timed as a user meets them: all of MNIST from IDX files into tensors
/// (SHA-256 checked), and a large CSV into a DataFrame (`Benchmarks/reference/csv_pandas.py`
/// times Pandas's `read_csv` on the same file). Medians of `repeats` runs after one warm-up.
enum DataBenchmark {
    static func mnist(folder: String, repeats: Int = 5) throws -> [String: Any] {
        var shapes = ""
        let times = try timed(repeats) {
            let d = try Datasets.mnist(directory: folder, download: false)
            shapes = "train x \(d.train.x.shape) y \(d.train.y.shape), test x \(d.test.x.shape) y \(d.test.y.shape)"
        }
        return ["workload": "mnist_load", "sec_median": median(times), "sec_min": times.min()!,
                "repeats": times.count, "loaded": shapes]
    }

    static func csv(file: String, repeats: Int = 5) throws -> [String: Any] {
        var size = ""
        let times = try timed(repeats) {
            let frame = try DataFrame(csvFile: file)
            size = "\(frame.shape.rows) rows x \(frame.shape.columns) columns"
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return ["workload": "csv_read", "sec_median": median(times), "sec_min": times.min()!,
                "repeats": times.count, "loaded": size, "megabytes": Double(bytes) / 1e6]
    }

    private static func timed(_ repeats: Int, _ body: () throws -> Void) throws -> [Double] {
        try body()
        return try (0..<repeats).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }
}
