// The compact layer spec of `synapse train --layers`: layers separated by commas, each
// `kind:arguments`:
//   dense:UNITS[:ACTIVATION]     Dense(UNITS, activation: ACTIVATION), linear by default
//   dropout:RATE                 Dropout(RATE), 0 <= RATE < 1
//   activation:NAME              Activation(NAME)
// e.g. `dense:30:relu,dropout:0.5,dense:15:relu,dense:1:sigmoid`. An Input layer with the
// number of feature columns is put in front by the caller.

import Foundation
import Synapse

enum LayerSpec {
    /// The layers of `spec`, or an error that names the piece that does not parse.
    static func parse(_ spec: String) throws -> [Layer] {
        let pieces = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !spec.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("--layers is empty; give layers such as dense:30:relu,dense:1:sigmoid.") }
        return try pieces.map { piece in
            let parts = piece.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            func fail(_ expected: String) -> CLIError {
                CLIError("Cannot read '\(piece)' in --layers: expected \(expected).")
            }
            switch parts[0].lowercased() {
            case "dense":
                guard (2...3).contains(parts.count), let units = Int(parts[1]), units > 0 else {
                    throw fail("dense:UNITS[:ACTIVATION] with UNITS a positive whole number")
                }
                let activation = parts.count == 3 ? parts[2] : "linear"
                guard let function = try? SynapseNN.ActivationFunction(name: activation) else {
                    throw fail("a known activation (relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, swish, ...), not '\(activation)'")
                }
                return Dense(units, activation: function)
            case "dropout":
                guard parts.count == 2, let rate = Float(parts[1]), rate >= 0, rate < 1 else {
                    throw fail("dropout:RATE with 0 <= RATE < 1")
                }
                return Dropout(rate)
            case "activation":
                guard parts.count == 2, let function = try? SynapseNN.ActivationFunction(name: parts[1]) else {
                    throw fail("activation:NAME with a known activation")
                }
                return Activation(function)
            default:
                throw fail("dense:UNITS[:ACTIVATION], dropout:RATE or activation:NAME")
            }
        }
    }

    /// The layers of a model config as a model file stores it (`{"name", "seed", "layers": [...]}`),
    /// or a plain array of layer configs.
    static func layers(configFile path: String) throws -> (layers: [Layer], seed: UInt64?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("Cannot read the model config '\(path)': no such file.")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw CLIError("The model config '\(path)' is not JSON; --model takes the model_config JSON that a Synapse model file stores.")
        }
        guard let list = json.objectValue?["layers"]?.arrayValue ?? json.arrayValue else {
            throw CLIError("The model config '\(path)' has no list of layers; --model takes the model_config JSON that a Synapse model file stores.")
        }
        let seed = try seed(json.objectValue?["seed"], configFile: path)
        do {
            return (try list.map { try LayerRegistry.layer(from: $0) }, seed)
        } catch {
            throw CLIError("The model config '\(path)' describes a layer Synapse cannot build: \(error)")
        }
    }

    /// A model config's seed: a whole number 0 ≤ seed < 2^64, written as a JSON number or as a
    /// string of digits (exact beyond 2^53); absent or null means none.
    static func seed(_ value: JSONValue?, configFile path: String) throws -> UInt64? {
        guard let value else { return nil }
        if case .null = value { return nil }
        if let seed = value.seedValue { return seed }
        let shown: String
        switch value {
        case let .number(n): shown = shortText(n)
        case let .string(text): shown = "'\(text)'"
        default: shown = value.jsonString()
        }
        throw CLIError("The model config '\(path)' has the seed \(shown); a seed is a whole number from 0 to \(UInt64.max), as a number or a string.")
    }

    private static func shortText(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
