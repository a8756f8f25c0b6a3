#include "SynapseMPI.h"

#include <limits.h>
#include <mpi.h>
#include <sched.h>
#include <string.h>
#include <time.h>

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

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// Waits for `request` with MPI_Test. Open MPI advances a non-blocking collective only inside
// MPI calls (it has no progress thread), and a large all-reduce moves through shared memory in
// many fragments, each needing both ranks' progress: sleeping while the data flows would stall
// it. So for the first 10 ms, the time a step's all-reduce takes between ranks that keep pace,
// MPI_Test runs back to back with sched_yield() between (which hands the core to a runnable
// process, such as a slower rank on a busy machine, and returns at once on an idle one); after
// that — a rank far behind, or hung — sleeps that double from 1 µs up to 128 µs (Linux's timer
// slack makes the shortest about 50 µs) keep a long wait from burning a core. Gives up after
// `timeout` seconds and returns SYNAPSE_MPI_TIMED_OUT with the time waited; the request is left
// pending, since the caller ends the run.
static int wait_bounded(MPI_Request *request, double timeout, double *waited) {
    const double start = now_seconds();
    long pause_ns = 1000;
    for (;;) {
        int done = 0;
        int code = MPI_Test(request, &done, MPI_STATUS_IGNORE);
        if (code != MPI_SUCCESS || done) return code;
        double elapsed = now_seconds() - start;
        if (elapsed >= timeout) {
            *waited = elapsed;
            return SYNAPSE_MPI_TIMED_OUT;
        }
        if (elapsed < 10e-3) {
            sched_yield();
            continue;
        }
        struct timespec pause = {0, pause_ns};
        nanosleep(&pause, NULL);
        if (pause_ns < 100000) pause_ns *= 2;
    }
}

// MPI counts are ints: larger buffers go in pieces of at most INT_MAX elements, each with its
// own time limit. Without a limit (timeout <= 0) the blocking calls run, as MPI intends.
static int allreduce_sum(void *values, size_t count, size_t element_size, MPI_Datatype type, double timeout,
                         double *waited) {
    for (size_t start = 0; start < count; start += INT_MAX) {
        int n = (int)(count - start < INT_MAX ? count - start : INT_MAX);
        char *piece = (char *)values + start * element_size;
        int code;
        if (timeout > 0) {
            MPI_Request request;
            code = MPI_Iallreduce(MPI_IN_PLACE, piece, n, type, MPI_SUM, MPI_COMM_WORLD, &request);
            if (code == MPI_SUCCESS) code = wait_bounded(&request, timeout, waited);
        } else {
            code = MPI_Allreduce(MPI_IN_PLACE, piece, n, type, MPI_SUM, MPI_COMM_WORLD);
        }
        if (code != MPI_SUCCESS) return code;
    }
    return MPI_SUCCESS;
}

int synapse_mpi_allreduce_sum_float(float *values, size_t count, double timeout, double *waited) {
    return allreduce_sum(values, count, sizeof(float), MPI_FLOAT, timeout, waited);
}

int synapse_mpi_allreduce_sum_double(double *values, size_t count, double timeout, double *waited) {
    return allreduce_sum(values, count, sizeof(double), MPI_DOUBLE, timeout, waited);
}

int synapse_mpi_broadcast(void *bytes, size_t count, int root, double timeout, double *waited) {
    for (size_t start = 0; start < count; start += INT_MAX) {
        int n = (int)(count - start < INT_MAX ? count - start : INT_MAX);
        char *piece = (char *)bytes + start;
        int code;
        if (timeout > 0) {
            MPI_Request request;
            code = MPI_Ibcast(piece, n, MPI_BYTE, root, MPI_COMM_WORLD, &request);
            if (code == MPI_SUCCESS) code = wait_bounded(&request, timeout, waited);
        } else {
            code = MPI_Bcast(piece, n, MPI_BYTE, root, MPI_COMM_WORLD);
        }
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
