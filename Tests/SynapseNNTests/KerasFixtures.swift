import Foundation
import Testing
@testable import SynapseNN

/// The Keras reference fixtures in Tests/SynapseNNTests/Fixtures, written by
/// scripts/fixtures/make_keras_fixtures.py (Keras 3 on TensorFlow, float32).
///
/// Inputs and weights are not stored: a tensor is described by {"shape", "k", "scale", "offset"}
/// and element i (row-major flat index) is float32(offset + scale · sin(0.37 · i + 1.3 · k)),
/// evaluated in Double, exactly as the script does it in float64.
enum KerasFixture {
    static func json(_ name: String) throws -> [String: Any] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "json"))
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// The case named `name` of a fixture file.
    static func testCase(_ file: String, _ name: String) throws -> [String: Any] {
        let cases = try json(file)["cases"] as! [[String: Any]]
        return try #require(cases.first { $0["name"] as? String == name }, "no case '\(name)' in \(file).json")
    }

    /// The tensor a formula spec describes.
    static func tensor(_ spec: Any?) -> Tensor {
        let spec = spec as! [String: Any]
        let shape = kerasInts(spec["shape"])
        let k = kerasDouble(spec["k"]), scale = kerasDouble(spec["scale"]), offset = kerasDouble(spec["offset"])
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { i in Float(offset + scale * sin(0.37 * Double(i) + 1.3 * k)) })
    }

    /// A stored tensor {"shape", "values"}.
    static func stored(_ any: Any?) -> (shape: [Int], values: [Double]) {
        let object = any as! [String: Any]
        return (kerasInts(object["shape"]), kerasDoubles(object["values"]))
    }
}

func kerasDouble(_ any: Any?) -> Double { (any as? Double) ?? (any as! NSNumber).doubleValue }
func kerasDoubles(_ any: Any?) -> [Double] { (any as! [Any]).map { ($0 as? Double) ?? ($0 as? NSNumber)?.doubleValue ?? .nan } }
func kerasInts(_ any: Any?) -> [Int] { (any as! [Any]).map { ($0 as! NSNumber).intValue } }

/// |a − e| / max(1, |e|): the error measure of the parity tests.
func kerasError(_ a: Double, _ e: Double) -> Double { Swift.abs(a - e) / Swift.max(1, Swift.abs(e)) }

/// Compares values with Keras's and returns the largest error (|a − e| / max(1, |e|)).
@discardableResult
func expectKerasClose(_ actual: [Float], _ expected: [Double], tolerance: Double, _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Double {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, Keras has \(expected.count)", sourceLocation: sourceLocation)
    var worst = 0.0, worstIndex = 0
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let error = kerasError(Double(a), e)
        if !(error <= worst) { worst = error; worstIndex = i }
    }
    #expect(worst <= tolerance, "\(what): largest error \(worst) at index \(worstIndex): \(actual[Swift.min(worstIndex, actual.count - 1)]) vs Keras \(expected[Swift.min(worstIndex, expected.count - 1)])",
            sourceLocation: sourceLocation)
    return worst
}

/// Checks a weight against its summary (count, sum, sum of squares, sampled values) and returns
/// the largest error of the sums and of the samples.
@discardableResult
func expectKerasSummary(_ value: Tensor, _ summary: [String: Any], tolerance: Double, sumTolerance: Double,
                        sourceLocation: SourceLocation = #_sourceLocation) -> (sums: Double, values: Double) {
    let name = summary["name"] as? String ?? "?"
    let scalars = value.scalars
    #expect(scalars.count == (summary["count"] as! NSNumber).intValue, "\(name): count", sourceLocation: sourceLocation)
    let sum = scalars.reduce(0.0) { $0 + Double($1) }
    let squares = scalars.reduce(0.0) { $0 + Double($1) * Double($1) }
    let sumError = Swift.max(kerasError(sum, kerasDouble(summary["sum"])), kerasError(squares, kerasDouble(summary["sumOfSquares"])))
    #expect(sumError <= sumTolerance, "\(name): sum \(sum) vs Keras \(kerasDouble(summary["sum"])), sum of squares \(squares) vs \(kerasDouble(summary["sumOfSquares"]))",
            sourceLocation: sourceLocation)
    let sampled = kerasInts(summary["indices"]).map { scalars[$0] }
    let valueError = expectKerasClose(sampled, kerasDoubles(summary["values"]), tolerance: tolerance, "\(name) sampled values",
                                      sourceLocation: sourceLocation)
    return (sumError, valueError)
}
