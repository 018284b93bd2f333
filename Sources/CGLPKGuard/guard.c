// The guarded calls into GLPK. See include/CGLPKGuard.h for the rules this file keeps.

#include "CGLPKGuard.h"

#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

struct dse_glpk_session {
    jmp_buf jump;
    glp_prob *prob;
    int dead;
    unsigned long generation;   // the thread's environment generation this session lives in
    int memory_limit_set;
    size_t memory_soft_limit;   // bytes; 0 = none. intopt stops itself beyond it.
    int memory_stopped;

    char *output;
    size_t output_length;
    size_t output_capacity;
    size_t output_limit;
    int output_truncated;

    // Branch-and-bound tracking (written by the intopt callback).
    int has_bound;
    double bound;
    int nodes;
    dse_glpk_progress_fn progress;
    void *progress_context;
    // MIP start: offered to GLPK once, at the first heuristic callback.
    const double *start;
    int start_offered;
    int start_accepted;
};

// Bumped every time this thread's GLPK environment is freed after a fatal error: every session
// created before that lost its problem object with the environment.
static _Thread_local unsigned long environment_generation = 0;

// MARK: - Hooks

static void output_append(dse_glpk_session *s, const char *text, size_t length) {
    if (s->output_truncated) return;
    if (s->output_length + length > s->output_limit) {
        static const char marker[] = "\n[GLPK output truncated]\n";
        length = s->output_limit > s->output_length ? s->output_limit - s->output_length : 0;
        s->output_truncated = 1;
        output_append(s, text, length);
        s->output_truncated = 0;
        output_append(s, marker, sizeof marker - 1);
        s->output_truncated = 1;
        return;
    }
    if (s->output_length + length + 1 > s->output_capacity) {
        size_t capacity = s->output_capacity ? s->output_capacity : 1024;
        while (capacity < s->output_length + length + 1) capacity *= 2;
        char *grown = realloc(s->output, capacity);
        if (grown == NULL) { s->output_truncated = 1; return; }
        s->output = grown;
        s->output_capacity = capacity;
    }
    memcpy(s->output + s->output_length, text, length);
    s->output_length += length;
    s->output[s->output_length] = '\0';
}

static int term_hook(void *info, const char *text) {
    output_append((dse_glpk_session *)info, text, strlen(text));
    return 1;  // handled: GLPK prints nothing itself
}

static void error_hook(void *info) {
    dse_glpk_session *s = (dse_glpk_session *)info;
    longjmp(s->jump, 1);
}

static void hooks_install(dse_glpk_session *s) {
    glp_term_hook(term_hook, s);
    glp_error_hook(error_hook, s);
}

static void hooks_remove(void) {
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
}

static int session_unusable(const dse_glpk_session *s) {
    return s == NULL || s->dead || s->generation != environment_generation;
}

// After longjmp from the error hook: the environment is in an error state and must be freed.
// That frees every GLPK object of this thread, including this session's problem.
static void fatal_cleanup(dse_glpk_session *s) {
    s->prob = NULL;
    s->dead = 1;
    s->memory_limit_set = 0;
    glp_free_env();
    environment_generation += 1;
}

// Every guarded function starts with GUARD_BEGIN and leaves through GUARD_END. The setjmp is in
// the guarded function's own frame, which is live for the whole GLPK call.
#define GUARD_BEGIN(s)                                         \
    if (session_unusable(s)) return DSE_GLPK_MISUSE;           \
    hooks_install(s);                                          \
    if (setjmp((s)->jump) != 0) {                              \
        fatal_cleanup(s);                                      \
        return DSE_GLPK_FATAL;                                 \
    }

#define GUARD_END(s) \
    hooks_remove();  \
    return DSE_GLPK_OK;

// MARK: - Session

dse_glpk_session *dse_glpk_session_create(size_t output_limit) {
    dse_glpk_session *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    s->generation = environment_generation;
    s->output_limit = output_limit > 0 ? output_limit : 1;
    s->output = calloc(1, 1);
    s->output_capacity = s->output ? 1 : 0;
    return s;
}

static int delete_problem(dse_glpk_session *s) {
    GUARD_BEGIN(s)
    if (s->prob != NULL) {
        glp_delete_prob(s->prob);
        s->prob = NULL;
    }
    if (s->memory_limit_set) {
        glp_mem_limit(INT_MAX);
        s->memory_limit_set = 0;
    }
    GUARD_END(s)
}

