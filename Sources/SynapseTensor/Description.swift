// Printing tensors the way NumPy prints arrays: nested brackets, columns aligned, at most four
// decimals (trailing zeros dropped, a point kept on whole numbers), scientific notation when the
// magnitudes call for it, and long dimensions summarised with "...".

import Foundation

extension Tensor: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        if rank == 0 { return formatter().string(self[flat: 0]) }
        let format = formatter()
        let width = visibleIndices().map { format.string(self[flat: $0]).count }.max() ?? 0
        return render(axis: 0, offset: 0, format: format, width: width, indent: 1)
    }

    public var debugDescription: String {
        "Tensor(shape: \(shape)\(requiresGradient ? ", requiresGradient" : ""))\n\(description)"
    }

    /// Dimensions longer than this many elements (with a tensor over 1,000 elements) show only
    /// their first and last three, as NumPy does.
    private var summarised: Bool { count > 1000 }

    private func shownIndices(_ size: Int) -> [Int?] {
        summarised && size > 6 ? [0, 1, 2, nil, size - 3, size - 2, size - 1] : (0..<size).map { $0 }
    }

    private func visibleIndices() -> [Int] {
        var indices = [0]
        let strides = contiguousStrides(shape)
        for axis in 0..<rank {
            indices = indices.flatMap { base in
                shownIndices(shape[axis]).compactMap { $0.map { base + $0 * strides[axis] } }
            }
        }
        return indices
    }

    private func render(axis: Int, offset: Int, format: ScalarFormat, width: Int, indent: Int) -> String {
        let stride = contiguousStrides(shape)[axis]
        let parts = shownIndices(shape[axis]).map { index -> String in
            guard let index else { return "..." }
            if axis == rank - 1 {
                let text = format.string(self[flat: offset + index])
                return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
            }
            return render(axis: axis + 1, offset: offset + index * stride, format: format, width: width, indent: indent + 1)
        }
        if axis == rank - 1 { return "[" + parts.joined(separator: " ") + "]" }
        let separator = "\n" + String(repeating: "\n", count: rank - axis - 2) + String(repeating: " ", count: indent)
        return "[" + parts.joined(separator: separator) + "]"
    }

    private func formatter() -> ScalarFormat {
        let finite = visibleIndices().map { self[flat: $0] }.filter(\.isFinite)
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 != 0 }
        let largest = magnitudes.max() ?? 0, smallest = magnitudes.min() ?? 0
        let scientific = largest >= 1e8 || (smallest > 0 && smallest < 1e-4) || (largest / Swift.max(smallest, .leastNonzeroMagnitude) > 1e3 && smallest < 1e-3)
        let whole = finite.allSatisfy { $0 == $0.rounded() }
        return ScalarFormat(scientific: scientific, whole: whole)
    }
}

private struct ScalarFormat {
    let scientific: Bool
    let whole: Bool

    func string(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if scientific { return String(format: "%.4e", Double(x)) }
        if whole { return String(format: "%.0f.", Double(x)) }
        var text = String(format: "%.4f", Double(x))
        while text.hasSuffix("0") { text.removeLast() }
        if text == "-0." { text = "0." }
        return text
    }
}
