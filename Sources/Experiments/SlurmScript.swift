/// A ready-to-submit Slurm job array for a sweep: N array tasks each run `--shard K/N` into
/// their own CSV part, and a dependent job merges the parts once every task has succeeded.
public enum SlurmScript {
    public static func script(sweepPath: String, outputPath: String, tasks: Int, jobs: Int, dse: String = "dse") -> String {
        let part = "\(outputPath).part"
        let parts = (1...tasks).map { "\(part)\($0).csv" }.joined(separator: " ")
        return """
        #!/usr/bin/env bash
        # Runs \(sweepPath) as a Slurm job array of \(tasks) tasks, then merges the parts into
        # \(outputPath). Submit with: bash THIS_FILE   (it calls sbatch twice).
        set -euo pipefail
        array=$(sbatch --parsable --job-name=dse-sweep --array=1-\(tasks) --cpus-per-task=\(jobs) \\
          --output='\(part)%a.log' <<'EOF'
        #!/usr/bin/env bash
        set -euo pipefail
        \(dse) batch '\(sweepPath)' --jobs "${SLURM_CPUS_PER_TASK:-\(jobs)}" \\
          --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --out "\(part)${SLURM_ARRAY_TASK_ID}.csv" --resume
        EOF
        )
        sbatch --job-name=dse-merge --dependency=afterok:"${array}" --output='\(outputPath).merge.log' \\
          --wrap "\(dse) merge '\(outputPath)' \(parts) --sweep '\(sweepPath)'"
        echo "submitted array ${array} and its merge into \(outputPath)"

        """
    }
}
