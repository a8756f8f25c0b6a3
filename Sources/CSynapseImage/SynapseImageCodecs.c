// The C side of SynapseImage: libpng and libjpeg-turbo calls, each wrapped in setjmp so that the
// libraries' errors (reported by longjmp; libjpeg's default calls exit()) become a return value
// and a sentence, and nothing unwinds through Swift frames. See SynapseImageCodecs.h.
#include "SynapseImageCodecs.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <jpeglib.h>
#include <jerror.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SYNAPSE_LITTLE_ENDIAN 1
#else
#define SYNAPSE_LITTLE_ENDIAN 0
#endif

/// Progressive JPEGs may hold any number of scans; each one re-walks the whole coefficient
/// buffer, so a small hostile file can take minutes. libjpeg-turbo's own fuzzers stop at 500.
#define SYNAPSE_JPEG_MAX_SCANS 500

/// A JPEG of more than 16 M pixels must bring at least one byte per 2,000 pixels. A baseline
/// JPEG cannot do better than about 256 pixels per byte (each 8x8 block costs a few bits), and a
/// photograph takes 1 to 10 bytes per 10 pixels; a file of a few hundred bytes that declares
/// 100 M pixels is a decompression bomb (found by the jpeg fuzz target: 219 bytes, 1791x55551,
/// 12 s and 1.5 GB to decode), refused before libjpeg allocates or decodes anything.
#define SYNAPSE_JPEG_BOMB_PIXELS ((size_t)16 << 20)
#define SYNAPSE_JPEG_MAX_PIXELS_PER_BYTE 2000

void synapse_image_free(void *pointer) { free(pointer); }

static void set_error(char *error, const char *message) {
    snprintf(error, SYNAPSE_IMAGE_ERROR_LENGTH, "%s", message);
}

// MARK: PNG

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
} PNGReader;

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
} PNGWriter;

static void png_error_handler(png_structp png, png_const_charp message) {
    char *error = png_get_error_ptr(png);
    if (error) set_error(error, message);
    png_longjmp(png, 1);
}

static void png_warning_handler(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void png_read_from_memory(png_structp png, png_bytep out, png_size_t count) {
    PNGReader *reader = png_get_io_ptr(png);
    if (count > reader->size - reader->offset) {
        png_error(png, "the file ends before the image does (truncated)");
    }
    memcpy(out, reader->data + reader->offset, count);
    reader->offset += count;
}

int synapse_png_decode(const uint8_t *data, size_t size, int channels, int eight_bit,
                       size_t max_bytes, SynapseDecodedImage *out) {
    memset(out, 0, sizeof *out);
    out->orientation = 1;
    if (channels < 0 || channels > 4) {
        set_error(out->error, "channels must be 0 (as stored), 1, 2, 3 or 4");
        return 0;
    }
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        set_error(out->error, "not a PNG file (the PNG signature is missing)");
        return 0;
    }
    PNGReader reader = {data, size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, out->error, png_error_handler,
                                             png_warning_handler);
    if (!png) {
        set_error(out->error, "libpng could not start (out of memory)");
        return 0;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        set_error(out->error, "libpng could not start (out of memory)");
        return 0;
    }
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    png_set_read_fn(png, &reader, png_read_from_memory);
    png_read_info(png, info);

    png_uint_32 width, height;
    int depth, color, interlace;
    png_get_IHDR(png, info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    int has_color = (color & PNG_COLOR_MASK_COLOR) != 0;
    int has_alpha = (color & PNG_COLOR_MASK_ALPHA) != 0;
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) {
        png_set_tRNS_to_alpha(png);
        has_alpha = 1;
    }
    if (depth == 16) {
        if (eight_bit) {
            png_set_strip_16(png);
        } else if (SYNAPSE_LITTLE_ENDIAN) {
            png_set_swap(png);
        }
    }
    int want = channels ? channels : (has_color ? 3 : 1) + has_alpha;
    int want_color = want >= 3, want_alpha = want == 2 || want == 4;
    if (want_color && !has_color) png_set_gray_to_rgb(png);
    // TensorFlow's weights (0.299, 0.587, 0.114 — ITU-R 601), not libpng's sRGB default.
    if (!want_color && has_color) png_set_rgb_to_gray_fixed(png, 1, 29900, 58700);
    if (want_alpha && !has_alpha) png_set_add_alpha(png, 0xFFFF, PNG_FILLER_AFTER);
    if (!want_alpha && has_alpha) png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);

    int out_channels = png_get_channels(png, info);
    int out_depth = png_get_bit_depth(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (out_channels != want || (out_depth != 8 && out_depth != 16)) {
        png_error(png, "libpng could not convert this image to the channels asked for");
    }
    if (row_bytes == 0 || height > max_bytes / row_bytes) {
        char message[SYNAPSE_IMAGE_ERROR_LENGTH];
        snprintf(message, sizeof message,
                 "the image is %ux%u pixels, more than the %zu MiB a decoded image may take",
                 (unsigned)width, (unsigned)height, max_bytes >> 20);
        png_error(png, message);
    }
    pixels = malloc(row_bytes * height);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + y * row_bytes;
    png_read_image(png, rows);

    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->pixels = pixels;
    out->width = (int32_t)width;
    out->height = (int32_t)height;
    out->channels = out_channels;
    out->bit_depth = out_depth;
    return 1;
}

