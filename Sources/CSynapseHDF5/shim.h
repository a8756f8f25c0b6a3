// The HDF5 C library (apt libhdf5-dev, brew hdf5), found through pkg-config ("hdf5").
// Its constants are macros over globals, which Swift cannot import; these functions hand them over.
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

static inline hid_t synapse_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t synapse_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t synapse_h5s_all(void) { return H5S_ALL; }
static inline hid_t synapse_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t synapse_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t synapse_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline unsigned synapse_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned synapse_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
/// Whether the library was opened without printing its error stack (done once).
/// Before the first HDF5 call: no atexit clean-up (every file Synapse opens is closed by its
/// owner; HDF5's own clean-up at exit printed "infinite loop closing library" when a test
/// process ended with other threads still running), and no error printing (our messages
/// replace the library's).
static inline void synapse_h5_quiet(void) { H5dont_atexit(); H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
static inline hid_t synapse_h5t_c_s1(void) { return H5T_C_S1; }

/// Reads the string attribute `name` of the object at `path` (one string or an array of them,
/// variable or fixed length): calls `each(context, text, length)` per string; returns the count,
/// or -1 when the attribute is missing or is not text.
static inline int synapse_h5_read_strings(hid_t file, const char *path, const char *name, void *context,
                                          void (*each)(void *, const char *, size_t)) {
    if (H5Aexists_by_name(file, path, name, H5P_DEFAULT) <= 0) return -1;
    hid_t attr = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) return -1;
    hid_t type = H5Aget_type(attr), space = H5Aget_space(attr);
    int result = -1;
    hssize_t n = space >= 0 ? H5Sget_simple_extent_npoints(space) : -1;
    if (type >= 0 && n >= 0 && n <= (1 << 20) && H5Tget_class(type) == H5T_STRING) {
        hid_t memory = H5Tcopy(H5T_C_S1);
        if (H5Tis_variable_str(type) > 0) {
            H5Tset_size(memory, H5T_VARIABLE);
            H5Tset_cset(memory, H5Tget_cset(type));
            char **texts = (char **)calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
            if (texts && H5Aread(attr, memory, texts) >= 0) {
                for (hssize_t i = 0; i < n; i++) { if (texts[i]) each(context, texts[i], strlen(texts[i])); }
                H5Dvlen_reclaim(memory, space, H5P_DEFAULT, texts);
                result = (int)n;
            }
            free(texts);
        } else {
            size_t size = H5Tget_size(type);
            if (size > 0 && size <= (1 << 24) && (size_t)n * size <= (1 << 26)) {
                H5Tset_size(memory, size);
                char *buffer = (char *)calloc((size_t)(n > 0 ? n : 1), size);
                if (buffer && H5Aread(attr, memory, buffer) >= 0) {
                    for (hssize_t i = 0; i < n; i++) each(context, buffer + i * size, strnlen(buffer + i * size, size));
                    result = (int)n;
                }
                free(buffer);
            }
        }
        H5Tclose(memory);
    } else if (type >= 0 && n == 0) {
        result = 0;  // an empty list written as a float array (h5py's `weight_names` of a layer without weights)
    }
    if (type >= 0) H5Tclose(type);
    if (space >= 0) H5Sclose(space);
    H5Aclose(attr);
    return result;
}

/// Writes `count` UTF-8 strings as the variable-length string attribute `name` of the object at
/// `path` (a scalar when `scalar` is 1, else a list); returns a negative number on failure.
static inline int synapse_h5_write_strings(hid_t file, const char *path, const char *name,
                                           const char **strings, size_t count, int scalar) {
    hid_t type = H5Tcopy(H5T_C_S1);
    if (type < 0) return -1;
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hsize_t dims[1] = { (hsize_t)count };
    hid_t space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, NULL);
    int result = -1;
    if (space >= 0) {
        hid_t attr = H5Acreate_by_name(file, path, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        if (attr >= 0) {
            result = (count == 0 && !scalar) ? 0 : (int)H5Awrite(attr, type, strings);
            H5Aclose(attr);
        }
        H5Sclose(space);
    }
    H5Tclose(type);
    return result;
}