void dse_glpk_session_destroy(dse_glpk_session *s) {
    if (s == NULL) return;
    if (!session_unusable(s)) (void)delete_problem(s);
    free(s->output);
    free(s);
}

const char *dse_glpk_session_output(const dse_glpk_session *s) {
    return (s != NULL && s->output != NULL) ? s->output : "";
}

int dse_glpk_session_is_dead(const dse_glpk_session *s) {
    return session_unusable(s);
}

int dse_glpk_set_memory_limit(dse_glpk_session *s, int megabytes) {
    if (megabytes < 1) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_mem_limit(megabytes);
    s->memory_limit_set = 1;
    s->memory_soft_limit = (size_t)megabytes * 1048576u / 10u * 9u;
    GUARD_END(s)
}

// MARK: - Loading

static void set_bounds(glp_prob *P, int is_row, int k, double lower, double upper) {
    int type;
    if (isinf(lower) && isinf(upper)) type = GLP_FR;
    else if (isinf(upper)) type = GLP_LO;
    else if (isinf(lower)) type = GLP_UP;
    else if (lower == upper) type = GLP_FX;
    else type = GLP_DB;
    double lb = isinf(lower) ? 0.0 : lower;
    double ub = isinf(upper) ? 0.0 : upper;
    if (is_row) glp_set_row_bnds(P, k, type, lb, ub);
    else glp_set_col_bnds(P, k, type, lb, ub);
}

static void replace_problem(dse_glpk_session *s) {
    if (s->prob != NULL) glp_delete_prob(s->prob);
    s->prob = NULL;
    s->prob = glp_create_prob();
}

int dse_glpk_load(dse_glpk_session *s, const char *problem_name, int maximize, double objective_constant,
                  int columns, const double *col_lower, const double *col_upper,
                  const unsigned char *col_kind, const double *objective, const int *col_name_offsets,
                  int rows, const double *row_lower, const double *row_upper, const int *row_name_offsets,
                  int nonzeros, const int *ia, const int *ja, const double *ar,
                  const char *names) {
    if (columns < 0 || rows < 0 || nonzeros < 0) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    replace_problem(s);
    glp_prob *P = s->prob;
    if (problem_name != NULL && problem_name[0] != '\0') glp_set_prob_name(P, problem_name);
    glp_set_obj_name(P, "obj");
    glp_set_obj_dir(P, maximize ? GLP_MAX : GLP_MIN);
    if (columns > 0) glp_add_cols(P, columns);
    if (rows > 0) glp_add_rows(P, rows);
    for (int j = 0; j < columns; j++) {
        if (col_kind != NULL && col_kind[j] != DSE_GLPK_CONTINUOUS) glp_set_col_kind(P, j + 1, GLP_IV);
        set_bounds(P, 0, j + 1, col_lower[j], col_upper[j]);
        if (objective != NULL && objective[j] != 0.0) glp_set_obj_coef(P, j + 1, objective[j]);
        if (col_name_offsets != NULL && names != NULL && col_name_offsets[j] >= 0)
            glp_set_col_name(P, j + 1, names + col_name_offsets[j]);
    }
    for (int i = 0; i < rows; i++) {
        set_bounds(P, 1, i + 1, row_lower[i], row_upper[i]);
        if (row_name_offsets != NULL && names != NULL && row_name_offsets[i] >= 0)
            glp_set_row_name(P, i + 1, names + row_name_offsets[i]);
    }
    if (nonzeros > 0) glp_load_matrix(P, nonzeros, ia, ja, ar);
    glp_set_obj_coef(P, 0, objective_constant);
    GUARD_END(s)
}

// MARK: - Solving

int dse_glpk_simplex(dse_glpk_session *s, const dse_glpk_simplex_params *params, int *ret) {
    if (params == NULL || ret == NULL) return DSE_GLPK_MISUSE;
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = params->message_level;
    if (params->time_limit_ms > 0) parm.tm_lim = params->time_limit_ms;
    if (params->iteration_limit > 0) parm.it_lim = params->iteration_limit;
    parm.presolve = params->presolve ? GLP_ON : GLP_OFF;
    if (params->scale) glp_scale_prob(s->prob, GLP_SF_AUTO);
    if (params->advanced_basis && !params->presolve) glp_adv_basis(s->prob, 0);
    *ret = glp_simplex(s->prob, &parm);
    GUARD_END(s)
}

