#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/Corpus/<target>/) from the test fixtures
and small generated files. The model, modelconfig, scaler and preprocessing seeds come from a
`synapse train` run (see docs/RELIABILITY.md) and are committed as they are."""
import gzip, io, json, os, struct, zipfile, zlib
import numpy as np

root = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(root, "..", "Tests", "SynapseDataTests", "Fixtures")


def seed(target, name, data):
    folder = os.path.join(root, "Corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def head(name, lines):
    with open(os.path.join(fixtures, name), "rb") as f:
        return b"".join(f.readlines()[:lines])


# csv: one flag byte (bit 0 no header, 1 ';', 2 date index, 3 float64, 4 decimal ',', 5 comments and
# skipinitialspace, 6 cp1252, 7 implicit index + skiprows 1 + nrows 3), then the file.
seed("csv", "co2_dates", b"\x04" + head("co2_monthly.csv", 6))
seed("csv", "diabetes", b"\x00" + head("diabetes.csv", 4))
seed("csv", "diabetes_float", b"\x08" + head("diabetes.csv", 3))
seed("csv", "events_dates", b"\x04" + head("events.csv", 4))
seed("csv", "quoted", b"\x00" + b'name,"note, quoted",n\r\n"a ""b""",x,1\r\nc,,NA\r\n')
seed("csv", "semicolon_noheader", b"\x03" + b"1;2.5;True\n3;;False\n")
seed("csv", "us_dates", b"\x04" + b"day,v\n01/31/1995,1\n2/28/95,2\n")
# bits 4-7 (issue 19): decimal comma, comments and skipinitialspace, cp1252, implicit index.
seed("csv", "semicolon_decimal_comma", b"\x12" + b"a;b;c\n1.234,5;2;x\n3,25;;y\n")
seed("csv", "comments_spaces", b"\x20" + b"# note\na, b\n1, 2 # two\n \t \n3, x\n")
seed("csv", "cp1252", b"\x40" + b"name,v\ncaf\xe9,1\n\x93q\x94,inf\n")
seed("csv", "implicit_index", b"\x80" + b"skip me\na,b\nr1,1,2\nr2,3,4\nr3,5,6\nr4,7\n")
seed("csv", "messy_names_types", b"\x00" + b",a,a,a.1,\n0,9223372036854775807,18446744073709551615,tRuE,1e400\n1,-1,1,false,-inf\n")

# dates: one text each.
for i, text in enumerate(["1995-01-31", "1995-01-31 12:30", "1995-01-31T12:30:15.5", "1995-01", "1995",
                          "1995/1/31", "01/31/1995", "1/31/95", "2021-02-30", "1958-03-01 00:00:00"]):
    seed("dates", f"date{i}", text)

# gzip: members, a zlib stream, a concatenation.
text = head("co2_monthly.csv", 20)
seed("gzip", "text.gz", gzip.compress(text, mtime=0))
seed("gzip", "two_members.gz", gzip.compress(b"first\n", mtime=0) + gzip.compress(b"second\n", mtime=0))
seed("gzip", "zlib", zlib.compress(text))
seed("gzip", "zeros.gz", gzip.compress(bytes(4096), mtime=0))


# idx: uint8, int16, float32, float64, raw and gzipped.
def idx(type_code, fmt, shape, values):
    header = bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", s) for s in shape)
    return header + b"".join(struct.pack(">" + fmt, v) for v in values)


images = idx(0x08, "B", [2, 3, 3], range(18))
seed("idx", "uint8", images)
seed("idx", "uint8.gz", gzip.compress(images, mtime=0))
seed("idx", "labels", idx(0x08, "B", [4], [0, 9, 3, 1]))
seed("idx", "int8", idx(0x09, "b", [3], [-1, 0, 1]))
seed("idx", "int16", idx(0x0B, "h", [2, 2], [-300, 2, 3, 400]))
seed("idx", "int32", idx(0x0C, "i", [2], [-70000, 5]))
seed("idx", "float32", idx(0x0D, "f", [2], [1.5, -2.25]))
seed("idx", "float64", idx(0x0E, "d", [1, 2], [1e-3, 7.0]))

# cifar10: one record (label, then 3 planes of 32x32).
seed("cifar10", "one_record", bytes([3]) + bytes(i % 256 for i in range(3072)))


# npy: the fixtures and a few types.
def npy(array, version=None):
    buffer = io.BytesIO()
    if version is None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array(buffer, array, version=version)
    return buffer.getvalue()


for name in ["numpy_big_endian.npy", "numpy_fortran.npy"]:
    with open(os.path.join(fixtures, name), "rb") as f:
        seed("npy", name, f.read())
