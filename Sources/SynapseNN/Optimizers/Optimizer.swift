// The optimizer base: what every Keras optimizer does around its own update rule.
//
// For step t = iterations + 1, with learning rate η = schedule(iterations) (or the constant):
//   1. clip the gradients: clipnorm c per weight:   g ← g · c / max(‖g‖, c)
//                          globalClipnorm c:        g ← g · c / max(‖(g₁, …, gₖ)‖, c)
//                          clipvalue v:             g ← clip(g, −v, v)
//   2. decoupled weight decay λ (AdamW; any optimizer when set): w ← w − η λ w
//   3. the optimizer's rule (each subclass's file), in place over the weight's elements.
// Slots (moments, accumulators) are kept per weight and flushed to zero when they fall below
// Float's smallest normal number (DESIGN decision 4: TensorFlow flushes denormals; PyTorch does
// not and its Adam slows down on them). Flushing per element here is portable — no CPU control
// flags — and costs one comparison per slot value.

import CSynapseKernels
import Foundation

/// The base class of optimizers. Subclasses implement `update`.
open class Optimizer {
    /// The constant learning rate (used when `schedule` is nil; ReduceLROnPlateau lowers it).
    public var learningRate: Float
    /// A learning-rate schedule evaluated at each step, replacing `learningRate`.
    public var schedule: LearningRateSchedule?
    /// Clip each weight's gradient to this L2 norm.
    public var clipnorm: Float?
    /// Clip every gradient element to [−clipvalue, clipvalue].
    public var clipvalue: Float?
    /// Clip all gradients together to this global L2 norm.
    public var globalClipnorm: Float?
    /// Decoupled weight decay λ (w ← w − ηλw before each update).
    public var weightDecay: Float?
    /// The number of updates applied so far.
    public internal(set) var iterations = 0

    /// Per weight (by name): its slot buffers, in the order of `slotNames`.
    var slots: [String: SlotStorage] = [:]

    public init(learningRate: Float, clipnorm: Float? = nil, clipvalue: Float? = nil,
                globalClipnorm: Float? = nil, weightDecay: Float? = nil) {
        self.learningRate = learningRate
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
        self.weightDecay = weightDecay
    }

    /// Keras's name ("adam").
    open var name: String { fatalError("Optimizer subclasses override name") }
    /// The names of the per-weight slots ("m", "v").
    open var slotNames: [String] { [] }
    /// The value a fresh slot is filled with.
    open func initialSlotValue(_ slot: Int) -> Float { 0 }
    /// Sets one of the subclass's hyper-parameters from a configuration value.
    open func setHyperparameter(_ key: String, _ value: Float) {}
    /// Called once per step before the weights are updated (Nadam keeps a running product).
    open func beginStep(_ step: Int) {}
    /// Updates `count` elements of a weight in place from its gradient.
    open func update(step: Int, learningRate: Float, weight: UnsafeMutablePointer<Float>,
                     gradient: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        fatalError("Optimizer subclasses override update")
    }
    /// Whether `update` flushes denormal slot values itself (so `apply` need not pass over them).
    open var updateFlushesSlots: Bool { false }
    /// The optimizer's own hyper-parameters, for the configuration.
    open var hyperparameters: [String: JSONValue] { [:] }

    /// Checks the settings as Keras 3 does when an optimizer is made: at most one of clipnorm,
    /// clipvalue and globalClipnorm, each positive and finite. `compile`, `fit` and loading a
    /// model file call it (the properties stay settable, so the check runs where they are used).
    public func validate() throws {
        let clips = [("clipnorm", clipnorm), ("clipvalue", clipvalue), ("global_clipnorm", globalClipnorm)]
        let set = clips.filter { $0.1 != nil }
        if set.count > 1 {
            throw SynapseError.invalidArgument("optimizer '\(name)': only one of clipnorm, clipvalue and global_clipnorm can be set; got "
                + set.map { "\($0.0)=\($0.1!)" }.joined(separator: ", "))
        }
        for (key, value) in set where !(value! > 0 && value!.isFinite) {
            throw SynapseError.invalidArgument("optimizer '\(name)': \(key) must be a positive number; got \(value!)")
        }
    }

