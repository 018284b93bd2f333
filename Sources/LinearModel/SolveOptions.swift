/// Solver-neutral settings for one solve.
public struct SolveOptions: Sendable {
    /// How much of the solver's own output to capture into ``Solution/log``.
    public enum Verbosity: Int, Sendable, Comparable {
        case quiet, errors, normal, all
        /// Orders verbosities from quiet to all.
        public static func < (lhs: Verbosity, rhs: Verbosity) -> Bool {
            lhs.rawValue < rhs.rawValue
        }
    }

    /// Wall-clock limit in seconds for the whole solve; `nil` for none.
    public var timeLimitSeconds: Double?
    /// Stop a MIP once `|incumbent − bound| / |incumbent|` is at most this; `nil` proves
    /// optimality.
    public var relativeGap: Double?
    /// Simplex iteration limit; `nil` for none.
    public var iterationLimit: Int?
    /// Let the solver's presolver simplify the model first.
    public var presolve: Bool
    /// How much of the solver's own output to capture into ``Solution/log``.
    public var verbosity: Verbosity
    /// Called during a MIP search with the incumbent, bound and gap (see ``SolverProgress``). It
    /// only reads; return ``ProgressDecision/stop`` to end the search (termination `interrupted`).
    public var progress: (@Sendable (SolverProgress) -> ProgressDecision)?
    /// Cancel the solve from another thread. Task cancellation is honoured as well.
    public var cancellation: CancellationToken?
    /// A MIP start: a point (one value per variable, in the model's order) the search takes as
    /// its first incumbent, so it prunes against it from the root and returns it if nothing
    /// better is found. Solvers check it against the model's bounds, rows and integrality
    /// first and ignore a point that fails (see ``SolveStatistics/startAccepted``).
    public var start: [Double]?
    /// The solver's memory limit in MiB; `nil` for none. A search that reaches it stops with
    /// termination ``Solution/Termination/memoryLimit`` and its best point, if it has one.
    public var memoryLimitMegabytes: Int?
    /// Receives how far the work has got (see ``WorkProgress``): a problem family reports its
    /// stages (a search's evaluations, an enumeration, a MIP's incumbent and bound) here. It is
    /// called often and from the working thread: it must be cheap and must not block.
    public var reportProgress: (@Sendable (WorkProgress) -> Void)?

    /// Options with these settings; every one is optional.
    public init(
        timeLimitSeconds: Double? = nil, relativeGap: Double? = nil, iterationLimit: Int? = nil,
        presolve: Bool = true, verbosity: Verbosity = .errors,
        progress: (@Sendable (SolverProgress) -> ProgressDecision)? = nil,
        cancellation: CancellationToken? = nil, start: [Double]? = nil,
        memoryLimitMegabytes: Int? = nil,
        reportProgress: (@Sendable (WorkProgress) -> Void)? = nil
    ) {
        self.timeLimitSeconds = timeLimitSeconds
        self.relativeGap = relativeGap
        self.iterationLimit = iterationLimit
        self.presolve = presolve
        self.verbosity = verbosity
        self.progress = progress
        self.cancellation = cancellation
        self.start = start
        self.memoryLimitMegabytes = memoryLimitMegabytes
        self.reportProgress = reportProgress
    }

    /// Sends `progress` to ``reportProgress``, if anyone listens.
    public func report(_ progress: WorkProgress) {
        reportProgress?(progress)
    }

    /// These options with the MIP search's snapshots also reported as ``WorkProgress`` of
    /// `stage` (any ``progress`` callback keeps its say over stopping); unchanged when nobody
    /// listens. Before the search starts, `stage` is reported once with nothing counted.
    public func reportingSolverProgress(as stage: String) -> SolveOptions {
        guard let report = reportProgress else { return self }
        report(WorkProgress(stage: stage))
        var options = self
        let previous = progress
        options.progress = { snapshot in
            report(WorkProgress(stage: stage, snapshot))
            return previous?(snapshot) ?? .continue
        }
        return options
    }

    /// These options without progress reports: for the many small solves inside a larger
    /// computation that reports its own progress.
    public var withoutProgressReports: SolveOptions {
        var options = self
        options.reportProgress = nil
        return options
    }

    /// Whether the caller asked to stop: the token, or the current task's cancellation.
    public var isCancelled: Bool {
        (cancellation?.isCancelled ?? false) || Task.isCancelled
    }
}

/// A snapshot of a MIP search, passed to ``SolveOptions/progress``.
public struct SolverProgress: Sendable, Equatable {
    /// What prompted a progress report.
    public enum Event: Sendable, Equatable {
        /// A better integer solution was found.
        case newIncumbent
        /// The search picked the next node (reported at most every ``SolverProgress`` throttle).
        case progress
    }

    /// What prompted this report.
    public var event: Event
    /// Objective of the best integer solution so far.
    public var incumbentObjective: Double?
    /// Best bound over the open nodes.
    public var bestBound: Double?
    /// Branch-and-bound nodes created so far.
    public var nodeCount: Int
    /// Open nodes.
    public var activeNodeCount: Int
    /// Seconds since the solve began.
    public var elapsedSeconds: Double

    /// A snapshot with these fields.
    public init(
        event: Event, incumbentObjective: Double?, bestBound: Double?, nodeCount: Int,
        activeNodeCount: Int, elapsedSeconds: Double
    ) {
        self.event = event
        self.incumbentObjective = incumbentObjective
        self.bestBound = bestBound
        self.nodeCount = nodeCount
        self.activeNodeCount = activeNodeCount
        self.elapsedSeconds = elapsedSeconds
    }

    /// `|incumbent − bound| / (|incumbent| + ε)` when both are known.
    public var relativeGap: Double? {
        Solution.relativeGap(objective: incumbentObjective, bound: bestBound)
    }
}

/// What the progress callback wants next.
public enum ProgressDecision: Sendable {
    case `continue`
    case stop
}
