"""Peer of the models-l0 suite: one training epoch of an MLP with structured hard-concrete L0 gates
(one gate per input feature, AMLab's L0Dense: beta 2/3, gamma -0.1, zeta 1.1, one gate sample per
minibatch, penalty lambda * E[L0] / N) in torch on the CPU, at a given thread count; with
"gated": false, the same MLP without gates and penalty.

Request on stdin: {"sizes": [784, 300, 100, 10], "n": 1000, "batch": 100, "threads": 1, "gated": true, "samples": 3, "warmup": 1, "seed": 0}
Answer on stdout: {"samples_ms": [...], "check": float, "library": "..."}
"""
import json
import math
import os
import sys

from peer_timing import answer, time_samples


def main():
    request = json.load(sys.stdin)
    threads = int(request["threads"])
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import torch
    torch.set_num_threads(threads)
    g = torch.Generator().manual_seed(int(request.get("seed", 0)))
    sizes = [int(s) for s in request["sizes"]]
    n, batch = int(request["n"]), int(request["batch"])
    gated = bool(request.get("gated", True))
    beta, gamma, zeta = 2.0 / 3.0, -0.1, 1.1
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        w = ((torch.rand(fan_in, fan_out, generator=g) * 2 - 1) * bound).requires_grad_()
        b = torch.zeros(fan_out, requires_grad=True)
        drop = 0.2 if i == 0 else 0.5
        log_alpha = (math.log((1 - drop) / drop) + 0.01 * torch.randn(fan_in, generator=g)).requires_grad_()
        layers.append((w, b, log_alpha))
    params = [p for layer in layers for p in (layer if gated else layer[:2])]
    opt = torch.optim.Adam(params, lr=1e-3)
    x = torch.rand(n, sizes[0], generator=g)
    y = torch.randint(0, sizes[-1], (n,), generator=g)
    shift = beta * math.log(-gamma / zeta)

    def forward(h):
        for i, (w, b, log_alpha) in enumerate(layers):
            if gated:
                u = torch.rand(w.shape[0]).clamp(1e-6, 1 - 1e-6)
                s = torch.sigmoid((torch.log(u) - torch.log(1 - u) + log_alpha) / beta)
                z = (s * (zeta - gamma) + gamma).clamp(0, 1)
                h = h * z
            h = h @ w + b
            if i < len(layers) - 1:
                h = torch.relu(h)
        return h

    def penalty():
        return sum(torch.sigmoid(la - shift).sum() * w.shape[1] for w, _, la in layers) * 0.1 / n

    def epoch():
        total = 0.0
        for start in range(0, n, batch):
            opt.zero_grad()
            logits = forward(x[start:start + batch])
            loss = torch.nn.functional.cross_entropy(logits, y[start:start + batch])
            if gated:
                loss = loss + penalty()
            loss.backward()
            opt.step()
            total += float(loss)
        return total

    samples, check = time_samples(epoch, request, samples=3)
    answer(samples, check, "torch " + torch.__version__)


if __name__ == "__main__":
    main()
