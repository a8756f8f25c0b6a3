"""Test accuracy of the seed's MNIST CNN after a few epochs, one JSON line per seed (Keras).

The model, data, optimizer and batch are those of ../shared/bench/keras_bench.py's mnist_cnn
(and of `synapse examples run mnist`): Conv2D(32, 4x4, relu) -> MaxPool(2) -> Flatten ->
Dense(128, relu) -> Dense(10, softmax), Adam(1e-3), batch 32, the full 60,000 images.
Only the seed changes, through keras.utils.set_random_seed, so the spread between seeds shows
how much a single run's accuracy says. Used by scripts/mnist-seeds.sh.

    python mnist_seeds_keras.py --epochs 2 --seeds 0 1 2 3
"""
import argparse
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.join(os.environ.get("SYNAPSE_SHARED", "../shared"), "bench"))
import common as C  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_intra_op_parallelism_threads(2)
tf.config.threading.set_inter_op_parallelism_threads(2)
import keras  # noqa: E402
from keras import layers  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3])
    args = parser.parse_args()
    xtr, ytr, xte, yte = C.mnist()
    ytr_c, yte_c = keras.utils.to_categorical(ytr, 10), keras.utils.to_categorical(yte, 10)
    for seed in args.seeds:
        keras.utils.set_random_seed(seed)
        model = keras.Sequential([keras.Input((28, 28, 1)),
                                  layers.Conv2D(32, (4, 4), activation="relu"),
                                  layers.MaxPool2D((2, 2)),
                                  layers.Flatten(),
                                  layers.Dense(128, activation="relu"),
                                  layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3),
                      metrics=["accuracy"])
        accuracies = []
        for _ in range(args.epochs):
            model.fit(xtr, ytr_c, batch_size=32, epochs=1, verbose=0)
            accuracies.append(float(model.evaluate(xte, yte_c, batch_size=32, verbose=0)[1]))
        print(json.dumps(dict(framework="keras", version=keras.__version__, seed=seed,
                              epochs=args.epochs, test_accuracy=accuracies)), flush=True)


if __name__ == "__main__":
    main()
