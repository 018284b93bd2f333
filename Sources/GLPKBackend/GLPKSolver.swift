import CGLPKGuard
import Foundation
import LinearModel

/// Solves `Model`s with GLPK (Debian's libglpk 5.0), in-process and crash-proof.
///
/// One call to ``solve(_:options:)`` creates the GLPK problem, loads it, solves, reads the answer
/// and deletes it, all on the calling thread: GLPK keeps its environment thread-local, so a
/// problem never crosses threads, and separate models solve concurrently on separate threads.
/// GLPK's terminal output is captured into `Solution.log`; a GLPK fatal error is
/// thrown as ``GLPKError/fatal(operation:message:)`` instead of aborting the process.
///
/// LPs run the simplex method (with GLPK's presolver when `SolveOptions.presolve`
/// is on; an inconclusive presolver answer is re-solved without it). MIPs run `glp_intopt`; when
/// the LP relaxation is unbounded, a zero-objective solve decides between `unbounded` and
/// `infeasible` (for rational data a feasible MIP with an unbounded relaxation is unbounded).
public struct GLPKSolver: Solver {
    /// GLPK-specific settings beyond `SolveOptions`.
    public struct Configuration: Sendable {
        /// Gomory, mixed-integer rounding, cover and clique cuts.
        public var cuts: Bool
        /// Scale the problem (`GLP_SF_AUTO`) and start the simplex from an advanced basis, as
        /// glpsol does by default.
        public var scaling: Bool
        /// GLPK's feasibility pump heuristic (finds incumbents early on hard MIPs).
        public var feasibilityPump: Bool
        /// GLPK's memory limit for the solving thread, in MiB; `nil` for
        /// `SolveOptions.memoryLimitMegabytes`. Branch and bound stops itself at
        /// 90 % of it and returns its incumbent; a load or simplex that needs more ends with
        /// termination `Solution.Termination.memoryLimit` and no point.
        public var memoryLimitMegabytes: Int?
        /// Seconds between progress reports to `SolveOptions.progress` (new
        /// incumbents are always reported).
        public var progressInterval: Double

        /// Settings with these values (all have defaults).
        public init(
            cuts: Bool = true, scaling: Bool = true, feasibilityPump: Bool = false,
            memoryLimitMegabytes: Int? = nil, progressInterval: Double = 0.1
        ) {
            self.cuts = cuts
            self.scaling = scaling
            self.feasibilityPump = feasibilityPump
            self.memoryLimitMegabytes = memoryLimitMegabytes
            self.progressInterval = progressInterval
        }
    }

    /// How this solver runs GLPK.
    public var configuration: Configuration
    /// `glpk`.
    public var name: String { "glpk" }

