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

    /// A folder of images read as `synapse train --images` reads it: listed, then every batch of
    /// 32 decoded and resized to 64×64 RGB (Benchmarks/reference/image_folder_keras.py iterates
    /// Keras's image_dataset_from_directory over the same folder).
    static func imageFolder(_ folder: String, repeats: Int = 3) throws -> [String: Any] {
        var count = 0
        let times = try timed(repeats) {
            let images = try Datasets.imageFolder(folder, imageSize: (64, 64), batchSize: 32, shuffle: false)
            count = 0
            for b in 0..<images.count { count += try images.batch(at: b).x.shape[0] }
        }
        return ["workload": "image_folder_load", "sec_median": median(times), "sec_min": times.min()!,
                "repeats": times.count, "images": count, "threads": Parallel.threadCount]
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
