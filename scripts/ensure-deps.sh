#!/usr/bin/env bash
# Installs what Synapse needs from the system when it is missing; run by `make` before building.
#   Linux (Debian/Ubuntu), through apt-get: OpenBLAS (libopenblas-dev), zlib (zlib1g-dev), HDF5
#   (libhdf5-dev, for SynapseKeras's .keras and .h5 files; pkg-config name hdf5-serial on Debian),
#   libpng (libpng-dev) and libjpeg-turbo (libjpeg62-turbo-dev; libjpeg-turbo8-dev on Ubuntu)
#   for SynapseImage, Open MPI (libopenmpi-dev, openmpi-bin: mpirun) for SynapseDistributed,
#   oneDNN (libdnnl-dev) for Tensor.conv2D's convolution primitives (2–3× faster per pass than
#   im2col + OpenBLAS on the benchmark CNNs, docs/BENCHMARKS.md; on Linux SynapseTensor links
#   libdnnl, so it is required there; macOS builds without it, on the im2col path), and
#   pkg-config to build;
#   rsvg-convert (librsvg2-bin) and the DejaVu fonts to turn the SVG figures into PNG.
#   macOS: BLAS comes from Accelerate, part of the OS; `brew install libpng jpeg-turbo` for
#   SynapseImage, `brew install hdf5` for Keras files, `brew install open-mpi` for
#   SynapseDistributed (`brew install librsvg` for the figures as PNG).
set -euo pipefail

if [ "$(uname -s)" = "Darwin" ]; then
    exit 0
fi

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists openblas 2>/dev/null || missing+=(libopenblas-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
pkg-config --exists hdf5 2>/dev/null || pkg-config --exists hdf5-serial 2>/dev/null || missing+=(libhdf5-dev)
pkg-config --exists libpng 2>/dev/null || missing+=(libpng-dev)
if ! pkg-config --exists libjpeg 2>/dev/null; then
    # Debian names libjpeg-turbo's headers libjpeg62-turbo-dev, Ubuntu libjpeg-turbo8-dev.
    if apt-cache show libjpeg62-turbo-dev >/dev/null 2>&1; then missing+=(libjpeg62-turbo-dev); else missing+=(libjpeg-turbo8-dev); fi
fi
pkg-config --exists ompi-c 2>/dev/null || missing+=(libopenmpi-dev)
command -v mpirun >/dev/null 2>&1 || missing+=(openmpi-bin)
# Debian's libdnnl-dev has no pkg-config file: look for its header.
[ -e /usr/include/oneapi/dnnl/dnnl.h ] || missing+=(libdnnl-dev)
command -v rsvg-convert >/dev/null 2>&1 || missing+=(librsvg2-bin)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing ${missing[*]} (apt-get)..."
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "error: ${missing[*]} missing; install them as root (apt-get install ${missing[*]})" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed ${missing[*]}."
