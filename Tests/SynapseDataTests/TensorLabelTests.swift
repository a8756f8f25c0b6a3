import Testing
import SynapseData

@Suite struct TensorLabelTests {
    @Test func labelsComeFromValuesOrRowArgmax() throws {
        #expect(try Tensor([1, 0, 1]).classLabels() == [1, 0, 1])
        #expect(try Tensor([[1], [0]]).classLabels() == [1, 0])
        #expect(try Tensor([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]]).classLabels() == [1, 0])
        #expect(throws: SynapseError.invalidArgument("class labels must be whole numbers; element 1 is 0.5")) {
            try Tensor([1, 0.5]).classLabels()
        }
    }

    @Test func metricsAcceptTensors() throws {
        let truth = Tensor([[1], [0], [1], [1]])
        let predicted = Tensor([[0.9], [0.2], [0.4], [0.7]]) .> 0.5
        #expect(try accuracyScore(truth, predicted) == 0.75)
        #expect(try confusionMatrix(truth, predicted) == [[1, 0], [1, 2]])
        #expect(try classificationReport(truth, predicted) == classificationReport([1, 0, 1, 1], [1, 0, 0, 1]))
    }
}
