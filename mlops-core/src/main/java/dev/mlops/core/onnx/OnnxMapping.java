package dev.mlops.core.onnx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a request's columns feed an ONNX graph and how its outputs become prediction keys.
 *
 * <p>A graph with one input of shape {@code [N, k]} takes the {@code k} columns the settings list under
 * {@code input_columns}, in that order, one row per request row. A graph with one input per column, each of shape
 * {@code [N]} or {@code [N, 1]}, takes the columns by the inputs' names ({@code input_columns}, when given, must
 * name the same inputs). Outputs keep their graph names unless {@code output_names} renames them.
 *
 * @param feeds   the graph's inputs and the columns that fill each
 * @param outputs prediction key by graph output name, in the graph's order
 */
public record OnnxMapping(List<Feed> feeds, Map<String, String> outputs) {

    /**
     * One graph input and what fills it.
     *
     * @param input   the input's name in the graph
     * @param type    its element type
     * @param columns the request columns, in order: several for a stacked {@code [N, k]} input, one otherwise
     * @param rank    the input's rank: 1 for {@code [N]}, 2 for {@code [N, k]}
     * @param rows    the fixed number of rows the graph takes, or -1 when open
     */
    public record Feed(String input, ColumnType type, List<String> columns, int rank, long rows) {
    }

    /**
     * Something in the settings that does not fit the graph.
     *
     * @param field   the settings field to change ({@code input_columns}, {@code output_names}, {@code onnx_file})
     * @param message what does not fit and how to fix it
     */
    public record Mismatch(String field, String message) {
    }

    /** @return the request columns every call must give, in feed order */
    public List<String> columns() {
        List<String> columns = new ArrayList<>();
        feeds.forEach(feed -> columns.addAll(feed.columns()));
        return columns;
    }

    /**
     * @param inputs       the graph's inputs
     * @param outputs      the graph's outputs
     * @param inputColumns {@code input_columns}; empty when not given
     * @param outputNames  {@code output_names}: graph output name to prediction key
     * @param mismatches   where each problem is added
     * @return the mapping, or null when there are mismatches
     */
    static OnnxMapping of(List<GraphTensor> inputs, List<GraphTensor> outputs, List<String> inputColumns,
                          Map<String, String> outputNames, List<Mismatch> mismatches) {
        int before = mismatches.size();
        List<Feed> feeds = feeds(inputs, inputColumns, mismatches);
        Map<String, String> keys = outputKeys(outputs, outputNames, mismatches);
        return mismatches.size() > before ? null : new OnnxMapping(List.copyOf(feeds), keys);
    }

    /** A graph's input or output as the mapping needs it: its type (empty for non-tensors) and shape. */
    record GraphTensor(String name, ColumnType type, String typeName, long[] shape) {
    }

    private static List<Feed> feeds(List<GraphTensor> inputs, List<String> inputColumns, List<Mismatch> mismatches) {
        List<Feed> feeds = new ArrayList<>();
        for (GraphTensor input : inputs) {
            if (input.type() == null) {
                mismatches.add(new Mismatch("onnx_file", "the graph's input '" + input.name() + "' is "
                        + input.typeName() + "; mlops feeds tensors of float, double, int64 or bool, so export the"
                        + " model with one of those"));
            }
        }
        if (!mismatches.isEmpty()) {
            return feeds;
        }
        if (inputs.size() == 1 && stacked(inputs.get(0), inputColumns)) {
            GraphTensor input = inputs.get(0);
            long width = input.shape()[1];
            if (inputColumns.isEmpty()) {
                mismatches.add(new Mismatch("input_columns", "the graph's input '" + input.name() + "' has shape "
                        + shape(input.shape()) + ", a row of " + (width < 0 ? "several" : Long.toString(width))
                        + " values: list the columns that fill it under input_columns, in order, such as"
                        + " input_columns: [ACS, RDEP, DEN]"));
            } else if (width >= 0 && width != inputColumns.size()) {
                mismatches.add(new Mismatch("input_columns", "input_columns lists " + inputColumns.size()
                        + " columns, but the graph's input '" + input.name() + "' has shape "
                        + shape(input.shape()) + ", " + width + " values a row; list exactly " + width));
            } else {
                feeds.add(new Feed(input.name(), input.type(), List.copyOf(inputColumns), 2, input.shape()[0]));
            }
            return feeds;
        }
        Set<String> names = new HashSet<>();
        for (GraphTensor input : inputs) {
            names.add(input.name());
            long[] shape = input.shape();
            boolean column = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
            if (!column) {
                mismatches.add(new Mismatch("onnx_file", "the graph's input '" + input.name() + "' has shape "
                        + shape(shape) + "; with " + inputs.size() + " inputs each must be one column, [N] or"
                        + " [N, 1] (a single input of shape [N, k] takes the columns of input_columns)"));
                continue;
            }
            feeds.add(new Feed(input.name(), input.type(), List.of(input.name()), shape.length, shape[0]));
        }
        for (String column : inputColumns) {
            if (!names.contains(column)) {
                mismatches.add(new Mismatch("input_columns", "input_columns names '" + column + "', which is not"
                        + " an input of the graph; its inputs are " + String.join(", ", inputNames(inputs))
                        + ", taken by name, so remove input_columns or name those"));
            }
        }
        if (mismatches.isEmpty() && !inputColumns.isEmpty() && inputColumns.size() != inputs.size()) {
            List<String> left = new ArrayList<>(inputNames(inputs));
            left.removeAll(inputColumns);
            mismatches.add(new Mismatch("input_columns", "input_columns leaves out the graph's input(s) "
                    + String.join(", ", left) + "; every input needs its column"));
        }
        return feeds;
    }

    /** One input of shape {@code [N, k]}: stacked unless it is one column ({@code [N, 1]}) named by itself. */
    private static boolean stacked(GraphTensor input, List<String> inputColumns) {
        long[] shape = input.shape();
        if (shape.length != 2) {
            return false;
        }
        return shape[1] != 1 || !(inputColumns.isEmpty() || inputColumns.equals(List.of(input.name())));
    }

    private static Map<String, String> outputKeys(List<GraphTensor> outputs, Map<String, String> outputNames,
                                                  List<Mismatch> mismatches) {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> graphNames = inputNames(outputs);
        for (String renamed : outputNames.keySet()) {
            if (!graphNames.contains(renamed)) {
                mismatches.add(new Mismatch("output_names", "output_names renames '" + renamed + "', which is not"
                        + " an output of the graph; its outputs are " + String.join(", ", graphNames)));
            }
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (GraphTensor output : outputs) {
            String key = outputNames.getOrDefault(output.name(), output.name());
            String other = byKey.putIfAbsent(key, output.name());
            if (other != null) {
                mismatches.add(new Mismatch("output_names", "the graph's outputs '" + other + "' and '"
                        + output.name() + "' would both be '" + key + "' in the prediction; give each its own name"
                        + " under output_names"));
            }
            keys.put(output.name(), key);
        }
        return keys;
    }

    private static List<String> inputNames(List<GraphTensor> tensors) {
        return tensors.stream().map(GraphTensor::name).toList();
    }

    static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "N" : Long.toString(shape[i]));
        }
        return text.append(']').toString();
    }
}
