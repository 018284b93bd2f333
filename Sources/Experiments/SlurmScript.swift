/// A ready-to-submit Slurm job array for a sweep: N array tasks each run `--shard K/N` into
/// their own CSV part, and a dependent job merges the parts once every task has succeeded.
public enum SlurmScript {
    /// The script. `dse` is the program the tasks run — give the absolute path of the `dse` that
    /// writes the script, so the job runs the same build whatever the nodes' PATH holds. The
    /// tasks log their progress (`--progress`, a line every few seconds) to their `.log` files.
    public static func script(
        sweepPath: String, outputPath: String, tasks: Int, jobs: Int, dse: String,
        allowPaths: [String] = []
    ) -> String {
        let part = "\(outputPath).part"
        let parts = (1...tasks).map { quote("\(part)\($0).csv") }.joined(separator: " ")
        let allow = allowPaths.map { " --allow-paths \(quote($0))" }.joined()
        let merge =
            "\(quote(dse)) merge \(quote(outputPath)) \(parts) --sweep \(quote(sweepPath))\(allow)"
        return """
            #!/usr/bin/env bash
            # Runs \(sweepPath) as a Slurm job array of \(tasks) tasks,
            # then merges the parts into \(outputPath).
            # Submit with: bash THIS_FILE   (it calls sbatch twice).
            set -euo pipefail
            array=$(sbatch --parsable --job-name=dse-sweep \\
              --array=1-\(tasks) --cpus-per-task=\(jobs) \\
              --output=\(quote("\(part)%a.log")) <<'EOF'
            #!/usr/bin/env bash
            set -euo pipefail
            \(quote(dse)) batch \(quote(sweepPath))\(allow) \\
              --progress --jobs "${SLURM_CPUS_PER_TASK:-\(jobs)}" \\
              --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" \\
              --out \(quote(part))"${SLURM_ARRAY_TASK_ID}.csv" --resume
            EOF
            )
            sbatch --job-name=dse-merge --dependency=afterok:"${array}" \\
              --output=\(quote("\(outputPath).merge.log")) \\
              --wrap \(quote(merge))
            echo "submitted array ${array} and its merge into" \(quote(outputPath))

            """
    }

    /// `text` as one shell word (single-quoted; a `'` inside becomes `'\''`).
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
