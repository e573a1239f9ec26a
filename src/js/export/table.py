# table.py — the Python of gradlab's scripts for a network trained on a table
# (a bundled one, embedded, or the user's CSV file, read): gradlab's shuffle,
# split and standardisation of its rows (tabular.js shuffleRows, scalingOf,
# applyScaling; the page's tableData), float32 for float32. python.js puts the
# block table into common.py's block source (with read_table: embedded_table
# or csv_table) and table_points at the end of the script. Marked blocks: see
# template.js.
import math
import re
import sys

import numpy as np

# The constants of the data block (python.js dataConstants):
INPUTS = 4
CLASSES = 3
SPLIT_SEED = 1
TRAIN_FRACTION = 0.5
STANDARDISE = "zscore"
CSV_FILE = "data.csv"
CSV_CHECKSUM = "00000000"
ROWS = 150
LABEL_COLUMN = -1


# @gradlab:begin table
# @gradlab:begin read_table
# One of these, by the table:
# @gradlab:begin embedded_table
def read_table():
    """The table's rows (TABLE_ROWS, at the end of the script) in its own order:
    X float32 [n][INPUTS], y [n] (class indices)."""
    X, y = [], []
    for line in TABLE_ROWS.split():
        cells, label = line.rsplit(",", 1)
        X.append([int(c, 36) for c in cells] if TABLE_CODE == "base36" else [float(c) for c in cells.split(",")])
        y.append(float(label))
    return np.array(X, dtype=np.float64).reshape(-1, INPUTS).astype(np.float32), np.array(y, dtype=np.float32)
# @gradlab:end embedded_table