static void png_write_to_memory(png_structp png, png_bytep bytes, png_size_t count) {
    PNGWriter *writer = png_get_io_ptr(png);
    if (count > writer->capacity - writer->size) {
        size_t capacity = writer->capacity ? writer->capacity : 4096;
        while (count > capacity - writer->size) capacity *= 2;
        uint8_t *grown = realloc(writer->data, capacity);
        if (!grown) png_error(png, "out of memory");
        writer->data = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->data + writer->size, bytes, count);
    writer->size += count;
}

static void png_flush_nothing(png_structp png) { (void)png; }

int synapse_png_encode(const void *pixels, int32_t width, int32_t height, int32_t channels,
                       int32_t bit_depth, uint8_t **png_out, size_t *png_size,
                       char error[SYNAPSE_IMAGE_ERROR_LENGTH]) {
    *png_out = NULL;
    *png_size = 0;
    error[0] = 0;
    if (width <= 0 || height <= 0 || channels < 1 || channels > 4 ||
        (bit_depth != 8 && bit_depth != 16)) {
        set_error(error, "a PNG needs a positive size, 1 to 4 channels and 8 or 16 bits");
        return 0;
    }
    static const int color_types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                      PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    PNGWriter writer = {NULL, 0, 0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, error, png_error_handler,
                                              png_warning_handler);
    if (!png) {
        set_error(error, "libpng could not start (out of memory)");
        return 0;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        set_error(error, "libpng could not start (out of memory)");
        return 0;
    }
    if (setjmp(png_jmpbuf(png))) {
        free(writer.data);
        png_destroy_write_struct(&png, &info);
        return 0;
    }
    png_set_write_fn(png, &writer, png_write_to_memory, png_flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, bit_depth,
                 color_types[channels - 1], PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && SYNAPSE_LITTLE_ENDIAN) png_set_swap(png);
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (int32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)pixels + (size_t)y * row_bytes);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *png_out = writer.data;
    *png_size = writer.size;
    return 1;
}

// MARK: JPEG

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char *error;
} JPEGErrors;

static void jpeg_error_exit(j_common_ptr cinfo) {
    JPEGErrors *errors = (JPEGErrors *)cinfo->err;
    char message[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, message);
    set_error(errors->error, message);
    longjmp(errors->jump, 1);
}

/// Warnings are ignored, except the ones that mean the data ran out: libjpeg would fill the
/// rest of the picture with grey and call it a success, and a truncated file must be an error.
static void jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0 && (cinfo->err->msg_code == JWRN_JPEG_EOF)) {
        JPEGErrors *errors = (JPEGErrors *)cinfo->err;
        set_error(errors->error, "the file ends before the image does (truncated)");
        longjmp(errors->jump, 1);
    }
}

static void jpeg_count_scans(j_common_ptr cinfo) {
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr decompress = (j_decompress_ptr)cinfo;
    if (decompress->input_scan_number > SYNAPSE_JPEG_MAX_SCANS) {
        JPEGErrors *errors = (JPEGErrors *)cinfo->err;
        set_error(errors->error, "the JPEG has more than 500 scans");
        longjmp(errors->jump, 1);
    }
}

static unsigned read16(const uint8_t *p, int big) { return big ? (p[0] << 8) | p[1] : p[0] | (p[1] << 8); }

static uint32_t read32(const uint8_t *p, int big) {
    return big ? ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]
               : p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/// The Orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment, or 1.
