// Between frames and tensors: chosen columns become a [rows, columns] Float tensor (row-major),
// and a [rows, columns] or [rows] tensor becomes columns of numbers, for predictions side by
// side with the truth.
import Foundation

extension DataFrame {
    /// The named columns (all columns when nil) as a [rows, columns] tensor. Throws when a column
    /// is missing or holds text, naming the file, line and value. Missing values become NaN.
    public func toTensor(columns names: [String]? = nil) throws -> Tensor {
        let selected = try (names ?? columns).map { try numbers($0) }
        let rows = rowCount, cols = selected.count
        var scalars = [Float](repeating: 0, count: rows * cols)
        for (j, x) in selected.enumerated() {
            for i in 0..<rows { scalars[i * cols + j] = Float(x[i]) }
        }
        return Tensor(shape: [rows, cols], scalars: scalars)
    }

    /// One column as a [rows] tensor.
    public func toTensor(column name: String) throws -> Tensor {
        Tensor(shape: [rowCount], scalars: try numbers(name).map(Float.init))
    }

    /// A frame from a [rows, columns] or [rows] tensor; `columns` names its columns.
    public init(tensor: Tensor, columns names: [String]) throws {
        let rows = tensor.shape.first ?? 0
        let cols = tensor.shape.count == 1 ? 1 : (tensor.shape.count == 2 ? tensor.shape[1] : -1)
        guard cols >= 0 else { throw SynapseError.shapeMismatch("a DataFrame needs a 1-D or 2-D tensor, got shape \(tensor.shape)") }
        guard names.count == cols else {
            throw SynapseError.shapeMismatch("\(names.count) column names for a tensor of shape \(tensor.shape)")
        }
        let s = tensor.scalars
        try self.init(columns: names.enumerated().map { j, name in
            Column(name: name, numbers: (0..<rows).map { Double(s[$0 * cols + j]) })
        })
    }
}
