// CCBCGuard: CBC behind a C function that never lets a C++ exception or an unchecked index
// through. See include/CCBCGuard.h for the contract.

#include "CCBCGuard.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include <coin/CbcEventHandler.hpp>
#include <coin/CbcModel.hpp>
#include <coin/CbcSolver.hpp>
#include <coin/CbcTree.hpp>
#include <coin/ClpSimplex.hpp>
#include <coin/CoinError.hpp>
#include <coin/CoinMessageHandler.hpp>
#include <coin/OsiClpSolverInterface.hpp>

namespace {

using Clock = std::chrono::steady_clock;

/// CbcMain1 reads its arguments through global state (CBC 2.10 without CBC_THREAD_SAFE).
std::timed_mutex driverLock;

/// What a solve shares with its handlers: the caller's parameters and what happened.
struct SolveContext {
    const dse_cbc_params *params;
    Clock::time_point began;
    bool stopped = false;
    bool timeUp = false;

    double elapsed() const {
        return std::chrono::duration<double>(Clock::now() - began).count();
    }

    bool overTime() const {
        return params->time_limit_seconds > 0 && elapsed() >= params->time_limit_seconds;
    }

    /// Reports to the progress function; true when the caller asks to stop.
    bool report(const dse_cbc_progress &progress) {
        if (params->progress == nullptr) return false;
        if (params->progress(params->context, &progress) != 0) {
            stopped = true;
            return true;
        }
        return false;
    }
};

/// Sends every line CBC and Clp print to the caller's log function instead of stdout.
class CapturingHandler : public CoinMessageHandler {
public:
    explicit CapturingHandler(SolveContext *context) : context_(context) {}
    CapturingHandler(const CapturingHandler &rhs) : CoinMessageHandler(rhs), context_(rhs.context_) {}
    CoinMessageHandler *clone() const override { return new CapturingHandler(*this); }

    int print() override {
        const dse_cbc_params *params = context_->params;
        if (params->log != nullptr) params->log(params->context, messageBuffer());
        return 0;
    }

private:
    SolveContext *context_;
};

/// Reports the main search's progress and stops it on request or at the wall-clock limit.
class SearchEvents : public CbcEventHandler {
public:
    explicit SearchEvents(SolveContext *context) : context_(context) {}
    SearchEvents(const SearchEvents &rhs) : CbcEventHandler(rhs), context_(rhs.context_) {}
    CbcEventHandler *clone() const override { return new SearchEvents(*this); }

