// AdamW (Keras 3): Adam with decoupled weight decay λ = 0.004 applied first:
//   w ← w − η λ w,   then the Adam update (Adam.swift).

/// Keras's `AdamW`.
public final class AdamW: Adam {
    public init(learningRate: Float = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }
    public override var name: String { "adamw" }
}
