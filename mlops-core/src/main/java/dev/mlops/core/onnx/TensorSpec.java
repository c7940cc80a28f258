package dev.mlops.core.onnx;

import java.util.List;

/**
 * An input or output of an ONNX graph as the graph declares it.
 *
 * @param name     the tensor's name in the graph
 * @param datatype the Open Inference Protocol's datatype ({@code FP32}, {@code INT64}, …), or the ONNX type for
 *                 values that are not tensors ({@code seq(map(int64,tensor(float)))})
 * @param shape    the dimensions, -1 where the graph leaves one open (a batch dimension, {@code N})
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {
}
