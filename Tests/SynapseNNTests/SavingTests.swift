import Foundation
import Testing
@testable import SynapseNN

@Suite struct SavingTests {
    static func trained(seed: UInt64) throws -> (Sequential, Tensor, Tensor) {
        let x = Tensor(shape: [20, 3], scalars: (0..<60).map { sin(Float($0)) })
        let y = Tensor(shape: [20, 1], scalars: (0..<20).map { Float($0 % 2) })
        let model = Sequential(name: "saved", seed: seed) {
            Input(shape: [3]); Dense(5, activation: .relu); Dropout(0.1, seed: 4); Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "binary_crossentropy", metrics: ["accuracy"])
        return (model, x, y)
    }

    @Test func saveLoadPredictIsIdentical() throws {
        let (model, x, y) = try Self.trained(seed: 1)
        try model.fit(x: x, y: y, epochs: 3, batchSize: 5, verbose: 0)
        let path = CallbackTests.temporaryPath("model.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(try loaded.predict(x) == model.predict(x))
        #expect(loaded.name == "saved" && loaded.layers.count == 4)
        #expect(loaded.weights.map(\.name) == model.weights.map(\.name))
        #expect(loaded.optimizer?.iterations == 12 && loaded.optimizer is Adam)
        #expect(loaded.loss is BinaryCrossentropy && loaded.metrics.map(\.name) == ["accuracy"])
    }

    @Test func fileIsPlainSafetensors() throws {
        let (model, _, _) = try Self.trained(seed: 2)
        try model.build(inputShape: [3])
        let path = CallbackTests.temporaryPath("plain.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path, includeOptimizer: false)
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as! [String: Any]
        let kernel = header["\(model.layers[1].name)/kernel"] as! [String: Any]
        #expect(kernel["dtype"] as? String == "F32")
        #expect(kernel["shape"] as? [Int] == [3, 5])
        let metadata = header["__metadata__"] as! [String: String]
        #expect(metadata["format_version"] == "1" && metadata["model_config"]!.contains("\"Dense\""))
        #expect(bytes.count == 8 + n + 4 * model.parameterCount)
    }

    @Test func resumingFromACheckpointGivesTheSameLossCurve() throws {
        let (whole, x, y) = try Self.trained(seed: 3)
        let straight = try whole.fit(x: x, y: y, epochs: 6, batchSize: 5, verbose: 0)["loss"]
        let (first, _, _) = try Self.trained(seed: 3)
        let head = try first.fit(x: x, y: y, epochs: 3, batchSize: 5, verbose: 0)["loss"]
        let path = CallbackTests.temporaryPath("resume.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try first.save(to: path)
        let resumed = try Sequential.load(from: path)
        // Dropout masks are the only stream not stored; use a model without dropout for the tail.
        #expect(resumed.optimizer?.iterations == 12)
        let tail = try resumed.fit(x: x, y: y, epochs: 6, batchSize: 5, verbose: 0, initialEpoch: 3)["loss"]
        #expect(Array(straight.prefix(3)) == head)
        #expect(tail.count == 3)
        // With dropout the masks differ after the resume, so compare a dropout-free model exactly.
        func plain() throws -> Sequential {
            let m = Sequential(seed: 9) { Input(shape: [3]); Dense(5, activation: .relu); Dense(1, activation: .sigmoid) }
            try m.compile(optimizer: Adam(learningRate: 0.01), loss: "binary_crossentropy")
            return m
        }
        let reference = try plain().fit(x: x, y: y, epochs: 6, batchSize: 5, verbose: 0)["loss"]
        let part = try plain()
        try part.fit(x: x, y: y, epochs: 3, batchSize: 5, verbose: 0)
        try part.save(to: path)
        let rest = try Sequential.load(from: path).fit(x: x, y: y, epochs: 6, batchSize: 5, verbose: 0, initialEpoch: 3)["loss"]
        #expect(rest == Array(reference.suffix(3)))
    }

    /// Writes `bytes` and expects loading to throw an invalidFile error whose text contains `text`.
    static func expectRejected(_ bytes: [UInt8], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = CallbackTests.temporaryPath("bad.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        do {
            _ = try Sequential.load(from: path)
            Issue.record("loaded a bad file", sourceLocation: sourceLocation)
        } catch let error as SynapseError {
            guard case .invalidFile = error else { Issue.record("\(error)", sourceLocation: sourceLocation); return }
            #expect("\(error)".contains(text), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    static func header(_ json: String, data: Int = 0) -> [UInt8] {
        var bytes = withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian) { Array($0) }
        return bytes + Array(json.utf8) + [UInt8](repeating: 0, count: data)
    }

    @Test func truncatedCorruptAndMismatchedFilesThrowClearErrors() throws {
        let (model, _, _) = try Self.trained(seed: 4)
        try model.build(inputShape: [3])
        let path = CallbackTests.temporaryPath("good.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let good = [UInt8](FileManager.default.contents(atPath: path)!)

        Self.expectRejected(Array(good.prefix(5)), "too short")
        Self.expectRejected(Array(good.prefix(good.count - 7)), "outside")
        Self.expectRejected(Array(good.prefix(40)), "truncated")
        Self.expectRejected(withUnsafeBytes(of: UInt64.max.littleEndian) { Array($0) } + Array("{\"a\"".utf8), "more than the 100 MB")
        Self.expectRejected(Self.header("{not json"), "not a JSON object")
        Self.expectRejected(Self.header(#"{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: 2), "F16")
        Self.expectRejected(Self.header(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8), "needs 12 bytes")
        Self.expectRejected(Self.header(#"{"w":{"dtype":"F32","shape":[1000000000000,1000000000000],"data_offsets":[0,4]}}"#, data: 4), "larger than the file")
        Self.expectRejected(Self.header(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: 4), "outside")
        Self.expectRejected(Self.header(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 4), "not a Synapse model")

        // A valid safetensors file whose weights do not fit the model it describes.
        var (tensors, metadata) = try Safetensors.read(from: path)
        let kernel = model.layers[1].name + "/kernel"
        tensors[kernel] = Tensor.zeros([4, 5])
        Self.expectRejected(Array(try Safetensors.encode(tensors, metadata: metadata)), "shape [4, 5]")
        tensors[kernel] = nil
        Self.expectRejected(Array(try Safetensors.encode(tensors, metadata: metadata)), "no tensor for weight '\(kernel)'")
        metadata["format_version"] = "99"
        Self.expectRejected(Array(try Safetensors.encode(tensors, metadata: metadata)), "version 99")
        Self.expectRejected([], "too short")
    }
}
