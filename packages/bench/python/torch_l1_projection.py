"""torch baseline for the constraints suite: batched Euclidean projection onto L1 balls.

Vectorized sort-based projection (Duchi et al. 2008), float32, CPU, with the thread count the
bench pins its peers to (SPARSEKIT_PEER_THREADS; a "threads" field in the request overrides it).
Request on stdin: {"batch": 256, "n": 10000, "radius": 10.0, "samples": 5, "warmup": 1, "seed": 0}
Answer on stdout: {"samples_ms": [...], "check": sum of |projection| (= batch * radius when every row is outside), "library": "torch 1.13.1"}
"""
import json
import sys

import torch

from peer_timing import answer, time_samples


def project_l1(x, radius):
    a = x.abs()
    inside = a.sum(dim=1, keepdim=True) <= radius
    mu, _ = torch.sort(a, dim=1, descending=True)
    cumsum = torch.cumsum(mu, dim=1)
    k = torch.arange(1, x.shape[1] + 1, dtype=x.dtype).unsqueeze(0)
    # rho: the largest k with mu_k > (cumsum_k - radius) / k
    active = mu * k > cumsum - radius
    rho = (active.to(x.dtype) * k).amax(dim=1, keepdim=True)
    theta = (cumsum.gather(1, rho.long() - 1) - radius) / rho
    projected = torch.sign(x) * torch.clamp(a - theta, min=0)
    return torch.where(inside, x, projected)


def main():
    request = json.load(sys.stdin)
    import os
    torch.set_num_threads(int(request.get("threads", os.environ.get("SPARSEKIT_PEER_THREADS", torch.get_num_threads()))))
    generator = torch.Generator().manual_seed(int(request.get("seed", 0)))
    x = torch.randn(int(request["batch"]), int(request["n"]), generator=generator, dtype=torch.float32)
    radius = float(request["radius"])
    samples, result = time_samples(lambda: project_l1(x, radius), request)
    answer(samples, float(result.abs().sum()), "torch " + torch.__version__)


if __name__ == "__main__":
    main()
