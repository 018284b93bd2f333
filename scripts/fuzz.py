#!/usr/bin/env python3
"""Seeded fuzzing of every bundled input file through the real `dse` executable.

Each case copies one bundled file (problem, sweep, model, trace, CSV, mapping, graph, device),
damages it with one to three seeded mutations (field values set to extremes and hostile paths,
lines deleted, duplicated or swapped, truncation, random and invalid bytes, YAML alias bombs,
deep nesting, huge files) and runs every `dse` command that reads it, in a private work folder,
under a time-out and a memory limit. Every run must:

- exit with 0, 1 or 3 (never 2, a usage error in the harness, or 4, an internal error);
- on exit 3, print exactly one printable line on stderr naming the file (and the line, where
  the fault has one) — `dse: FILE:LINE: …`;
- not be killed by a signal (a Swift trap, a crash) nor run out of time or memory;
- write no file outside the work folder (checked with strace where it works, and by canary
  paths the mutations aim at), and never echo the planted secret file outside the work folder.

Usage: scripts/fuzz.py [--cases N] [--seed S] [--dse PATH] [--keep]
       scripts/fuzz.py --fields [--per-file K]   (every number of every problem file set to each
                                                  extreme in turn, instead of random damage)
A failing case is kept under the printed folder with its input, command and output; rerun it
with the same --seed and --only K.
"""

import argparse
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT_SECONDS = 60          # per command; solves get --time-limit 2
MEMORY_LIMIT_BYTES = 4 << 30  # address space per command
HUGE_BYTES = 12 << 20         # the "huge file" mutation grows a file to about this size

# Values a field is set to: extremes, wrong types, hostile text and paths.
NUMBERS = ["0", "-0", "-1", "1e308", "-1e308", "1e-308", "4.9e-324", "9223372036854775807",
           "-9223372036854775808", "18446744073709551616", "9007199254740993", "nan", ".nan", ".inf",
           "-.inf", "1e400", "0.5", "2147483648", "65536", "100000000", "0x10", "1_000", "3.0"]
TEXTS = ["", "~", "null", "'", "\"", "[", "{", "- -", "&a", "*a", "!!binary AAAA", "x" * 5000,
         "\u202e\u0007esc\u001b[31m", "é€😀", "true", "[1, 2, [3]]", "{a: 1}"]
PATHS = ["/etc/passwd", "../../../../../../etc/passwd", "/dev/zero", "/dev/urandom", "/proc/self/environ",
         ".", "..", "/", "SECRET", "CANARY_OUT", "/tmp/dse-fuzz-canary.csv", "traces/../../../../etc/hostname",
         "data/../../../SECRET_NAME", "a\u0000b"]


def discover():
    """(path relative to ROOT, kind) for every bundled input file."""
    files = []
    for folder, _, names in os.walk(os.path.join(ROOT, "problems")):
        for name in sorted(names):
            path = os.path.relpath(os.path.join(folder, name), ROOT)
            ext = name.rsplit(".", 1)[-1].lower()
            if ext == "md":
                continue
            if "/sweeps/" in path:
                kind = "sweep"
            elif ext in ("lp", "mps", "mod"):
                kind = "model"
            elif ext == "stl":
                kind = "trace"
            elif ext == "m":
                kind = "mapping"
            elif ext == "csv":
                kind = "data"
            elif ext in ("yaml", "json"):
                kind = "problem" if is_problem(os.path.join(ROOT, path)) else "data"
            else:
                continue
            files.append((path, kind))
    for name in sorted(os.listdir(os.path.join(ROOT, "results"))):
        if name.endswith(".csv"):
            files.append((os.path.join("results", name), "results"))
    return sorted(files)


