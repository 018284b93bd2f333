"""Optuna's TPE sampler on one of dse-bench's spaces, evaluated by `dse-bench evaluate SPACE`
(DSEKit's own evaluator, so both sides see the same numbers). Prints, per seed, one line of the
best cost's improvements as `evaluation:best` pairs (evaluations counted as distinct
configurations, as DSEKit's driver counts them); `dse-bench engines` reads them.

    pip install optuna
    python3 Benchmarks/optuna_tpe.py --space synthetic-5x10 --budget 500 --seeds 10 \
        --optimum 1 --evaluator Benchmarks/.build/release/dse-bench
"""
import argparse
import json
import subprocess

import optuna


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--space", required=True)
    parser.add_argument("--budget", type=int, default=500)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--optimum", type=float, help="stop a seed once within 1 %% of it (known optimum)")
    parser.add_argument("--evaluator", required=True)
    parser.add_argument("--univariate", action="store_true", help="multivariate=False (Optuna 5 defaults to True)")
    args = parser.parse_args()
    server = subprocess.Popen([args.evaluator, "evaluate", args.space], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    parameters = json.loads(server.stdout.readline())
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    for seed in range(1, args.seeds + 1):
        seen = {}
        improvements = []

        def reached():
            return args.optimum is not None and improvements and improvements[-1][1] <= args.optimum + 0.01 * abs(args.optimum)

        def objective(trial):
            indices = []
            for p in parameters:
                if p["kind"] == "categorical":
                    indices.append(trial.suggest_categorical(p["name"], list(range(p["count"]))))
                else:
                    indices.append(trial.suggest_int(p["name"], 0, p["count"] - 1))
            key = ",".join(map(str, indices))
            if key not in seen:
                server.stdin.write(key + "\n")
                server.stdin.flush()
                seen[key] = float(server.stdout.readline())
                if not improvements or seen[key] < improvements[-1][1]:
                    improvements.append((len(seen), seen[key]))
            return seen[key]

        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed, multivariate=not args.univariate))
        # Distinct evaluations count against the budget, as in DSEKit's driver (repeats are free).
        while len(seen) < args.budget and not reached() and len(study.trials) < 20 * args.budget:
            study.optimize(objective, n_trials=1)
        print(" ".join(f"{n}:{best!r}" for n, best in improvements), flush=True)
    server.stdin.close()
    server.wait()


if __name__ == "__main__":
    main()
