import CGLPKGuard
import Foundation
import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// GLPK calls abort() on a fatal error. These tests provoke such errors on purpose, through the
/// C layer and through the solver, and show that the process survives, the error carries GLPK's
/// message, and the same thread then solves the next model correctly.
@Suite(.serialized) struct CrashGuardTests {
    /// Loads a 2×2 problem with the given 1-based triplets through the C guard.
    private func load(_ session: OpaquePointer, _ ia: [Int32], _ ja: [Int32], _ ar: [Double])
        -> Int32
    {
        let lower = [0.0, 0.0]
        let upper = [1.0, 1.0]
        let kinds: [UInt8] = [0, 0]
        let objective = [1.0, 1.0]
        let rowLower = [-Double.infinity, -Double.infinity]
        let rowUpper = [1.0, 1.0]
        return dse_glpk_load(
            session, "guard", 0, 0, 2, lower, upper, kinds, objective, nil,
            2, rowLower, rowUpper, nil, Int32(ia.count - 1), ia, ja, ar, nil)
    }

    /// The thread-local guarantee matters: these checks must run on one thread.
    private func solveKnapsackCorrectly() throws {
        let knapsack = Knapsack.random(items: 10, seed: 99)
        let (model, _) = try knapsack.model()
        let solution = try GLPKSolver().solve(model)
        #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
    }

    @Test func duplicateMatrixElementIsCaught() throws {
        let thread = pthread_self()
        let session = try #require(dse_glpk_session_create(1 << 20))
        defer { dse_glpk_session_destroy(session) }
        let code = load(session, [0, 1, 1], [0, 1, 1], [0, 1, 2])
        #expect(code == Int32(DSE_GLPK_FATAL.rawValue))
        let output = String(cString: dse_glpk_session_output(session))
        #expect(output.contains("duplicate indices not allowed"))
        #expect(dse_glpk_session_is_dead(session) != 0)
        // A dead session refuses further work instead of touching freed memory.
        var ret: Int32 = 0
        var params = dse_glpk_simplex_params(
            message_level: 0, time_limit_ms: 0, iteration_limit: 0, presolve: 0, scale: 0,
            advanced_basis: 0)
        #expect(dse_glpk_simplex(session, &params, &ret) == Int32(DSE_GLPK_MISUSE.rawValue))
        #expect(pthread_equal(thread, pthread_self()) != 0)
        try solveKnapsackCorrectly()
    }

    @Test func outOfRangeIndexIsCaught() throws {
        let session = try #require(dse_glpk_session_create(1 << 20))
        defer { dse_glpk_session_destroy(session) }
        #expect(load(session, [0, 5], [0, 1], [0, 1]) == Int32(DSE_GLPK_FATAL.rawValue))
        let output = String(cString: dse_glpk_session_output(session))
        #expect(output.contains("row index out of range"))
        try solveKnapsackCorrectly()

        let second = try #require(dse_glpk_session_create(1 << 20))
        defer { dse_glpk_session_destroy(second) }
        #expect(load(second, [0, 1], [0, 0], [0, 1]) == Int32(DSE_GLPK_FATAL.rawValue))
        #expect(
            String(cString: dse_glpk_session_output(second)).contains("column index out of range"))
        try solveKnapsackCorrectly()
    }

    @Test func aFatalErrorInOneSessionInvalidatesOthersOnTheSameThreadSafely() throws {
        let survivor = try #require(dse_glpk_session_create(1 << 20))
        defer { dse_glpk_session_destroy(survivor) }
        #expect(load(survivor, [0, 1], [0, 1], [0, 1]) == Int32(DSE_GLPK_OK.rawValue))
        let victim = try #require(dse_glpk_session_create(1 << 20))
        defer { dse_glpk_session_destroy(victim) }
        #expect(load(victim, [0, 1, 1], [0, 2, 2], [0, 1, 1]) == Int32(DSE_GLPK_FATAL.rawValue))
        // glp_free_env freed the survivor's problem too; the guard knows and refuses.
        #expect(dse_glpk_session_is_dead(survivor) != 0)
        var ret: Int32 = 0
        var params = dse_glpk_simplex_params(
            message_level: 0, time_limit_ms: 0, iteration_limit: 0, presolve: 0, scale: 0,
            advanced_basis: 0)
        #expect(dse_glpk_simplex(survivor, &params, &ret) == Int32(DSE_GLPK_MISUSE.rawValue))
        try solveKnapsackCorrectly()
    }

    @Test func memoryLimitIsATerminationNotAnAbort() throws {
        // 300 rows × 1000 columns, 300,000 non-zeros: far more than 1 MiB inside GLPK. The load
        // hits GLPK's allocator limit (a fatal error, caught): no point, status memory_limit.
        let model = try densePackingModel()
        let limited = GLPKSolver(configuration: .init(memoryLimitMegabytes: 1))
        let solution = try limited.solve(model)
        #expect(solution.termination == .memoryLimit)
        #expect(solution.status == .memoryLimit)
        #expect(!solution.hasFeasiblePoint)
        #expect(solution.log.contains("memory allocation limit exceeded"))
        // Through SolveOptions too (what `dse solve --memory-limit` sets for every family).
        let viaOptions = try GLPKSolver().solve(
            model, options: SolveOptions(memoryLimitMegabytes: 1))
        #expect(viaOptions.termination == .memoryLimit)
        // The limit went with the freed environment: the same thread solves normally again.
        try solveKnapsackCorrectly()
        let unlimited = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 30))
        #expect(unlimited.hasFeasiblePoint)
    }

    @Test func aSearchThatOutgrowsItsMemoryLimitReturnsItsIncumbent() throws {
        // Market split: incumbents at once, then a tree that grows past 2 MiB. Branch and bound
        // stops itself at 90 % of the limit and keeps its incumbent (status memory_limit).
        let model = try marketSplitModel()
        let solution = try GLPKSolver().solve(
            model, options: SolveOptions(timeLimitSeconds: 60, memoryLimitMegabytes: 2))
        #expect(solution.termination == .memoryLimit)
        let point = try #require(solution.variableValues)
        #expect(model.violations(point).relative <= 1e-9, "the incumbent is feasible")
        #expect(abs(model.objectiveValue(point) - (solution.objectiveValue ?? .nan)) <= 1e-9)
        #expect(
            (solution.bestBound ?? .infinity) <= (solution.objectiveValue ?? -.infinity),
            "a lower bound for a minimization")
    }

    /// GLPK's automatic scaling fails fatally on a denormal coefficient ("invalid scale
    /// factor"); the solver repeats the solve unscaled and gets the optimum.
    @Test func aDenormalCoefficientSolvesWithoutScaling() throws {
        var model = Model()
        let x = try model.addVariable("x", upperBound: 4)
        let y = try model.addVariable("y", upperBound: 3)
        try model.addConstraint(x + 1e-310 * y <= 2)
        try model.maximize(x + y)
        let solution = try GLPKSolver().solve(model)
        #expect(solution.termination == .optimal)
        #expect(solution.objectiveValue == 5)
        #expect(
            solution.log.contains("solved again without it")
                || !solution.log.contains("scale factor"))
    }

    @Test func glpkOutputIsCapturedNotPrinted() throws {
        let knapsack = Knapsack.random(items: 8, seed: 1)
        let (model, _) = try knapsack.model()
        let solution = try GLPKSolver().solve(model, options: SolveOptions(verbosity: .normal))
        // glp_intopt's progress lines ("+ N: mip = …") land in the log, not on stdout.
        #expect(solution.log.contains("mip ="))
        #expect(solution.log.contains("obj ="))
    }
}
