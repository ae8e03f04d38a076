"""Peer of the training suite: one training epoch of the MLP 784-300-100-10 (relu, cross-entropy,
batch slices in order) in torch on the CPU, with plain SGD or with chop's stochastic Frank-Wolfe
(every weight matrix in an L-infinity ball, biases not trained, as sparsekit's
StochasticFrankWolfe with unconstrained: 'skip'). chop is not a Debian package: its source
directory (a checkout of github.com/openopt/chop) is given as "chop_path".

Request on stdin: {"train_file": path (float32 rows of 784 pixels), "labels": [...], "batch": 100,
  "optimizer": "sgd" | "chop-sfw", "lr": 0.1, "momentum": 0.9, "radius": 0.1, "chop_path": dir,
  "samples": 3, "warmup": 1, "seed": 0, "threads": 1, "clock": "wall" | "process"}
("process": samples are the process's CPU time, time.process_time, instead of wall time.)
Answer on stdout: {"samples_ms": [...], "check": mean loss of the last epoch, "library": "..."}
"""
import json
import os
import sys
import time


def main():
    request = json.load(sys.stdin)
    threads = int(request.get("threads", 1))
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import numpy as np
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(int(request.get("seed", 0)))
    labels = torch.tensor(request["labels"], dtype=torch.long)
    pixels = np.fromfile(request["train_file"], dtype=np.float32).reshape(len(labels), 784)
    x = torch.from_numpy(pixels)
    batch = int(request["batch"])
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10)
    )
    library = "torch " + torch.__version__
    if request["optimizer"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=float(request["lr"]))
    else:
        sys.path.insert(0, request["chop_path"])
        import chop

        radius = float(request["radius"])
        weights = [p for name, p in model.named_parameters() if name.endswith("weight")]
        ball = chop.constraints.LinfBall(radius)
        with torch.no_grad():
            for w in weights:
                w.copy_(ball.prox(w.unsqueeze(0)).squeeze(0))
        opt = chop.stochastic.FrankWolfe(weights, [ball.lmo] * len(weights), lr=float(request["lr"]), momentum=float(request["momentum"]))
        library += ", chop " + getattr(chop, "__version__", "source")
    loss_fn = torch.nn.CrossEntropyLoss()
    n = len(labels)

    def epoch():
        total = 0.0
        for start in range(0, n, batch):
            model.zero_grad()
            loss = loss_fn(model(x[start:start + batch]), labels[start:start + batch])
            loss.backward()
            opt.step()
            total += float(loss) * min(batch, n - start)
        return total / n

    check = 0.0
    for _ in range(int(request.get("warmup", 1))):
        check = epoch()
    clock = time.process_time if request.get("clock", "wall") == "process" else time.perf_counter
    samples = []
    for _ in range(int(request.get("samples", 3))):
        t0 = clock()
        check = epoch()
        samples.append((clock() - t0) * 1000.0)
    json.dump({"samples_ms": samples, "check": check, "library": library}, sys.stdout)


if __name__ == "__main__":
    main()