    CbcAction event(CbcEvent which) override {
        if (model_ == nullptr || model_->parentModel() != nullptr) return noAction;  // a sub-MIP of a heuristic
        if (context_->overTime()) {
            context_->timeUp = true;
            return stop;
        }
        if (which != node && which != solution && which != heuristicSolution && which != treeStatus) return noAction;
        dse_cbc_progress progress;
        std::memset(&progress, 0, sizeof progress);
        progress.event = (which == solution || which == heuristicSolution) ? DSE_CBC_EVENT_INCUMBENT : DSE_CBC_EVENT_PROGRESS;
        progress.has_incumbent = model_->bestSolution() != nullptr;
        progress.incumbent = progress.has_incumbent ? model_->getObjValue() : 0;
        double bound = model_->getBestPossibleObjValue();
        progress.has_bound = std::isfinite(bound) && std::fabs(bound) < 1e40;
        progress.bound = progress.has_bound ? bound : 0;
        progress.nodes = model_->getNodeCount();
        progress.active_nodes = model_->tree() != nullptr ? model_->tree()->size() : 0;
        return context_->report(progress) ? stop : noAction;
    }

private:
    SolveContext *context_;
};

void setError(char *error, size_t capacity, const std::string &message) {
    if (error == nullptr || capacity == 0) return;
    std::snprintf(error, capacity, "%s", message.c_str());
}

/// The problem's arrays are what the header says, or the reason they are not.
std::string malformed(const dse_cbc_problem &p) {
    if (p.columns < 0 || p.rows < 0) return "negative column or row count";
    if (p.column_starts == nullptr) return "no column starts";
    if (p.column_starts[0] != 0) return "column_starts[0] is not 0";
    for (int j = 0; j < p.columns; j++) {
        if (p.column_starts[j + 1] < p.column_starts[j]) return "column_starts decreases at column " + std::to_string(j);
    }
    const int entries = p.column_starts[p.columns];
    if (entries > 0 && (p.row_indices == nullptr || p.values == nullptr)) return "no matrix entries";
    for (int k = 0; k < entries; k++) {
        if (p.row_indices[k] < 0 || p.row_indices[k] >= p.rows) return "row index " + std::to_string(p.row_indices[k]) + " out of range at entry " + std::to_string(k);
        if (!std::isfinite(p.values[k])) return "non-finite coefficient at entry " + std::to_string(k);
    }
    if (p.columns > 0 && (p.column_lower == nullptr || p.column_upper == nullptr || p.objective == nullptr || p.is_integer == nullptr)) return "missing column arrays";
    if (p.rows > 0 && (p.row_lower == nullptr || p.row_upper == nullptr)) return "missing row arrays";
    for (int j = 0; j < p.columns; j++) {
        if (std::isnan(p.column_lower[j]) || std::isnan(p.column_upper[j]) || !std::isfinite(p.objective[j])) return "NaN bound or non-finite cost at column " + std::to_string(j);
    }
    for (int i = 0; i < p.rows; i++) {
        if (std::isnan(p.row_lower[i]) || std::isnan(p.row_upper[i])) return "NaN bound at row " + std::to_string(i);
    }
    return "";
}

double coinBound(double value) {
    if (value == INFINITY) return COIN_DBL_MAX;
    if (value == -INFINITY) return -COIN_DBL_MAX;
    return value;
}

void load(OsiClpSolverInterface &solver, const dse_cbc_problem &p) {
    std::vector<double> columnLower(p.columns), columnUpper(p.columns), rowLower(p.rows), rowUpper(p.rows);
    for (int j = 0; j < p.columns; j++) {
        columnLower[j] = coinBound(p.column_lower[j]);
        columnUpper[j] = coinBound(p.column_upper[j]);
    }
    for (int i = 0; i < p.rows; i++) {
        rowLower[i] = coinBound(p.row_lower[i]);
        rowUpper[i] = coinBound(p.row_upper[i]);
    }
    solver.loadProblem(p.columns, p.rows, p.column_starts, p.row_indices, p.values,
                       columnLower.data(), columnUpper.data(), p.objective, rowLower.data(), rowUpper.data());
    solver.setObjSense(p.maximize ? -1.0 : 1.0);
}

void copy(const double *from, double *to, int count) {
    if (from != nullptr && to != nullptr && count > 0) std::memcpy(to, from, sizeof(double) * count);
}

void solveLP(const dse_cbc_problem &p, const dse_cbc_params &params, dse_cbc_result &r, SolveContext &context) {
    CapturingHandler handler(&context);   // declared first: outlives everything that prints to it
    handler.setLogLevel(params.log_level);
    OsiClpSolverInterface solver;
    solver.passInMessageHandler(&handler);
    load(solver, p);
    ClpSimplex *simplex = solver.getModelPtr();
    simplex->passInMessageHandler(&handler);
    simplex->setLogLevel(params.log_level);
    if (params.time_limit_seconds > 0) simplex->setMaximumWallSeconds(params.time_limit_seconds);
    solver.setHintParam(OsiDoPresolveInInitial, params.presolve != 0, OsiHintTry);
    solver.setHintParam(OsiDoReducePrint, params.log_level < 2, OsiHintTry);
    if (params.inject_fault == 1) throw CoinError("fault injected by a test", "dse_cbc_solve", "CCBCGuard");
    solver.initialSolve();
    r.iterations = solver.getIterationCount();
    r.proven_optimal = solver.isProvenOptimal();
    r.proven_infeasible = solver.isProvenPrimalInfeasible();
    r.unbounded = !r.proven_infeasible && solver.isProvenDualInfeasible();
    r.abandoned = solver.isAbandoned();
    r.time_limit_reached = !r.proven_optimal && !r.proven_infeasible && !r.unbounded && simplex->status() == 3 && !simplex->hitMaximumIterations();
    if (r.proven_optimal) {
        r.has_solution = 1;
        r.objective = solver.getObjValue();
        r.has_bound = 1;
        r.bound = r.objective;
        copy(solver.getColSolution(), r.solution, p.columns);
        copy(solver.getRowActivity(), r.activity, p.rows);
        copy(solver.getRowPrice(), r.duals, p.rows);
        copy(solver.getReducedCost(), r.reduced_costs, p.columns);
    }
}

void solveMIP(const dse_cbc_problem &p, const dse_cbc_params &params, dse_cbc_result &r, SolveContext &context) {
    // Wait for the driver, honouring the time limit and stop requests meanwhile.
    std::unique_lock<std::timed_mutex> lock(driverLock, std::defer_lock);
    while (!lock.try_lock_for(std::chrono::milliseconds(20))) {
        dse_cbc_progress waiting;
        std::memset(&waiting, 0, sizeof waiting);
        if (context.report(waiting)) { r.stopped = 1; return; }
        if (context.overTime()) { r.time_limit_reached = 1; return; }
    }
    double remaining = 0;
    if (params.time_limit_seconds > 0) {
        remaining = params.time_limit_seconds - context.elapsed();
        if (remaining <= 0) { r.time_limit_reached = 1; return; }
    }

    CapturingHandler handler(&context);   // declared first: outlives everything that prints to it
    handler.setLogLevel(params.log_level);
    OsiClpSolverInterface solver;
    solver.passInMessageHandler(&handler);
    load(solver, p);
    for (int j = 0; j < p.columns; j++) {
        if (p.is_integer[j]) solver.setInteger(j);
    }
    CbcModel model(solver);
    CbcSolverUsefulData data;
    data.noPrinting_ = params.log_level == 0;
    data.useSignalHandler_ = false;
    CbcMain0(model, data);
    model.passInMessageHandler(&handler);
    model.solver()->passInMessageHandler(&handler);
    SearchEvents events(&context);
    model.passInEventHandler(&events);
    if (params.start != nullptr) {
        std::vector<std::pair<std::string, double>> start;
        start.reserve(p.columns);
        for (int j = 0; j < p.columns; j++) start.emplace_back(model.solver()->getColName(j), params.start[j]);
        model.setMIPStart(start);
    }

    char logLevel[16], seconds[32], gap[32];
    std::snprintf(logLevel, sizeof logLevel, "%d", params.log_level);
    std::snprintf(seconds, sizeof seconds, "%.3f", remaining > 0 ? remaining : 1e9);
    std::snprintf(gap, sizeof gap, "%.17g", params.relative_gap >= 0 ? params.relative_gap : 0.0);
    std::vector<const char *> argv = {"dse", "-log", logLevel, "-slog", params.log_level > 1 ? logLevel : "0",
                                      "-timeMode", "elapsed", "-sec", seconds, "-ratioGap", gap,
                                      "-preprocess", params.presolve ? "sos" : "off", "-solve", "-quit"};
    if (params.inject_fault == 1) throw CoinError("fault injected by a test", "dse_cbc_solve", "CCBCGuard");
    CbcMain1(static_cast<int>(argv.size()), argv.data(), model, nullptr, data);

    const int status = model.status(), secondary = model.secondaryStatus();
    r.nodes = model.getNodeCount();
    r.iterations = model.getIterationCount();
    r.unbounded = model.isContinuousUnbounded() || secondary == 7;
    r.abandoned = status == 2;
    r.stopped = context.stopped;
    r.time_limit_reached = context.timeUp || secondary == 4 || model.isSecondsLimitReached();
    r.gap_reached = secondary == 2;
    const double *best = model.bestSolution();
    if (best != nullptr) {
        r.has_solution = 1;
        r.objective = model.getObjValue();
        copy(best, r.solution, p.columns);
    }
    // Secondary status 1 means "the relaxation is infeasible or worse than the cutoff": with a
    // MIP start that is already optimal, the search ends there with the start as its answer.
    const bool finished = status == 0 && !r.stopped && !r.time_limit_reached;
    r.proven_infeasible = !r.has_solution && (model.isProvenInfeasible() || (finished && secondary == 1));
    r.proven_optimal = r.has_solution && finished;
    double bound = model.getBestPossibleObjValue();
    r.has_bound = std::isfinite(bound) && std::fabs(bound) < 1e40;
    r.bound = r.has_bound ? bound : 0;
}

}  // namespace

