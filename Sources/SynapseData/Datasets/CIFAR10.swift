// The CIFAR-10 binary format (www.cs.toronto.edu/~kriz/cifar.html): records of 3,073 bytes,
// one label byte (0...9) then 3,072 pixel bytes — the 32x32 red plane, then green, then blue,
// each row-major. Images come out NHWC ([n, 32, 32, 3]) as Keras's, values 0...255.
import Foundation

/// Reader of CIFAR-10 binary batch files.
public enum CIFAR10 {
    public static let recordSize = 3073
    /// The class names, in label order.
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// Images [n, 32, 32, 3] and labels [n] of a batch file. Throws when the size is not a
    /// multiple of 3,073 bytes or a label is above 9, naming the file and the byte offset.
    public static func readBatch(_ path: String) throws -> (images: Tensor, labels: Tensor) {
        try decode(try readFileBytes(path), path: path)
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> (images: Tensor, labels: Tensor) {
        let remainder = bytes.count % recordSize
        guard remainder == 0, !bytes.isEmpty else {
            throw SynapseError.invalidFile(
                path: path, location: .byteOffset(bytes.count - remainder),
                reason: "the size \(bytes.count) is not a multiple of the \(recordSize)-byte record: the record starting here has only \(remainder) bytes")
        }
        let n = bytes.count / recordSize
        var labels = [Float](repeating: 0, count: n)
        var pixels = [Float](repeating: 0, count: n * 3072)
        try bytes.withUnsafeBufferPointer { b in
            try pixels.withUnsafeMutableBufferPointer { out in
                for r in 0..<n {
                    let base = r * recordSize
                    guard b[base] <= 9 else {
                        throw SynapseError.invalidFile(path: path, location: .byteOffset(base), reason: "label \(b[base]) is not a CIFAR-10 class (0...9)")
                    }
                    labels[r] = Float(b[base])
                    for c in 0..<3 {
                        for i in 0..<1024 { out[r * 3072 + i * 3 + c] = Float(b[base + 1 + c * 1024 + i]) }
                    }
                }
            }
        }
        return (Tensor(shape: [n, 32, 32, 3], scalars: pixels), Tensor(shape: [n], scalars: labels))
    }
}
