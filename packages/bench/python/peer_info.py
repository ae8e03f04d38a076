"""Environment of the Python peers, recorded in the run's metadata next to the tfjs backend.

Prints one JSON object: interpreter and library versions, the thread counts the peers run with
(after the bench pinned OMP/OPENBLAS/MKL_NUM_THREADS), and the BLAS in use with its kernel
(threadpoolctl when present, else numpy's build configuration). Missing modules are null.
"""
import json
import os
import platform
import sys


def version(module):
    try:
        return __import__(module).__version__
    except Exception:
        return None


def blas_from_threadpoolctl():
    try:
        import numpy  # noqa: F401 (loads its BLAS so threadpoolctl can see it)
        try:
            import torch  # noqa: F401 (torch may bring its own BLAS/OpenMP)
        except Exception:
            pass
        import threadpoolctl
    except Exception:
        return None
    keys = ("user_api", "internal_api", "version", "architecture", "threading_layer", "num_threads", "filepath")
    return [{k: lib.get(k) for k in keys} for lib in threadpoolctl.threadpool_info()]


def blas_from_numpy():
    try:
        import numpy
        info = numpy.__config__.get_info("blas_opt_info") if hasattr(numpy.__config__, "get_info") else {}
        return [{"user_api": "blas", "internal_api": ",".join(info.get("libraries", [])) or None, "source": "numpy.show_config"}]
    except Exception:
        return None


def torch_threads():
    try:
        import torch
        torch.set_num_threads(int(os.environ.get("SPARSEKIT_PEER_THREADS", torch.get_num_threads())))
        return torch.get_num_threads()
    except Exception:
        return None


def main():
    env_keys = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_CORETYPE")
    info = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "versions": {m: version(m) for m in ("numpy", "scipy", "sklearn", "torch", "threadpoolctl")},
        "env": {k: os.environ.get(k) for k in env_keys},
        "blas": blas_from_threadpoolctl() or blas_from_numpy(),
        "torch_threads": torch_threads(),
    }
    json.dump(info, sys.stdout)


if __name__ == "__main__":
    main()
