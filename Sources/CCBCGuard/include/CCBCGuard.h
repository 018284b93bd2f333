// CCBCGuard: the only door from Swift into CBC (COIN-OR Branch and Cut 2.10, Debian's
// coinor-libcbc-dev).
//
// CBC is C++ underneath its C interface: a bad index is an assert() or a CoinError exception, and
// an exception crossing into Swift ends the process. So Swift validates every array before the
// call, and every call into CBC is made here, inside a try/catch that turns any C++ exception
// into DSE_CBC_EXCEPTION with its message. Nothing is kept between calls: a solve builds its
// model, solves, copies the answer into caller-owned arrays and frees everything.
//
// LPs are solved by Clp directly (OsiClpSolverInterface), which keeps no global state, so LP
// solves run concurrently. MIPs run CBC's standalone driver (CbcMain1, what the `cbc` program
// runs, with its default cuts, heuristics and preprocessing). CBC 2.10 built without
// CBC_THREAD_SAFE — Debian's build — reads the driver's arguments through global state, so MIP
// solves are serialised by a process-wide lock here; a waiting solve honours its time limit and
// its stop request while it waits.

#ifndef DSEKIT_CCBCGUARD_H
#define DSEKIT_CCBCGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of a guarded solve.
typedef enum {
    DSE_CBC_OK = 0,
    /// CBC threw a C++ exception; the message is in the error buffer; nothing was solved.
    DSE_CBC_EXCEPTION = 1,
    /// Refused before reaching CBC: an argument failed the guard's checks (message says which).
    DSE_CBC_MISUSE = 2,
} dse_cbc_code;

/// A problem in column-major (CSC) form: column j's entries are
/// row_indices/values[column_starts[j] ..< column_starts[j + 1]].
typedef struct {
    int columns;
    int rows;
    const int *column_starts;      // columns + 1 entries, non-decreasing, starts at 0
    const int *row_indices;        // column_starts[columns] entries, each in 0 ..< rows
    const double *values;          // column_starts[columns] entries
    const double *column_lower;    // columns entries; -INFINITY for none
    const double *column_upper;    // columns entries; +INFINITY for none
    const double *objective;       // columns entries (without the constant)
    const double *row_lower;       // rows entries; -INFINITY for none
    const double *row_upper;       // rows entries; +INFINITY for none
    const unsigned char *is_integer; // columns entries, 0 or 1
    int maximize;                  // 1: maximise the objective
} dse_cbc_problem;

/// What the search reports while it runs (MIPs only).
typedef struct {
    int event;                     // DSE_CBC_EVENT_*
    int has_incumbent;
    double incumbent;              // in the model's sense, without the constant
    int has_bound;
    double bound;
    int nodes;
    int active_nodes;
} dse_cbc_progress;

enum { DSE_CBC_EVENT_PROGRESS = 0, DSE_CBC_EVENT_INCUMBENT = 1 };

/// Called from the solving thread; it must not call CBC. Return non-zero to stop the search.
typedef int (*dse_cbc_progress_fn)(void *context, const dse_cbc_progress *progress);
/// Called with each line CBC or Clp prints (captured; never written to stdout).
typedef void (*dse_cbc_log_fn)(void *context, const char *line);

typedef struct {
    double time_limit_seconds;     // wall clock; <= 0 for none
    double relative_gap;           // < 0 for none (prove optimality)
    int log_level;                 // 0 quiet ... 3 everything
    int presolve;                  // CBC's preprocessing / Clp's presolve
    const double *start;           // columns entries or NULL: a MIP start
    dse_cbc_progress_fn progress;  // may be NULL; also polled while waiting for the MIP lock
    dse_cbc_log_fn log;            // may be NULL
    void *context;
    int inject_fault;              // tests only: 1 throws a CoinError inside the guarded region
} dse_cbc_params;

/// The answer, written into caller-owned arrays.
typedef struct {
    int has_solution;              // a feasible point is in `solution`
    int proven_optimal;
    int proven_infeasible;
    int unbounded;                 // the LP (or MIP relaxation) is unbounded
    int time_limit_reached;
    int stopped;                   // the progress function asked to stop
    int gap_reached;
    int abandoned;                 // numerical difficulties
    double objective;              // in the model's sense, without the constant
    int has_bound;
    double bound;
    int nodes;
    int iterations;
    double *solution;              // columns entries
    double *activity;              // rows entries
    double *duals;                 // rows entries (LPs; may be NULL)
    double *reduced_costs;         // columns entries (LPs; may be NULL)
} dse_cbc_result;

/// Solves the problem. Checks the problem's arrays first (counts, indices, NaNs) and returns
/// DSE_CBC_MISUSE with a message if they are malformed; returns DSE_CBC_EXCEPTION if CBC throws.
/// `error` (capacity `error_capacity`, may be NULL) receives the message.
int dse_cbc_solve(const dse_cbc_problem *problem, const dse_cbc_params *params,
                  dse_cbc_result *result, char *error, size_t error_capacity);

/// CBC's version string, e.g. "2.10.8".
const char *dse_cbc_version(void);

#ifdef __cplusplus
}
#endif

#endif
