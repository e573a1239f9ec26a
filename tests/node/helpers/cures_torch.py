# cures_torch.py — the cures' experiments of `gradlab reproduce --cures` in
# PyTorch (float32), for the comparison in docs/EXPERIMENT.md and the README
# and for tests/node/cures-cli.test.js.
#
#   /usr/bin/python3 tests/node/helpers/cures_torch.py [--seeds 10] [--epochs 500]
#       [--experiments a,b] [--setups id,id] [--out torch.json]
#
# The set-ups and the data are not repeated here: cures-input.mjs (node) prints
# them from src/js/cli/cures.js and gradlab's own two circles. The seeds of one
# set-up train side by side as a batch of independent nets ([seeds, batch,
# units] tensors, torch.bmm); each seed has its own init draws, shuffling and
# dropout masks (torch's generator, so not gradlab's numbers: compare
# distributions over seeds). The update rules are Keras' as gradlab's
# (docs/API.md): SGD m = μm − lr·g, w += m; Adam with ε 1e-7; clip_grad_norm_
# over every kernel and bias of a net; the warm-up and cosine schedule per
# batch step; batch norm as BatchNorm1d (running variance unbiased). A seed
# whose loss or weights turn non-finite stops there (its epoch is reported)
# and is evaluated with the weights before that step, as gradlab does.
import argparse
import json
import math
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))


def act(name, x, alpha):
    if name == "relu":
        return torch.relu(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, 0.01 if alpha is None else alpha)
    if name == "tanh":
        return torch.tanh(x)
    if name == "linear":
        return x
    raise ValueError(f"activation {name} not supported here")


def init_kernel(L, fan_in, S, g):
    fan_out, p = L["units"], L.get("initParams", {})
    gain = p.get("gain", 1.0)
    shape = (S, fan_in, fan_out)
    u = lambda lim: (torch.rand(shape, generator=g) * 2 - 1) * lim
    init = L.get("init", "glorot_uniform")
    if init == "he_uniform":
        return u(math.sqrt(6 / fan_in) * gain)
    if init == "glorot_uniform":
        return u(math.sqrt(6 / (fan_in + fan_out)) * gain)
    if init == "random_normal":
        return p.get("mean", 0.0) + torch.randn(shape, generator=g) * p.get("stddev", 0.05) * gain
    if init == "random_uniform":
        lo, hi = p.get("min", -0.05) * gain, p.get("max", 0.05) * gain
        return lo + torch.rand(shape, generator=g) * (hi - lo)
    raise ValueError(f"init {init} not supported here")


class Nets:
    """S independent nets of one spec: every parameter a slice of one flat [S, P] tensor."""

    def __init__(self, spec, S, g):
        self.spec, self.S, self.layers = spec, S, []
        chunks, fan_in, off = [], spec["inputs"], 0
        for L in spec["layers"]:
            ent = {"L": L}
            parts = [("kernel", init_kernel(L, fan_in, S, g)), ("bias", torch.zeros(S, 1, L["units"]))]
            if L.get("norm") == "batch":
                parts += [("gamma", torch.ones(S, 1, L["units"])), ("beta", torch.zeros(S, 1, L["units"]))]
                ent["rm"], ent["rv"] = torch.zeros(S, 1, L["units"]), torch.ones(S, 1, L["units"])
            for name, t in parts:
                n = t[0].numel()
                ent[name] = (off, off + n, tuple(t.shape[1:]))
                chunks.append(t.reshape(S, -1))
                off += n
            self.layers.append(ent)
            fan_in = L["units"]
        self.flat = torch.cat(chunks, 1).contiguous().requires_grad_()
        # clip_grad_norm_ over kernels and biases (not gamma, beta)
        self.clipmask = torch.zeros(off, dtype=torch.bool)
        for e in self.layers:
            for k in ("kernel", "bias"):
                self.clipmask[e[k][0]:e[k][1]] = True

    def view(self, flat, e, name):
        a, b, shape = e[name]
        return flat[:, a:b].reshape(self.S, *shape)

    def forward(self, x, train, flat=None):
        flat = self.flat if flat is None else flat
        outs, h, last = [x], x, len(self.layers) - 1
        for i, e in enumerate(self.layers):
            L = e["L"]
            z = torch.baddbmm(self.view(flat, e, "bias"), h, self.view(flat, e, "kernel"))
            if L.get("norm") == "batch":
                eps, mom = L.get("normParams", {}).get("eps", 1e-5), L.get("normParams", {}).get("momentum", 0.1)
                if train:
                    mu, var = z.mean(1, keepdim=True), z.var(1, unbiased=False, keepdim=True)
                    m = z.shape[1]
                    with torch.no_grad():
                        e["new_rm"] = (1 - mom) * e["rm"] + mom * mu
                        e["new_rv"] = (1 - mom) * e["rv"] + mom * var * (m / max(m - 1, 1))
                else:
                    mu, var = e["rm"], e["rv"]
                z = self.view(flat, e, "gamma") * (z - mu) / torch.sqrt(var + eps) + self.view(flat, e, "beta")
            if i == last:
                return z[..., 0]
            a = act(L["activation"], z, L.get("alpha"))
            if train and L.get("dropout"):
                a = F.dropout(a, L["dropout"], True)
            if L.get("residual"):
                a = a + outs[i + 1 - L["residual"]]
            outs.append(a)
            h = a

    def commit_running(self, ok):
        for e in self.layers:
            if "new_rm" in e:
                keep = ok.view(-1, 1, 1)
                e["rm"] = torch.where(keep, e.pop("new_rm"), e["rm"])
                e["rv"] = torch.where(keep, e.pop("new_rv"), e["rv"])


