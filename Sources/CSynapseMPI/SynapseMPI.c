#include "SynapseMPI.h"

#include <limits.h>
#include <mpi.h>
#include <string.h>

int synapse_mpi_init(void) {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (!initialized) {
        int provided = 0;
        int code = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

int synapse_mpi_is_active(void) {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    return initialized && !finalized;
}

int synapse_mpi_rank(int *rank) { return MPI_Comm_rank(MPI_COMM_WORLD, rank); }

int synapse_mpi_size(int *size) { return MPI_Comm_size(MPI_COMM_WORLD, size); }

// MPI counts are ints: larger buffers go in pieces of at most INT_MAX elements.
int synapse_mpi_allreduce_sum_float(float *values, size_t count) {
    for (size_t start = 0; start < count; start += INT_MAX) {
        int n = (int)(count - start < INT_MAX ? count - start : INT_MAX);
        int code = MPI_Allreduce(MPI_IN_PLACE, values + start, n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int synapse_mpi_allreduce_sum_double(double *values, size_t count) {
    for (size_t start = 0; start < count; start += INT_MAX) {
        int n = (int)(count - start < INT_MAX ? count - start : INT_MAX);
        int code = MPI_Allreduce(MPI_IN_PLACE, values + start, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int synapse_mpi_broadcast(void *bytes, size_t count, int root) {
    for (size_t start = 0; start < count; start += INT_MAX) {
        int n = (int)(count - start < INT_MAX ? count - start : INT_MAX);
        int code = MPI_Bcast((char *)bytes + start, n, MPI_BYTE, root, MPI_COMM_WORLD);
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

void synapse_mpi_error_string(int code, char *buffer, int length) {
    char text[MPI_MAX_ERROR_STRING];
    int written = 0;
    if (length <= 0) return;
    if (MPI_Error_string(code, text, &written) != MPI_SUCCESS) written = 0;
    text[written < MPI_MAX_ERROR_STRING ? written : MPI_MAX_ERROR_STRING - 1] = '\0';
    strncpy(buffer, text, (size_t)length - 1);
    buffer[length - 1] = '\0';
}

void synapse_mpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }

int synapse_mpi_finalize(void) { return MPI_Finalize(); }
