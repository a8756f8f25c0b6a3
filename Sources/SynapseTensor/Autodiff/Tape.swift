// Reverse-mode automatic differentiation (the micrograd / PyTorch model).
//
// Every operation whose inputs require gradients records a TapeNode: the nodes of its inputs
// and a closure that maps the gradient of the output, ∂L/∂y, to the gradients of the inputs,
// ∂L/∂xᵢ = (∂y/∂xᵢ)ᵀ · ∂L/∂y (the chain rule). Nodes are numbered as they are created, so
// creation order is a topological order of the graph: `backward()` visits the nodes reachable
// from the output in decreasing number, adds up the gradient arriving at each node from all
// its uses, and passes it on. Leaves (tensors a user marked with `requiresGradient`) keep
// their accumulated gradient in `gradient`.
//
// `backward()` releases the graph as it goes (each node drops its closure and the tensors the
// closure captured, so their buffers return to the pool at once). A second `backward()` through
// a released node throws, as PyTorch raises "Trying to backward through the graph a second
// time", instead of quietly delivering no gradient; `backward(retainingGraph: true)` keeps the
// graph for another pass.

import Foundation

/// One recorded operation of the autodiff graph.
final class TapeNode {
    /// Creation order; a node's inputs always have smaller numbers.
    let id: Int
    /// The nodes of the inputs that take part in differentiation (nil for those that do not).
    private(set) var inputs: [TapeNode?]
    /// Maps ∂L/∂output to ∂L/∂input for each input (nil where an input needs no gradient).
    private(set) var pullback: ((Tensor) -> [Tensor?])?
    /// The accumulated gradient of a leaf.
    var gradient: Tensor?
    /// A leaf is a tensor the user marked as requiring gradients, not the result of an operation.
    let isLeaf: Bool

    init(inputs: [TapeNode?], pullback: ((Tensor) -> [Tensor?])?) {
        self.id = TapeNode.nextID()
        self.inputs = inputs
        self.pullback = pullback
        self.isLeaf = pullback == nil
    }

    /// Whether `release()` has dropped this node's closure (a backward pass went through it).
    private(set) var isReleased = false

    /// Drops the closure and its captured tensors once the graph has been used.
    func release() {
        inputs = []
        pullback = nil
        isReleased = true
    }

    static let releasedError = SynapseError.invalidArgument(
        "trying to backward through the graph a second time: the first backward() released it "
            + "(call backward(retainingGraph: true) to keep it, or compute the output again)")

    private static let counter = NSLock()
    nonisolated(unsafe) private static var lastID = 0
    private static func nextID() -> Int {
        counter.lock()
        defer { counter.unlock() }
        lastID += 1
        return lastID
    }
}

/// Whether operations record the autodiff graph on the current thread.
///
/// A per-thread flag (a pthread key), not a task-local value: `withoutGradients` takes a
/// synchronous body, which runs on one thread from start to end, and reading a thread-local
/// costs a few nanoseconds where a task-local lookup costs tens — every recorded op reads it.
public enum GradientMode {
    private static let disabled = ThreadFlag()

    /// True unless inside `withoutGradients`.
    public static var isEnabled: Bool { !disabled.isSet }

    static func withDisabled<R>(_ body: () throws -> R) rethrows -> R { try disabled.whileSet(body) }
}

/// A flag of the current thread (a pthread key), set for the duration of a synchronous body.
struct ThreadFlag: @unchecked Sendable {
    private let key: pthread_key_t

    init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }

    var isSet: Bool { pthread_getspecific(key) != nil }

    func whileSet<R>(_ body: () throws -> R) rethrows -> R {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }
}

/// Whether a backward walk lets ops fold an activation's derivative into the gradient they
/// pass on (max pooling of a ReLU output; Ops/Pooling.swift). Such a gradient is ∂L/∂z of the
/// op before the activation rather than ∂L/∂y, which only matters when the walk returns the
/// gradient of that intermediate tensor: `gradients(of:wrt:)` turns the fusion off.
enum ActivationGradientFusion {
    private static let disallowed = ThreadFlag()

    /// True unless inside a walk that keeps intermediate gradients.
    static var isAllowed: Bool { !disallowed.isSet }

    static func withDisallowed<R>(_ body: () throws -> R) rethrows -> R { try disallowed.whileSet(body) }
}

