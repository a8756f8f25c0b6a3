// An image resized by TensorFlow's bilinear resize: the kernel of SynapseTensor's
// `resizedBilinear` (Ops/Resize.swift, where the equations are), reading the image's samples.
import SynapseTensor

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
        samples.withUnsafeBufferPointer { input in
            BilinearResize.resize(box: box, rowWidth: self.width, channels: channels, height: height, width: width,
                                  into: out) { Float(input[$0]) }
        }
    }
}
