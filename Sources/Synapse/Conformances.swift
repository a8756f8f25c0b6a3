// Where SynapseData's types meet SynapseNN's protocols. Neither module imports the other
// (DESIGN: data needs no autodiff); the umbrella, which sees both, joins them.

extension TimeseriesGenerator: BatchSequence {
    /// Batch `index` as `fit` asks for it: the windows and their targets.
    public func batch(at index: Int) -> (x: Tensor, y: Tensor) {
        let batch = self[index]
        return (batch.inputs, batch.targets)
    }
}
