# torch-net.py — a gradlab network spec and its weights as a float64 PyTorch
# computation (torch.nn.functional's batch_norm, layer_norm, dropout-free),
# for tests/node/cures-torch.test.js. Reads one JSON file
# { spec, weights, X, Y, evalX } and prints JSON with, for the batch X, Y in
# training mode: the loss, every weight's gradient (kernel, bias, gamma,
# beta), dL/dX and the running statistics after that forward pass; and the
# outputs of evalX in evaluation mode (running statistics).
import json
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
d = json.load(open(sys.argv[1]))
spec, W = d["spec"], d["weights"]
n_in = spec["inputs"]

ACT = {
    "linear": lambda x, a: x,
    "tanh": lambda x, a: torch.tanh(x),
    "relu": lambda x, a: torch.relu(x),
    "sigmoid": lambda x, a: torch.sigmoid(x),
    "elu": lambda x, a: F.elu(x, 1.0 if a is None else a),
    "leaky_relu": lambda x, a: F.leaky_relu(x, 0.2 if a is None else a),
}

params = []
fan_in = n_in
for L, w in zip(spec["layers"], W):
    p = {"kernel": torch.tensor(w["kernel"], dtype=torch.float64).reshape(fan_in, L["units"]), "bias": torch.tensor(w["bias"], dtype=torch.float64)}
    if L.get("norm"):
        p["gamma"], p["beta"] = torch.tensor(w["gamma"], dtype=torch.float64), torch.tensor(w["beta"], dtype=torch.float64)
    for t in p.values():
        t.requires_grad_()
    if L.get("norm") == "batch":
        p["runningMean"], p["runningVar"] = torch.tensor(w["runningMean"], dtype=torch.float64), torch.tensor(w["runningVar"], dtype=torch.float64)
    params.append(p)
    fan_in = L["units"]


def forward(x, train):
    outs = [x]
    h = x
    last = len(spec["layers"]) - 1
    for i, (L, p) in enumerate(zip(spec["layers"], params)):
        z = h @ p["kernel"] + p["bias"]
        norm = L.get("norm")
        if norm == "batch":
            np_ = L["normParams"]
            z = F.batch_norm(z, p["runningMean"], p["runningVar"], p["gamma"], p["beta"], training=train,
                             momentum=np_["momentum"], eps=np_["eps"])
        elif norm == "layer":
            z = F.layer_norm(z, (L["units"],), p["gamma"], p["beta"], eps=L["normParams"]["eps"])
        if i == last:
            return z
        a = ACT[L["activation"]](z, L.get("alpha"))
        if L.get("residual"):
            a = a + outs[i + 1 - L["residual"]]  # outs[0]: the input, outs[j + 1]: layer j's output
        outs.append(a)
        h = a


def loss_of(z, y):
    if spec["loss"] == "binary_crossentropy":
        return F.binary_cross_entropy_with_logits(z, y)
    return F.mse_loss(ACT[spec["layers"][-1]["activation"]](z, None), y)


X = torch.tensor(d["X"], dtype=torch.float64).reshape(-1, n_in).requires_grad_()
Y = torch.tensor(d["Y"], dtype=torch.float64).reshape(X.shape[0], -1)
loss = loss_of(forward(X, True), Y)
loss.backward()
grads = [{k: t.grad.reshape(-1).tolist() for k, t in p.items() if not k.startswith("running")} for p in params]
running = [{k: p[k].tolist() for k in ("runningMean", "runningVar")} if "runningMean" in p else None for p in params]
with torch.no_grad():
    for i, p in enumerate(params):  # evaluation with the running statistics the caller gave
        if "runningMean" in p:
            p["runningMean"], p["runningVar"] = torch.tensor(W[i]["runningMean"], dtype=torch.float64), torch.tensor(W[i]["runningVar"], dtype=torch.float64)
    ex = torch.tensor(d["evalX"], dtype=torch.float64).reshape(-1, n_in)
    zl = forward(ex, False)
    out = ACT[spec["layers"][-1]["activation"]](zl, None)
print(json.dumps({"loss": loss.item(), "grads": grads, "dX": X.grad.reshape(-1).tolist(), "running": running,
                  "eval": out.reshape(-1).tolist()}))
