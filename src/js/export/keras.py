# keras.py — the template of the Keras script gradlab exports: the script
# block, with marked blocks that keras.js fills in (see template.js). A block
# named after one of common.py gets that block; the others get the experiment's
# values, or the pieces of this file the experiment needs (an activation's
# function).
# @gradlab:begin script
#!/usr/bin/env python3
# Exported from gradlab (Keras). Python 3 with numpy and TensorFlow 2 (tf.keras,
# or Keras 3 on the TensorFlow backend).
# @gradlab:begin usage
# (common.py: how to run the script, and the experiment)
# @gradlab:end usage
#
# Notes: Keras' RMSprop divides by sqrt(v) + eps where gradlab uses sqrt(v + eps)
# (the same unless v is near eps); Keras' cross-entropy clips probabilities at
# 1e-7. Initialisers, Adam, SGD (with momentum / Nesterov) and the L1/L2 kernel
# penalties are gradlab's own formulas.
import argparse
import json
import math
import re
import sys

import numpy as np
import tensorflow as tf
from tensorflow import keras

# @gradlab:begin constants
OUTPUTS = 1
LOSS = "binary_crossentropy"
SEED = 1
EPOCHS = 100
BATCH_SIZE = 32
SHUFFLE = True
# @gradlab:end constants

# @gradlab:begin data
# (common.py: the data)
# @gradlab:end data


# ---- model ---------------------------------------------------------------------
# @gradlab:begin activation_functions
# The functions of those activations that Keras does not name, or names but
# defines differently in some version (KERAS_ACT of keras.js), in the order of
# the layers. act_leaky_relu and act_elu are written once per value of alpha,
# as act_leaky_relu_0_2 with 0.2 in place of ALPHA.
# @gradlab:begin act_step
def act_step(x):
    """1 where x > 0, else 0, with gradient 0 (not None) so training still runs."""
    return tf.cast(x > 0, x.dtype) + 0.0 * x
# @gradlab:end act_step


# @gradlab:begin act_leaky_relu
def act_leaky_relu(x):
    return tf.where(x > 0, x, ALPHA * x)
# @gradlab:end act_leaky_relu


# @gradlab:begin act_elu
def act_elu(x):
    return tf.where(x > 0, x, ALPHA * (tf.exp(tf.minimum(x, 0.0)) - 1.0))
# @gradlab:end act_elu


# @gradlab:begin act_softplus
def act_softplus(x):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|))."""
    return tf.nn.relu(x) + tf.math.log1p(tf.exp(-tf.abs(x)))
# @gradlab:end act_softplus


# @gradlab:begin act_hard_sigmoid
def act_hard_sigmoid(x):
    """relu6(x + 3) / 6, written out: Keras' own "hard_sigmoid" is 0.2 x + 0.5 in Keras 2."""
    return tf.nn.relu6(x + 3.0) / 6.0
# @gradlab:end act_hard_sigmoid


# @gradlab:begin act_swish
def act_swish(x):
    """x * sigmoid(x)."""
    return x * tf.sigmoid(x)
# @gradlab:end act_swish


# @gradlab:begin act_gelu
def act_gelu(x):
    """The erf form 0.5 x (1 + erf(x / sqrt 2)); Keras' default gelu is the tanh approximation in some versions."""
    return 0.5 * x * (1.0 + tf.math.erf(x * 0.7071067811865476))
# @gradlab:end act_gelu


# @gradlab:begin act_mish
def act_mish(x):
    """x * tanh(softplus(x))."""
    return x * tf.tanh(tf.nn.relu(x) + tf.math.log1p(tf.exp(-tf.abs(x))))
# @gradlab:end act_mish
# @gradlab:end activation_functions

# @gradlab:begin schedule
class GradlabSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """gradlab's learning rate of step t = 1, 2, ... (gl_schedule_lr): a linear
    warm-up over WARMUP steps, then constant, step, exponential or cosine.
    Keras counts the steps from 0."""

    def __call__(self, step):
        t = tf.cast(step, tf.float64) + 1.0
        u = t - WARMUP - 1.0
        if SCHEDULE == "step":
            after = LR * GAMMA ** tf.floor(u / PERIOD)
        elif SCHEDULE == "exponential":
            after = LR * GAMMA ** (u / PERIOD)
        elif SCHEDULE == "cosine":
            after = MIN_LR + (LR - MIN_LR) * 0.5 * (1.0 + tf.cos(math.pi * tf.minimum(u, PERIOD) / PERIOD))
        else:
            after = tf.constant(LR, tf.float64)
        return tf.cast(tf.where(t <= WARMUP, LR * t / max(WARMUP, 1), after), tf.float32)

    def get_config(self):
        return {}