static void intopt_callback(glp_tree *T, void *info) {
    dse_glpk_session *s = (dse_glpk_session *)info;
    int reason = glp_ios_reason(T);
    if (s->memory_soft_limit > 0 && !s->memory_stopped) {
        // Stop while there is still room to return the incumbent: past the hard limit GLPK's
        // allocator raises a fatal error, and the problem (and its incumbent) go with it.
        size_t used = 0;
        glp_mem_usage(NULL, NULL, &used, NULL);
        if (used > s->memory_soft_limit) {
            s->memory_stopped = 1;
            glp_ios_terminate(T);
            return;
        }
    }
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(T, &active, &current, &total);
    s->nodes = total;
    // Track the global bound at every callback: GLPK checks the gap at the top of its minor
    // loop against the best active bound as it stood after the previous callbacks, so this is
    // the bound it last saw. Unsolved nodes carry +-DBL_MAX as a placeholder; skip those.
    int best = glp_ios_best_node(T);
    if (best != 0) {
        double bound = glp_ios_node_bound(T, best);
        if (fabs(bound) < DBL_MAX) {
            s->has_bound = 1;
            s->bound = bound;
        }
    }
    if (reason == GLP_IHEUR && s->start != NULL && !s->start_offered) {
        // glp_ios_heur_sol checks integrality and that the point beats the incumbent, not the
        // rows: the caller checked the point against the model before passing it.
        s->start_offered = 1;
        s->start_accepted = glp_ios_heur_sol(T, s->start) == 0;
    }
    if (reason != GLP_ISELECT && reason != GLP_IBINGO) return;
    if (s->progress == NULL) return;
    dse_glpk_progress progress;
    memset(&progress, 0, sizeof progress);
    progress.event = reason == GLP_IBINGO ? DSE_GLPK_EVENT_INCUMBENT : DSE_GLPK_EVENT_NODE;
    glp_prob *P = glp_ios_get_prob(T);
    int status = glp_mip_status(P);
    if (status == GLP_FEAS || status == GLP_OPT) {
        progress.has_incumbent = 1;
        progress.incumbent = glp_mip_obj_val(P);
    }
    progress.has_bound = s->has_bound;
    progress.bound = s->bound;
    progress.active_nodes = active;
    progress.total_nodes = total;
    // Plain values out, one int back; the Swift side calls no GLPK function.
    if (s->progress(s->progress_context, &progress) != 0) glp_ios_terminate(T);
}

int dse_glpk_intopt(dse_glpk_session *s, const dse_glpk_intopt_params *params, int *ret) {
    if (params == NULL || ret == NULL) return DSE_GLPK_MISUSE;
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = params->message_level;
    if (params->time_limit_ms > 0) parm.tm_lim = params->time_limit_ms;
    parm.mip_gap = params->mip_gap > 0.0 ? params->mip_gap : 0.0;
    parm.presolve = params->presolve ? GLP_ON : GLP_OFF;
    int cuts = params->cuts ? GLP_ON : GLP_OFF;
    parm.gmi_cuts = cuts;
    parm.mir_cuts = cuts;
    parm.cov_cuts = cuts;
    parm.clq_cuts = cuts;
    parm.fp_heur = params->feasibility_pump ? GLP_ON : GLP_OFF;
    parm.cb_func = intopt_callback;
    parm.cb_info = s;
    s->has_bound = 0;
    s->bound = 0.0;
    s->nodes = 0;
    s->progress = params->progress;
    s->progress_context = params->context;
    // The MIP presolver renumbers columns: a start is only offered on the model as loaded.
    s->start = params->presolve ? NULL : params->start;
    s->start_offered = 0;
    s->start_accepted = 0;
    s->memory_stopped = 0;
    *ret = glp_intopt(s->prob, &parm);
    s->progress = NULL;
    s->progress_context = NULL;
    s->start = NULL;
    GUARD_END(s)
}

