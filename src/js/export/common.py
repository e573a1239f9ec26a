# common.py — the Python that gradlab's PyTorch and Keras scripts share: the
# usage comment, the data (regenerated with numpy, or read from a file), log(),
# the command line and, when the export has them, gradlab's own points (a
# table's reader, split and standardisation: table.py). The
# exporter (python.js) copies these blocks into the blocks of the same names in
# pytorch.py and keras.py. Marked blocks: see template.js.
import argparse
import json
import math
import sys

import numpy as np

# @gradlab:begin usage
#
#   python3 this.py                     train as gradlab does, print the test accuracy
#   python3 this.py --no-train          use the trained weights exported from gradlab
#   python3 this.py --predict pts.json  also print predictions for [[x1, x2], ...] as JSON
#   python3 this.py --epochs N          override the number of epochs
#   python3 this.py --from-weights      train further, starting from the exported weights
#   python3 this.py --data data.json    train on these data instead (e.g. gradlab's own points)  # @gradlab:usage_data
#
# The experiment:
# @gradlab:begin experiment
#   data: ..., network: ..., training: ... (python.js writes the experiment)
# @gradlab:end experiment
# @gradlab:end usage

# OUTPUTS, EPOCHS and the like are the script's own constants (pytorch.py, keras.py).


# @gradlab:begin data
# ---- data ---------------------------------------------------------------------
# @gradlab:begin data_about
# The same generator as gradlab's, with numpy's RandomState in place of gradlab's
# PCG32: the same distribution, not the same draws.
# @gradlab:end data_about
# @gradlab:begin data_constants
N = 1000
INPUTS = 2  # columns of X (the sine: 1)
NOISE = 0.1
FACTOR = 0.8  # circles only
CLASSES = 2  # spiral and gauss only
DATA_SEED = 1
TRAIN_FRACTION = 0.5
SCALE = True
# @gradlab:end data_constants


# @gradlab:begin source
# The data's source: a generated set (block generated) or a table (table.py's block table).
# @gradlab:begin generated
# @gradlab:begin make_data
# One of these, by the type of the data set:
# @gradlab:begin circles
def make_data(rs):
    """sklearn.datasets.make_circles(n, shuffle=True, noise, random_state=seed, factor)."""
    n_out = N // 2
    n_in = N - n_out
    t_out = np.linspace(0.0, 2.0 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0.0, 2.0 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(t_out), FACTOR * np.cos(t_in)),
                   np.append(np.sin(t_out), FACTOR * np.sin(t_in))]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
# @gradlab:end circles


# @gradlab:begin moons
def make_data(rs):
    """sklearn.datasets.make_moons(n, shuffle=True, noise, random_state=seed)."""
    n_out = N // 2
    n_in = N - n_out
    t_out = np.linspace(0.0, np.pi, n_out)
    t_in = np.linspace(0.0, np.pi, n_in)
    X = np.vstack([np.append(np.cos(t_out), 1.0 - np.cos(t_in)),
                   np.append(np.sin(t_out), 1.0 - np.sin(t_in) - 0.5)]).T
    y = np.hstack([np.zeros(n_out), np.ones(n_in)])
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
# @gradlab:end moons


# @gradlab:begin xor
def make_data(rs):
    """gradlab's xor: points uniform in [-1, 1]^2, half of them (label 0) in the
    quadrants where x*y < 0, the rest (label 1) where x*y > 0; shuffled; noise."""
    n0 = N // 2
    a = 1.0 - rs.uniform(size=(N, 2))
    sx = np.where(rs.uniform(size=N) < 0.5, 1.0, -1.0)
    sy = np.where(np.arange(N) < n0, -sx, sx)
    X = np.stack([sx * a[:, 0], sy * a[:, 1]], axis=1)
    y = np.where(np.arange(N) < n0, 0.0, 1.0)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
# @gradlab:end xor


