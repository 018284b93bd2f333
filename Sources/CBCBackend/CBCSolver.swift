import CCBCGuard
import Foundation
import LinearModel

/// Solves `Model`s with COIN-OR CBC 2.10 (Debian's coinor-libcbc-dev), in-process
/// and crash-proof.
///
/// LPs run Clp's simplex directly (with duals and reduced costs); MIPs run CBC's standalone
/// driver, the algorithm of the `cbc` program (preprocessing, cuts, heuristics), with the wall
/// clock as its time limit. Every array is checked before it reaches CBC and every C++ exception
/// is caught in the guard, so a fault is a thrown ``CBCError`` and costs one solve, never the
/// process. CBC's output is captured into `Solution.log`, never printed.
///
/// Concurrency: LP solves run in parallel; MIP solves in one process take turns, because CBC
/// 2.10's driver (as Debian builds it, without `CBC_THREAD_SAFE`) reads its settings through
/// global state. A waiting solve counts the wait against its time limit and can be stopped.
///
/// Not supported by CBC and ignored: `SolveOptions.memoryLimitMegabytes` and
/// `SolveOptions.iterationLimit`.
public struct CBCSolver: Solver {
    /// CBC-specific settings beyond `SolveOptions`.
    public struct Configuration: Sendable {
        /// Seconds between progress reports to `SolveOptions.progress` (new
        /// incumbents are always reported).
        public var progressInterval: Double
        /// Tests only: make the guard fail inside CBC (a thrown C++ exception) or before it.
        var injectedFault: InjectedFault

        /// Settings with these values.
        public init(progressInterval: Double = 0.1) {
            self.progressInterval = progressInterval
            self.injectedFault = .none
        }
    }

    /// A fault the guard can be asked to produce, to test that it is contained.
    enum InjectedFault: Int32, Sendable {
        case none = 0
        /// A `CoinError` thrown inside the guarded region.
        case exception = 1
        /// The guard's own argument check refuses the call.
        case refusal = 2
    }

    /// How this solver runs CBC.
    public var configuration: Configuration
    /// `cbc`.
    public var name: String { "cbc" }

