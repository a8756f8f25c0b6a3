import Foundation
import Testing
@testable import SynapseData

/// The committed fixtures: copies of the shared CSVs and reference numbers from Pandas,
/// scikit-learn and Keras (scripts/fixtures/make_data_fixtures.py).
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// A reference data set: breast_cancer ships inside SynapseData (`Datasets.breastCancer()`);
    /// the others are read from the committed CSV files.
    static func frame(_ name: String) throws -> DataFrame {
        name == "breast_cancer" ? Datasets.breastCancer() : try DataFrame(csvFile: path("\(name).csv"))
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(name)))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// |a - b| <= tolerance · max(|b|, floor): relative, with an absolute floor for values near 0.
func close(_ a: Double, _ b: Double, relative: Double = 1e-6, floor: Double = 1e-12) -> Bool {
    if a.isNaN && b.isNaN { return true }
    return abs(a - b) <= relative * max(abs(b), floor)
}

/// A scratch folder removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-data-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func doubles(_ any: Any?) -> [Double] { (any as! [Any]).map { ($0 as? Double) ?? ($0 as? NSNumber)?.doubleValue ?? .nan } }
func ints(_ any: Any?) -> [Int] { (any as! [Any]).map { ($0 as! NSNumber).intValue } }
