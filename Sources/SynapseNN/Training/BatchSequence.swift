// A source of ready-made batches for fit / evaluate (Keras's PyDataset / Sequence): the
// time-series window generator of SynapseData conforms to it.

/// Batches by index: `count` batches, each an (x, y) pair with the same number of rows.
public protocol BatchSequence {
    /// The number of batches in one epoch.
    var count: Int { get }
    /// Batch `index` (0 ..< count).
    func batch(at index: Int) -> (x: Tensor, y: Tensor)
}