/// Forgets the gradients accumulated in `tensors` (PyTorch's `optimizer.zero_grad()`): call it
/// before each `backward()` of a hand-written training loop, since gradients add up otherwise.
public func zeroGradients(of tensors: [Tensor]) {
    for tensor in tensors { tensor.zeroGradient() }
}

/// Runs `body` without recording operations for differentiation: the results require no
/// gradient and nothing is kept alive for a backward pass (inference, weight updates).
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradientMode.withDisabled(body)
}

extension Tensor {
    /// Whether this tensor takes part in differentiation. Setting it to true makes the tensor a
    /// leaf whose gradient `backward()` accumulates in `gradient`.
    public var requiresGradient: Bool {
        get { node != nil }
        set {
            if newValue {
                if node == nil || !node!.isLeaf { node = TapeNode(inputs: [], pullback: nil) }
            } else {
                node = nil
            }
        }
    }

    /// A copy that requires gradients (a new leaf).
    public func requiringGradient() -> Tensor {
        var copy = self
        copy.requiresGradient = true
        return copy
    }

    /// The same values, cut off from the autodiff graph.
    public func detached() -> Tensor {
        var copy = self
        copy.node = nil
        return copy
    }

    /// The gradient accumulated in this leaf by `backward()`, or nil if none has arrived.
    public var gradient: Tensor? {
        get { node?.gradient }
        nonmutating set { node?.gradient = newValue }
    }

    /// Forgets the gradient accumulated in this leaf. Gradients add up over `backward()` calls,
    /// as PyTorch's `.grad` does, so a hand-written training loop clears them before each one.
    public func zeroGradient() {
        node?.gradient = nil
    }

    /// Records an operation: `result` was computed from `inputs`, and `pullback` maps ∂L/∂result
    /// to ∂L/∂input (in the order of `inputs`; nil where an input needs none). Returns `result`
    /// unchanged when no input requires gradients or gradients are disabled.
    static func record(_ result: Tensor, inputs: [Tensor], pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard inputs.contains(where: { $0.node != nil }), GradientMode.isEnabled else { return result }
        var out = result
        out.node = TapeNode(inputs: inputs.map(\.node), pullback: pullback)
        return out
    }

    /// Computes the gradient of this scalar with respect to every leaf it depends on, adding it
    /// to the leaves' `gradient`. The graph is released afterwards unless `retainingGraph`.
    ///
    /// - Parameters:
    ///   - seed: ∂L/∂self; ones by default, which needs a one-element tensor.
    ///   - retainingGraph: keep the graph so that another backward pass can go through it.
    /// - Throws: `SynapseError.invalidArgument` when this tensor does not require gradients, the
    ///   seed's shape does not fit, or the graph was released by an earlier backward pass.
    public func backward(seed: Tensor? = nil, retainingGraph: Bool = false) throws {
        guard let root = node else {
            throw SynapseError.invalidArgument("backward() on a tensor that does not require gradients (shape \(shape))")
        }
        let seed = seed ?? Tensor(shape: shape, repeating: 1)
        if seed.shape != shape && (seed.count != 1 || count != 1) {
            throw SynapseError.invalidArgument("backward(seed:) got a seed of shape \(seed.shape) for a tensor of shape \(shape)")
        }
        let gradients = try Tensor.propagate(from: root, seed: seed.reshaped(to: shape), release: !retainingGraph)
        for (node, gradient) in gradients.leaves {
            node.gradient = node.gradient.map { $0 + gradient } ?? gradient
        }
    }