    /// A solver with these settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Solves `model` on the calling thread: creates GLPK's problem, loads it, runs the simplex
    /// (and branch and bound for a MIP), reads the answer and deletes the problem, every call
    /// guarded so that a GLPK fatal error is a thrown ``GLPKError``.
    public func solve(_ model: Model, options: SolveOptions = SolveOptions()) throws -> Solution {
        let clock = Stopwatch()
        if options.isCancelled {
            return Solution(termination: .interrupted, statistics: SolveStatistics(solveSeconds: 0))
        }
        if model.emptyIntegerColumn != nil {
            // E.g. an integer x with 0.2 ≤ x ≤ 0.8: no integer point at all.
            return Solution(
                termination: .infeasible, statistics: SolveStatistics(solveSeconds: clock.seconds))
        }
        let session = try GLPKSession()
        if let megabytes = configuration.memoryLimitMegabytes ?? options.memoryLimitMegabytes {
            try session.setMemoryLimit(megabytes: megabytes)
        }
        var solution: Solution
        do {
            try GLPKModelLoader.load(model, into: session)
            if model.isMixedInteger {
                solution = try solveMIP(model, session: session, options: options, clock: clock)
            } else {
                solution = try solveLP(
                    model, session: session, options: options, clock: clock,
                    presolve: options.presolve)
            }
        } catch GLPKError.memoryLimit {
            // GLPK's allocator refused past the limit; its problem went with the error.
            solution = Solution(termination: .memoryLimit)
        } catch GLPKError.fatal(let operation, let message)
            where operation == "glp_intopt" && options.presolve && options.start == nil
        {
            // GLPK 5.0's MIP presolver can fail fatally on problems it reduces to nothing (every
            // column fixed: "glp_add_cols: ncs = 0; invalid number of columns"). The fatal error
            // freed the problem; solve again without the presolver (relaxation, then branch and
            // bound).
            var plain = options
            plain.presolve = false
            if let limit = options.timeLimitSeconds {
                plain.timeLimitSeconds = max(limit - clock.seconds, 0.001)
            }
            var retried = try solve(model, options: plain)
            retried.log =
                session.output
                + "\n[DSEKit: GLPK's MIP presolver failed (\(message)); solved again without it]\n"
                + retried.log
            retried.statistics.solveSeconds = clock.seconds
            return retried
        } catch GLPKError.fatal(let operation, let message)
            where operation == "glp_simplex" && (configuration.scaling || options.presolve)
            && message.contains("scale factor")
        {
            // GLPK's scaling (its own, or the presolver's) computes a zero scale factor for
            // denormal coefficients (|a| < 1e-308) and fails fatally; without scaling and
            // presolve the simplex takes them as they are.
            var unscaled = self
            unscaled.configuration.scaling = false
            var limited = options
            limited.presolve = false
            if let limit = options.timeLimitSeconds {
                limited.timeLimitSeconds = max(limit - clock.seconds, 0.001)
            }
            var retried = try unscaled.solve(model, options: limited)
            retried.log =
                session.output
                + "\n[DSEKit: GLPK's scaling failed (\(message)); solved again without it]\n"
                + retried.log
            retried.statistics.solveSeconds = clock.seconds
            return retried
        }
        solution.statistics.solveSeconds = clock.seconds
        solution.statistics.solverName = name
        solution.log = session.output
        return solution
    }

    /// Frees this thread's GLPK environment; for a thread that ends after solving.
    public func releaseThreadResources() {
        dse_glpk_release_thread_environment()
    }

    /// Loads the model into a GLPK problem and deletes it again, without solving: shows that
    /// GLPK accepts the model and measures the load on its own (used by the benchmarks).
    public func loadWithoutSolving(_ model: Model) throws(GLPKError) {
        let session = try GLPKSession()
        if let megabytes = configuration.memoryLimitMegabytes {
            try session.setMemoryLimit(megabytes: megabytes)
        }
        try GLPKModelLoader.load(model, into: session)
    }

    // MARK: - LP

    private func solveLP(
        _ model: Model, session: GLPKSession, options: SolveOptions,
        clock: Stopwatch, presolve: Bool
    ) throws(GLPKError) -> Solution {
        guard let limit = remainingMilliseconds(options, clock.seconds) else {
            return Solution(termination: .timeLimit)
        }
        var parameters = dse_glpk_simplex_params(
            message_level: Self.messageLevel(options.verbosity), time_limit_ms: limit,
            iteration_limit: Int32(clamping: options.iterationLimit ?? 0),
            presolve: presolve ? 1 : 0,
            scale: configuration.scaling ? 1 : 0, advanced_basis: configuration.scaling ? 1 : 0)
        var ret: Int32 = 0
        try session.call("glp_simplex") { dse_glpk_simplex($0, &parameters, &ret) }
        if presolve && (ret == Int32(DSE_GLPK_ENOPFS) || ret == Int32(DSE_GLPK_ENODFS)) {
            // The presolver proves "no primal" / "no dual feasible solution" without a basis; the
            // plain simplex tells infeasible from unbounded and leaves a basis to read.
            return try solveLP(
                model, session: session, options: options, clock: clock, presolve: false)
        }
        let n = model.variableCount
        let m = model.constraintCount
        var status: Int32 = 0
        var primalStatus: Int32 = 0
        var iterations: Int32 = 0
        var objective = 0.0
        var x = [Double](repeating: 0, count: n)
        var d = [Double](repeating: 0, count: n)
        var activity = [Double](repeating: 0, count: m)
        var dual = [Double](repeating: 0, count: m)
        try session.call("glp_get_status") {
            dse_glpk_lp_solution(
                $0, &status, &primalStatus, &objective, &x, &d, &activity, &dual, &iterations)
        }
        let statistics = SolveStatistics(simplexIterations: Int(iterations))
        let termination: Solution.Termination
        switch ret {
        case 0:
            switch status {
            case Int32(DSE_GLPK_OPT): termination = .optimal
            case Int32(DSE_GLPK_NOFEAS): termination = .infeasible
            case Int32(DSE_GLPK_UNBND): termination = .unbounded
            default: termination = .numericalFailure
            }
        case Int32(DSE_GLPK_ETMLIM): termination = .timeLimit
        case Int32(DSE_GLPK_EITLIM): termination = .iterationLimit
        default: termination = .numericalFailure
        }
        if termination == .optimal {
            return Solution(
                termination: .optimal, objectiveValue: objective, bestBound: objective,
                variableValues: x, constraintActivities: activity, constraintDuals: dual,
                reducedCosts: d, statistics: statistics)
        }
        if termination != .unbounded && termination != .infeasible
            && primalStatus == Int32(DSE_GLPK_FEAS)
        {
            // Stopped early at a primal feasible basis: a point, but no optimality claims.
            return Solution(
                termination: termination, objectiveValue: objective, variableValues: x,
                constraintActivities: activity, statistics: statistics)
        }
        return Solution(termination: termination, statistics: statistics)
    }

