import Foundation
import Testing
import Synapse
import SynapseKeras

/// `synapse convert` between .keras and .safetensors, and `synapse summary` on .keras files.
@Suite struct ConvertCommandTests {
    static func functionalModel() throws -> Model {
        let a = Input(shape: [3], name: "a"), b = Input(shape: [2], name: "b")
        let sum = Add(name: "sum")([Dense(4, activation: .tanh, name: "from_a")(a), Dense(4, name: "from_b")(b)])
        return try Model(inputs: [a, b], outputs: Dense(2, activation: .softmax, name: "out")(sum), name: "two_inputs", seed: 4)
    }

    @Test func convertsBothWaysAndSummarisesKerasFiles() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = try ConvertCommandTests.functionalModel()
        try model.save(to: folder + "/model.safetensors")
        #expect(synapse("convert", folder + "/model.safetensors", folder + "/model.keras").status == 0)
        let summary = synapse("summary", folder + "/model.keras")
        #expect(summary.status == 0 && summary.output.contains("Connected to") && summary.output.contains("from_a[0][0],"))
        #expect(synapse("convert", folder + "/model.keras", folder + "/again.safetensors").status == 0)
        let x = [Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.3, -0.4, 0.5, 0.6]), Tensor(shape: [2, 2], scalars: [1, -1, 0.5, 0.25])]
        #expect(try Model.load(from: folder + "/again.safetensors").predict(x)[0].scalars == (try model.predict(x))[0].scalars)
    }

    @Test func unknownFormatsAreSentences() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try ConvertCommandTests.functionalModel().save(to: folder + "/model.safetensors")
        let text = synapse("convert", folder + "/model.safetensors", folder + "/model.txt")
        #expect(text.status != 0 && text.errors.contains(".keras, .h5 or .safetensors"))
        FileManager.default.createFile(atPath: folder + "/old.h5", contents: Data("x".utf8))
        let legacy = synapse("summary", folder + "/old.h5")
        #expect(legacy.status != 0 && legacy.errors.contains("old.h5") && legacy.errors.contains("HDF5"))
        FileManager.default.createFile(atPath: folder + "/bad.keras", contents: Data("not a zip".utf8))
        let bad = synapse("convert", folder + "/bad.keras", folder + "/out.safetensors")
        #expect(bad.status != 0 && bad.errors.contains("bad.keras"))
    }
}