def is_problem(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        head = f.read(4000)
    return bool(re.search(r"^family:", head, re.M)) or '"gpu_info"' in head


def mutate(data, rng, secret_name):
    """One mutation of `data` (bytes)."""
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    choice = rng.randrange(16)
    if choice <= 3:   # a number set to an extreme
        spots = list(re.finditer(r"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])", text))
        if spots:
            m = rng.choice(spots)
            text = text[:m.start()] + rng.choice(NUMBERS) + text[m.end():]
            return text.encode()
    if choice <= 5:   # a value set to hostile text or a path
        spots = list(re.finditer(r"(:\s*)([^\s,{}\[\]][^\n,}\]]*)", text))
        if spots:
            m = rng.choice(spots)
            value = rng.choice(PATHS + TEXTS)
            value = value.replace("SECRET_NAME", secret_name)
            text = text[:m.start(2)] + value + text[m.end(2):]
            return text.encode("utf-8", errors="surrogatepass")
    if choice == 6 and len(lines) > 1:   # delete a line
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines).encode()
    if choice == 7 and lines:            # duplicate a line (duplicate keys, repeated rows)
        k = rng.randrange(len(lines))
        lines.insert(k, lines[k])
        return "\n".join(lines).encode()
    if choice == 8 and len(lines) > 2:   # swap two lines
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines).encode()
    if choice == 9 and data:             # truncate
        return data[:rng.randrange(len(data))]
    if choice == 10:                     # random bytes somewhere (NUL, invalid UTF-8, controls)
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out.insert(rng.randrange(len(out) + 1), rng.choice([0, 0xFF, 0xC3, 0x1B, 0x07, 0x0D, rng.randrange(256)]))
        return bytes(out)
    if choice == 11 and data:            # bit flips
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(out))
            out[k] ^= 1 << rng.randrange(8)
        return bytes(out)
    if choice == 12:                     # YAML alias bomb at the top
        bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{k}: &a{k} [*a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}, *a{k-1}]\n"
            for k in range(1, 9))
        return (bomb + text).encode()
    if choice == 13:                     # deep nesting
        depth = rng.choice([200, 5000, 100000])
        return (text + "\nnested: " + "[" * depth + "]" * depth + "\n").encode()
    if choice == 14 and data:            # a huge file: the content repeated
        copies = max(1, HUGE_BYTES // max(len(data), 1))
        return data * copies
    if choice == 15:                     # one very long line
        return data + b"\n" + b"9" * rng.choice([100000, 3000000]) + b"\n"
    return rng.randbytes(rng.randrange(1, 4096)) if rng.random() < 0.3 else data + b"\n# appended\n"


def commands(kind, path, work, out):
    """The dse commands that read a file of `kind` at `path` (inside `work`)."""
    problems = os.path.join(work, "problems")
    allow = ["--allow-paths", problems]
    if kind == "problem":
        return [["validate", path], ["solve", path, "--time-limit", "2", "--json"]]
    if kind == "model":
        return [["validate", path], ["solve", path, "--time-limit", "2", "--write-lp", os.path.join(out, "m.lp"),
                                     "--write-mps", os.path.join(out, "m.mps")]]
    if kind == "sweep":
        return [["batch", path, "--print-slurm"] + allow,
                ["batch", path, "--jobs", "1", "--shard", "1/40", "--out", os.path.join(out, "b.csv")] + allow]
    if kind == "trace":
        return [["cost", "dram", "--trace", path]]
    if kind == "mapping":
        return [["cost", "dataflow", "--mapping", path, "--pes", "256", "--noc-bw", "32"], ["cost", "dataflow", "--mapping", path, "--pes", "64", "--noc-bw", "8", "--json"]]
    if kind == "results":
        name = os.path.basename(path)
        sweep = os.path.join(problems, "sweeps", name.replace(".csv", ".yaml"))
        resume = os.path.join(out, "resume.csv")
        shutil.copyfile(path, resume)
        runs = [["report", path, "--out", os.path.join(out, "r.svg")], ["merge", os.path.join(out, "merged.csv"), path]]
        if os.path.exists(sweep) and "cosma-networks" not in name:
            runs.append(["batch", sweep, "--resume", "--out", resume, "--jobs", "1", "--shard", "1/40"] + allow)
        return runs
    return []


def referrers(relative, files):
    """Problem files that name the data file `relative` (by its base name)."""
    name = os.path.basename(relative)
    found = []
    for path, kind in files:
        if kind in ("problem", "sweep") and path != relative:
            with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
                if name in f.read():
                    found.append((path, kind))
    return found


def limits():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")


def writes_outside(trace_file, work):
    """Paths the traced process opened for writing (or created, renamed, removed) outside `work`."""
    bad = []
    allowed = (work + "/", "/dev/null", "/dev/tty", "/dev/pts/", "/dev/shm/")
    if not os.path.exists(trace_file):
        return bad
    with open(trace_file, errors="replace") as f:
        for line in f:
            m = re.search(r'\b(openat|open|creat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|link|linkat|symlink|symlinkat|truncate)\((?:AT_FDCWD, |\d+, )?"([^"]*)"(.*)', line)
            if not m:
                continue
            call, target, rest = m.groups()
            if call in ("open", "openat") and not WRITE_FLAGS.search(rest):
                continue
            target = target if target.startswith("/") else os.path.join(work, target)
            target = os.path.normpath(target)
            if not target.startswith(allowed) and target != work:
                bad.append(f"{call} {target}")
    return bad


def check(run, code, stdout, stderr, elapsed, secret, outside_writes):
    """Problems with one run's outcome (empty when it behaved)."""
    problems = []
    if code is None:
        problems.append(f"timed out after {elapsed:.0f} s")
    elif code < 0:
        problems.append(f"killed by signal {-code} ({signal.Signals(-code).name})")
    elif code == 2 and "pass --allow-commands" in stderr:
        pass                             # a search file's program is not run without the user's word
    elif code not in (0, 1, 3):
        problems.append(f"exit status {code}")
    if code == 3:
        lines = [l for l in stderr.split("\n") if l.strip()]
        if len(lines) != 1:
            problems.append(f"exit 3 with {len(lines)} lines on stderr")
        elif not lines[0].startswith("dse: "):
            problems.append("exit 3 without 'dse: ' prefix")
        elif not re.match(r"dse: [^ ]+(:\d+)?: ", lines[0] + " "):
            problems.append("exit 3 without 'FILE:' or 'FILE:LINE:'")
        if any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in stderr):
            problems.append("unprintable characters on stderr")
        if len(stderr) > 2000:
            problems.append(f"stderr is {len(stderr)} characters")
    if "Stack dump" in stderr or "Fatal error" in stderr or "backtrace" in stderr.lower():
        problems.append("a Swift backtrace")
    if secret in stdout or secret in stderr:
        problems.append("printed the secret file's content")
    problems += [f"wrote outside the work folder: {w}" for w in outside_writes]
    return problems