    /// The learning rate the next step uses.
    public var currentLearningRate: Float { schedule?(step: iterations) ?? learningRate }

    /// Applies one update to each weight from its gradient (same order), then counts the step.
    public func apply(_ gradients: [Tensor], to weights: [Weight]) {
        require(gradients.count == weights.count, "apply: \(gradients.count) gradients for \(weights.count) weights")
        let step = iterations + 1
        let lr = currentLearningRate
        var gradients = gradients
        clip(&gradients)
        beginStep(step)
        for (weight, gradient) in zip(weights, gradients) {
            require(gradient.shape == weight.value.shape,
                         "gradient \(gradient.shape) for weight '\(weight.name)' of shape \(weight.value.shape)")
            if let decay = weightDecay, decay != 0 {
                weight.value.withUnsafeMutableBufferPointer { w in
                    for i in 0..<w.count { w[i] -= w[i] * decay * lr }
                }
            }
            let storage = slots[weight.name] ?? {
                let made = SlotStorage(count: weight.value.count, initial: slotNames.indices.map { initialSlotValue($0) })
                slots[weight.name] = made
                return made
            }()
            // Restored slots are checked against their weights when a model file is loaded; a
            // slot of another size here would make `update` write outside its buffers.
            require(storage.count == weight.value.count,
                         "optimizer slots of \(storage.count) values for weight '\(weight.name)' of \(weight.value.count)")
            weight.value.withUnsafeMutableBufferPointer { w in
                gradient.withUnsafeBufferPointer { g in
                    update(step: step, learningRate: lr, weight: w.baseAddress!, gradient: g.baseAddress!,
                           slots: storage.pointers, count: w.count)
                }
            }
            if !updateFlushesSlots { for p in storage.pointers { flushDenormals(p, count: storage.count) } }
        }
        iterations = step
    }

    /// Computes the gradients of `loss` for `weights` and applies them (a custom training step).
    public func minimize(_ loss: Tensor, weights: [Weight]) {
        apply(SynapseTensor.gradients(of: loss, wrt: weights.map(\.value)), to: weights)
    }

    private func clip(_ gradients: inout [Tensor]) {
        // Keras's arithmetic: tf.clip_by_norm's (g·c)/max(‖g‖, c), and the global form's
        // g · (c · min(1/‖g‖, 1/c)).
        if let c = clipnorm {
            gradients = gradients.map { g in
                let norm = l2Norm(g)
                return norm > c ? Tensor(shape: g.shape, scalars: g.scalars.map { $0 * c / norm }) : g
            }
        } else if let c = globalClipnorm {
            let norm = Float(gradients.reduce(0.0) { $0 + Double(l2Norm($1) * l2Norm($1)) }.squareRoot())
            if norm > c { gradients = gradients.map { $0 * (c * (1 / norm)) } }
        }
        if let v = clipvalue {
            gradients = gradients.map { SynapseTensor.clip($0, min: -v, max: v) }
        }
    }

    /// The configuration: name, learning rate or schedule, clipping, hyper-parameters.
    public var config: JSONValue {
        var c = hyperparameters
        c["name"] = .string(name)
        c["learning_rate"] = schedule?.config ?? .number(Double(learningRate))
        c["clipnorm"] = clipnorm.map { .number(Double($0)) } ?? .null
        c["clipvalue"] = clipvalue.map { .number(Double($0)) } ?? .null
        c["global_clipnorm"] = globalClipnorm.map { .number(Double($0)) } ?? .null
        c["weight_decay"] = weightDecay.map { .number(Double($0)) } ?? .null
        return .object(c)
    }

