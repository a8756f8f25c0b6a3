// Bilinear resizing as TensorFlow's tf.image.resize does it (the ResizeBilinear kernel with
// half-pixel centres, no antialiasing), which is what Keras's image_dataset_from_directory and
// its Resizing layer run. For an output pixel i along an axis of `in` input pixels and `out`
// output pixels, with scale = in / out (in Float, as TensorFlow):
//   s = (i + 0.5)·scale − 0.5,  lower = max(⌊s⌋, 0),  upper = min(⌈s⌉, in − 1),  t = s − ⌊s⌋
// and a pixel is  top = a + (b − a)·tx,  bottom = c + (d − c)·tx,  top + (bottom − top)·ty
// from its four neighbours a (upper left), b (upper right), c, d. cropToAspectRatio first cuts
// the largest centred box of the target's aspect ratio (Keras's smart_resize).
import SynapseTensor

/// A rectangle of pixels: rows `y ..< y + height`, columns `x ..< x + width`.
public struct PixelBox: Equatable, Sendable {
    public var y: Int, x: Int, height: Int, width: Int

    public init(y: Int, x: Int, height: Int, width: Int) {
        self.y = y
        self.x = x
        self.height = height
        self.width = width
    }

    /// The largest centred box of an image `height × width` with the aspect ratio of
    /// `targetHeight × targetWidth`, computed as Keras's smart_resize does (float32, truncated).
    public static func centredCrop(height: Int, width: Int, targetHeight: Int, targetWidth: Int) -> PixelBox {
        let cropHeight = max(min(height, Int(Float(width * targetHeight) / Float(targetWidth))), 1)
        let cropWidth = max(min(width, Int(Float(height * targetWidth) / Float(targetHeight))), 1)
        return PixelBox(y: Int(Float(height - cropHeight) / 2), x: Int(Float(width - cropWidth) / 2),
                        height: cropHeight, width: cropWidth)
    }
}

/// TensorFlow's interpolation weights along one axis.
struct BilinearAxis {
    var lower: [Int]
    var upper: [Int]
    var lerp: [Float]

    init(input: Int, output: Int) {
        let scale = Float(input) / Float(output)
        lower = [Int](repeating: 0, count: output)
        upper = [Int](repeating: 0, count: output)
        lerp = [Float](repeating: 0, count: output)
        for i in 0..<output {
            let s = (Float(i) + 0.5) * scale - 0.5
            let floor = s.rounded(.down)
            lower[i] = max(Int(floor), 0)
            upper[i] = min(Int(s.rounded(.up)), input - 1)
            lerp[i] = s - floor
        }
    }
}

extension Image {
    /// The image resized to `height × width` by TensorFlow's bilinear resize, as a tensor
    /// [height, width, channels] of floats (values on the image's scale, 0...255 for 8 bits).
    /// With `cropToAspectRatio`, the largest centred box of the target's aspect ratio is
    /// resized instead of the whole image, so nothing is stretched (Keras's smart_resize).
    public func resized(height: Int, width: Int, cropToAspectRatio: Bool = false) throws -> Tensor {
        guard height > 0, width > 0 else {
            throw SynapseError.invalidArgument("a resized image needs a positive height and width, not \(height)x\(width)")
        }
        var out = [Float](repeating: 0, count: height * width * channels)
        out.withUnsafeMutableBufferPointer { resize(height: height, width: width, cropToAspectRatio: cropToAspectRatio, into: $0.baseAddress!) }
        return Tensor(shape: [height, width, channels], scalars: out)
    }

    /// Writes the resized image ([height, width, channels] floats) at `out`, which must have
    /// room for them: the loop under `resized` and under an image folder's batches, which fill
    /// one batch buffer in place.
    public func resize(height: Int, width: Int, cropToAspectRatio: Bool, into out: UnsafeMutablePointer<Float>) {
        let box = cropToAspectRatio
            ? PixelBox.centredCrop(height: self.height, width: self.width, targetHeight: height, targetWidth: width)
            : PixelBox(y: 0, x: 0, height: self.height, width: self.width)
        let ys = BilinearAxis(input: box.height, output: height)
        let xs = BilinearAxis(input: box.width, output: width)
        let c = channels, rowStride = self.width * c
        samples.withUnsafeBufferPointer { input in
            for i in 0..<height {
                let top = (box.y + ys.lower[i]) * rowStride, bottom = (box.y + ys.upper[i]) * rowStride
                let ty = ys.lerp[i]
                for j in 0..<width {
                    let left = (box.x + xs.lower[j]) * c, right = (box.x + xs.upper[j]) * c
                    let tx = xs.lerp[j]
                    let target = (i * width + j) * c
                    for k in 0..<c {
                        let a = Float(input[top + left + k]), b = Float(input[top + right + k])
                        let d0 = Float(input[bottom + left + k]), d1 = Float(input[bottom + right + k])
                        let upper = a + (b - a) * tx
                        let lower = d0 + (d1 - d0) * tx
                        out[target + k] = upper + (lower - upper) * ty
                    }
                }
            }
        }
    }
}
