package dev.mlops.core.settings;

import java.util.List;
import java.util.Map;

/**
 * The settings of a model with {@code model_format: onnx}.
 *
 * @param file         {@code onnx_file}: the graph's path inside the artifact folder, default {@code model.onnx}
 * @param inputColumns {@code input_columns}: the request columns that fill a graph input of shape {@code [N, k]},
 *                     in order; empty when the graph takes one input per column by name
 * @param outputNames  {@code output_names}: prediction key by graph output name, for outputs to be renamed
 * @param threads      {@code onnx_threads}: ONNX Runtime's intra-op threads for the model's session, default 1
 */
public record OnnxSettings(String file, List<String> inputColumns, Map<String, String> outputNames, int threads) {

    /** The graph's file name when {@code onnx_file} is not given. */
    public static final String DEFAULT_FILE = "model.onnx";
    /**
     * Intra-op threads when {@code onnx_threads} is not given: one, since a host runs many calls side by side and
     * each takes a thread of its own.
     */
    public static final int DEFAULT_THREADS = 1;
    /** The most intra-op threads {@code onnx_threads} may ask for. */
    public static final int MAX_THREADS = 64;
}