# @gradlab:begin spiral
def make_data(rs):
    """gradlab's spiral: CLASSES arms; point i of arm c (m points) at radius s = i/m
    and angle 1.75 * 2 pi s + 2 pi c / CLASSES; shuffled; noise."""
    X, y = [], []
    for c in range(CLASSES):
        m = N // CLASSES + (1 if c < N % CLASSES else 0)
        s = np.arange(m) / m
        t = 1.75 * 2.0 * np.pi * s + 2.0 * np.pi * c / CLASSES
        X.append(np.stack([s * np.cos(t), s * np.sin(t)], axis=1))
        y.append(np.full(m, float(c)))
    X, y = np.concatenate(X), np.concatenate(y)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
# @gradlab:end spiral


# @gradlab:begin gauss
def make_data(rs):
    """gradlab's gauss: CLASSES isotropic clusters of std NOISE centred on the unit
    circle at angles pi/4 + 2 pi c / CLASSES; shuffled."""
    X, y = [], []
    for c in range(CLASSES):
        m = N // CLASSES + (1 if c < N % CLASSES else 0)
        t = 0.25 * np.pi + 2.0 * np.pi * c / CLASSES
        X.append(np.tile([np.cos(t), np.sin(t)], (m, 1)))
        y.append(np.full(m, float(c)))
    X, y = np.concatenate(X), np.concatenate(y)
    order = np.arange(N)
    rs.shuffle(order)
    X, y = X[order], y[order]
    X = X + rs.normal(scale=NOISE, size=X.shape)
    return X, y
# @gradlab:end gauss


# @gradlab:begin plane
def make_data(rs):
    """TF Playground's regression plane: points uniform in [-6, 6]^2; the value
    (x1 + x2) / 10 of the point moved by NOISE * U(-6, 6) per coordinate."""
    X = rs.uniform(-6.0, 6.0, size=(N, 2))
    moved = X + rs.uniform(-6.0, 6.0, size=(N, 2)) * NOISE
    return X, (moved[:, 0] + moved[:, 1]) / 10.0
# @gradlab:end plane


# @gradlab:begin multigauss
def make_data(rs):
    """TF Playground's regression multi-Gaussian: six bumps sign * max(0, 1 - d / 2)
    at (-4 / 0 / 4, +-2.5); the value of the bump largest in |value| at the point
    moved by NOISE * U(-6, 6) per coordinate."""
    X = rs.uniform(-6.0, 6.0, size=(N, 2))
    moved = X + rs.uniform(-6.0, 6.0, size=(N, 2)) * NOISE
    bumps = np.array([[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]])
    d = np.hypot(moved[:, None, 0] - bumps[None, :, 0], moved[:, None, 1] - bumps[None, :, 1])
    v = bumps[None, :, 2] * np.clip(1.0 - d / 2.0, 0.0, None)
    return X, v[np.arange(N), np.abs(v).argmax(axis=1)]
# @gradlab:end multigauss


# @gradlab:begin sine
def make_data(rs):
    """gradlab's 1-D fit: x uniform in [-1, 1), value sin(pi x) + N(0, NOISE^2)."""
    x = rs.uniform(-1.0, 1.0, size=(N, 1))
    return x, np.sin(np.pi * x[:, 0]) + rs.normal(scale=NOISE, size=N)
# @gradlab:end sine
# @gradlab:end make_data


def scale_minmax(X):
    """Min-max per coordinate to [-1, 1] (a constant coordinate becomes 0)."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    return np.where(hi > lo, 2.0 * (X - lo) / span - 1.0, 0.0)


def load_data():
    """(X_train, y_train, X_test, y_test) as float32; y holds class labels (a regression set: values)."""
    X, y = make_data(np.random.RandomState(DATA_SEED))
    if SCALE:
        X = scale_minmax(X)
    if TRAIN_FRACTION >= 1:
        n_train = N  # no test set
    else:
        n_train = min(N - 1, max(1, int(math.floor(N * TRAIN_FRACTION + 0.5))))
    X, y = X.astype(np.float32), y.astype(np.float32)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]
# @gradlab:end generated


# @gradlab:end source


def targets(labels):
    """Labels as the network's targets: a column for one output, one-hot otherwise."""
    if OUTPUTS == 1:
        return labels.reshape(-1, 1).astype(np.float32)
    return np.eye(OUTPUTS, dtype=np.float32)[labels.astype(np.int64)]


