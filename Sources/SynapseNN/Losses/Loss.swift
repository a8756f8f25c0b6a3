// Losses: a per-sample loss lᵢ (the mean over the last axis of an elementwise loss, or a sum over
// classes), reduced as Keras's default "sum_over_batch_size": L = Σᵢ wᵢ lᵢ / n, with wᵢ = 1
// unless sample or class weights are given. Each loss file states its lᵢ and gradient.

/// A loss function: `loss(yTrue, yPred)` is a differentiable scalar.
public protocol Loss: LossRepresentable {
    /// Keras's name ("binary_crossentropy").
    var name: String { get }
    /// The per-sample losses [n] (n = the product of all but the last axis of `yPred`).
    func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor
    /// The reduced loss Σᵢ wᵢ lᵢ / n; losses with a fused kernel override it.
    func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor
    /// The arguments that recreate the loss (name and options).
    var config: JSONValue { get }
}

extension Loss {
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
        reduce(perSample(yTrue: yTrue, yPred: yPred), sampleWeight: sampleWeight)
    }

    /// The mean loss over the batch without weights.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        self(yTrue, yPred, sampleWeight: nil)
    }

    public var config: JSONValue { ["name": .string(name)] }

    /// Σᵢ wᵢ lᵢ / n.
    func reduce(_ perSample: Tensor, sampleWeight: Tensor?) -> Tensor {
        guard let sampleWeight else { return perSample.mean() }
        return (perSample * sampleWeight.reshaped(to: perSample.shape)).mean()
    }
}

/// A name or a value that `compile` turns into a loss.
public protocol LossRepresentable {
    func makeLoss() throws -> Loss
}

extension String: LossRepresentable {
    /// The loss of a Keras name or alias ("mse", "binary_crossentropy", ...).
    public func makeLoss() throws -> Loss {
        switch self {
        case "mse", "mean_squared_error", "MeanSquaredError": return MeanSquaredError()
        case "mae", "mean_absolute_error", "MeanAbsoluteError": return MeanAbsoluteError()
        case "huber", "huber_loss", "Huber": return Huber()
        case "binary_crossentropy", "BinaryCrossentropy": return BinaryCrossentropy()
        case "categorical_crossentropy", "CategoricalCrossentropy": return CategoricalCrossentropy()
        case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy": return SparseCategoricalCrossentropy()
        default:
            throw SynapseError.invalidArgument("unknown loss '\(self)'; known: mean_squared_error (mse), mean_absolute_error (mae), "
                + "huber, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy")
        }
    }
}

// Loss values, custom ones included, are accepted by compile as they are.
extension Loss {
    public func makeLoss() throws -> Loss { self }
}

/// Rebuilds a loss from its `config`.
func makeLoss(config: JSONValue) throws -> Loss {
    guard let object = config.objectValue, let name = object["name"]?.stringValue else {
        throw SynapseError.invalidArgument("a loss configuration needs a 'name'")
    }
    let fromLogits = object["from_logits"]?.boolValue ?? false
    switch name {
    case "huber": return Huber(delta: Float(object["delta"]?.doubleValue ?? 1))
    case "binary_crossentropy": return BinaryCrossentropy(fromLogits: fromLogits)
    case "categorical_crossentropy": return CategoricalCrossentropy(fromLogits: fromLogits)
    case "sparse_categorical_crossentropy": return SparseCategoricalCrossentropy(fromLogits: fromLogits)
    default: return try name.makeLoss()
    }
}

/// Keras's ε for probabilities: clip to [ε, 1 − ε] before taking logarithms.
let probabilityEpsilon: Float = 1e-7

/// The row count n and width d of a [..., d] tensor.
func rowsAndWidth(_ t: Tensor) -> (Int, Int) {
    let d = t.rank == 0 ? 1 : t.shape[t.rank - 1]
    return (d == 0 ? 0 : t.count / d, d)
}
