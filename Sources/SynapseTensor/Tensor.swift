// STUB — replaced by the real Tensor in the foundation work (issue 2).
public struct Tensor {
    public private(set) var shape: [Int]
    public private(set) var scalars: [Float]
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.reduce(1, *) == scalars.count)
        self.shape = shape
        self.scalars = scalars
    }
}
