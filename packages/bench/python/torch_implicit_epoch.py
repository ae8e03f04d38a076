"""torch baseline for the models-implicit suite: one training epoch of an implicit model.

x = relu(A x + B u + b), y = C x + D u + c (batch-first), forward by Picard iteration to an
L-infinity residual tol (no autograd), backward by the implicit function theorem (adjoint
fixed point V = D*(V A) + D*G by Picard to the same tol), Adam, and after every step the
row-wise L1 projection of A onto ||A||_inf <= kappa (Duchi et al.). Same model, sizes and
tolerances as the sparsekit solver; the data are the digits sent on stdin (float32 pixels).
Request on stdin: {"train": [[...784 floats...], ...] | "train_file": path, "labels": [...], "hidden": 100, "kappa": 0.95,
  "batch": 100, "lr": 0.005, "tol": 1e-4, "max_iter": 300, "samples": 3, "warmup": 1, "seed": 0, "threads": 2}
Answer on stdout: {"samples_ms": [...], "check": mean training loss of the last epoch, "library": "torch x.y"}
"""
import json
import sys

import numpy as np
import torch

from peer_timing import answer, time_samples


def project_rows_l1(a, radius):
    x = a.abs()
    inside = x.sum(dim=1, keepdim=True) <= radius
    mu, _ = torch.sort(x, dim=1, descending=True)
    cumsum = torch.cumsum(mu, dim=1)
    k = torch.arange(1, a.shape[1] + 1, dtype=a.dtype).unsqueeze(0)
    rho = ((mu * k > cumsum - radius).to(a.dtype) * k).amax(dim=1, keepdim=True)
    theta = (cumsum.gather(1, rho.long() - 1) - radius) / rho
    return torch.where(inside, a, torch.sign(a) * torch.clamp(x - theta, min=0))


def picard(f, x, tol, max_iter):
    for _ in range(max_iter):
        fx = f(x)
        if (fx - x).abs().amax() <= tol:
            return fx
        x = fx
    return x


class Equilibrium(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, a, b, bias, tol, max_iter):
        drive = u @ b.T + bias
        x = picard(lambda x: torch.relu(x @ a.T + drive), torch.zeros(u.shape[0], a.shape[0]), tol, max_iter)
        ctx.save_for_backward(x, u, a, b, bias)
        ctx.tol, ctx.max_iter = tol, max_iter
        return x

    @staticmethod
    def backward(ctx, g):
        x, u, a, b, bias = ctx.saved_tensors
        d = (x @ a.T + u @ b.T + bias > 0).to(g.dtype)
        dg = d * g
        v = picard(lambda v: d * (v @ a) + dg, dg, ctx.tol, ctx.max_iter)
        return v @ b, v.T @ x, v.T @ u, v.sum(0), None, None


def main():
    request = json.load(sys.stdin)
    torch.set_num_threads(int(request.get("threads", 2)))
    torch.manual_seed(int(request.get("seed", 0)))
    if "train_file" in request:
        u_all = torch.from_numpy(np.fromfile(request["train_file"], dtype=np.float32).reshape(-1, 784))
    else:
        u_all = torch.tensor(request["train"], dtype=torch.float32)
    y_all = torch.tensor(request["labels"], dtype=torch.long)
    n, p, q = int(request["hidden"]), 784, 10
    kappa, tol, max_iter = float(request["kappa"]), float(request["tol"]), int(request["max_iter"])
    a = torch.nn.Parameter(torch.empty(n, n).uniform_(-kappa / n, kappa / n))
    b = torch.nn.Parameter(torch.nn.init.xavier_uniform_(torch.empty(n, p)))
    c = torch.nn.Parameter(torch.nn.init.xavier_uniform_(torch.empty(q, n)))
    dd = torch.nn.Parameter(torch.nn.init.xavier_uniform_(torch.empty(q, p)))
    sb = torch.nn.Parameter(torch.zeros(n))
    ob = torch.nn.Parameter(torch.zeros(q))
    opt = torch.optim.Adam([a, b, c, dd, sb, ob], lr=float(request["lr"]))
    batch = int(request["batch"])

    def epoch():
        total = 0.0
        for start in range(0, u_all.shape[0], batch):
            u, y = u_all[start:start + batch], y_all[start:start + batch]
            x = Equilibrium.apply(u, a, b, sb, tol, max_iter)
            loss = torch.nn.functional.cross_entropy(x @ c.T + u @ dd.T + ob, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            with torch.no_grad():
                a.copy_(project_rows_l1(a, kappa))
            total += float(loss) * u.shape[0]
        return total / u_all.shape[0]

    samples, check = time_samples(epoch, request, samples=3)
    answer(samples, check, "torch " + torch.__version__)


if __name__ == "__main__":
    main()