extern "C" int dse_cbc_solve(const dse_cbc_problem *problem, const dse_cbc_params *params,
                             dse_cbc_result *result, char *error, size_t error_capacity) {
    if (problem == nullptr || params == nullptr || result == nullptr) {
        setError(error, error_capacity, "null argument");
        return DSE_CBC_MISUSE;
    }
    try {
        const std::string reason = malformed(*problem);
        if (!reason.empty()) {
            setError(error, error_capacity, reason);
            return DSE_CBC_MISUSE;
        }
        if (params->inject_fault == 2) {
            setError(error, error_capacity, "fault injected by a test (refused before CBC)");
            return DSE_CBC_MISUSE;
        }
        SolveContext context;
        context.params = params;
        context.began = Clock::now();
        bool integral = false;
        for (int j = 0; j < problem->columns; j++) integral = integral || problem->is_integer[j];
        if (integral) {
            solveMIP(*problem, *params, *result, context);
        } else {
            solveLP(*problem, *params, *result, context);
        }
        return DSE_CBC_OK;
    } catch (const CoinError &e) {
        setError(error, error_capacity, e.className() + "::" + e.methodName() + ": " + e.message());
    } catch (const std::bad_alloc &) {
        setError(error, error_capacity, "out of memory");
    } catch (const std::exception &e) {
        setError(error, error_capacity, e.what());
    } catch (...) {
        setError(error, error_capacity, "unknown C++ exception");
    }
    return DSE_CBC_EXCEPTION;
}

extern "C" const char *dse_cbc_version(void) {
    return CBC_VERSION;
}
