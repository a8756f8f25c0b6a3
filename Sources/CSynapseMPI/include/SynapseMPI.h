// The MPI calls SynapseDistributed makes, as plain C functions: Open MPI's MPI_COMM_WORLD,
// MPI_FLOAT, MPI_SUM... are macros over addresses of internal globals, which Swift cannot
// import. Every function works on MPI_COMM_WORLD and returns MPI's error code (MPI_SUCCESS is 0).
#ifndef SYNAPSE_MPI_H
#define SYNAPSE_MPI_H

#include <stddef.h>

/// MPI_Init_thread with MPI_THREAD_FUNNELED (only the main thread calls MPI; the kernels' own
/// threads never do), unless MPI is already initialised. Sets the errors-return handler, so
/// that failures come back as codes and Swift can say what failed before aborting.
int synapse_mpi_init(void);
/// 1 once MPI_Init has run and MPI_Finalize has not.
int synapse_mpi_is_active(void);
int synapse_mpi_rank(int *rank);
int synapse_mpi_size(int *size);
/// What a collective returns when the other ranks did not answer within its time limit (MPI's
/// own codes are 0 or more).
enum { SYNAPSE_MPI_TIMED_OUT = -1 };
/// In-place sums over every rank (MPI_Allreduce with MPI_IN_PLACE). With `timeout` > 0 seconds,
/// the non-blocking MPI_Iallreduce, polled until done or until `timeout` has passed: then
/// SYNAPSE_MPI_TIMED_OUT, with the seconds waited in `waited`. With 0, the blocking call.
int synapse_mpi_allreduce_sum_float(float *values, size_t count, double timeout, double *waited);
int synapse_mpi_allreduce_sum_double(double *values, size_t count, double timeout, double *waited);
/// MPI_Bcast of `count` bytes from `root`, bounded by `timeout` as the all-reduces are
/// (MPI_Ibcast).
int synapse_mpi_broadcast(void *bytes, size_t count, int root, double timeout, double *waited);
/// MPI's text for an error code, in `buffer` of `length` bytes.
void synapse_mpi_error_string(int code, char *buffer, int length);
/// MPI_Abort(MPI_COMM_WORLD, code): ends every rank of the job.
void synapse_mpi_abort(int code);
int synapse_mpi_finalize(void);

#endif
