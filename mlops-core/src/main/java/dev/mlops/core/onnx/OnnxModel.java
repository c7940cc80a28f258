package dev.mlops.core.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model loaded into ONNX Runtime: one session, shared by concurrent calls (ONNX Runtime's {@code run} is
 * safe to call from several threads), and the {@link OnnxMapping} between request columns and the graph.
 *
 * <p>There is one ONNX Runtime environment per process, the runtime's own; each model has a session of its own,
 * closed by {@link #close()}.
 */
public final class OnnxModel implements AutoCloseable {

    private static final long ENVIRONMENT_STACK_BYTES = 256L << 20;

    /** ONNX Runtime's environment once started: later models need no start-up thread. */
    private static volatile OrtEnvironment startedEnvironment;

    /** The largest buffer a call thread keeps for a feed: 8,192 rows of 4 doubles. */
    private static final int SCRATCH_LIMIT = 256 * 1024;

    private final OrtEnvironment environment;
    private final ThreadLocal<Map<OnnxMapping.Feed, ByteBuffer>> scratch = ThreadLocal.withInitial(HashMap::new);
    private final OrtSession session;
    private final OnnxMapping mapping;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;

    private OnnxModel(OrtEnvironment environment, OrtSession session, OnnxMapping mapping, List<TensorSpec> inputs,
                      List<TensorSpec> outputs) {
        this.environment = environment;
        this.session = session;
        this.mapping = mapping;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Opens a model file and maps it to the settings.
     *
     * @param file         the {@code .onnx} file
     * @param inputColumns {@code input_columns}; empty when not given
     * @param outputNames  {@code output_names}
     * @param threads      ONNX Runtime's intra-op threads for this model's session; 1 suits a host that runs many
     *                     calls at once, more suits few large ones
     * @throws OnnxException when the file is missing or no ONNX model, or the settings do not fit it (every
     *                       mismatch in one message)
     */
    public static OnnxModel open(Path file, List<String> inputColumns, Map<String, String> outputNames, int threads)
            throws OnnxException {
        List<OnnxMapping.Mismatch> mismatches = new ArrayList<>();
        OnnxModel model = open(file, inputColumns, outputNames, threads, mismatches);
        if (model == null) {
            throw new OnnxException(String.join("; ", mismatches.stream().map(OnnxMapping.Mismatch::message)
                    .toList()));
        }
        return model;
    }

    /**
     * @param mismatches where each way the settings do not fit the graph is added
     * @return the model, or null when there were mismatches
     * @throws OnnxException when the file is missing or no ONNX model
     * @see #open(Path, List, Map, int)
     */
    public static OnnxModel open(Path file, List<String> inputColumns, Map<String, String> outputNames, int threads,
                                 List<OnnxMapping.Mismatch> mismatches) throws OnnxException {
        if (!Files.isRegularFile(file)) {
            throw new OnnxException("the ONNX model " + file.getFileName() + " is not in the artifact folder; put"
                    + " the exported model there, or name it with onnx_file");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        OrtEnvironment environment = environment();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // The arena is shared by the session's concurrent calls; without it, 2 threads on 2 cores made about
            // 20 % more calls a second on a 100-row regression.
            options.setCPUArenaAllocator(false);
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new OnnxException("ONNX Runtime cannot load " + file.getFileName() + ": " + e.getMessage(), e);
        }
        try {
            List<OnnxMapping.GraphTensor> graphInputs = tensors(session.getInputInfo());
            List<OnnxMapping.GraphTensor> graphOutputs = tensors(session.getOutputInfo());
            OnnxMapping mapping = OnnxMapping.of(graphInputs, graphOutputs, inputColumns, outputNames, mismatches);
            if (mapping == null) {
                session.close();
                return null;
            }
            return new OnnxModel(environment, session, mapping, specs(session.getInputInfo()),
                    specs(session.getOutputInfo()));
        } catch (OrtException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // Already failing with the first exception.
            }
            throw new OnnxException("ONNX Runtime cannot describe " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The process's one ONNX Runtime environment, created on a thread with a large stack: ONNX Runtime 1.29's native
     * start-up recurses to a depth that grows with the length of the process's command line (some 12,000 frames for
     * a 16,000-character {@code -cp}), so that a JVM started with a long {@code -cp} (above 2,000 to 4,000 characters
     * on the default 1 MiB stack) dies of a stack overflow, with no Java exception and no crash report. A 256 MiB
     * stack, reserved but only touched as deep as the recursion goes, covers command lines some 250 times as long.
     */
    private static OrtEnvironment environment() throws OnnxException {
        OrtEnvironment started = startedEnvironment;
        if (started != null) {
            return started;
        }
        OrtEnvironment[] created = new OrtEnvironment[1];
        RuntimeException[] failed = new RuntimeException[1];
        Thread thread = new Thread(null, () -> {
            try {
                created[0] = OrtEnvironment.getEnvironment();
            } catch (RuntimeException | LinkageError e) {
                failed[0] = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            }
        }, "mlops-onnx-environment", ENVIRONMENT_STACK_BYTES);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnnxException("interrupted while ONNX Runtime started", e);
        }
        if (created[0] == null) {
            throw new OnnxException("ONNX Runtime cannot start on this machine: " + (failed[0] == null ? "no reason given"
                    : failed[0].getMessage()), failed[0]);
        }
        startedEnvironment = created[0];
        return created[0];
    }

    /** @return how request columns feed the graph and outputs become prediction keys */
    public OnnxMapping mapping() {
        return mapping;
    }

    /** @return the graph's inputs, in its order */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** @return the graph's outputs, in its order, under their graph names */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Runs the model on one request.
     *
     * @param columns each column of {@link OnnxMapping#columns()} as the primitive array of its feed's
     *                {@link ColumnType#arrayType()}, one value a row
     * @return each output under its prediction key: a column ({@code [N]} or {@code [N, 1]}) as a flat array, other
     *         tensors as nested arrays, sequences as lists and maps as maps
     * @throws OnnxException when a column is missing, the columns differ in length, the graph takes another number
     *                       of rows, or ONNX Runtime fails
     */
    public Map<String, Object> predict(Map<String, ?> columns) throws OnnxException {
        int rows = rows(columns);
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (OnnxMapping.Feed feed : mapping.feeds()) {
                if (feed.rows() >= 0 && feed.rows() != rows) {
                    throw new OnnxException("the model takes exactly " + feed.rows() + " rows a request, this one has "
                            + rows);
                }
                feeds.put(feed.input(), tensor(feed, columns, rows));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                Map<String, Object> prediction = new LinkedHashMap<>();
                for (Map.Entry<String, String> output : mapping.outputs().entrySet()) {
                    Optional<OnnxValue> value = result.get(output.getKey());
                    prediction.put(output.getValue(), value.isEmpty() ? null : javaValue(value.get()));
                }
                return prediction;
            }
        } catch (OrtException e) {
            throw new OnnxException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private int rows(Map<String, ?> columns) throws OnnxException {
        int rows = -1;
        String first = null;
        for (String column : mapping.columns()) {
            Object values = columns.get(column);
            if (values == null) {
                throw new OnnxException("missing input " + column);
            }
            int length = Array.getLength(values);
            if (rows >= 0 && length != rows) {
                throw new OnnxException("the columns must have one value a row each: " + first + " has " + rows
                        + ", " + column + " has " + length);
            }
            rows = length;
            first = first == null ? column : first;
        }
        return Math.max(rows, 0);
    }

    private OnnxTensor tensor(OnnxMapping.Feed feed, Map<String, ?> columns, int rows) throws OrtException {
        int width = feed.columns().size();
        long[] shape = feed.rank() == 1 ? new long[] {rows} : new long[] {rows, width};
        List<String> names = feed.columns();
        switch (feed.type()) {
            case FLOAT -> {
                FloatBuffer buffer = scratch(feed, (long) rows * width * Float.BYTES).asFloatBuffer();
                float[][] values = new float[width][];
                for (int c = 0; c < width; c++) {
                    values[c] = (float[]) columns.get(names.get(c));
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < width; c++) {
                        buffer.put(values[c][r]);
                    }
                }
                return OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case DOUBLE -> {
                DoubleBuffer buffer = scratch(feed, (long) rows * width * Double.BYTES).asDoubleBuffer();
                double[][] values = new double[width][];
                for (int c = 0; c < width; c++) {
                    values[c] = (double[]) columns.get(names.get(c));
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < width; c++) {
                        buffer.put(values[c][r]);
                    }
                }
                return OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case INT64 -> {
                LongBuffer buffer = scratch(feed, (long) rows * width * Long.BYTES).asLongBuffer();
                long[][] values = new long[width][];
                for (int c = 0; c < width; c++) {
                    values[c] = (long[]) columns.get(names.get(c));
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < width; c++) {
                        buffer.put(values[c][r]);
                    }
                }
                return OnnxTensor.createTensor(environment, buffer.flip(), shape);
            }
            case BOOL -> {
                ByteBuffer buffer = scratch(feed, (long) rows * width);
                boolean[][] values = new boolean[width][];
                for (int c = 0; c < width; c++) {
                    values[c] = (boolean[]) columns.get(names.get(c));
                }
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < width; c++) {
                        buffer.put((byte) (values[c][r] ? 1 : 0));
                    }
                }
                return OnnxTensor.createTensor(environment, buffer.flip(), shape, OnnxJavaType.BOOL);
            }
            default -> throw new IllegalStateException("no feed for " + feed.type());
        }
    }

    /**
     * A native-order direct buffer for a feed, of exactly {@code bytes}: ONNX Runtime reads a direct buffer in place,
     * where it would copy a heap buffer into a new direct one on every call. Each call thread keeps one per feed up
     * to {@value #SCRATCH_LIMIT} bytes (a 100-row request of 3 doubles takes 2,400), so that its next call reuses
     * it; the tensor made from it is closed before that. A larger request has a buffer of its own.
     */
    private ByteBuffer scratch(OnnxMapping.Feed feed, long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the input " + feed.input() + " would take " + size + " bytes, beyond"
                    + " the 2 GiB one tensor holds");
        }
        int bytes = (int) size;
        if (bytes > SCRATCH_LIMIT) {
            return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        Map<OnnxMapping.Feed, ByteBuffer> buffers = scratch.get();
        ByteBuffer buffer = buffers.get(feed);
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(1024, Integer.highestOneBit(Math.max(1, bytes - 1)) << 1));
            buffers.put(feed, buffer);
        }
        return buffer.clear().limit(bytes).slice().order(ByteOrder.nativeOrder());
    }

    /** An output as plain Java values that JSON can carry; a column vector {@code [N, 1]} becomes flat. */
    private static Object javaValue(OnnxValue value) throws OrtException {
        if (value instanceof OnnxTensor tensor) {
            long[] shape = tensor.getInfo().getShape();
            Object column = shape.length == 1 || shape.length == 2 && shape[1] == 1 ? column(tensor) : null;
            if (column != null) {
                return column;
            }
            Object array = tensor.getValue();
            if (shape.length == 2 && shape[1] == 1 && array instanceof Object[] rows) {
                int length = rows.length;
                Object flat = Array.newInstance(rows.getClass().getComponentType()
                        .getComponentType(), length);
                for (int i = 0; i < length; i++) {
                    Array.set(flat, i, Array.get(rows[i], 0));
                }
                return flat;
            }
            return array;
        }
        if (value instanceof OnnxSequence sequence) {
            List<Object> items = new ArrayList<>();
            for (Object item : sequence.getValue()) {
                items.add(item instanceof OnnxValue inner ? javaValue(inner) : item);
            }
            return items;
        }
        if (value instanceof OnnxMap map) {
            return new LinkedHashMap<>(map.getValue());
        }
        return value.getValue();
    }

    /**
     * A numeric column read whole from the tensor's buffer: a third of a call's time on a 100-row regression went
     * to {@link OnnxTensor#getValue()} building a {@code double[N][1]} element by element over JNI.
     *
     * @return the column as a flat primitive array, or null for a type read otherwise
     */
    private static Object column(OnnxTensor tensor) {
        return switch (tensor.getInfo().type) {
            case DOUBLE -> {
                DoubleBuffer buffer = tensor.getDoubleBuffer();
                double[] values = new double[buffer.remaining()];
                buffer.get(values);
                yield values;
            }
            case FLOAT -> {
                FloatBuffer buffer = tensor.getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                yield values;
            }
            case INT64 -> {
                LongBuffer buffer = tensor.getLongBuffer();
                long[] values = new long[buffer.remaining()];
                buffer.get(values);
                yield values;
            }
            default -> null;
        };
    }

    private static List<OnnxMapping.GraphTensor> tensors(Map<String, NodeInfo> nodes) {
        List<OnnxMapping.GraphTensor> tensors = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                tensors.add(new OnnxMapping.GraphTensor(node.getName(), ColumnType.of(tensor).orElse(null),
                        ColumnType.describe(tensor), tensor.getShape()));
            } else {
                tensors.add(new OnnxMapping.GraphTensor(node.getName(), null, node.getInfo().toString(),
                        new long[0]));
            }
        }
        return tensors;
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : nodes.values()) {
            if (node.getInfo() instanceof TensorInfo tensor) {
                List<Long> shape = new ArrayList<>();
                for (long dimension : tensor.getShape()) {
                    shape.add(dimension < 0 ? -1L : dimension);
                }
                String datatype = ColumnType.of(tensor).map(ColumnType::datatype)
                        .orElseGet(() -> ColumnType.describe(tensor));
                specs.add(new TensorSpec(node.getName(), datatype, List.copyOf(shape)));
            } else {
                specs.add(new TensorSpec(node.getName(), node.getInfo().toString(), List.of()));
            }
        }
        return List.copyOf(specs);
    }

    /** Closes the session; calls in flight must have finished. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX session: " + e.getMessage(), e);
        }
    }
}
