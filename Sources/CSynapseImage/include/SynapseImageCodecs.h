// PNG and JPEG through libpng and libjpeg-turbo, behind a small C interface whose functions never
// longjmp into Swift and never exit: both libraries report errors by longjmp (libjpeg's default
// handler calls exit()), so every call into them is wrapped here in setjmp, and a failure comes
// back as a return value of 0 with a sentence in `error`.
#ifndef SYNAPSE_IMAGE_CODECS_H
#define SYNAPSE_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

#define SYNAPSE_IMAGE_ERROR_LENGTH 256

/// A decoded image: `height` rows of `width` pixels of `channels` samples, row-major, each
/// sample one byte (`bit_depth` 8) or one native-endian uint16 (`bit_depth` 16). `pixels` is
/// malloc'd; free it with synapse_image_free.
typedef struct {
    void *pixels;
    int32_t width;
    int32_t height;
    int32_t channels;
    int32_t bit_depth;
    /// EXIF orientation (1...8) of a JPEG, 1 when absent or not a JPEG.
    int32_t orientation;
    char error[SYNAPSE_IMAGE_ERROR_LENGTH];
} SynapseDecodedImage;

/// Decodes a PNG. `channels` 0 keeps the stored channels (grey, grey + alpha, RGB, RGBA; a
/// palette becomes RGB, or RGBA when it has transparency); 1, 2, 3 or 4 converts. `eight_bit`
/// non-zero reduces 16-bit samples to their high byte. Images whose decoded pixels would take
/// more than `max_bytes` are refused. Returns 1 on success, 0 with `out->error` set.
int synapse_png_decode(const uint8_t *data, size_t size, int channels, int eight_bit,
                       size_t max_bytes, SynapseDecodedImage *out);

/// Decodes a JPEG (baseline or progressive; grey, YCbCr/RGB). `channels` 0 keeps grey as 1 and
/// colour as 3; 1 or 3 converts (libjpeg's own colour conversion). The EXIF orientation is read,
/// not applied. `fast_idct` non-zero takes libjpeg's fast integer IDCT (TensorFlow's default),
/// else the accurate one (libjpeg's and Pillow's default). A truncated file is an error.
/// Returns 1 on success, 0 with `out->error` set.
int synapse_jpeg_decode(const uint8_t *data, size_t size, int channels, int fast_idct,
                        size_t max_bytes, SynapseDecodedImage *out);

/// Encodes `pixels` (rows of width × channels samples, 8 or 16 bit as `bit_depth`, 16-bit
/// samples native-endian) as a PNG into a malloc'd buffer `*png` of `*png_size` bytes.
/// Returns 1 on success, 0 with `error` set.
int synapse_png_encode(const void *pixels, int32_t width, int32_t height, int32_t channels,
                       int32_t bit_depth, uint8_t **png, size_t *png_size,
                       char error[SYNAPSE_IMAGE_ERROR_LENGTH]);

void synapse_image_free(void *pointer);

#endif