    /// Walks the graph below `root` in reverse creation order and returns the gradient that
    /// reaches each leaf (and each node listed in `keep`).
    static func propagate(from root: TapeNode, seed: Tensor, release: Bool,
                          keep: Set<ObjectIdentifier> = []) throws
        -> (leaves: [(TapeNode, Tensor)], kept: [ObjectIdentifier: Tensor]) {
        if root.isReleased { throw TapeNode.releasedError }
        // Collect the reachable nodes (iteratively: recurrent graphs can be deep), numbering
        // them in a small open-addressing table keyed by the node's address: a training step
        // walks a few dozen nodes, and Swift's hashed Set and Dictionary cost more than the
        // rest of the walk's bookkeeping together.
        var table = NodeTable(expected: 16)
        var nodes: [TapeNode] = [root]
        _ = table.index(of: root, orInsert: 0)
        var cursor = 0
        while cursor < nodes.count {
            let node = nodes[cursor]
            cursor += 1
            for case let input? in node.inputs where table.index(of: input, orInsert: nodes.count) == nodes.count {
                nodes.append(input)
            }
        }
        if nodes.contains(where: \.isReleased) { throw TapeNode.releasedError }
        var order = Array(nodes.indices)
        order.sort { nodes[$0].id > nodes[$1].id }

        var pending = [Tensor?](repeating: nil, count: nodes.count)
        pending[0] = seed.detached()
        var leaves: [(TapeNode, Tensor)] = []
        var kept: [ObjectIdentifier: Tensor] = [:]
        func walk() {
            for k in order {
                guard let gradient = pending[k] else { continue }
                pending[k] = nil
                let node = nodes[k]
                if !keep.isEmpty, keep.contains(ObjectIdentifier(node)) { kept[ObjectIdentifier(node)] = gradient }
                if node.isLeaf {
                    leaves.append((node, gradient))
                    continue
                }
                guard let pullback = node.pullback else { continue }
                let inputGradients = pullback(gradient)
                for (input, inputGradient) in zip(node.inputs, inputGradients) {
                    guard let input, let inputGradient else { continue }
                    let j = table.index(of: input, orInsert: -1)
                    pending[j] = pending[j].map { $0 + inputGradient } ?? inputGradient
                }
                if release { node.release() }
            }
        }
        withoutGradients {
            if keep.isEmpty { walk() } else { ActivationGradientFusion.withDisallowed(walk) }
        }
        return (leaves, kept)
    }
}

/// The gradients of a scalar `output` with respect to each tensor in `inputs` (which must
/// require gradients), without touching the leaves' accumulated `gradient`. Inputs that the
/// output does not depend on get zeros.
public func gradients(of output: Tensor, wrt inputs: [Tensor]) -> [Tensor] {
    guard let root = output.node else {
        fatalError("gradients(of:wrt:) needs an output that requires gradients")
    }
    let keys = inputs.map { input -> ObjectIdentifier in
        guard let node = input.node else {
            fatalError("gradients(of:wrt:) got an input of shape \(input.shape) that does not require gradients")
        }
        return ObjectIdentifier(node)
    }
    let seed = Tensor(shape: output.shape, repeating: 1)
    let kept: [ObjectIdentifier: Tensor]
    do {
        kept = try Tensor.propagate(from: root, seed: seed, release: false, keep: Set(keys)).kept
    } catch {
        fatalError("gradients(of:wrt:): \(error)")
    }
    return zip(inputs, keys).map { input, key in kept[key] ?? Tensor.zeros(input.shape) }
}

/// Node → index in one backward walk: open addressing over the nodes' addresses, with a
/// multiplicative hash. Local to the walk, so concurrent walks never share it.
struct NodeTable {
    private var keys: [UnsafeMutableRawPointer?]
    private var values: [Int]
    private var count = 0
    private var shift: Int

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [UnsafeMutableRawPointer?](repeating: nil, count: capacity)
        values = [Int](repeating: 0, count: capacity)
        shift = Int.bitWidth - capacity.trailingZeroBitCount
    }

    /// The index stored for `node`, or `value` after storing it when `node` is new.
    mutating func index(of node: TapeNode, orInsert value: Int) -> Int {
        if 2 * (count + 1) > keys.count { grow() }
        let key = Unmanaged.passUnretained(node).toOpaque()
        var slot = Int(truncatingIfNeeded: (UInt(bitPattern: Int(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
        let mask = keys.count - 1
        while let existing = keys[slot] {
            if existing == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = value
        count += 1
        return value
    }

    private mutating func grow() {
        let old = zip(keys, values).compactMap { key, value in key.map { ($0, value) } }
        keys = [UnsafeMutableRawPointer?](repeating: nil, count: keys.count * 2)
        values = [Int](repeating: 0, count: keys.count)
        shift -= 1
        count = 0
        let mask = keys.count - 1
        for (key, value) in old {
            var slot = Int(truncatingIfNeeded: (UInt(bitPattern: Int(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> UInt(shift))
            while keys[slot] != nil { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
            count += 1
        }
    }
}