seed("npy", "f4", npy(np.arange(6, dtype="<f4").reshape(2, 3)))
seed("npy", "f8_v2", npy(np.array([1.5, -2.0]), version=(2, 0)))
seed("npy", "i8", npy(np.array([[1, -2]], dtype="<i8")))
seed("npy", "u1", npy(np.array([0, 255], dtype="u1")))
seed("npy", "bool", npy(np.array([True, False])))
seed("npy", "f2", npy(np.array([0.5], dtype="<f2")))
seed("npy", "i2_be_3d", npy(np.arange(8, dtype=">i2").reshape(2, 2, 2)))
seed("npy", "scalar", npy(np.float32(3.0)))
seed("npy", "empty", npy(np.zeros((0, 3), dtype="<f4")))

# npz: the fixtures and one more of each kind.
for name in ["numpy_small.npz", "numpy_small_compressed.npz"]:
    with open(os.path.join(fixtures, name), "rb") as f:
        seed("npz", name, f.read())
for compression, name in [(zipfile.ZIP_STORED, "stored.npz"), (zipfile.ZIP_DEFLATED, "deflated.npz")]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        for entry, array in [("x.npy", np.arange(4, dtype="<f4")), ("y.npy", np.array([1, 2], dtype="<i8"))]:
            z.writestr(zipfile.ZipInfo(entry, date_time=(1980, 1, 1, 0, 0, 0)), npy(array), compression)
    seed("npz", name, buffer.getvalue())


# safetensors
def safetensors(tensors, metadata=None):
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, values, shape in tensors:
        raw = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


seed("safetensors", "two", safetensors([("a", [1, 2, 3, 4], [2, 2]), ("b", [0.5], [1])], {"k": "v"}))
seed("safetensors", "empty", safetensors([]))
seed("safetensors", "scalar", safetensors([("s", [7], [])]))

# scaler: the JSON that StandardScaler, MinMaxScaler and RobustScaler save.
seed("scaler", "standard.json", json.dumps({"mean": [1.5, -2.0], "scale": [0.5, 1.0]}, indent=2))
seed("scaler", "minmax.json", json.dumps({"featureRange": [0, 1], "dataMin": [0.0, -1.0], "dataMax": [4.0, 1.0]}, indent=2))
seed("scaler", "robust.json", json.dumps({"center": [2.0], "scale": [1.5], "quantileRange": [25, 75]}, indent=2))
seed("scaler", "unfitted.json", json.dumps({"featureRange": [-1, 1]}))

# preprocessing: the preprocessing.json that synapse train writes.
seed("preprocessing", "classification.json", json.dumps(
    {"features": ["a", "b"], "target": "label", "task": "classification", "classes": ["no", "yes"],
     "scale": "standard", "scalerFile": "scaler.json"}, indent=2, sort_keys=True))
seed("preprocessing", "three_classes.json", json.dumps(
    {"features": ["a"], "target": "kind", "task": "classification", "classes": ["x", "y", "z"], "scale": "none"},
    indent=2, sort_keys=True))
seed("preprocessing", "regression.json", json.dumps(
    {"features": ["a", "b"], "target": "price", "task": "regression", "scale": "minmax", "scalerFile": "scaler.json"},
    indent=2, sort_keys=True))

# model and modelconfig: the model files that FuzzSeedModelTests saves (SYNAPSE_FUZZ_SEEDS), and
# their configuration as {"model_config": ..., "input_shape": ...}.
models = os.path.join(root, "Corpus", "model")
for name in sorted(os.listdir(models)) if os.path.isdir(models) else []:
    with open(os.path.join(models, name), "rb") as f:
        raw = f.read()
    n = struct.unpack("<Q", raw[:8])[0]
    metadata = json.loads(raw[8:8 + n])["__metadata__"]
    config = {"model_config": json.loads(metadata["model_config"]), "input_shape": json.loads(metadata["input_shape"])}
    seed("modelconfig", name.replace(".safetensors", ".json"), json.dumps(config, separators=(",", ":")))


# png, jpeg: one flag byte (see the targets), then a fixture image of each kind.
images = os.path.join(root, "..", "Tests", "SynapseImageTests", "Fixtures")
for flags, name in enumerate(sorted(os.listdir(images))):
    target = "png" if name.endswith(".png") else "jpeg" if name.endswith(".jpg") else None
    if target:
        with open(os.path.join(images, name), "rb") as f:
            seed(target, name.rsplit(".", 1)[0], bytes([flags % 32]) + f.read())
