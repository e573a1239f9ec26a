# pytorch.py — the template of the PyTorch script gradlab exports: the script
# block, with marked blocks that pytorch.js fills in (see template.js). A block
# named after one of common.py gets that block; the others get the experiment's
# values, or the pieces of this file the experiment needs (an activation's
# function, an optimiser's class).
# @gradlab:begin script
#!/usr/bin/env python3
# Exported from gradlab (PyTorch). Python 3 with numpy and torch (>= 1.13).
# @gradlab:begin usage
# (common.py: how to run the script, and the experiment)
# @gradlab:end usage
import argparse
import json
import math
import re
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# @gradlab:begin constants
OUTPUTS = 1
LOSS = "binary_crossentropy"
SEED = 1
EPOCHS = 100
BATCH_SIZE = 32
SHUFFLE = True
L1 = 0.0
L2 = 0.0
# @gradlab:end constants

# @gradlab:begin data
# (common.py: the data)
# @gradlab:end data


# ---- model ---------------------------------------------------------------------
# @gradlab:begin activation_functions
# The functions of those activations that torch does not name as gradlab
# defines them (TORCH_ACT of pytorch.js), in the order of the layers:
# @gradlab:begin act_linear
def act_linear(x):
    return x
# @gradlab:end act_linear


# @gradlab:begin act_step
def act_step(x):
    """1 where x > 0, else 0; its gradient is 0 (as in gradlab)."""
    return (x > 0).to(x.dtype)
# @gradlab:end act_step


# @gradlab:begin act_softplus
def act_softplus(x):
    """log(1 + exp(x)), stable: max(x, 0) + log1p(exp(-|x|))."""
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x)))
# @gradlab:end act_softplus


# @gradlab:begin act_hard_sigmoid
def act_hard_sigmoid(x):
    """relu6(x + 3) / 6 (not the 0.2x + 0.5 of older Keras versions)."""
    return F.relu6(x + 3.0) / 6.0
# @gradlab:end act_hard_sigmoid


# @gradlab:begin act_swish
def act_swish(x):
    """x * sigmoid(x)."""
    return x * torch.sigmoid(x)
# @gradlab:end act_swish


# @gradlab:begin act_gelu
def act_gelu(x):
    """The erf form: x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2)) (not the tanh approximation)."""
    return 0.5 * x * (1.0 + torch.erf(x * 0.7071067811865476))
# @gradlab:end act_gelu


# @gradlab:begin act_mish
def act_mish(x):
    """x * tanh(softplus(x))."""
    return x * torch.tanh(torch.clamp(x, min=0) + torch.log1p(torch.exp(-torch.abs(x))))
# @gradlab:end act_mish


# @gradlab:begin act_softmax
def act_softmax(x):
    """Row-wise softmax."""
    return torch.softmax(x, dim=1)
# @gradlab:end act_softmax
# @gradlab:end activation_functions

ACTS = [torch.sigmoid]  # @gradlab:acts


class Net(nn.Module):
    """Dense layers as gradlab's: z = x W + b with W [in][out] (torch stores W^T)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.ModuleList([
            # @gradlab:begin layers
            nn.Linear(2, 1),  # layer 1: 2 -> 1 sigmoid, kernel glorot_uniform, bias 0
            # @gradlab:end layers
        ])
        # @gradlab:begin options
        # (the layers' norms and dropouts, when the network has them: pytorch.js)
        # @gradlab:end options

    def forward(self, x):
        """The output layer's pre-activation z and the network's output."""
        # @gradlab:begin forward
        z = self.fc[0](x)
        return z, ACTS[0](z)  # sigmoid
        # @gradlab:end forward


def uniform_limit(w, limit):
    nn.init.uniform_(w, -limit, limit)


def truncated_normal(w, stddev):
    """Keras' TruncatedNormal as used by its *_normal initialisers: N(0, s) redrawn
    beyond 2 s, with s = stddev / 0.8796256610342398 so the result has std = stddev."""
    s = stddev / 0.8796256610342398
    nn.init.trunc_normal_(w, 0.0, s, -2.0 * s, 2.0 * s)


def init_parameters(net):
    """Keras' initialiser formulas (fan_in = inputs of the layer, fan_out = units)."""
    with torch.no_grad():
        # @gradlab:begin init
        uniform_limit(net.fc[0].weight, math.sqrt(6.0 / (2 + 1)))  # glorot_uniform
        nn.init.constant_(net.fc[0].bias, 0.0)
        # @gradlab:end init


# @gradlab:begin weights
WEIGHTS = None  # export with weights to use --no-train
# @gradlab:end weights


