#!/usr/bin/python3
"""Makes the ONNX test models under src/test/resources/onnx and the predictions expected of them.

Run with Debian's python3-onnx and python3-numpy (apt-get install python3-onnx python3-numpy):

    /usr/bin/python3 mlops-core/src/test/onnx/make_models.py

The models are built node by node with onnx.helper; the expected predictions are computed with numpy from the same
weights, independently of any ONNX runtime, and written to expected.json beside the models.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "onnx")
OPSET = [helper.make_opsetid("", 15)]
ML_OPSET = [helper.make_opsetid("", 15), helper.make_opsetid("ai.onnx.ml", 3)]


def save(model, name):
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def matmul_add():
    """variable = input @ W + B, float32, input [N, 3], output [N, 1]."""
    weights = np.array([[0.5], [-1.25], [2.0]], dtype=np.float32)
    bias = np.array([10.0], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "W"], ["product"]),
         helper.make_node("Add", ["product", "B"], ["variable"])],
        "matmul_add",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])],
        [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "B")])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make_models.py"), "matmul_add.onnx")
    rows = np.array([[1.0, 2.0, 3.0], [0.25, -4.0, 1.5], [100.0, 0.0, -7.5]], dtype=np.float32)
    expected = (rows @ weights + bias)[:, 0]
    return {"inputs": {"ACS": rows[:, 0].tolist(), "RDEP": rows[:, 1].tolist(), "DEN": rows[:, 2].tolist()},
            "outputs": {"variable": expected.astype(np.float64).tolist()}}


def linear_regressor():
    """ai.onnx.ml LinearRegressor, as skl2onnx exports a scikit-learn LinearRegression: X [N, 3] double."""
    coefficients = [1.5, -0.5, 0.25]
    intercept = -3.0
    graph = helper.make_graph(
        [helper.make_node("LinearRegressor", ["X"], ["Y"], domain="ai.onnx.ml", coefficients=coefficients,
                          intercepts=[intercept], targets=1)],
        "linear_regressor",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 3])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [None, 1])])
    save(helper.make_model(graph, opset_imports=ML_OPSET, producer_name="make_models.py"), "linear_regressor.onnx")
    rows = np.array([[2.0, 4.0, 8.0], [-1.0, 0.5, 0.0]], dtype=np.float32)
    expected = (rows @ np.array(coefficients, dtype=np.float32) + np.float32(intercept))
    return {"inputs": {"a": rows[:, 0].tolist(), "b": rows[:, 1].tolist(), "c": rows[:, 2].tolist()},
            "outputs": {"Y": expected.astype(np.float64).tolist()}}


def two_inputs():
    """One input per column: depth double [N], count int64 [N], valid bool [N]; total = valid ? depth + 2*count : -1."""
    graph = helper.make_graph(
        [helper.make_node("Cast", ["count"], ["count_double"], to=TensorProto.DOUBLE),
         helper.make_node("Mul", ["count_double", "two"], ["twice"]),
         helper.make_node("Add", ["depth", "twice"], ["sum"]),
         helper.make_node("Where", ["valid", "sum", "minus_one"], ["total"]),
         helper.make_node("Not", ["valid"], ["invalid"])],
        "two_inputs",
        [helper.make_tensor_value_info("depth", TensorProto.DOUBLE, ["N"]),
         helper.make_tensor_value_info("count", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("valid", TensorProto.BOOL, ["N"])],
        [helper.make_tensor_value_info("total", TensorProto.DOUBLE, ["N"]),
         helper.make_tensor_value_info("invalid", TensorProto.BOOL, ["N"])],
        [numpy_helper.from_array(np.array(2.0), "two"), numpy_helper.from_array(np.array(-1.0), "minus_one")])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make_models.py"), "two_inputs.onnx")
    depth = np.array([1.5, 2.25, 1e6])
    count = np.array([3, -2, 9007199254740993], dtype=np.int64)
    valid = np.array([True, False, True])
    total = np.where(valid, depth + 2.0 * count.astype(np.float64), -1.0)
    return {"inputs": {"depth": depth.tolist(), "count": count.tolist(), "valid": valid.tolist()},
            "outputs": {"total": total.tolist(), "invalid": (~valid).tolist()}}


def classifier():
    """Scores = features @ W + B; label int64 [N] (ArgMax), probabilities float [N, 2] (Softmax)."""
    weights = np.array([[1.0, -1.0], [-2.0, 2.0]], dtype=np.float32)
    bias = np.array([0.5, -0.5], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["features", "W"], ["product"]),
         helper.make_node("Add", ["product", "B"], ["scores"]),
         helper.make_node("ArgMax", ["scores"], ["label"], axis=1, keepdims=0),
         helper.make_node("Softmax", ["scores"], ["probabilities"], axis=1)],
        "classifier",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 2])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2])],
        [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "B")])
    save(helper.make_model(graph, opset_imports=OPSET, producer_name="make_models.py"), "classifier.onnx")
    rows = np.array([[3.0, 0.5], [0.0, 1.0], [-1.0, -1.0]], dtype=np.float32)
    scores = rows @ weights + bias
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    return {"inputs": {"x1": rows[:, 0].tolist(), "x2": rows[:, 1].tolist()},
            "outputs": {"label": scores.argmax(axis=1).tolist(),
                        "probabilities": probabilities.astype(np.float64).tolist()}}


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"matmul_add": matmul_add(), "linear_regressor": linear_regressor(), "two_inputs": two_inputs(),
                "classifier": classifier()}
    with open(os.path.join(OUT, "expected.json"), "w") as out:
        json.dump(expected, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
