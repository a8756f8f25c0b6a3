// `--input-shape` of `synapse train` and `predict`: the shape of one sample, so that a CSV's
// feature columns become images or sequences. Each row of F feature values is read in
// row-major order, channels last: [n, F] → [n, H, W, C] with F = H·W·C (or [n, STEPS, C]).
// The model starts with an Input layer of that shape, which its file stores, so `predict`
// reshapes the same way without being told.

import Synapse

enum InputShape {
    /// `H,W,C` or `STEPS,C` (any number of positive sizes) as a shape.
    static func parse(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.compactMap { Int($0) }.filter { $0 > 0 && $0 <= 1 << 24 }
        guard !text.isEmpty, sizes.count == parts.count, sizes.count <= 4 else {
            throw CLIError("--input-shape takes up to 4 positive whole numbers separated by commas, such as 28,28,1 (H,W,C) or 100,3 (STEPS,C); got '\(text)'.")
        }
        return sizes
    }

    /// `shape` as the user writes it: 4,4,1.
    static func text(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: ",") }

    /// Checks that `features` columns fill samples of `shape` exactly.
    static func check(_ shape: [Int], features: Int, file: String) throws {
        // At most 4 sizes of at most 2^24 each: the product cannot overflow Int.
        let count = shape.reduce(1, *)
        guard count == features else {
            throw CLIError("--input-shape \(text(shape)) needs \(count) feature columns (\(shape.map(String.init).joined(separator: " × "))), but \(file) has \(features).")
        }
    }

    /// x [n, F] as [n] + shape.
    static func reshape(_ x: Tensor, to shape: [Int], file: String) throws -> Tensor {
        guard x.rank == 2 else { return x }
        try check(shape, features: x.shape[1], file: file)
        return shape.count == 1 ? x : x.reshaped(to: [x.shape[0]] + shape)
    }
}
