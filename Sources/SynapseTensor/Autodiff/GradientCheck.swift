// Checking analytic gradients against central finite differences.
//
// For a function f of tensors, the check draws a fixed random tensor r of f's output shape and
// differentiates the scalar L = Σ r ⊙ f(x) (a random projection catches errors in every output
// element at the cost of one backward pass). For each input element xⱼ it compares the
// analytic ∂L/∂xⱼ with the central difference
//     (L(x + εeⱼ) − L(x − εeⱼ)) / 2ε,
// evaluated in Double from the two float outputs (so the subtraction loses little precision).
//
// Two measures of error:
//   .mixed (default)  per element, |analytic − numeric| / max(1, |numeric|): absolute for small
//                     gradients, relative for large ones; the worst element decides. Below 1 it
//                     is absolute, so gradients that are all small (0.001) and wrong by a
//                     constant factor (2×) err by 0.001 and pass a tolerance of 10⁻².
//   .relative         per input, ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂): blind to
//                     the gradients' scale, so a constant factor k shows as |k − 1| / max(k, 1)
//                     (0.5 for 2×) however small they are. Use it to check a layer or a loss of
//                     your own. It also suits functions whose outputs are large sums (a loss over
//                     a big batch, a long sequence), where the float rounding of L itself, about
//                     |L|·2⁻²⁴/ε, swamps an absolute comparison element by element.

/// The outcome of `gradientCheck`.
public struct GradientCheckResult: CustomStringConvertible, Sendable {
    /// The largest error (see `GradientCheckMode`) over all inputs.
    public let maxError: Double
    /// Whether `maxError` is within the tolerance asked for.
    public let passed: Bool
    /// Where the largest error was: input number, flat element index, and the two values.
    public let worst: (input: Int, element: Int, analytic: Double, numeric: Double)?

    public var description: String {
        guard let worst else { return "gradient check: no inputs" }
        return "gradient check \(passed ? "passed" : "FAILED"): max error \(maxError) at input \(worst.input) "
            + "element \(worst.element) (analytic \(worst.analytic), numeric \(worst.numeric))"
    }
}

/// How `gradientCheck` measures the gap between analytic and numeric gradients.
public enum GradientCheckMode: Sendable {
    /// Per element, |analytic − numeric| / max(1, |numeric|): absolute below 1, so it cannot see
    /// a constant-factor error in gradients that are all small.
    case mixed
    /// Per input tensor, ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂): independent of
    /// the gradients' scale; the mode to check your own layers and losses with.
    case relative
}

/// Compares the gradients that autodiff computes for `function` at `inputs` with central finite
/// differences (see the file's comment). Every differentiable op and layer in Synapse is tested
/// with it; check custom layers and losses with `mode: .relative`, which a wrong factor on small
/// gradients cannot pass (the default `.mixed` is absolute for gradients below 1).
///
/// - Parameters:
///   - inputs: the points to differentiate at (values only; gradients are switched on here).
///   - epsilon: the finite-difference step.
///   - tolerance: the largest acceptable error.
///   - mode: how the error is measured (`.mixed` element by element, or `.relative` per input).
///   - function: the function to check.
public func gradientCheck(at inputs: [Tensor], epsilon: Float = 1e-3, tolerance: Double = 1e-2,
                          seed: UInt64 = 0, mode: GradientCheckMode = .mixed,
                          _ function: ([Tensor]) -> Tensor) -> GradientCheckResult {
    let leaves = inputs.map { $0.detached().requiringGradient() }
    let output = function(leaves)
    var generator = SeededGenerator(seed: seed)
    let projection = Tensor.randomNormal(output.shape, using: &generator)
    let analytic = gradients(of: (output * projection).sum(), wrt: leaves)

    func projected(_ values: [Tensor]) -> [Float] {
        withoutGradients { function(values).scalars }
    }

    var maxError = 0.0
    var worst: (input: Int, element: Int, analytic: Double, numeric: Double)?
    for (i, input) in inputs.enumerated() {
        var (gap, analyticNorm, numericNorm) = (0.0, 0.0, 0.0)
        var worstGap: (element: Int, gap: Double, exact: Double, numeric: Double)?
        for j in 0..<input.count {
            var values = inputs.map { $0.detached() }
            values[i][flat: j] = input[flat: j] + epsilon
            let plus = projected(values)
            values[i][flat: j] = input[flat: j] - epsilon
            let minus = projected(values)
            var numeric = 0.0
            for k in 0..<plus.count {
                numeric += Double(projection[flat: k]) * (Double(plus[k]) - Double(minus[k]))
            }
            numeric /= 2 * Double(epsilon)
            let exact = Double(analytic[i][flat: j])
            switch mode {
            case .mixed:
                let error = Swift.abs(exact - numeric) / Swift.max(1, Swift.abs(numeric))
                if worst == nil || error > maxError {
                    maxError = error
                    worst = (i, j, exact, numeric)
                }
            case .relative:
                let d = exact - numeric
                gap += d * d
                analyticNorm += exact * exact
                numericNorm += numeric * numeric
                if worstGap == nil || Swift.abs(d) > worstGap!.gap { worstGap = (j, Swift.abs(d), exact, numeric) }
            }
        }
        if mode == .relative, let w = worstGap {
            let scale = Swift.max(analyticNorm, numericNorm).squareRoot()
            let error = scale == 0 ? 0 : gap.squareRoot() / scale
            if worst == nil || error > maxError {
                maxError = error
                worst = (i, w.element, w.exact, w.numeric)
            }
        }
    }
    return GradientCheckResult(maxError: maxError, passed: maxError <= tolerance, worst: worst)
}
