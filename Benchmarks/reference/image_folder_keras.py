"""Times Keras's image_dataset_from_directory over a folder of class subfolders of images, as
`synapse bench image_folder_load --data FOLDER` times Synapse's: list the files, then iterate
every batch of 32 images resized to 64x64 RGB. With --make N it first writes N 64x64 JPEGs in
three classes into FOLDER (Pillow, quality 90). Prints one JSON line (median of 3 after a warm-up).

    python Benchmarks/reference/image_folder_keras.py FOLDER [--make 10000]
"""
import json
import os
import sys
import time

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def make(folder, n):
    from PIL import Image
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:64, 0:64]
    for i in range(n):
        name = ("a", "b", "c")[i % 3]
        os.makedirs(os.path.join(folder, name), exist_ok=True)
        base = np.stack([xx * (i % 5 + 1), yy * (i % 7 + 1), (xx + yy) * (i % 3 + 1)], axis=2) % 256
        noise = rng.integers(-25, 26, size=(64, 64, 3))
        Image.fromarray((base + noise).clip(0, 255).astype(np.uint8)).save(os.path.join(folder, name, f"{i:05d}.jpg"), quality=90)


def main():
    folder = sys.argv[1]
    if "--make" in sys.argv:
        make(folder, int(sys.argv[sys.argv.index("--make") + 1]))
    import keras
    import tensorflow as tf

    def once():
        ds = keras.utils.image_dataset_from_directory(folder, image_size=(64, 64), batch_size=32, shuffle=False, verbose=False)
        return sum(int(x.shape[0]) for x, _ in ds)

    count = once()
    times = []
    for _ in range(3):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    print(json.dumps({"framework": "keras", "workload": "image_folder_load", "sec_median": float(np.median(times)),
                      "sec_min": min(times), "images": count, "keras": keras.__version__, "tensorflow": tf.__version__,
                      "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
