// CGLPKGuard: the only door from Swift into libglpk.
//
// GLPK reacts to a fatal error (bad index, duplicate matrix element, invalid name, memory limit,
// ...) by printing a message and calling abort(). A library that others embed cannot allow that,
// so every GLPK call that can fail fatally is made here, inside a C function that
//   1. installs glp_term_hook (all terminal output is captured into the session's buffer),
//   2. installs glp_error_hook, whose hook longjmp()s back to
//   3. a setjmp() in that same C function, which then calls glp_free_env() and returns
//      DSE_GLPK_FATAL.
// No Swift frame ever sits between the setjmp and the longjmp: the only Swift code GLPK can
// reach from here is the MIP progress function, which receives plain values, calls no GLPK
// function and returns before GLPK continues.
//
// glp_free_env() frees every GLPK object of the calling thread (Debian's GLPK 5.0 keeps its
// environment thread-local). A session therefore remembers the thread's environment generation
// and refuses to touch its problem once that environment has been freed.
//
// A session is used on the thread that created it and by one caller at a time.

#ifndef DSEKIT_CGLPKGUARD_H
#define DSEKIT_CGLPKGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Result of a guarded call.
typedef enum {
    DSE_GLPK_OK = 0,
    /// GLPK raised a fatal error; the message is in the session output; the session is dead.
    DSE_GLPK_FATAL = 1,
    /// The call was refused before reaching GLPK (dead session, no problem, bad argument).
    DSE_GLPK_MISUSE = 2,
} dse_glpk_code;

/// File formats GLPK reads.
typedef enum {
    DSE_GLPK_FORMAT_CPLEX_LP = 1,
    DSE_GLPK_FORMAT_FREE_MPS = 2,
    DSE_GLPK_FORMAT_FIXED_MPS = 3,
} dse_glpk_format;

/// Column kinds.
enum { DSE_GLPK_CONTINUOUS = 0, DSE_GLPK_INTEGER = 1, DSE_GLPK_BINARY = 2 };

/// Solution status values (GLPK's GLP_UNDEF ... GLP_UNBND).
enum {
    DSE_GLPK_UNDEF = 1, DSE_GLPK_FEAS = 2, DSE_GLPK_INFEAS = 3,
    DSE_GLPK_NOFEAS = 4, DSE_GLPK_OPT = 5, DSE_GLPK_UNBND = 6,
};

/// Solver return codes (GLPK's GLP_E*), 0 on success.
enum {
    DSE_GLPK_EBADB = 0x01, DSE_GLPK_ESING = 0x02, DSE_GLPK_ECOND = 0x03, DSE_GLPK_EBOUND = 0x04,
    DSE_GLPK_EFAIL = 0x05, DSE_GLPK_EITLIM = 0x08, DSE_GLPK_ETMLIM = 0x09,
    DSE_GLPK_ENOPFS = 0x0A, DSE_GLPK_ENODFS = 0x0B, DSE_GLPK_EROOT = 0x0C,
    DSE_GLPK_ESTOP = 0x0D, DSE_GLPK_EMIPGAP = 0x0E,
};

/// Events that reach the MIP progress function.
enum { DSE_GLPK_EVENT_INCUMBENT = 1, DSE_GLPK_EVENT_NODE = 2 };

/// A snapshot of the branch-and-bound search, read by C code from GLPK's tree.
typedef struct {
    int event;
    int has_incumbent;
    double incumbent;
    int has_bound;
    double bound;
    int active_nodes;
    int total_nodes;
} dse_glpk_progress;

/// Called from inside glp_intopt. Must not call GLPK. Return non-zero to stop the search.
typedef int (*dse_glpk_progress_fn)(void *context, const dse_glpk_progress *progress);

typedef struct {
    int message_level;      ///< GLP_MSG_OFF (0) ... GLP_MSG_ALL (3)
    int time_limit_ms;      ///< <= 0: none
    int iteration_limit;    ///< <= 0: none
    int presolve;           ///< 0/1
    int scale;              ///< scale the problem first (glp_scale_prob, GLP_SF_AUTO), as glpsol does
    int advanced_basis;     ///< start from glp_adv_basis (no effect with presolve), as glpsol does
} dse_glpk_simplex_params;

typedef struct {
    int message_level;
    int time_limit_ms;      ///< <= 0: none
    double mip_gap;         ///< relative gap tolerance; 0: prove optimality
    int presolve;           ///< GLPK's MIP presolver (solves the relaxation itself)
    int cuts;               ///< Gomory, MIR, cover and clique cuts on/off
    int feasibility_pump;   ///< feasibility pump heuristic on/off
    dse_glpk_progress_fn progress;  ///< may be NULL
    void *context;
    /// A MIP start, 1-based (`start[1..columns]`, element 0 unused), or NULL: offered once as
    /// the first incumbent (glp_ios_heur_sol). Only without presolve. The caller must have
    /// checked it against the rows and bounds: GLPK checks only integrality and the objective.
    const double *start;
} dse_glpk_intopt_params;

typedef struct dse_glpk_session dse_glpk_session;

