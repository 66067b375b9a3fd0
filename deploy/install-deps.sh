#!/usr/bin/env bash
# Installs every Debian 12 package Octet needs to build and test. Idempotent: packages already
# installed are skipped. Options:
#   --reference   also install the PyTorch reference (python3-torch, large): needed only to
#                 regenerate test fixtures and for the PyTorch columns of the benchmarks.
#   --build-only  only what compiling octet-server and octet needs, without the test tools (the
#                 Docker build stage).
#   --runtime     only the shared libraries the built binaries need (the Docker runtime stage).
set -euo pipefail

compile_packages=(
  build-essential cmake pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libdnnl-dev prometheus-cpp-dev libutf8proc-dev nlohmann-json3-dev
  libcivetweb-dev  # the HTTP/JSON API (server/http/): the civetweb prometheus-cpp links too
  ocl-icd-opencl-dev  # oneDNN's CMake package config looks for OpenCL (only a recommends)
)
build_packages=(
  "${compile_packages[@]}" git
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-grpcio python3-protobuf python3-yaml
  openssl  # tests/server_tls_test.cc makes its certificates with it at test time
  # clang builds: fuzz/run.sh and the sanitizer runs (tests/ci_extra.sh); llvm: llvm-symbolizer
  clang libclang-rt-14-dev libomp-dev llvm
  # the lint tests (tools/lint/check_format.sh) and the tidy stage of tests/ci_extra.sh
  # (clang-tidy ships run-clang-tidy)
  clang-format clang-tidy
  prometheus
  # the HTTP/2 attack suite (tests/security/): raw frames, and the nginx front it tests through
  python3-h2 nginx-light
  nodejs  # tests/oracle: the Hugging Face tokenizers crate through its npm binding
)
# libopenblas0-openmp: Debian's torch has no MKL and calls libblas.so.3; without an optimised
# provider that is the reference BLAS (~1 GFLOPS), which makes PyTorch FP32 ~20x too slow.
# nodejs (with npm) runs the ONNX Runtime column of tests/bench/engine_bench.py --ort.
reference_packages=(python3-torch python3-numpy libopenblas0-openmp nodejs)
runtime_packages=(
  libgrpc++1.51 libprotobuf32 libdnnl2 libutf8proc2 libgomp1 libabsl20220623
  libprometheus-cpp-pull1.0 libprometheus-cpp-core1.0 libcivetweb1
)

packages=("${build_packages[@]}")
for arg in "$@"; do
  case "$arg" in
    --reference) packages+=("${reference_packages[@]}") ;;
    --build-only) packages=("${compile_packages[@]}") ;;
    --runtime) packages=("${runtime_packages[@]}") ;;
    *) echo "install-deps.sh: unknown option '$arg' (expected --reference, --build-only or --runtime)" >&2; exit 2 ;;
  esac
done

# Debian ships npm separately; other nodejs builds (e.g. NodeSource) include it and conflict with it.
if [[ " ${packages[*]} " == *" nodejs "* ]] && ! command -v npm >/dev/null; then packages+=(npm); fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "install-deps.sh: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