def read_data(path):
    """Data from a JSON file {"X_train": [[x1, x2], ...], "y_train": [label, ...],
    "X_test": ..., "y_test": ...} (e.g. gradlab's own data set, point for point)."""
    with open(path) as f:
        d = json.load(f)
    get = lambda k, shape: np.array(d[k], dtype=np.float32).reshape(shape)
    return get("X_train", (-1, INPUTS)), get("y_train", -1), get("X_test", (-1, INPUTS)), get("y_test", -1)
# @gradlab:begin features


# ---- feature inputs ---------------------------------------------------------------
# The network takes these features of the two coordinates x1, x2 (gradlab's
# featureColumns), in this order; each computed in float64 and rounded to
# float32, as gradlab computes them.
FEATURES = ["x1sq", "x2sq", "x1x2"]  # @gradlab:feature_list
FEATURE_FUNCTIONS = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1sq": lambda a, b: a * a,
    "x2sq": lambda a, b: b * b,
    "x1x2": lambda a, b: a * b,
    "sinx1": lambda a, b: np.sin(a),
    "sinx2": lambda a, b: np.sin(b),
}


def feature_columns(X):
    """Points [n][2] -> the network's inputs [n][len(FEATURES)] (float32)."""
    a, b = X[:, 0].astype(np.float64), X[:, 1].astype(np.float64)
    return np.stack([FEATURE_FUNCTIONS[f](a, b) for f in FEATURES], axis=1).astype(np.float32).reshape(-1, len(FEATURES))
# @gradlab:end features
# @gradlab:end data


# @gradlab:begin log
def log(*args):
    print(*args, file=LOG)


LOG = sys.stdout
# @gradlab:end log


def main():
    global LOG
    parser = argparse.ArgumentParser(description="gradlab experiment, exported to a framework")
    # @gradlab:begin arguments
    parser.add_argument("--no-train", action="store_true", help="use the weights exported from gradlab, no training")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help=f"epochs to train (default {EPOCHS})")
    parser.add_argument("--predict", metavar="POINTS_JSON", help="print predictions for these points as JSON on stdout")
    parser.add_argument("--from-weights", action="store_true", help="start training from the exported weights")
    parser.add_argument("--data", metavar="DATA_JSON", help="use these data instead of regenerating them (see read_data)")  # @gradlab:data_argument
    args = parser.parse_args()
    if args.predict:
        LOG = sys.stderr  # stdout carries only the JSON
    # @gradlab:end arguments


# @gradlab:begin points
# ---- gradlab's points ---------------------------------------------------------------
# The points gradlab trained and tested on, exported with the script (float32 for
# float32), one a line: x1, x2, label. They are the script's data unless --data
# FILE or --regenerate.
TRAIN_POINTS = [
    # @gradlab:begin train_points
    [0.5, -0.25, 1],
    # @gradlab:end train_points
]
TEST_POINTS = [
    # @gradlab:begin test_points
    [-0.5, 0.25, 0],
    # @gradlab:end test_points
]


def embedded_data():
    """(X_train, y_train, X_test, y_test) as float32: TRAIN_POINTS and TEST_POINTS."""
    def split(points):
        a = np.array(points, dtype=np.float64).reshape(-1, INPUTS + 1)
        return a[:, :INPUTS].astype(np.float32), a[:, INPUTS].astype(np.float32)
    return (*split(TRAIN_POINTS), *split(TEST_POINTS))
# @gradlab:end points

