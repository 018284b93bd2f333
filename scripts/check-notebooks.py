#!/usr/bin/env python3
"""Checks exported notebooks: valid nbformat 4, data embedded (no file reads), and each executes
without error under nbconvert. Usage: check-notebooks.py NOTEBOOK.ipynb..."""
import sys
import time

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor


def check(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4, f"{path}: nbformat {notebook.nbformat}, expected 4"
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert "DATA = " in code and "read_csv(io.StringIO(" in code, f"{path}: the data is not embedded"
    assert "open(" not in code, f"{path}: reads a file"
    drawn = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if "image/svg+xml" in o.get("data", {})]
    assert drawn, f"{path}: no pre-rendered SVG output"
    start = time.time()
    ExecutePreprocessor(timeout=120, kernel_name="python3").preprocess(notebook, {"metadata": {"path": "/tmp"}})
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{path}: {errors[0]}"
    images = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.get("data", {}).keys() & {"image/png", "image/svg+xml"}]
    assert len(images) >= len(drawn), f"{path}: re-execution drew {len(images)} figures, expected {len(drawn)}"
    print(f"ok {path}: valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}, {len(drawn)} figures, executed in {time.time() - start:.1f} s")


failed = 0
for path in sys.argv[1:]:
    try:
        check(path)
    except Exception as error:  # report every notebook, then fail
        failed += 1
        print(f"FAILED {path}: {error}", file=sys.stderr)
sys.exit(1 if failed else 0)