# @gradlab:end schedule

def build_model():
    # @gradlab:begin model
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        # @gradlab:begin layers
        keras.layers.Dense(1, activation="sigmoid", name="dense_1",  # 2 -> 1 sigmoid, kernel glorot_uniform, bias 0
                           kernel_initializer=keras.initializers.GlorotUniform(),
                           bias_initializer=keras.initializers.Constant(0.0),
                           kernel_regularizer=None),
        # @gradlab:end layers
    ])
    # @gradlab:end model
    # @gradlab:begin compile
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False),
                  loss="binary_crossentropy", metrics=["accuracy"])
    # @gradlab:end compile
    return model


def close_enough(y_true, y_pred):
    """gradlab's accuracy for one mse output: |prediction - target| < 0.5."""
    return tf.cast(tf.abs(y_pred - y_true) < 0.5, tf.float32)


# @gradlab:begin weights
WEIGHTS = None  # export with weights to use --no-train
# @gradlab:end weights


def load_weights(model, weights):
    """gradlab's kernels are [in][out], as Keras' Dense kernels; a normalised
    layer's gamma, beta (batch norm: and its moving mean and variance) go to
    its norm_<layer> layer."""
    dense = [layer for layer in model.layers if layer.name.startswith("dense_")]
    for i, (layer, w) in enumerate(zip(dense, weights)):
        layer.set_weights([np.array(w["kernel"], dtype=np.float32), np.array(w["bias"], dtype=np.float32)])
        if "gamma" in w:
            names = ["gamma", "beta"] + (["runningMean", "runningVar"] if "runningMean" in w else [])
            model.get_layer(f"norm_{i + 1}").set_weights([np.array(w[k], dtype=np.float32) for k in names])


# @gradlab:begin log
# (common.py: log())
# @gradlab:end log


def main():
    global LOG
    parser = argparse.ArgumentParser(description="gradlab experiment, exported to Keras")
    # @gradlab:begin arguments
    args = parser.parse_args()  # (common.py: the command line)
    # @gradlab:end arguments
    keras.utils.set_random_seed(SEED)

    X_train, y_train, X_test, y_test = read_data(args.data) if args.data else load_data()  # @gradlab:get_data
    Y_train, Y_test = targets(y_train), targets(y_test)

    model = build_model()
    if args.no_train or args.from_weights:
        if WEIGHTS is None:
            sys.exit("--no-train and --from-weights need the weights: export the experiment with its weights")
        load_weights(model, WEIGHTS)
        log("weights: exported from gradlab")
    if not args.no_train:
        model.fit(X_train, Y_train, epochs=args.epochs, batch_size=BATCH_SIZE, shuffle=SHUFFLE,
                  verbose=2 if args.epochs <= 50 else 0)

    train_loss, train_acc = model.evaluate(X_train, Y_train, batch_size=4096, verbose=0)
    log(f"train loss {train_loss:.4f}, train accuracy {train_acc:.3f}")
    test_acc = None
    if len(X_test):
        test_loss, test_acc = model.evaluate(X_test, Y_test, batch_size=4096, verbose=0)
        test_acc = float(test_acc)
        log(f"test loss {test_loss:.4f}, test accuracy {test_acc:.3f}")
    else:
        log("no test set (trainFraction 1)")

    if args.predict:
        with open(args.predict) as f:
            points = np.array(json.load(f), dtype=np.float32).reshape(-1, INPUTS)  # @gradlab:read_points
        out = model.predict(points, batch_size=4096, verbose=0)
        print(json.dumps({"predictions": out.tolist(), "test_accuracy": test_acc}))
# @gradlab:begin points
# (common.py: gradlab's points, when the export has them; with two blank lines
# before them, part of the block so that a script without them ends as before)
# @gradlab:end points


if __name__ == "__main__":
    main()
# @gradlab:end script