int dse_glpk_lp_solution(dse_glpk_session *s, int *status, int *primal_status, double *objective,
                         double *col_primal, double *col_dual, double *row_primal, double *row_dual,
                         int *iterations) {
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_prob *P = s->prob;
    if (status) *status = glp_get_status(P);
    if (primal_status) *primal_status = glp_get_prim_stat(P);
    if (objective) *objective = glp_get_obj_val(P);
    int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
    for (int j = 0; j < n; j++) {
        if (col_primal) col_primal[j] = glp_get_col_prim(P, j + 1);
        if (col_dual) col_dual[j] = glp_get_col_dual(P, j + 1);
    }
    for (int i = 0; i < m; i++) {
        if (row_primal) row_primal[i] = glp_get_row_prim(P, i + 1);
        if (row_dual) row_dual[i] = glp_get_row_dual(P, i + 1);
    }
    if (iterations) *iterations = glp_get_it_cnt(P);
    GUARD_END(s)
}

int dse_glpk_mip_solution(dse_glpk_session *s, int *status, double *objective,
                          double *col_value, double *row_value, int *iterations) {
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_prob *P = s->prob;
    if (status) *status = glp_mip_status(P);
    if (objective) *objective = glp_mip_obj_val(P);
    int n = glp_get_num_cols(P), m = glp_get_num_rows(P);
    for (int j = 0; j < n && col_value; j++) col_value[j] = glp_mip_col_val(P, j + 1);
    for (int i = 0; i < m && row_value; i++) row_value[i] = glp_mip_row_val(P, i + 1);
    if (iterations) *iterations = glp_get_it_cnt(P);
    GUARD_END(s)
}

void dse_glpk_search_statistics(const dse_glpk_session *s, int *has_bound, double *bound, int *nodes) {
    if (s == NULL) return;
    if (has_bound) *has_bound = s->has_bound;
    if (bound) *bound = s->bound;
    if (nodes) *nodes = s->nodes;
}

int dse_glpk_start_accepted(const dse_glpk_session *s) {
    return s != NULL && s->start_accepted;
}

int dse_glpk_memory_stopped(const dse_glpk_session *s) {
    return s != NULL && s->memory_stopped;
}

// MARK: - Reading files

int dse_glpk_read_file(dse_glpk_session *s, dse_glpk_format format, const char *path, int *ret) {
    if (path == NULL || ret == NULL) return DSE_GLPK_MISUSE;
    if (format != DSE_GLPK_FORMAT_CPLEX_LP && format != DSE_GLPK_FORMAT_FREE_MPS &&
        format != DSE_GLPK_FORMAT_FIXED_MPS)
        return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    replace_problem(s);
    switch (format) {
    case DSE_GLPK_FORMAT_CPLEX_LP: *ret = glp_read_lp(s->prob, NULL, path); break;
    case DSE_GLPK_FORMAT_FREE_MPS: *ret = glp_read_mps(s->prob, GLP_MPS_FILE, NULL, path); break;
    case DSE_GLPK_FORMAT_FIXED_MPS: *ret = glp_read_mps(s->prob, GLP_MPS_DECK, NULL, path); break;
    }
    GUARD_END(s)
}

