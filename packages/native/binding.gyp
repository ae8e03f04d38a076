{
  "targets": [
    {
      "target_name": "sparsekit_native",
      "sources": ["native/addon.c", "native/kernels.c", "native/host.c", "native/optim.c"],
      "cflags_c": ["-std=gnu11", "-O3", "-fno-math-errno", "-ffp-contract=off", "<!@(node scripts/probe-blas.cjs cflags)"],
      "defines": ["<!@(node scripts/probe-blas.cjs defines)"],
      "libraries": ["<!@(node scripts/probe-blas.cjs libs)"]
    }
  ]
}
