import Problems

/// The Python that a notebook runs: loading the embedded CSV with pandas, and one call per chart
/// to helpers that draw with matplotlib what ``ChartBuilder`` draws as SVG (same series, means,
/// min–max bands, Pareto flags and reference ranges).
enum NotebookPython {
    /// Loads the data; every column is kept as text (exactly as in the CSV) and converted to
    /// numbers where plotted.
    static func loadCell(csvText: String, fileName: String) -> String {
        """
        import io

        import matplotlib.pyplot as plt
        import pandas as pd

        # The batch results (\(fileName)), embedded so this notebook needs no other file.
        DATA = \(literal(csvText))

        df = pd.read_csv(io.StringIO(DATA), dtype=str, keep_default_na=False)
        print(f"{len(df)} rows × {len(df.columns)} columns")
        """
    }

    /// A Python string literal for any text: triple-quoted when that is safe, escaped otherwise —
    /// as a JSON string, whose escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\uXXXX`) mean the same in
    /// Python.
    static func literal(_ text: String) -> String {
        if !text.contains("\"\"\""), !text.contains("\\"), !text.hasSuffix("\"") {
            return "\"\"\"\\\n" + text + "\"\"\""
        }
        return JSONValue.string(text).serialized
    }

    static let helpersCell = """
        import numpy as np


        def subset(frame, where=None):
            \"\"\"Rows whose columns equal the given text values.\"\"\"
            for column, value in (where or {}).items():
                frame = frame[frame[column] == str(value)]
            return frame


        def numeric(series):
            return pd.to_numeric(series, errors="coerce")


        def split(frame, columns):
            \"\"\"(label, rows) per distinct combination of the columns, in order of first \
        appearance.\"\"\"
            if not columns:
                return [("", frame)]
            keys = frame[list(columns)].astype(str).agg(lambda row: ", ".join(f"{c} {v}" for c, v \
        in zip(columns, row)), axis=1)
            return [(key, frame[keys == key]) for key in dict.fromkeys(keys)]


        def panels(frame, facet):
            if facet is None:
                return [("", frame)]
            return [(f" — {facet} {value}", frame[frame[facet] == value]) for value in \
        dict.fromkeys(frame[facet])]


        def decorate(ax, title, xlabel, ylabel, logx, logy, bands):
            for low, high, label in bands or []:
                ax.axhspan(low, high, color="grey", alpha=0.15, label=label)
            ax.set_title(title)
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            if logx:
                ax.set_xscale("log")
            if logy:
                ax.set_yscale("log")
            ax.grid(True, color="#e6e6e6")
            ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5))


        def plot_curve(frame, x, ys, group=(), facet=None, where=None, logx=False, logy=False,
                       title="", xlabel="", ylabel="", bands=None, overlay=None):
            \"\"\"y against x, one line per group (later y columns dashed), mean and min–max band \
        where x repeats.\"\"\"
            frame = subset(frame, where)
            categories = None
            if numeric(frame[x][frame[x] != ""]).isna().any():
                # A text column on x (budget names, engines): categories in order of appearance.
                categories = [c for c in dict.fromkeys(frame[x]) if c != ""]
                frame = frame.assign(**{x: frame[x].map({c: str(i) for i, c in \
        enumerate(categories)})})
                logx = False
            parts = panels(frame, facet)
            fig, axes = plt.subplots(len(parts), 1, figsize=(9, 4.2 * len(parts)), squeeze=False)
            for ax, (suffix, part) in zip(axes[:, 0], parts):
                if categories is not None:
                    ax.set_xticks(range(len(categories)), categories)
                groups = split(part, group)
                for yi, y in enumerate(ys):
                    for gi, (key, rows) in enumerate(groups):
                        data = pd.DataFrame({"x": numeric(rows[x]), "y": numeric(rows[y])}).dropna()
                        if data.empty:
                            continue
                        stats = data.groupby("x")["y"].agg(["mean", "min", "max", \
        "count"]).sort_index()
                        label = key if len(ys) == 1 else (f"{key} · {y}" if key else y)
                        color = f"C{gi if len(groups) > 1 else yi}"
                        ax.plot(stats.index, stats["mean"], marker="o", markersize=4, \
        linestyle="--" if yi else "-",
                                color=color, label=label or y)
                        if (stats["count"] > 1).any():
                            ax.fill_between(stats.index, stats["min"], stats["max"], color=color, \
        alpha=0.18)
                if overlay is not None:
                    other, ox, oy, olabel = overlay
                    ax.scatter(numeric(other[ox]), numeric(other[oy]), color="C3", zorder=3, \
        label=olabel)
                if not logy:
                    ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
                decorate(ax, title + suffix, xlabel, ylabel, logx, logy, bands)
            fig.tight_layout()
            plt.show()


        def pareto_flags(xs, ys, maximize_x=False, maximize_y=False):
            \"\"\"True for points no other point beats on both axes.\"\"\"
            sx = -1 if maximize_x else 1
            sy = -1 if maximize_y else 1
            points = list(zip(xs * sx, ys * sy))
            return [not any(a <= px and b <= py and (a < px or b < py) for a, b in points) for px, \
        py in points]


        def plot_pareto(frame, x, y, group=(), where=None, logx=False, logy=False, \
        maximize_x=False, maximize_y=False,
                        title="", xlabel="", ylabel="", bands=None, overlay=None):
            \"\"\"Every design as a point, the non-dominated ones outlined and joined by the \
        front's staircase.\"\"\"
            frame = subset(frame, where)
            data = frame.assign(_x=numeric(frame[x]), _y=numeric(frame[y])).dropna(subset=["_x", \
        "_y"])
            data = data.assign(_front=pareto_flags(data["_x"].to_numpy(), data["_y"].to_numpy(), \
        maximize_x, maximize_y))
            fig, ax = plt.subplots(figsize=(9, 4.2))
            for gi, (key, rows) in enumerate(split(data, group)):
                ax.scatter(rows["_x"], rows["_y"], s=14, color=f"C{gi}", label=key or f"all \
        {len(data)} designs")
            front = data[data["_front"]].sort_values(["_x", "_y"])
            ax.scatter(front["_x"], front["_y"], s=40, facecolors="none", edgecolors="black")
            ax.step(front["_x"], front["_y"], where="post", color="black", label=f"Pareto front \
        ({len(front.drop_duplicates(['_x', '_y']))})")
            if overlay is not None:
                other, ox, oy, olabel = overlay
                ax.scatter(numeric(other[ox]), numeric(other[oy]), color="C3", zorder=3, \
        label=olabel)
            decorate(ax, title, xlabel, ylabel, logx, logy, bands)
            fig.tight_layout()
            plt.show()


        def plot_convergence(frame, columns, group=(), facet=None, where=None, logx=True, \
        logy=False,
                             title="", xlabel="evaluations", ylabel="best objective so far", \
        bands=None):
            \"\"\"Best-so-far (best_at_N columns) against N: mean over runs per group, min–max \
        band.\"\"\"
            frame = subset(frame, where)
            ns = [int(c.split("_")[-1]) for c in columns]
            parts = panels(frame, facet)
            fig, axes = plt.subplots(len(parts), 1, figsize=(9, 4.2 * len(parts)), squeeze=False)
            for ax, (suffix, part) in zip(axes[:, 0], parts):
                for gi, (key, rows) in enumerate(split(part, group)):
                    values = rows[columns].apply(numeric)
                    color = f"C{gi}"
                    label = key[len(group[0]) + 1:] if len(group) == 1 else key
                    ax.plot(ns, values.mean(), marker="o", markersize=4, color=color, label=label \
        or "all runs")
                    if len(rows) > 1:
                        ax.fill_between(ns, values.min(), values.max(), color=color, alpha=0.18)
                if "exhaustive_optimum" in part:
                    ax.axhline(numeric(part["exhaustive_optimum"]).min(), color="black", \
        linestyle="--", label="exhaustive optimum")
                decorate(ax, title + suffix, xlabel, ylabel, logx, logy, bands)
            fig.tight_layout()
            plt.show()
        """

