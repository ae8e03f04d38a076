#!/bin/sh
# Builds the optional peer baselines of the bench into a peers directory (default
# packages/bench/peers; the bench reads SPARSEKIT_PEERS_DIR when set):
#   <dir>/python/skglm, <dir>/python/celer   (added to the peers' PYTHONPATH)
#   <dir>/lib/libcondat-l1.so                (Condat's exact projection, loaded with ctypes)
# Usage: build-peers.sh [--skglm <checkout>] [--celer <checkout>] [--condat <checkout>]
# Each option takes a source checkout (skglm: scikit-learn-contrib/skglm at a release that
# supports the installed scikit-learn; celer: mathurinm/celer; condat: a repository holding
# Condat's condat_simplexproj.c, e.g. pc2/pqdts). Needs numba (skglm), Cython and a C/C++
# compiler (celer, condat): on Debian `apt-get install python3-numba cython3 python3-dev g++`.
# Nothing here is needed by the tests: a missing peer is reported as "peer not installed".
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${SPARSEKIT_PEERS_DIR:-$here/peers}
python=${SPARSEKIT_PYTHON:-/usr/bin/python3}
mkdir -p "$dir/python" "$dir/lib"
while [ $# -gt 0 ]; do
  case "$1" in
    --skglm)
      rm -rf "$dir/python/skglm" && cp -r "$2/skglm" "$dir/python/skglm"
      "$python" -c "import sys; sys.path.insert(0, '$dir/python'); import skglm; print('skglm', skglm.__version__)"
      shift 2 ;;
    --celer)
      tmp=$(mktemp -d) && cp -r "$2/." "$tmp"
      (cd "$tmp" && "$python" setup.py build_ext --inplace > "$tmp/build.log" 2>&1) || { tail -5 "$tmp/build.log"; exit 1; }
      rm -rf "$dir/python/celer" && cp -r "$tmp/celer" "$dir/python/celer" && rm -rf "$tmp"
      "$python" -c "import sys; sys.path.insert(0, '$dir/python'); import celer; print('celer', celer.__version__)"
      shift 2 ;;
    --condat)
      tmp=$(mktemp -d)
      # Condat's simplex projection with its radius (1.0 in that copy) made a parameter.
      sed -e 's/void simplexproj_condat_(double\* y, double\* x, int\* plength)/void simplexproj_condat_radius(double* y, double* x, int* plength, double a)/' \
          -e 's/-1\.0/-a/g' "$2/condat_simplexproj.c" > "$tmp/condat.cpp"
      grep -q simplexproj_condat_radius "$tmp/condat.cpp" || { echo "unexpected condat_simplexproj.c"; exit 1; }
      g++ -O3 -march=native -fPIC -c "$tmp/condat.cpp" -o "$tmp/condat.o"
      gcc -O3 -march=native -fPIC -c "$here/peers-src/condat-l1-rows.c" -o "$tmp/rows.o"
      g++ -shared "$tmp/condat.o" "$tmp/rows.o" -o "$dir/lib/libcondat-l1.so"
      rm -rf "$tmp"
      echo "condat $dir/lib/libcondat-l1.so"
      shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done