def strace_works():
    try:
        return subprocess.run(["strace", "-f", "-qq", "-e", "trace=none", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=200, help="number of fuzz cases (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--dse", default=os.path.join(ROOT, ".build", "debug", "dse"), help="the dse executable")
    parser.add_argument("--only", type=int, help="run only case K (to reproduce a failure)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--fields", action="store_true", help="set each number of each problem file to each extreme in turn")
    parser.add_argument("--per-file", type=int, default=40, help="with --fields: at most this many numbers per file (spread evenly)")
    args = parser.parse_args()
    if not os.access(args.dse, os.X_OK):
        sys.exit(f"fuzz: no dse executable at {args.dse} (swift build --product dse)")

    base = tempfile.mkdtemp(prefix="dse-fuzz-")
    work = os.path.join(base, "work")
    secret_token = f"FUZZ-SECRET-{args.seed}-7f3a"
    secret_name = "secret.txt"
    with open(os.path.join(base, secret_name), "w") as f:
        f.write(f"{secret_token}: 1\n{secret_token},1,2\n0:\tread\t0x0\n")
    canary_out = os.path.join(base, "canary.csv")
    shutil.copytree(os.path.join(ROOT, "problems"), os.path.join(work, "problems"))
    os.makedirs(os.path.join(work, "results"))
    for name in os.listdir(os.path.join(ROOT, "results")):
        if name.endswith(".csv"):
            shutil.copyfile(os.path.join(ROOT, "results", name), os.path.join(work, "results", name))
    home = os.path.join(work, "home")
    os.makedirs(home)
    env = dict(os.environ, HOME=home, TMPDIR=os.path.join(work, "tmp"), NO_COLOR="1")
    os.makedirs(env["TMPDIR"])
    use_strace = strace_works()
    files = discover()
    rng = random.Random(args.seed)
    failures, runs, started = [], 0, time.time()
    slowest = (0.0, "")
    print(f"fuzz: seed {args.seed}, {args.cases} cases over {len(files)} bundled files, "
          f"strace {'on' if use_strace else 'unavailable (canaries only)'}, work folder {base}")
    plan = []   # (file, kind, mutated bytes or None for a random mutation)
    if args.fields:
        extremes = ["1e308", "-1e308", "0", "-1", "9223372036854775807", "1e-308", "0.5", "nan"]
        for relative, kind in files:
            if kind not in ("problem", "sweep"):
                continue
            with open(os.path.join(ROOT, relative), "rb") as f:
                pristine = f.read()
            text = pristine.decode("utf-8", "replace")
            spots = list(re.finditer(r"(?<![\w.])-?\d+(\.\d+)?([eE][-+]?\d+)?(?![\w.])", text))
            step = max(1, len(spots) // args.per_file)
            for m in spots[::step][:args.per_file]:
                for value in extremes:
                    plan.append((relative, kind, (text[:m.start()] + value + text[m.end():]).encode()))
        args.cases = len(plan)
        print(f"fuzz: --fields: {len(plan)} cases")
    for case in range(args.cases):
        case_rng = random.Random(rng.random())
        relative, kind = case_rng.choice(files) if not plan else plan[case][:2]
        if args.only is not None and case != args.only:
            continue
        original = os.path.join(work, relative)
        with open(os.path.join(ROOT, relative), "rb") as f:
            pristine = f.read()
        if plan:
            data = plan[case][2]
        else:
            data = pristine
            for _ in range(case_rng.randint(1, 3)):
                data = mutate(data, case_rng, os.path.relpath(os.path.join(base, secret_name), os.path.dirname(original)))
        data = data.replace(b"SECRET", os.path.join(base, secret_name).encode()).replace(b"CANARY_OUT", canary_out.encode())
        with open(original, "wb") as f:
            f.write(data)
        out = os.path.join(work, "out")
        os.makedirs(out, exist_ok=True)
        targets = [(relative, kind)] if kind not in ("data", "trace") else []
        if kind in ("data", "trace"):
            targets += referrers(relative, files)[:2]
            if kind == "trace":
                targets.append((relative, "trace"))
        for target, target_kind in targets:
            for command in commands(target_kind, os.path.join(work, target), work, out):
                runs += 1
                trace_file = os.path.join(base, "strace.log")
                argv = [args.dse] + command
                if use_strace:
                    argv = ["strace", "-f", "-qq", "-o", trace_file, "-e",
                            "trace=open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,link,linkat,symlink,symlinkat,truncate"] + argv
                begin = time.time()
                try:
                    done = subprocess.run(argv, cwd=work, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, preexec_fn=limits)
                    code, stdout, stderr = done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
                except subprocess.TimeoutExpired as expired:
                    code, stdout, stderr = None, (expired.stdout or b"").decode("utf-8", "replace"), (expired.stderr or b"").decode("utf-8", "replace")
                elapsed = time.time() - begin
                if elapsed > slowest[0]:
                    slowest = (elapsed, f"case {case}: dse {' '.join(command)}")
                outside = writes_outside(trace_file, work) if use_strace else []
                for canary in (canary_out, "/tmp/dse-fuzz-canary.csv"):
                    if os.path.exists(canary):
                        outside.append(canary)
                        os.remove(canary)
                found = check(command, code, stdout, stderr, elapsed, secret_token, outside)
                if found:
                    keep = os.path.join(base, "failures", f"case-{case}")
                    os.makedirs(keep, exist_ok=True)
                    with open(os.path.join(keep, os.path.basename(relative)), "wb") as f:
                        f.write(data)
                    with open(os.path.join(keep, "report.txt"), "w") as f:
                        f.write(f"file: {relative}\ncommand: dse {' '.join(command)}\nexit: {code}\n"
                                f"problems: {found}\n--- stdout ---\n{stdout[-4000:]}\n--- stderr ---\n{stderr[-4000:]}\n")
                    failures.append((case, relative, command, found, stderr.strip()[-300:]))
                    print(f"FAIL case {case} ({relative}): dse {' '.join(command)[:160]}\n    {'; '.join(found)}\n    {stderr.strip()[-300:]}")
        with open(original, "wb") as f:
            f.write(pristine)
        shutil.rmtree(out, ignore_errors=True)
    seconds = time.time() - started
    print(f"fuzz: {args.cases} cases, {runs} runs in {seconds:.0f} s (slowest {slowest[0]:.1f} s, {slowest[1][:120]}); "
          f"{len(failures)} failed")
    if failures:
        print(f"fuzz: failing inputs kept in {base}/failures (rerun one with --seed {args.seed} --only K)")
        sys.exit(1)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