def lr_at(t, base, schedule, steps_per_epoch, total_steps):
    if not schedule:
        return base
    W = round(schedule.get("warmupEpochs", 0) * steps_per_epoch)
    if t <= W:
        return base * t / W
    u = t - W - 1
    if schedule["type"] == "cosine":
        lo = schedule.get("minLearningRate", 0.0)
        D = max(total_steps - W, 1) if not schedule.get("decayEpochs") else round(schedule["decayEpochs"] * steps_per_epoch)
        return lo + (base - lo) * (1 + math.cos(math.pi * min(u, D) / D)) / 2
    if schedule["type"] == "constant":
        return base
    raise ValueError(f"schedule {schedule['type']} not supported here")


def run_setup(s, data, seeds, epochs, grad_epoch, setup_index):
    g = torch.Generator().manual_seed(1000 + setup_index)
    torch.manual_seed(2000 + setup_index)  # dropout masks
    S = seeds
    nets = Nets(s["spec"], S, g)
    n = s["trainRows"]
    X, y = data["trainX"][:n], data["trainY"][:n]
    tr = s["train"]
    opt, bs, mse = tr["optimizer"], tr["batchSize"], s["spec"]["loss"] == "mse"
    steps_per_epoch = math.ceil(n / bs)
    total = steps_per_epoch * epochs
    m = torch.zeros_like(nets.flat)
    v = torch.zeros_like(nets.flat)
    alive = torch.ones(S, dtype=torch.bool)
    diverged = [None] * S
    grad_at = None
    kernels = [e["kernel"] for e in nets.layers]
    t = 0
    for ep in range(1, epochs + 1):
        idx = torch.argsort(torch.rand(S, n, generator=g), 1)
        gsum = torch.zeros(S, len(kernels))
        nb = 0
        for k in range(0, n, bs):
            t += 1
            bi = idx[:, k:k + bs]
            xb, yb = X[bi], y[bi]
            z = nets.forward(xb, True)
            per = ((z - yb) ** 2).mean(1) if mse else F.binary_cross_entropy_with_logits(z, yb, reduction="none").mean(1)
            finite = torch.isfinite(per)
            everyone = bool(alive.all())
            if not bool(finite.all()):  # the slow path only when some seed's loss is not finite
                for sd in torch.nonzero(alive & ~finite).flatten().tolist():
                    diverged[sd] = ep
                alive = alive & finite
                everyone = False
            nets.flat.grad = None
            (per.sum() if everyone else torch.where(alive, per, torch.zeros_like(per)).sum()).backward()
            with torch.no_grad():
                gr = nets.flat.grad if everyone else torch.nan_to_num(nets.flat.grad) * alive.view(-1, 1)
                if ep == grad_epoch:  # gradMeanAbs of the kernels, before clipping, averaged over the batches
                    for j, (a, b, _) in enumerate(kernels):
                        gsum[:, j] += gr[:, a:b].abs().mean(1)
                    nb += 1
                if tr.get("clip"):
                    norm = torch.sqrt((gr * nets.clipmask).pow(2).sum(1, keepdim=True))
                    gr = gr * torch.clamp(tr["clip"]["norm"] / (norm + 1e-6), max=1.0)
                lr = lr_at(t, opt["learningRate"], tr.get("schedule"), steps_per_epoch, total)
                if opt["type"] == "sgd":
                    m2 = opt.get("momentum", 0.0) * m - lr * gr
                    w2 = nets.flat + m2
                    v2 = v
                else:
                    b1, b2, eps = opt.get("beta1", 0.9), opt.get("beta2", 0.999), opt.get("epsilon", 1e-7)
                    m2 = m + (gr - m) * (1 - b1)
                    v2 = v + (gr * gr - v) * (1 - b2)
                    alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                    w2 = nets.flat - alpha * m2 / (torch.sqrt(v2) + eps)
                if everyone and bool(torch.isfinite(w2).all()):
                    nets.flat.copy_(w2)
                    m, v = m2, v2
                    nets.commit_running(alive)
                    continue
                ok = alive & torch.isfinite(w2).all(1)
                for sd in torch.nonzero(alive & ~ok).flatten().tolist():
                    diverged[sd] = ep
                alive = ok
                keep = ok.view(-1, 1)
                nets.flat.copy_(torch.where(keep, w2, nets.flat))
                m, v = torch.where(keep, m2, m), torch.where(keep, v2, v)
                nets.commit_running(ok)
        if ep == grad_epoch:
            grad_at = (gsum / nb).tolist()
    with torch.no_grad():
        def acc(Xe, ye):
            out = nets.forward(Xe.unsqueeze(0).expand(S, -1, -1), False)
            pred = out > 0.5 if mse else out > 0  # sigmoid(z) > 0.5 iff z > 0; NaN: class 0, as gradlab
            right = pred == (ye > 0.5)
            return right.float().mean(1).tolist()
        tra, tea = acc(X, y), acc(data["testX"], data["testY"])
    return [{"seed": i + 1, "trainAccuracy": tra[i], "testAccuracy": tea[i], "diverged": diverged[i],
             "gradMeanAbs": None if grad_at is None or (diverged[i] is not None and diverged[i] <= grad_epoch) else grad_at[i]}
            for i in range(S)]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--epochs", type=int, default=500)
    ap.add_argument("--experiments", default="")
    ap.add_argument("--out", default="")
    ap.add_argument("--setups", default="", help="comma-separated set-up ids: only these (to split a run over processes)")
    a = ap.parse_args()
    inp = subprocess.run(["node", os.path.join(HERE, "cures-input.mjs"), a.experiments], capture_output=True, text=True, check=True)
    d = json.loads(inp.stdout)
    data = {k: torch.tensor(d["data"][k], dtype=torch.float32) for k in ("trainX", "trainY", "testX", "testY")}
    data["trainX"], data["testX"] = data["trainX"].reshape(-1, 2), data["testX"].reshape(-1, 2)
    if a.setups:
        want = [x for x in a.setups.split(",") if x]
        bad = [x for x in want if x not in [s["id"] for s in d["setups"]]]
        if bad:
            sys.exit(f"cures_torch: --setups: unknown set-up {', '.join(bad)}")
        d["setups"] = [s for s in d["setups"] if s["id"] in want]
    grad_epoch = min(d["gradEpoch"], a.epochs)
    res = {}
    for i, s in enumerate(d["setups"]):
        runs = run_setup(s, data, a.seeds, a.epochs, grad_epoch, i)
        res[s["id"]] = {"runs": runs}
        accs = sorted(r["testAccuracy"] for r in runs)
        print(f"cures_torch: {s['id']}: test median {accs[len(accs) // 2]:.3f} "
              f"({accs[0]:.3f}-{accs[-1]:.3f}), diverged {sum(r['diverged'] is not None for r in runs)}", file=sys.stderr)
    text = json.dumps({"torch": torch.__version__, "dtype": "float32", "seeds": a.seeds, "epochs": a.epochs, "gradEpoch": grad_epoch, "setups": res})
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


main()
