#!/usr/bin/python3
"""Makes the ONNX archetype's model: archetype-resources/model_artifact/model.onnx.

Run with Debian's python3-onnx and python3-numpy (apt-get install python3-onnx python3-numpy):

    /usr/bin/python3 mlops-archetype/src/onnx/make_model.py

The graph is the Java flavour's linear regression (archetype-resources/model_artifact/coefficients.txt: the intercept,
then the weights of ACS, RDEP and DEN, fitted by least squares on well_logs.csv) written as skl2onnx writes a
scikit-learn LinearRegression exported with DoubleTensorType: MatMul and Add over an input X of shape [N, 3] in double,
output 'variable' of shape [N, 1]. The archetype's integration test "onnx" deploys the generated repository and checks
the host's answer against the Java flavour's.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

RESOURCES = os.path.join(os.path.dirname(__file__), "..", "main", "resources", "archetype-resources")


def main():
    with open(os.path.join(RESOURCES, "model_artifact", "coefficients.txt")) as file:
        coefficients = [float(value) for value in file.read().split()]
    intercept, weights = coefficients[0], np.array(coefficients[1:], dtype=np.float64).reshape(3, 1)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["X", "coefficient"], ["multiplied"]),
         helper.make_node("Add", ["multiplied", "intercept"], ["variable"])],
        "linear_regression",
        [helper.make_tensor_value_info("X", TensorProto.DOUBLE, [None, 3])],
        [helper.make_tensor_value_info("variable", TensorProto.DOUBLE, [None, 1])],
        [numpy_helper.from_array(weights, "coefficient"),
         numpy_helper.from_array(np.array([intercept], dtype=np.float64), "intercept")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)], producer_name="make_model.py",
                              doc_string="AC from ACS, RDEP and DEN: a linear regression fitted on well_logs.csv")
    model.ir_version = 8
    onnx.checker.check_model(model)

    target = os.path.join(RESOURCES, "model_artifact", "model.onnx")
    onnx.save(model, target)
    print(f"wrote {os.path.normpath(target)}: AC = {intercept} + X @ {weights[:, 0].tolist()}")


if __name__ == "__main__":
    main()