def load_weights(net, weights):
    """gradlab's kernels are [in][out] as Keras'; nn.Linear.weight is [out][in].
    A normalised layer's gamma, beta (and batch norm's running statistics) go
    to its norm module."""
    with torch.no_grad():
        for i, (layer, w) in enumerate(zip(net.fc, weights)):
            kernel = torch.tensor(w["kernel"], dtype=torch.float32)
            layer.weight.copy_(kernel.t())
            layer.bias.copy_(torch.tensor(w["bias"], dtype=torch.float32))
            if "gamma" in w:
                net.norm[i].weight.copy_(torch.tensor(w["gamma"], dtype=torch.float32))
                net.norm[i].bias.copy_(torch.tensor(w["beta"], dtype=torch.float32))
            if "runningMean" in w:
                net.norm[i].running_mean.copy_(torch.tensor(w["runningMean"], dtype=torch.float32))
                net.norm[i].running_var.copy_(torch.tensor(w["runningVar"], dtype=torch.float32))


# ---- loss, accuracy, optimiser ---------------------------------------------------
def data_loss(z, a, y):
    return F.binary_cross_entropy_with_logits(z, y)  # @gradlab:loss


def penalty(net):
    """Keras' kernel regularizer l1 sum|W| + l2 sum W^2 (kernels only, not biases)."""
    total = torch.zeros(())
    for layer in net.fc:
        if L1:
            total = total + L1 * layer.weight.abs().sum()
        if L2:
            total = total + L2 * (layer.weight ** 2).sum()
    return total


def correct(a, y):
    """Correct predictions as gradlab counts them (averaged over outputs for sigmoid)."""
    if LOSS == "binary_crossentropy":
        return ((a > 0.5) == (y > 0.5)).float().mean(dim=1).sum().item()
    if OUTPUTS > 1:
        return (a.argmax(dim=1) == y.argmax(dim=1)).float().sum().item()
    return ((a - y).abs() < 0.5).float().sum().item()


def evaluate(net, X, Y):
    net.eval()  # batch norm: the running statistics; no dropout
    with torch.no_grad():
        z, a = net(X)
        return data_loss(z, a, Y).item(), correct(a, Y) / len(X)


# @gradlab:begin optimizer_class
# The class of the optimiser, for those torch does not have as gradlab defines
# them (TORCH_OPT of pytorch.js):
# @gradlab:begin KerasSGD
class KerasSGD(torch.optim.Optimizer):
    """SGD with momentum as Keras and gradlab write it: m = momentum m - lr g,
    w += m (Nesterov: w += momentum m - lr g). torch.optim.SGD keeps b = -m / lr
    instead, which is the same only while the learning rate stays constant:
    used when a schedule changes it."""

    def __init__(self, params, lr, momentum, nesterov):
        super().__init__(params, dict(lr=lr, momentum=momentum, nesterov=nesterov))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["m"] = torch.zeros_like(p)
                lg = group["lr"] * p.grad
                state["m"].mul_(group["momentum"]).sub_(lg)
                if group["nesterov"]:
                    p.add_(group["momentum"] * state["m"] - lg)
                else:
                    p.add_(state["m"])
# @gradlab:end KerasSGD