static int exif_orientation(jpeg_saved_marker_ptr marker) {
    for (; marker; marker = marker->next) {
        if (marker->marker != JPEG_APP0 + 1 || marker->data_length < 14) continue;
        const uint8_t *d = marker->data;
        if (memcmp(d, "Exif\0\0", 6) != 0) continue;
        const uint8_t *tiff = d + 6;
        size_t length = marker->data_length - 6;
        int big;
        if (tiff[0] == 'M' && tiff[1] == 'M') big = 1;
        else if (tiff[0] == 'I' && tiff[1] == 'I') big = 0;
        else continue;
        uint32_t ifd = read32(tiff + 4, big);
        if (ifd > length || length - ifd < 2) continue;
        unsigned entries = read16(tiff + ifd, big);
        for (unsigned i = 0; i < entries; i++) {
            size_t entry = (size_t)ifd + 2 + (size_t)i * 12;
            if (entry + 12 > length) break;
            if (read16(tiff + entry, big) == 0x0112 && read16(tiff + entry + 2, big) == 3) {
                unsigned value = read16(tiff + entry + 8, big);
                return value >= 1 && value <= 8 ? (int)value : 1;
            }
        }
    }
    return 1;
}

int synapse_jpeg_decode(const uint8_t *data, size_t size, int channels, int fast_idct,
                        size_t max_bytes, SynapseDecodedImage *out) {
    memset(out, 0, sizeof *out);
    out->orientation = 1;
    if (channels != 0 && channels != 1 && channels != 3) {
        set_error(out->error, "a JPEG decodes to 1 (grey) or 3 (RGB) channels");
        return 0;
    }
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8) {
        set_error(out->error, "not a JPEG file (the start-of-image marker is missing)");
        return 0;
    }
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    JPEGErrors errors;
    cinfo.err = jpeg_std_error(&errors.manager);
    errors.manager.error_exit = jpeg_error_exit;
    errors.manager.emit_message = jpeg_emit_message;
    errors.error = out->error;
    uint8_t *volatile pixels = NULL;
    if (setjmp(errors.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return 0;
    }
    jpeg_create_decompress(&cinfo);
    progress.progress_monitor = jpeg_count_scans;
    cinfo.progress = &progress;
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);
    int natural;
    switch (cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE: natural = 1; break;
    case JCS_YCbCr:
    case JCS_RGB: natural = 3; break;
    default:
        set_error(out->error, "CMYK and YCCK JPEGs are not supported (grey, RGB and YCbCr are)");
        longjmp(errors.jump, 1);
    }
    int want = channels ? channels : natural;
    cinfo.out_color_space = want == 1 ? JCS_GRAYSCALE : JCS_RGB;
    cinfo.dct_method = fast_idct ? JDCT_IFAST : JDCT_ISLOW;
    size_t width = cinfo.image_width, height = cinfo.image_height;
    size_t per_pixel = (size_t)(cinfo.num_components > want ? cinfo.num_components : want);
    if (width == 0 || height == 0 || height > max_bytes / width / per_pixel) {
        snprintf(out->error, SYNAPSE_IMAGE_ERROR_LENGTH,
                 "the image is %zux%zu pixels, more than the %zu MiB a decoded image may take",
                 width, height, max_bytes >> 20);
        longjmp(errors.jump, 1);
    }
    if (width * height > SYNAPSE_JPEG_BOMB_PIXELS && width * height / SYNAPSE_JPEG_MAX_PIXELS_PER_BYTE > size) {
        snprintf(out->error, SYNAPSE_IMAGE_ERROR_LENGTH,
                 "the image declares %zux%zu pixels in a file of %zu bytes, more than %d pixels a byte "
                 "(a decompression bomb, or a damaged header)", width, height, size, SYNAPSE_JPEG_MAX_PIXELS_PER_BYTE);
        longjmp(errors.jump, 1);
    }
    out->orientation = exif_orientation(cinfo.marker_list);
    jpeg_start_decompress(&cinfo);
    size_t row_bytes = (size_t)cinfo.output_width * (size_t)cinfo.output_components;
    pixels = malloc(row_bytes * cinfo.output_height);
    if (!pixels) {
        set_error(out->error, "out of memory");
        longjmp(errors.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * row_bytes;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    out->pixels = pixels;
    out->width = (int32_t)cinfo.output_width;
    out->height = (int32_t)cinfo.output_height;
    out->channels = cinfo.output_components;
    out->bit_depth = 8;
    jpeg_destroy_decompress(&cinfo);
    return 1;
}
