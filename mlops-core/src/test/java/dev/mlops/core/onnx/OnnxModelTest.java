package dev.mlops.core.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX models under {@code src/test/resources/onnx}, made by {@code src/test/onnx/make_models.py} with
 * {@code onnx.helper}, run by ONNX Runtime and compared with the predictions numpy computed from the same weights
 * ({@code expected.json}).
 */
class OnnxModelTest {

    private static final Path MODELS = Path.of("src/test/resources/onnx");
    private static JsonNode expected;

    @BeforeAll
    static void readExpected() throws IOException {
        expected = new ObjectMapper().readTree(MODELS.resolve("expected.json").toFile());
    }

    @Test
    void aMatMulAddRegressionTakesTheListedColumnsInOrder() throws OnnxException {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("matmul_add.onnx"), List.of("ACS", "RDEP", "DEN"),
                Map.of("variable", "AC"), 1)) {
            assertThat(model.mapping().columns()).containsExactly("ACS", "RDEP", "DEN");
            Map<String, Object> prediction = model.predict(floats(expected.at("/matmul_add/inputs")));
            assertThat(prediction).containsOnlyKeys("AC");
            assertFloats(prediction.get("AC"), expected.at("/matmul_add/outputs/variable"));
            assertThat(model.inputs()).containsExactly(new TensorSpec("input", "FP32", List.of(-1L, 3L)));
            assertThat(model.outputs()).containsExactly(new TensorSpec("variable", "FP32", List.of(-1L, 1L)));
        }
    }

    @Test
    void anOnnxMlLinearRegressorAnswersAsNumpyComputes() throws OnnxException {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("linear_regressor.onnx"), List.of("a", "b", "c"),
                Map.of(), 1)) {
            Map<String, Object> prediction = model.predict(floats(expected.at("/linear_regressor/inputs")));
            assertFloats(prediction.get("Y"), expected.at("/linear_regressor/outputs/Y"));
        }
    }

    @Test
    void aGraphWithOneInputPerColumnTakesThemByNameWithTheirTypes() throws OnnxException {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("two_inputs.onnx"), List.of(), Map.of(), 1)) {
            assertThat(model.mapping().feeds()).extracting(OnnxMapping.Feed::type)
                    .containsExactly(ColumnType.DOUBLE, ColumnType.INT64, ColumnType.BOOL);
            JsonNode inputs = expected.at("/two_inputs/inputs");
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("valid", booleans(inputs.get("valid")));
            columns.put("depth", doubles(inputs.get("depth")));
            columns.put("count", longs(inputs.get("count")));
            Map<String, Object> prediction = model.predict(columns);
            assertThat((double[]) prediction.get("total")).containsExactly(doubles(expected.at("/two_inputs/outputs/total")));
            assertThat((boolean[]) prediction.get("invalid"))
                    .containsExactly(booleans(expected.at("/two_inputs/outputs/invalid")));
        }
    }

    @Test
    void aClassifierGivesItsLabelAndProbabilities() throws OnnxException {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("classifier.onnx"), List.of("x1", "x2"),
                Map.of("label", "class", "probabilities", "probability"), 1)) {
            Map<String, Object> prediction = model.predict(floats(expected.at("/classifier/inputs")));
            assertThat(prediction).containsOnlyKeys("class", "probability");
            assertThat((long[]) prediction.get("class")).containsExactly(longs(expected.at("/classifier/outputs/label")));
            float[][] probabilities = (float[][]) prediction.get("probability");
            JsonNode wanted = expected.at("/classifier/outputs/probabilities");
            assertThat(probabilities.length).isEqualTo(wanted.size());
            for (int row = 0; row < probabilities.length; row++) {
                for (int column = 0; column < 2; column++) {
                    assertThat((double) probabilities[row][column])
                            .isCloseTo(wanted.get(row).get(column).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
                }
            }
        }
    }

    @Test
    void concurrentCallsShareOneSessionSafely() throws Exception {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("matmul_add.onnx"), List.of("ACS", "RDEP", "DEN"),
                Map.of(), 1)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int task = 0; task < 64; task++) {
                    int offset = task;
                    answers.add(pool.submit(() -> {
                        // Each thread reuses its input buffers: calls of more and of fewer rows, and now and then
                        // one too large to keep (25,000 rows, 300,000 bytes), must each read only their own rows.
                        for (int call = 0; call < 50; call++) {
                            int rows = call % 10 == 9 ? 25_000 : 1 + (offset * 7 + call * 13) % 40;
                            float[] acs = new float[rows];
                            for (int row = 0; row < rows; row++) {
                                acs[row] = offset + call + row % 100;
                            }
                            Map<String, Object> columns = Map.of("ACS", acs, "RDEP", new float[rows],
                                    "DEN", new float[rows]);
                            float[] answer = (float[]) model.predict(columns).get("variable");
                            if (answer.length != rows) {
                                return false;
                            }
                            for (int row = 0; row < rows; row++) {
                                if (answer[row] != acs[row] * 0.5f + 10f) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aStackedInputNeedsItsColumnsListedAndCounted() {
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("matmul_add.onnx"), List.of(), Map.of(), 1))
                .isInstanceOf(OnnxException.class)
                .hasMessageContaining("the graph's input 'input' has shape [N, 3]")
                .hasMessageContaining("input_columns: [ACS, RDEP, DEN]");
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("matmul_add.onnx"), List.of("ACS", "RDEP"), Map.of(),
                1)).hasMessage("input_columns lists 2 columns, but the graph's input 'input' has shape [N, 3], 3"
                + " values a row; list exactly 3");
    }

    @Test
    void columnsOfAPerColumnGraphMustBeItsInputs() {
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("two_inputs.onnx"), List.of("depth", "DEPTH"),
                Map.of(), 1)).hasMessageContaining("input_columns names 'DEPTH', which is not an input of the graph;"
                + " its inputs are depth, count, valid");
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("two_inputs.onnx"), List.of("depth"), Map.of(), 1))
                .hasMessageContaining("leaves out the graph's input(s) count, valid");
    }

    @Test
    void renamingNeedsRealOutputsAndDistinctKeys() {
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("classifier.onnx"), List.of("x1", "x2"),
                Map.of("labels", "class"), 1))
                .hasMessageContaining("output_names renames 'labels', which is not an output of the graph; its"
                        + " outputs are label, probabilities");
        assertThatThrownBy(() -> OnnxModel.open(MODELS.resolve("classifier.onnx"), List.of("x1", "x2"),
                Map.of("label", "probabilities"), 1))
                .hasMessageContaining("would both be 'probabilities'");
    }

    @Test
    void mismatchesAreReportedEachWithItsField() throws OnnxException {
        List<OnnxMapping.Mismatch> mismatches = new ArrayList<>();
        assertThat(OnnxModel.open(MODELS.resolve("classifier.onnx"), List.of("x1"), Map.of("nothing", "x"), 1,
                mismatches)).isNull();
        assertThat(mismatches).extracting(OnnxMapping.Mismatch::field).containsExactly("input_columns",
                "output_names");
    }

    @Test
    void aMissingOrBrokenFileIsAClearError(@TempDir Path folder) throws IOException {
        assertThatThrownBy(() -> OnnxModel.open(folder.resolve("model.onnx"), List.of(), Map.of(), 1))
                .hasMessage("the ONNX model model.onnx is not in the artifact folder; put the exported model there,"
                        + " or name it with onnx_file");
        Path broken = Files.writeString(folder.resolve("broken.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxModel.open(broken, List.of(), Map.of(), 1))
                .isInstanceOf(OnnxException.class).hasMessageStartingWith("ONNX Runtime cannot load broken.onnx: ");
    }

    @Test
    void requestsWithMissingOrUnevenColumnsAreRefused() throws OnnxException {
        try (OnnxModel model = OnnxModel.open(MODELS.resolve("matmul_add.onnx"), List.of("ACS", "RDEP", "DEN"),
                Map.of(), 1)) {
            assertThatThrownBy(() -> model.predict(Map.of("ACS", new float[] {1}, "RDEP", new float[] {1})))
                    .hasMessage("missing input DEN");
            Map<String, Object> uneven = new LinkedHashMap<>();
            uneven.put("ACS", new float[] {1, 2});
            uneven.put("RDEP", new float[] {1});
            uneven.put("DEN", new float[] {1, 2});
            assertThatThrownBy(() -> model.predict(uneven))
                    .hasMessage("the columns must have one value a row each: ACS has 2, RDEP has 1");
            Map<String, Object> empty = Map.of("ACS", new float[0], "RDEP", new float[0], "DEN", new float[0]);
            assertThat((float[]) model.predict(empty).get("variable")).isEmpty();
        }
    }

    private static Map<String, Object> floats(JsonNode columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        columns.fields().forEachRemaining(column -> {
            float[] array = new float[column.getValue().size()];
            for (int i = 0; i < array.length; i++) {
                array[i] = (float) column.getValue().get(i).asDouble();
            }
            values.put(column.getKey(), array);
        });
        return values;
    }

    private static void assertFloats(Object actual, JsonNode wanted) {
        float[] values = (float[]) actual;
        assertThat(values).hasSize(wanted.size());
        for (int i = 0; i < values.length; i++) {
            assertThat((double) values[i]).isEqualTo(wanted.get(i).asDouble());
        }
    }

    private static double[] doubles(JsonNode values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i).asDouble();
        }
        return array;
    }

    private static long[] longs(JsonNode values) {
        long[] array = new long[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i).asLong();
        }
        return array;
    }

    private static boolean[] booleans(JsonNode values) {
        boolean[] array = new boolean[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i).asBoolean();
        }
        return array;
    }
}