int dse_glpk_read_mathprog(dse_glpk_session *s, const char *model_path, const char *data_path, int *stage) {
    if (model_path == NULL || stage == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    replace_problem(s);
    // On a fatal error the workspace goes with the environment (glp_free_env frees it).
    glp_tran *tran = glp_mpl_alloc_wksp();
    *stage = 0;
    if (glp_mpl_read_model(tran, model_path, data_path != NULL) != 0) *stage = 1;
    else if (data_path != NULL && glp_mpl_read_data(tran, data_path) != 0) *stage = 2;
    else if (glp_mpl_generate(tran, NULL) != 0) *stage = 3;
    else glp_mpl_build_prob(tran, s->prob);
    glp_mpl_free_wksp(tran);
    GUARD_END(s)
}

// MARK: - Extracting a problem

int dse_glpk_dimensions(dse_glpk_session *s, int *rows, int *columns, int *nonzeros, int *maximize,
                        double *objective_constant) {
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    GUARD_BEGIN(s)
    glp_prob *P = s->prob;
    if (rows) *rows = glp_get_num_rows(P);
    if (columns) *columns = glp_get_num_cols(P);
    if (nonzeros) *nonzeros = glp_get_num_nz(P);
    if (maximize) *maximize = glp_get_obj_dir(P) == GLP_MAX;
    if (objective_constant) *objective_constant = glp_get_obj_coef(P, 0);
    GUARD_END(s)
}

static void get_bounds(glp_prob *P, int is_row, int k, double *lower, double *upper) {
    int type = is_row ? glp_get_row_type(P, k) : glp_get_col_type(P, k);
    double lb = is_row ? glp_get_row_lb(P, k) : glp_get_col_lb(P, k);
    double ub = is_row ? glp_get_row_ub(P, k) : glp_get_col_ub(P, k);
    *lower = (type == GLP_FR || type == GLP_UP) ? -HUGE_VAL : lb;
    *upper = (type == GLP_FR || type == GLP_LO) ? HUGE_VAL : ub;
}

int dse_glpk_extract(dse_glpk_session *s, double *col_lower, double *col_upper, unsigned char *col_kind,
                     double *objective, double *row_lower, double *row_upper,
                     int *entry_row, int *entry_column, double *entry_value) {
    if (!session_unusable(s) && s->prob == NULL) return DSE_GLPK_MISUSE;
    int n = 0;
    if (!session_unusable(s)) n = glp_get_num_cols(s->prob);
    int *index = malloc(sizeof(int) * (size_t)(n + 1));
    double *value = malloc(sizeof(double) * (size_t)(n + 1));
    if (index == NULL || value == NULL) { free(index); free(value); return DSE_GLPK_MISUSE; }
    // Freed after the guard in both outcomes; they are not GLPK memory.
    int code;
    {
        code = DSE_GLPK_MISUSE;
        if (session_unusable(s)) goto out;
        hooks_install(s);
        if (setjmp(s->jump) != 0) {
            fatal_cleanup(s);
            code = DSE_GLPK_FATAL;
            goto out;
        }
        glp_prob *P = s->prob;
        int m = glp_get_num_rows(P);
        for (int j = 0; j < n; j++) {
            get_bounds(P, 0, j + 1, &col_lower[j], &col_upper[j]);
            int kind = glp_get_col_kind(P, j + 1);
            col_kind[j] = kind == GLP_BV ? DSE_GLPK_BINARY : kind == GLP_IV ? DSE_GLPK_INTEGER : DSE_GLPK_CONTINUOUS;
            objective[j] = glp_get_obj_coef(P, j + 1);
        }
        int k = 0;
        for (int i = 0; i < m; i++) {
            get_bounds(P, 1, i + 1, &row_lower[i], &row_upper[i]);
            int length = glp_get_mat_row(P, i + 1, index, value);
            for (int t = 1; t <= length; t++) {
                entry_row[k] = i;
                entry_column[k] = index[t] - 1;
                entry_value[k] = value[t];
                k++;
            }
        }
        hooks_remove();
        code = DSE_GLPK_OK;
    }
out:
    free(index);
    free(value);
    return code;
}

const char *dse_glpk_column_name(dse_glpk_session *s, int column) {
    if (session_unusable(s) || s->prob == NULL) return NULL;
    if (column < 0 || column >= glp_get_num_cols(s->prob)) return NULL;
    return glp_get_col_name(s->prob, column + 1);
}

const char *dse_glpk_row_name(dse_glpk_session *s, int row) {
    if (session_unusable(s) || s->prob == NULL) return NULL;
    if (row < 0 || row >= glp_get_num_rows(s->prob)) return NULL;
    return glp_get_row_name(s->prob, row + 1);
}

const char *dse_glpk_problem_name(dse_glpk_session *s) {
    if (session_unusable(s) || s->prob == NULL) return NULL;
    return glp_get_prob_name(s->prob);
}

const char *dse_glpk_objective_name(dse_glpk_session *s) {
    if (session_unusable(s) || s->prob == NULL) return NULL;
    return glp_get_obj_name(s->prob);
}

// MARK: - Library facts

void dse_glpk_release_thread_environment(void) {
    if (glp_free_env() == 0) environment_generation += 1;
}

const char *dse_glpk_version(void) {
    return glp_version();
}

const char *dse_glpk_thread_local_storage(void) {
    return glp_config("TLS");
}
