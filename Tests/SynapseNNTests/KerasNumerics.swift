import Foundation
import Testing
@testable import SynapseNN

/// keras_numerics.json, written by scripts/fixtures/make_keras_numerics_fixtures.py with Keras 3
/// on TensorFlow (CPU, one thread, float32): Keras's own numbers for every optimizer, schedule,
/// loss, metric and activation, and a ten-epoch fit. Stored tensors are {"shape", "values"};
/// formula tensors are KerasFixture's.
enum KerasNumerics {
    static let fixture: [String: Any] = try! KerasFixture.json("keras_numerics")

    /// The cases of one section ("optimizers", "losses", ...).
    static func cases(_ section: String) -> [[String: Any]] { fixture[section] as! [[String: Any]] }

    /// A stored tensor as a Tensor (float32 values, read exactly).
    static func tensor(_ any: Any?) -> Tensor {
        let stored = KerasFixture.stored(any)
        return Tensor(shape: stored.shape, scalars: stored.values.map { Float($0) })
    }

    /// A stored tensor, or nil for JSON null / a missing key.
    static func optionalTensor(_ any: Any?) -> Tensor? {
        guard let any, !(any is NSNull) else { return nil }
        return tensor(any)
    }

    /// A value of the JSON fixture as the library's JSONValue (for configurations).
    static func json(_ any: Any) throws -> JSONValue {
        let data = try JSONSerialization.data(withJSONObject: any, options: [.sortedKeys, .fragmentsAllowed])
        return try JSONValue.parse(String(decoding: data, as: UTF8.self))
    }

    /// |a − e| / |e| (|a − e| when e = 0): a plain relative error, for values far below 1.
    static func relativeError(_ a: Double, _ e: Double) -> Double {
        e == 0 ? Swift.abs(a) : Swift.abs(a - e) / Swift.abs(e)
    }
}