    /// A solver with these settings.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Solves `model` on the calling thread: an LP with Clp (duals and reduced costs), a MIP with
    /// CBC's driver (one at a time per process), every call behind the C++ guard.
    public func solve(_ model: Model, options: SolveOptions = SolveOptions()) throws -> Solution {
        let began = ContinuousClock.now
        func elapsed() -> Double { (ContinuousClock.now - began) / .seconds(1) }
        if options.isCancelled {
            return Solution(termination: .interrupted)
        }
        if model.emptyIntegerColumn != nil {
            return Solution(
                termination: .infeasible, statistics: SolveStatistics(solveSeconds: elapsed()))
        }
        let arrays = try CBCProblemArrays(model)
        let start = options.start.flatMap(model.checkedStart)
        let monitor = CBCSearchMonitor(
            options: options, interval: configuration.progressInterval,
            began: began, sense: model.objectiveSense, constant: model.objectiveConstant)
        let n = model.variableCount
        let m = model.constraintCount
        var solutionValues = [Double](repeating: 0, count: n)
        var activities = [Double](repeating: 0, count: m)
        var duals = [Double](repeating: 0, count: m)
        var reducedCosts = [Double](repeating: 0, count: n)
        var result = dse_cbc_result()
        var error = [CChar](repeating: 0, count: 1024)
        let context = Unmanaged.passRetained(monitor)
        defer { context.release() }
        let code: Int32 = arrays.withProblem { problem in
            (start ?? []).withUnsafeBufferPointer { startBuffer in
                solutionValues.withUnsafeMutableBufferPointer { x in
                    activities.withUnsafeMutableBufferPointer { a in
                        duals.withUnsafeMutableBufferPointer { y in
                            reducedCosts.withUnsafeMutableBufferPointer { d in
                                result.solution = x.baseAddress
                                result.activity = a.baseAddress
                                result.duals = y.baseAddress
                                result.reduced_costs = d.baseAddress
                                var parameters = dse_cbc_params(
                                    time_limit_seconds: options.timeLimitSeconds ?? 0,
                                    relative_gap: options.relativeGap ?? -1,
                                    log_level: Self.logLevel(options.verbosity),
                                    presolve: options.presolve ? 1 : 0,
                                    start: start == nil ? nil : startBuffer.baseAddress,
                                    progress: cbcProgressThunk, log: cbcLogThunk,
                                    context: context.toOpaque(),
                                    inject_fault: configuration.injectedFault.rawValue)
                                return dse_cbc_solve(
                                    &problem, &parameters, &result, &error, error.count)
                            }
                        }
                    }
                }
            }
        }
        let message = String(
            decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch code {
        case Int32(DSE_CBC_OK.rawValue): break
        case Int32(DSE_CBC_MISUSE.rawValue): throw CBCError.refused(message: message)
        default: throw CBCError.exception(message: message)
        }
        var statistics = SolveStatistics(
            solveSeconds: 0, simplexIterations: Int(result.iterations),
            branchAndBoundNodes: model.isMixedInteger ? Int(result.nodes) : nil,
            startAccepted: options.start == nil ? nil : start != nil)
        var solution: Solution
        if model.isMixedInteger {
            if result.unbounded != 0 && result.has_solution == 0 {
                solution = try classifyUnboundedRelaxation(
                    model, options: options, elapsedSeconds: elapsed())
                solution.log = monitor.log
                return solution
            }
            solution = Self.mipSolution(
                model, result, values: solutionValues, options: options, statistics: statistics)
        } else {
            statistics.branchAndBoundNodes = nil
            solution = Self.lpSolution(
                model, result, values: solutionValues, activities: activities, duals: duals,
                reducedCosts: reducedCosts, statistics: statistics)
        }
        if monitor.stopRequested && solution.termination != .optimal
            && solution.termination != .infeasible
        {
            solution.termination = .interrupted
        }
        solution.statistics.solveSeconds = elapsed()
        solution.statistics.solverName = name
        solution.log = monitor.log
        return solution
    }

    private static func lpSolution(
        _ model: Model, _ r: dse_cbc_result, values: [Double], activities: [Double],
        duals: [Double], reducedCosts: [Double], statistics: SolveStatistics
    ) -> Solution {
        if r.proven_optimal != 0 {
            let objective = r.objective + model.objectiveConstant
            return Solution(
                termination: .optimal, objectiveValue: objective, bestBound: objective,
                variableValues: values,
                constraintActivities: activities, constraintDuals: duals,
                reducedCosts: reducedCosts,
                statistics: statistics)
        }
        let termination: Solution.Termination
        if r.proven_infeasible != 0 {
            termination = .infeasible
        } else if r.unbounded != 0 {
            termination = .unbounded
        } else if r.time_limit_reached != 0 {
            termination = .timeLimit
        } else {
            termination = .numericalFailure
        }
        return Solution(termination: termination, statistics: statistics)
    }

    private static func mipSolution(
        _ model: Model, _ r: dse_cbc_result, values: [Double], options: SolveOptions,
        statistics: SolveStatistics
    ) -> Solution {
        guard r.has_solution != 0 else {
            let termination: Solution.Termination
            if r.proven_infeasible != 0 {
                termination = .infeasible
            } else if r.stopped != 0 {
                termination = .interrupted
            } else if r.time_limit_reached != 0 {
                termination = .timeLimit
            } else {
                termination = .numericalFailure
            }
            let bound =
                r.has_bound != 0 && termination != .infeasible
                ? r.bound + model.objectiveConstant : nil
            return Solution(termination: termination, bestBound: bound, statistics: statistics)
        }
        // CBC leaves integer columns within its tolerance of a whole number; report the whole
        // number, and the objective of the point reported.
        var point = values
        for variable in model.variables where model.kind(of: variable).isIntegral {
            point[variable.index].round()
        }
        if model.violations(point).relative > model.violations(values).relative + 1e-9 {
            point = values
        }
        let objective = model.objectiveValue(point)
        var bound = r.has_bound != 0 ? r.bound + model.objectiveConstant : objective
        // The incumbent bounds the optimum from the other side: never report a bound beyond it.
        bound = model.objectiveSense == .minimize ? min(bound, objective) : max(bound, objective)
        let termination: Solution.Termination
        if r.proven_optimal != 0 {
            let gap = Solution.relativeGap(objective: objective, bound: bound) ?? 0
            termination = (options.relativeGap ?? 0) > 0 && gap > 1e-9 ? .gapLimit : .optimal
        } else if r.stopped != 0 {
            termination = .interrupted
        } else if r.gap_reached != 0 {
            termination = .gapLimit
        } else if r.time_limit_reached != 0 {
            termination = .timeLimit
        } else {
            termination = .numericalFailure
        }
        if termination == .optimal { bound = objective }
        return Solution(
            termination: termination, objectiveValue: objective, bestBound: bound,
            variableValues: point,
            constraintActivities: model.activities(point), statistics: statistics)
    }

    static func logLevel(_ verbosity: SolveOptions.Verbosity) -> Int32 {
        switch verbosity {
        case .quiet, .errors: return 0
        case .normal: return 1
        case .all: return 3
        }
    }
}