    /// The slot buffers as named tensors (`<weight name>/<slot>`), for model files.
    public func stateTensors() -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (weight, storage) in slots {
            for (name, p) in zip(slotNames, storage.pointers) {
                out["\(weight)/\(name)"] = Tensor(shape: [storage.count], scalars: Array(UnsafeBufferPointer(start: p, count: storage.count)))
            }
        }
        return out
    }

    /// Restores what `stateTensors` returned and the step count.
    public func restoreState(_ tensors: [String: Tensor], iterations: Int) {
        var restored: [String: [[Float]]] = [:]
        for (key, tensor) in tensors {
            guard let cut = key.lastIndex(of: "/"), let slot = slotNames.firstIndex(of: String(key[key.index(after: cut)...])) else { continue }
            let weight = String(key[..<cut])
            var buffers = restored[weight] ?? slotNames.map { _ in [Float]() }
            buffers[slot] = tensor.scalars
            restored[weight] = buffers
        }
        slots = [:]
        for (weight, buffers) in restored where buffers.allSatisfy({ !$0.isEmpty && $0.count == buffers[0].count }) {
            let storage = SlotStorage(count: buffers[0].count, initial: buffers.map { _ in 0 })
            for (p, b) in zip(storage.pointers, buffers) { p.update(from: b, count: b.count) }
            slots[weight] = storage
        }
        restoreStepState(iterations: iterations)
        self.iterations = iterations
    }

    /// The largest step count a model file may hold (2⁵³: exact as a Double, far beyond any run).
    public static let maxIterations = 1 << 53

    /// Rebuilds whatever `beginStep` keeps across steps after `iterations` steps (Nadam's running
    /// product); the default keeps nothing.
    open func restoreStepState(iterations: Int) {}
}

private func l2Norm(_ t: Tensor) -> Float {
    t.withUnsafeBufferPointer { p in Float(p.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()) }
}

/// The slot buffers of one weight, allocated once and reused every step.
final class SlotStorage {
    let count: Int
    let pointers: [UnsafeMutablePointer<Float>]
    init(count: Int, initial: [Float]) {
        self.count = count
        pointers = initial.map { value in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
            p.initialize(repeating: value, count: count)
            return p
        }
    }
    deinit { for p in pointers { p.deallocate() } }
}

@inline(__always)
private func flushDenormals(_ p: UnsafeMutablePointer<Float>, count: Int) {
    syn_flush_denormals(p, count)
}

/// A name or a value that `compile` turns into an optimizer.
public protocol OptimizerRepresentable {
    func makeOptimizer() throws -> Optimizer
}

extension Optimizer: OptimizerRepresentable {
    public func makeOptimizer() throws -> Optimizer { self }
}

extension String: OptimizerRepresentable {
    /// The optimizer of a Keras name, with Keras's defaults ("adam", "sgd", "rmsprop", ...).
    public func makeOptimizer() throws -> Optimizer {
        switch lowercased() {
        case "sgd": return SGD()
        case "rmsprop": return RMSprop()
        case "adam": return Adam()
        case "adamw": return AdamW()
        case "adagrad": return Adagrad()
        case "adadelta": return Adadelta()
        case "adamax": return Adamax()
        case "nadam": return Nadam()
        default:
            throw SynapseError.invalidArgument("unknown optimizer '\(self)'; known: sgd, rmsprop, adam, adamw, adagrad, adadelta, adamax, nadam")
        }
    }
}

/// Rebuilds an optimizer from its `config`.
func makeOptimizer(config: JSONValue) throws -> Optimizer {
    guard let c = config.objectValue, let name = c["name"]?.stringValue else {
        throw SynapseError.invalidArgument("an optimizer configuration needs a 'name'")
    }
    let optimizer = try name.makeOptimizer()
    let number = { (key: String) -> Float? in c[key]?.doubleValue.map(Float.init) }
    if let lr = c["learning_rate"] {
        if let value = lr.doubleValue { optimizer.learningRate = Float(value) } else { optimizer.schedule = try makeSchedule(config: lr) }
    }
    optimizer.clipnorm = number("clipnorm")
    optimizer.clipvalue = number("clipvalue")
    optimizer.globalClipnorm = number("global_clipnorm")
    // A configuration without the key keeps the optimizer's default (AdamW's 0.004).
    if c["weight_decay"] != nil { optimizer.weightDecay = number("weight_decay") }
    optimizer.setHyperparameters(c)
    try optimizer.validate()
    return optimizer
}

extension Optimizer {
    /// Reads the subclass's hyper-parameters from a configuration (keys as `hyperparameters`).
    func setHyperparameters(_ c: [String: JSONValue]) {
        for (key, value) in c {
            guard let v = value.doubleValue ?? value.boolValue.map({ $0 ? 1 : 0 }) else { continue }
            setHyperparameter(key, Float(v))
        }
    }
}