/// Creates a session (plain malloc memory, not GLPK's). `output_limit` caps captured output bytes.
dse_glpk_session *dse_glpk_session_create(size_t output_limit);
/// Deletes the session's problem (if its environment is still alive), removes the hooks,
/// restores the memory limit and frees the session.
void dse_glpk_session_destroy(dse_glpk_session *s);
/// The captured terminal output, NUL-terminated (never NULL).
const char *dse_glpk_session_output(const dse_glpk_session *s);
/// 1 once a fatal error was caught (or the thread's environment was freed by another session).
int dse_glpk_session_is_dead(const dse_glpk_session *s);

/// GLPK's memory limit for this thread, in MiB, until the session is destroyed. Branch and
/// bound also stops itself (keeping its incumbent) once GLPK's memory passes 90 % of the limit.
int dse_glpk_set_memory_limit(dse_glpk_session *s, int megabytes);

/// Creates the session's problem and loads it in one guarded call.
/// Bounds use +-HUGE_VAL for "none". `ia`, `ja`, `ar` are GLPK-style 1-based arrays of
/// `nonzeros + 1` elements (element 0 unused); GLPK itself checks them (a duplicate element or an
/// out-of-range index is a fatal GLPK error, caught here). Names are offsets into `names`, a
/// blob of NUL-terminated strings; an offset < 0 means unnamed. `col_name_offsets` and
/// `row_name_offsets` may be NULL.
int dse_glpk_load(dse_glpk_session *s, const char *problem_name, int maximize, double objective_constant,
                  int columns, const double *col_lower, const double *col_upper,
                  const unsigned char *col_kind, const double *objective, const int *col_name_offsets,
                  int rows, const double *row_lower, const double *row_upper, const int *row_name_offsets,
                  int nonzeros, const int *ia, const int *ja, const double *ar,
                  const char *names);

/// Simplex on the session's problem. `*ret` receives glp_simplex's return code.
int dse_glpk_simplex(dse_glpk_session *s, const dse_glpk_simplex_params *params, int *ret);
/// Branch-and-bound on the session's problem. `*ret` receives glp_intopt's return code.
int dse_glpk_intopt(dse_glpk_session *s, const dse_glpk_intopt_params *params, int *ret);

/// The basic solution. Arrays are 0-based (columns, rows entries); any may be NULL.
int dse_glpk_lp_solution(dse_glpk_session *s, int *status, int *primal_status, double *objective,
                         double *col_primal, double *col_dual, double *row_primal, double *row_dual,
                         int *iterations);
/// The MIP solution. Arrays are 0-based; any may be NULL.
int dse_glpk_mip_solution(dse_glpk_session *s, int *status, double *objective,
                          double *col_value, double *row_value, int *iterations);
/// What the progress tracking saw during the last intopt: best bound and node count.
void dse_glpk_search_statistics(const dse_glpk_session *s, int *has_bound, double *bound, int *nodes);
/// 1 when the last intopt's MIP start was offered and GLPK took it as its incumbent.
int dse_glpk_start_accepted(const dse_glpk_session *s);
/// 1 when the last intopt stopped because GLPK's memory passed 90 % of the session's limit.
int dse_glpk_memory_stopped(const dse_glpk_session *s);

/// Reads a CPLEX LP or MPS file into a new problem of the session. `*ret` is GLPK's return code
/// (non-zero: the file has an error; the message, with its line, is in the output).
int dse_glpk_read_file(dse_glpk_session *s, dse_glpk_format format, const char *path, int *ret);
/// Translates a GNU MathProg model (and optional data file, may be NULL) into a new problem.
/// `*stage` says where it stopped: 0 ok, 1 model, 2 data, 3 generate.
int dse_glpk_read_mathprog(dse_glpk_session *s, const char *model_path, const char *data_path, int *stage);

/// Size of the session's problem.
int dse_glpk_dimensions(dse_glpk_session *s, int *rows, int *columns, int *nonzeros, int *maximize,
                        double *objective_constant);
/// Copies the problem out. Arrays are 0-based; matrix entries are row-major (row, column) pairs
/// with 0-based indices.
int dse_glpk_extract(dse_glpk_session *s, double *col_lower, double *col_upper, unsigned char *col_kind,
                     double *objective, double *row_lower, double *row_upper,
                     int *entry_row, int *entry_column, double *entry_value);
/// Names (0-based index); NULL when unnamed or out of range. Valid until the next call.
const char *dse_glpk_column_name(dse_glpk_session *s, int column);
const char *dse_glpk_row_name(dse_glpk_session *s, int row);
const char *dse_glpk_problem_name(dse_glpk_session *s);
const char *dse_glpk_objective_name(dse_glpk_session *s);

/// Frees the calling thread's GLPK environment (GLPK never frees it at thread exit). Only for a
/// thread that is about to end and holds no GLPK objects; sessions of this thread become dead.
void dse_glpk_release_thread_environment(void);

/// GLPK's version string, e.g. "5.0".
const char *dse_glpk_version(void);
/// The thread-local storage class GLPK was built with (e.g. "_Thread_local"), or NULL.
const char *dse_glpk_thread_local_storage(void);

#ifdef __cplusplus
}
#endif

#endif
