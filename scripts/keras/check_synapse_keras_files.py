"""Checks that Keras 3 opens the .keras files Synapse writes and predicts Synapse's outputs.

Run from the repository root, after `swift build --build-tests`, with a Python that has Keras 3
(the benchmark environment: ~/.cache/synapse-bench-venv/bin/python):

    ~/.cache/synapse-bench-venv/bin/python scripts/keras/check_synapse_keras_files.py

It runs the test KerasFileTests.synapseModelsSaveAsKerasFiles with SYNAPSE_KERAS_EXPORT set to a
temporary folder: the test builds and trains models in Synapse (Dense stack, Conv2D + BatchNorm
+ pooling, SimpleRNN/GRU/LSTM, Conv1D + pooling + Dropout, a functional model with two inputs,
a shared layer, a skip connection and two outputs), saves each with model.save(keras:) as
.keras and as .h5 and writes their inputs and Synapse's predictions to expected.json. Then keras.models.load_model
opens every file and predicts; the largest absolute difference from Synapse must be <= 1e-5,
and a model compiled in Synapse (one output; Adam, RMSprop, SGD) must come back compiled, at
Synapse's iteration count, with its optimizer's buffers loaded.
Exits 1 when a model fails to load or differs. docs/NN.md records its output.
"""
import json
import os
import subprocess
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import keras  # noqa: E402

TOLERANCE = 1e-5

folder = tempfile.mkdtemp(prefix="synapse-keras-")
env = dict(os.environ, SYNAPSE_KERAS_EXPORT=folder)
run = subprocess.run(["swift", "test", "--skip-build", "--filter", "KerasFileTests/synapseModelsSaveAsKerasFiles"],
                     env=env, capture_output=True, text=True)
if run.returncode != 0:
    print(run.stdout[-3000:], run.stderr[-3000:])
    sys.exit("the Swift test that writes the files failed")

with open(os.path.join(folder, "expected.json")) as f:
    models = json.load(f)["models"]
failed = False
print(f"keras {keras.__version__}, backend {keras.backend.backend()}")
for m in models:
    path = os.path.join(folder, m["file"])
    try:
        model = keras.models.load_model(path)
    except Exception as error:  # noqa: BLE001 - report every failure, go on with the rest
        print(f"FAIL {m['file']}: keras cannot load it: {error}")
        failed = True
        continue
    inputs = [np.array(x["values"], dtype=np.float32).reshape(x["shape"]) for x in m["inputs"]]
    out = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
    outs = out if isinstance(out, (list, tuple)) else [out]
    worst = 0.0
    for o, e in zip(outs, m["outputs"]):
        expected = np.array(e["values"], dtype=np.float64).reshape(e["shape"])
        worst = max(worst, float(np.max(np.abs(np.asarray(o, dtype=np.float64) - expected))))
    ok = worst <= TOLERANCE
    state = ""
    if m.get("compiledWithState"):
        # The optimizer came with the file: compiled, its step count and its buffers loaded.
        iterations = int(model.optimizer.iterations.numpy())
        moments = sum(float(np.abs(v.numpy()).sum()) for v in model.optimizer.variables[2:])
        state_ok = iterations == m["iterations"] and moments > 0
        ok &= state_ok
        state = f", optimizer {model.optimizer.name} at iteration {iterations} (Synapse: {m['iterations']})"
    failed |= not ok
    print(f"{'ok  ' if ok else 'FAIL'} {m['file']}: {len(model.layers)} layers, largest |Keras - Synapse| = {worst:.3g}{state}")
sys.exit(1 if failed else 0)