    // MARK: - MIP

    private func solveMIP(
        _ model: Model, session: GLPKSession, options: SolveOptions,
        clock: Stopwatch
    ) throws -> Solution {
        // A MIP start is checked here (GLPK's glp_ios_heur_sol checks only integrality and the
        // objective) and offered without the MIP presolver, which renumbers columns.
        let start = options.start.flatMap(model.checkedStart)
        let presolve = options.presolve && start == nil
        if !presolve {
            // Without GLPK's MIP presolver, glp_intopt needs an optimal basis of the relaxation.
            let relaxation = try solveLP(
                model, session: session, options: options, clock: clock, presolve: false)
            switch relaxation.termination {
            case .optimal: break
            case .unbounded:
                return try classifyUnboundedRelaxation(
                    model, options: options, elapsedSeconds: clock.seconds)
            case .infeasible, .timeLimit, .iterationLimit, .interrupted, .numericalFailure,
                .gapLimit, .memoryLimit:
                return Solution(
                    termination: relaxation.termination, statistics: relaxation.statistics)
            }
        }
        guard let limit = remainingMilliseconds(options, clock.seconds) else {
            return Solution(termination: .timeLimit)
        }
        let monitor = SearchMonitor(
            options: options, interval: configuration.progressInterval, clock: clock)
        let context = Unmanaged.passRetained(monitor)
        defer { context.release() }
        var ret: Int32 = 0
        let oneBased = start.map { [0] + $0 } ?? []
        try oneBased.withUnsafeBufferPointer { buffer in
            var parameters = dse_glpk_intopt_params(
                message_level: Self.messageLevel(options.verbosity), time_limit_ms: limit,
                mip_gap: options.relativeGap ?? 0, presolve: presolve ? 1 : 0,
                cuts: configuration.cuts ? 1 : 0,
                feasibility_pump: configuration.feasibilityPump ? 1 : 0,
                progress: searchMonitorThunk, context: context.toOpaque(),
                start: start == nil ? nil : buffer.baseAddress)
            try session.call("glp_intopt") { dse_glpk_intopt($0, &parameters, &ret) }
        }
        let startAccepted: Bool? =
            options.start == nil ? nil : session.read { dse_glpk_start_accepted($0) } != 0

        var hasBound: Int32 = 0
        var bound = 0.0
        var nodes: Int32 = 0
        session.read { dse_glpk_search_statistics($0, &hasBound, &bound, &nodes) }
        var status: Int32 = 0
        var iterations: Int32 = 0
        var objective = 0.0
        var x = [Double](repeating: 0, count: model.variableCount)
        var activity = [Double](repeating: 0, count: model.constraintCount)
        try session.call("glp_mip_status") {
            dse_glpk_mip_solution($0, &status, &objective, &x, &activity, &iterations)
        }
        let statistics = SolveStatistics(
            simplexIterations: Int(iterations), branchAndBoundNodes: Int(nodes),
            startAccepted: startAccepted)
        let found = status == Int32(DSE_GLPK_OPT) || status == Int32(DSE_GLPK_FEAS)

        let termination: Solution.Termination
        switch ret {
        case 0:
            termination =
                status == Int32(DSE_GLPK_OPT)
                ? .optimal : (status == Int32(DSE_GLPK_NOFEAS) ? .infeasible : .numericalFailure)
        case Int32(DSE_GLPK_ENOPFS): termination = .infeasible
        case Int32(DSE_GLPK_ENODFS):
            return try classifyUnboundedRelaxation(
                model, options: options, elapsedSeconds: clock.seconds)
        case Int32(DSE_GLPK_ETMLIM): termination = .timeLimit
        case Int32(DSE_GLPK_EMIPGAP): termination = .gapLimit
        case Int32(DSE_GLPK_ESTOP):
            termination =
                session.read { dse_glpk_memory_stopped($0) } != 0 ? .memoryLimit : .interrupted
        default: termination = .numericalFailure
        }
        guard found, termination != .infeasible else {
            return Solution(
                termination: termination, bestBound: hasBound != 0 ? bound : nil,
                statistics: statistics)
        }
        var bestBound: Double
        if termination == .optimal {
            bestBound = objective
        } else if hasBound != 0 {
            // The incumbent bounds the optimum from the other side; never report a bound worse
            // than it.
            bestBound =
                model.objectiveSense == .minimize ? min(bound, objective) : max(bound, objective)
        } else {
            bestBound = objective
        }
        if !bestBound.isFinite { bestBound = objective }
        return Solution(
            termination: termination, objectiveValue: objective, bestBound: bestBound,
            variableValues: x, constraintActivities: activity, statistics: statistics)
    }

