// Where SynapseData's types meet SynapseNN's protocols. Neither module imports the other
// (DESIGN: data needs no autodiff); the umbrella, which sees both, joins them.

extension TimeseriesGenerator: BatchSequence {
    /// Batch `index` as `fit` asks for it: the windows and their targets.
    public func batch(at index: Int) -> (x: Tensor, y: Tensor) {
        let batch = self[index]
        return (batch.inputs, batch.targets)
    }
}

/// An image folder's batches, decoded as `fit` asks for them.
extension ImageFolder: BatchSequence {}

// MARK: Types that meet: the figures take what fit and predict hand out.

extension Figure {
    /// The training curves of a `fit` run (Keras's `pd.DataFrame(model.history.history).plot()`),
    /// from the `History` that `fit` returns.
    public static func trainingHistory(_ history: History, title: String? = nil,
                                       panelWidth: Double = 420, height: Double = 340) -> Figure {
        trainingHistory(history.history, title: title, panelWidth: panelWidth, height: height)
    }

    /// The confusion matrix of label tensors as `predict` and the metrics hand them out: class
    /// indices ([n] or [n, 1]), a sigmoid's probabilities (one column, thresholded at 0.5), or
    /// one-hot / probability rows ([n, k], argmax).
    public static func confusionMatrix(truth: Tensor, predicted: Tensor, classNames: [String]) throws -> Figure {
        confusionMatrix(truth: try labels(truth), predicted: try labels(predicted), classNames: classNames)
    }

    /// Class indices from labels or from a sigmoid's probabilities (one column, thresholded at 0.5).
    private static func labels(_ t: Tensor) throws -> [Int] {
        let column = t.rank == 1 || (t.rank == 2 && t.shape[1] == 1)
        let whole = t.withUnsafeBufferPointer { $0.allSatisfy { $0 == $0.rounded() } }
        return column && !whole ? try (t .> 0.5).classLabels() : try t.classLabels()
    }
}