    static func python(_ value: String?) -> String { value.map { literal($0) } ?? "None" }
    static func python(_ values: [String]) -> String {
        "[" + values.map { literal($0) }.joined(separator: ", ") + "]"
    }
    static func python(_ value: Bool) -> String { value ? "True" : "False" }

    /// One chart's call.
    static func chartCell(_ spec: ChartSpec, figure: Figure, overlayName: String?) -> String {
        var arguments: [String] = []
        var lines: [String] = []
        if let overlay = spec.overlay, let overlayName {
            lines.append(
                """
                overlay = (\(overlayName), \(literal(overlay.x)), \(literal(overlay.y)), \
                \(literal(overlay.label)))
                """
            )
        }
        let whereText =
            spec.filter.isEmpty
            ? nil
            : "{"
                + spec.filter.map { "\(literal($0.column)): \(literal($0.value))" }.joined(
                    separator: ", ") + "}"
        let bandsText =
            spec.bands.isEmpty
            ? nil
            : "["
                + spec.bands.map { "(\($0.low), \($0.high), \(literal($0.label)))" }.joined(
                    separator: ", ") + "]"
        let baseTitle =
            spec.title ?? figure.title.components(separatedBy: " — ").first ?? figure.title
        // One call per kind, keyword arguments in a fixed order (the helpers' signatures).
        let function: String
        switch spec.kind {
        case .convergence:
            function = "plot_convergence"
            arguments = ["df", python(spec.y)]
        case .pareto:
            function = "plot_pareto"
            arguments = ["df", literal(spec.x ?? ""), literal(spec.y.first ?? "")]
        default:
            function = "plot_curve"
            arguments = ["df", literal(spec.x ?? ""), python(spec.y)]
        }
        arguments.append("group=\(python(spec.group ?? []))")
        if spec.kind != .pareto, let facet = spec.facet {
            arguments.append("facet=\(literal(facet))")
        }
        if let whereText { arguments.append("where=\(whereText)") }
        arguments.append(
            "logx=\(python(spec.kind == .convergence ? spec.logX ?? true : figure.xScale == .log))")
        arguments.append("logy=\(python(figure.yScale == .log))")
        if spec.kind == .pareto, spec.maximizeX { arguments.append("maximize_x=True") }
        if spec.kind == .pareto, spec.maximizeY { arguments.append("maximize_y=True") }
        arguments.append("title=\(literal(baseTitle))")
        if spec.kind != .convergence { arguments.append("xlabel=\(literal(figure.xLabel))") }
        arguments.append("ylabel=\(literal(figure.yLabel))")
        if let bandsText { arguments.append("bands=\(bandsText)") }
        if spec.kind != .convergence, overlayName != nil { arguments.append("overlay=overlay") }
        lines.append("\(function)(\n    " + arguments.joined(separator: ",\n    ") + ",\n)")
        return lines.joined(separator: "\n")
    }
}