    // MARK: - Helpers

    /// Milliseconds left for GLPK (0 = no limit), or nil when the time is already up.
    private func remainingMilliseconds(_ options: SolveOptions, _ elapsed: Double) -> Int32? {
        guard let limit = options.timeLimitSeconds else { return 0 }
        let remaining = limit - elapsed
        if !(remaining > 0) { return nil }
        // GLPK takes an int of milliseconds: a longer limit is no limit in practice (24.8 days).
        let milliseconds = min((remaining * 1000).rounded(.up), Double(Int32.max))
        return max(Int32(milliseconds), 1)  // checked: positive, at most Int32.max
    }

    static func messageLevel(_ verbosity: SolveOptions.Verbosity) -> Int32 {
        switch verbosity {
        case .quiet: return 0
        case .errors: return 1
        case .normal: return 2
        case .all: return 3
        }
    }

}

/// Wall-clock seconds since the solve began.
struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    var seconds: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}

/// Receives GLPK's branch-and-bound events (through the C guard, as plain values), forwards them
/// to the progress callback at most every `interval` seconds (new incumbents always), and asks
/// GLPK to stop when the caller cancels or the callback says so.
private final class SearchMonitor {
    let options: SolveOptions
    let interval: Double
    let clock: Stopwatch
    var lastReport = -Double.infinity

    init(options: SolveOptions, interval: Double, clock: Stopwatch) {
        self.options = options
        self.interval = interval
        self.clock = clock
    }

    /// Returns true to stop the search.
    func observe(_ progress: dse_glpk_progress) -> Bool {
        if options.isCancelled { return true }
        guard let callback = options.progress else { return false }
        let now = clock.seconds
        let isIncumbent = progress.event == Int32(DSE_GLPK_EVENT_INCUMBENT)
        guard isIncumbent || now - lastReport >= interval else { return false }
        lastReport = now
        let snapshot = SolverProgress(
            event: isIncumbent ? .newIncumbent : .progress,
            incumbentObjective: progress.has_incumbent != 0 ? progress.incumbent : nil,
            bestBound: progress.has_bound != 0 ? progress.bound : nil,
            nodeCount: Int(progress.total_nodes), activeNodeCount: Int(progress.active_nodes),
            elapsedSeconds: now)
        return callback(snapshot) == .stop
    }
}

/// The C-callable entry for ``SearchMonitor``; it calls no GLPK function.
private let searchMonitorThunk: dse_glpk_progress_fn = { context, progress in
    guard let context, let progress else { return 0 }
    let monitor = Unmanaged<SearchMonitor>.fromOpaque(context).takeUnretainedValue()
    return monitor.observe(progress.pointee) ? 1 : 0
}