# @gradlab:begin csv_table
# The CSV file, read as gradlab reads it (datasets.fromCSV): RFC 4180 cells (quotes,
# "" inside quotes, separators and line breaks in quotes), CRLF / LF / CR line ends,
# a UTF-8 byte-order mark, a header when a cell of the first row is not a number,
# the label in column LABEL_COLUMN (-1: the last); class labels: whole numbers >= 0
# (classes = the largest + 1) or text (numbered in order of first appearance); a
# label with real numbers is a regression's value.
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
JS_SPACE = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def text_checksum(text):
    """The page's name of a CSV text: FNV-1a over its UTF-16 code units, 8 hex digits."""
    h = 0x811C9DC5
    for u in np.frombuffer(text.encode("utf-16-le"), dtype="<u2").tolist():
        h = ((h ^ u) * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def csv_records(text):
    """The rows of the CSV text: lists of cells (quoted cells unquoted, others trimmed)."""
    rows, row, cell, quoted, was_quoted, i = [], [], [], False, False, 0

    def end_cell():
        s = "".join(cell)
        row.append(s if was_quoted else s.strip(JS_SPACE))

    while i < len(text):
        c = text[i]
        if quoted:
            if c == '"':
                if text[i + 1:i + 2] == '"':
                    cell.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cell.append(c)
        elif c == '"':
            if "".join(cell).strip(JS_SPACE):
                sys.exit(f"{CSV_FILE}: a quote inside an unquoted cell")
            quoted, was_quoted, cell = True, True, []
        elif c == ",":
            end_cell()
            cell, was_quoted = [], False
        elif c in "\r\n":
            if c == "\r" and text[i + 1:i + 2] == "\n":
                i += 1
            end_cell()
            if not (len(row) == 1 and row[0] == ""):
                rows.append(row)
            row, cell, was_quoted = [], [], False
        elif not was_quoted:
            cell.append(c)
        i += 1
    if quoted:
        sys.exit(f"{CSV_FILE}: a quoted cell is not closed")
    end_cell()
    if not (len(row) == 1 and row[0] == ""):
        rows.append(row)
    return rows


def read_table(path):
    """The CSV file at path, if it is the file the page trained on (its checksum):
    X float32 [n][INPUTS], y [n] (class indices, or a regression's values)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        sys.exit(f"{path}: {e.strerror}: give the path of the CSV file {CSV_FILE!r} the page trained on")
    try:
        text = raw.decode("utf-8-sig")  # as the page reads a file: UTF-8, a byte-order mark dropped
    except UnicodeDecodeError:
        sys.exit(f"{path}: not UTF-8 text, so not the CSV file {CSV_FILE!r} the page trained on")
    checksum = text_checksum(text)
    if checksum != CSV_CHECKSUM:
        sys.exit(f"{path}: its checksum is {checksum}, but the page trained on {CSV_FILE!r} with checksum {CSV_CHECKSUM}: "
                 "not the same text (a changed or other file, or other line ends); give the very file the page loaded")
    rows = csv_records(text[1:] if text.startswith("\ufeff") else text)
    width = len(rows[0])
    header = any(not NUMBER.fullmatch(c) for c in rows[0])
    data = rows[1:] if header else rows
    label = width - 1 if LABEL_COLUMN < 0 else LABEL_COLUMN
    if width != INPUTS + 1 or len(data) != ROWS or label >= width or any(len(r) != width for r in data):
        sys.exit(f"{path}: {len(data)} rows of {width} cells; the page's table had {ROWS} rows of {INPUTS + 1} cells")
    X = np.array([[float(c) for j, c in enumerate(r) if j != label] for r in data], dtype=np.float64).astype(np.float32)
    raw_labels = [r[label] for r in data]
    numeric = all(NUMBER.fullmatch(c) for c in raw_labels)
    whole = numeric and all(float(c).is_integer() and float(c) >= 0 for c in raw_labels)
    if whole or not numeric:
        ids = {}
        y = [float(c) if numeric else ids.setdefault(c, len(ids)) for c in raw_labels]
        classes = int(max(y)) + 1 if numeric else len(ids)
    else:
        y, classes = [float(c) for c in raw_labels], 0
    if classes != CLASSES:
        sys.exit(f"{path}: the label column has {classes} classes; the page's had {CLASSES}")
    return X, np.array(y, dtype=np.float64).astype(np.float32)
# @gradlab:end csv_table
# @gradlab:end read_table


def imul(a, b):
    return (a * b) & 0xFFFFFFFF


def shuffle_order(n, seed):
    """gradlab's shuffleRows: a Fisher-Yates shuffle driven by mulberry32(seed); row i
    of the shuffled table is row order[i] of the table."""
    a = seed & 0xFFFFFFFF
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        x = imul(a ^ (a >> 15), a | 1)
        x = x ^ ((x + imul(x ^ (x >> 7), x | 61)) & 0xFFFFFFFF)
        j = math.floor(((x ^ (x >> 14)) & 0xFFFFFFFF) / 4294967296 * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def scaling_of(X, kind):
    """gradlab's scalingOf: per column (shift, scale), in float64 with sums in row order,
    of these rows (the training rows): zscore mean and population standard deviation,
    minmax minimum and max - min, none 0 and 1; a constant column gets scale 1."""
    X = X.astype(np.float64).reshape(len(X), -1)
    shift, scale = np.zeros(X.shape[1]), np.ones(X.shape[1])
    if kind == "none" or len(X) == 0:
        return shift, scale
    if kind == "zscore":
        shift = np.cumsum(X, axis=0)[-1] / len(X)
        spread = np.sqrt(np.cumsum((X - shift) ** 2, axis=0)[-1] / len(X))
    else:
        shift = X.min(axis=0)
        spread = X.max(axis=0) - shift
    return shift, np.where(spread == 0, 1.0, spread)


def apply_scaling(X, scaling):
    """(X - shift) / scale per column in float64, rounded to float32 (gradlab's applyScaling)."""
    shift, scale = scaling
    return ((X.astype(np.float64).reshape(len(X), len(shift)) - shift) / scale).astype(np.float32)


TRAIN_SCALING = None  # the features' (shift, scale), of the training rows (load_data)


def scale_rows(X):
    """Rows of the table's features in its own units, standardised as the training rows."""
    return apply_scaling(X, TRAIN_SCALING)


def split_rows(*source):
    """The table's rows in gradlab's order (shuffled with SPLIT_SEED), its number of
    training rows and that order: (X, y, n_train, order)."""
    X, y = read_table(*source)
    order = shuffle_order(len(y), SPLIT_SEED)
    n = len(y)
    n_train = n if TRAIN_FRACTION >= 1 else min(n - 1, max(1, int(math.floor(n * TRAIN_FRACTION + 0.5))))
    return X[order], y[order], n_train, order


def load_data(*source):
    """(X_train, y_train, X_test, y_test) as float32, as gradlab makes them of the table:
    its rows shuffled, the first TRAIN_FRACTION train, the features standardised
    (STANDARDISE) with the training rows' statistics; a regression's value too."""
    global TRAIN_SCALING
    X, y, n_train, _ = split_rows(*source)
    TRAIN_SCALING = scaling_of(X[:n_train], STANDARDISE)
    X = scale_rows(X)
    if CLASSES == 0:
        y = apply_scaling(y, scaling_of(y[:n_train], STANDARDISE)).reshape(-1)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]
# @gradlab:end table


# @gradlab:begin table_points
# ---- the table's rows -------------------------------------------------------------
# The rows of the table gradlab trained on, in its own order (float32 for float32),
# one a line: the features, then the class index. TABLE_CODE "base36": each feature
# one character (its whole value 0 ... 35 in base 36); "decimal": numbers between commas.
TABLE_CODE = "decimal"  # @gradlab:table_code
TABLE_ROWS = """
# @gradlab:begin table_rows
5.1,3.5,1.4,0.2,0
# @gradlab:end table_rows
"""
# @gradlab:end table_points