# @gradlab:begin KerasAdam
class KerasAdam(torch.optim.Optimizer):
    """Adam as Keras and gradlab write it: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),
    w -= lr_t m / (sqrt(v) + eps). torch.optim.Adam adds eps to sqrt(v / (1 - b2^t))
    instead; the two differ only while sqrt(v) is near eps."""

    def __init__(self, params, lr, beta1, beta2, eps):
        super().__init__(params, dict(lr=lr, beta1=beta1, beta2=beta2, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["t"] = 0
                    state["m"] = torch.zeros_like(p)
                    state["v"] = torch.zeros_like(p)
                state["t"] += 1
                t, b1, b2 = state["t"], group["beta1"], group["beta2"]
                state["m"].mul_(b1).add_(p.grad, alpha=1.0 - b1)
                state["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1.0 - b2)
                lr_t = group["lr"] * math.sqrt(1.0 - b2 ** t) / (1.0 - b1 ** t)
                p.sub_(lr_t * state["m"] / (state["v"].sqrt() + group["eps"]))
# @gradlab:end KerasAdam


# @gradlab:begin GradlabRMSprop
class GradlabRMSprop(torch.optim.Optimizer):
    """RMSprop as gradlab writes it: v = rho v + (1 - rho) g^2, step = lr g / sqrt(v + eps),
    with momentum m = momentum m + step, w -= m. torch.optim.RMSprop divides by
    sqrt(v) + eps instead; the two differ only while v is near eps."""

    def __init__(self, params, lr, rho, momentum, eps):
        super().__init__(params, dict(lr=lr, rho=rho, momentum=momentum, eps=eps))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["v"] = torch.zeros_like(p)
                    state["m"] = torch.zeros_like(p)
                rho = group["rho"]
                state["v"].mul_(rho).addcmul_(p.grad, p.grad, value=1.0 - rho)
                inc = group["lr"] * p.grad / (state["v"] + group["eps"]).sqrt()
                if group["momentum"] > 0:
                    state["m"].mul_(group["momentum"]).add_(inc)
                    p.sub_(state["m"])
                else:
                    p.sub_(inc)
# @gradlab:end GradlabRMSprop
# @gradlab:end optimizer_class

def make_optimizer(params):
    return torch.optim.SGD(params, lr=0.01)  # @gradlab:optimizer


# ---- training ---------------------------------------------------------------------
# @gradlab:begin schedule
# ---- learning-rate schedule ---------------------------------------------------
def scheduled_lr(t):
    """The learning rate of step t = 1, 2, ... (gradlab's gl_schedule_lr: a linear
    warm-up over WARMUP steps, then constant, step, exponential or cosine)."""
    if t <= WARMUP:
        return LR * t / WARMUP
    u = t - WARMUP - 1
    if SCHEDULE == "step":
        return LR * GAMMA ** math.floor(u / PERIOD)
    if SCHEDULE == "exponential":
        return LR * GAMMA ** (u / PERIOD)
    if SCHEDULE == "cosine":
        return MIN_LR + (LR - MIN_LR) * 0.5 * (1.0 + math.cos(math.pi * min(u, PERIOD) / PERIOD))
    return LR
# @gradlab:end schedule


def train(net, X, Y, epochs):
    opt = make_optimizer(net.parameters())
    step = 0  # @gradlab:step_count
    order_gen = torch.Generator().manual_seed(SEED)
    n = len(X)
    every = max(1, epochs // 10)
    for epoch in range(1, epochs + 1):
        net.train()
        order = torch.randperm(n, generator=order_gen) if SHUFFLE else torch.arange(n)
        total, batches = 0.0, 0
        for start in range(0, n, BATCH_SIZE):
            idx = order[start:start + BATCH_SIZE]
            z, a = net(X[idx])
            loss = data_loss(z, a, Y[idx])
            step, opt.param_groups[0]["lr"] = step + 1, scheduled_lr(step + 1)  # @gradlab:set_lr
            opt.zero_grad()
            (loss + penalty(net)).backward()  # @gradlab:backward
            opt.step()
            if not math.isfinite(loss.item()):
                sys.exit(f"training diverged in epoch {epoch}: loss {loss.item()}")
            total += loss.item()
            batches += 1
        if epoch % every == 0 or epoch == epochs:
            log(f"epoch {epoch}: loss {total / batches:.4f}")


# @gradlab:begin log
# (common.py: log())
# @gradlab:end log


def main():
    global LOG
    parser = argparse.ArgumentParser(description="gradlab experiment, exported to PyTorch")
    # @gradlab:begin arguments
    args = parser.parse_args()  # (common.py: the command line)
    # @gradlab:end arguments
    torch.manual_seed(SEED)
    np.random.seed(SEED)

    X_train, y_train, X_test, y_test = read_data(args.data) if args.data else load_data()  # @gradlab:get_data
    X_train, X_test = torch.from_numpy(X_train), torch.from_numpy(X_test)
    Y_train, Y_test = torch.from_numpy(targets(y_train)), torch.from_numpy(targets(y_test))

    net = Net()
    init_parameters(net)
    if args.no_train or args.from_weights:
        if WEIGHTS is None:
            sys.exit("--no-train and --from-weights need the weights: export the experiment with its weights")
        load_weights(net, WEIGHTS)
        log("weights: exported from gradlab")
    if not args.no_train:
        train(net, X_train, Y_train, args.epochs)

    train_loss, train_acc = evaluate(net, X_train, Y_train)
    log(f"train loss {train_loss:.4f}, train accuracy {train_acc:.3f}")
    test_acc = None
    if len(X_test):
        test_loss, test_acc = evaluate(net, X_test, Y_test)
        log(f"test loss {test_loss:.4f}, test accuracy {test_acc:.3f}")
    else:
        log("no test set (trainFraction 1)")

    if args.predict:
        with open(args.predict) as f:
            points = torch.tensor(json.load(f), dtype=torch.float32).reshape(-1, INPUTS)  # @gradlab:read_points
        with torch.no_grad():
            _, out = net(points)
        print(json.dumps({"predictions": out.tolist(), "test_accuracy": test_acc}))
# @gradlab:begin points
# (common.py: gradlab's points, when the export has them; with two blank lines
# before them, part of the block so that a script without them ends as before)
# @gradlab:end points


if __name__ == "__main__":
    main()
# @gradlab:end script
