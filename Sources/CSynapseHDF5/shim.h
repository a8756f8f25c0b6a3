// The HDF5 C library (apt libhdf5-dev, brew hdf5), found through pkg-config ("hdf5").
// Its constants are macros over globals, which Swift cannot import; these functions hand them over.
#include <hdf5.h>

static inline hid_t synapse_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t synapse_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t synapse_h5s_all(void) { return H5S_ALL; }
static inline hid_t synapse_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t synapse_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t synapse_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline unsigned synapse_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned synapse_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
/// Whether the library was opened without printing its error stack (done once).
static inline void synapse_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
