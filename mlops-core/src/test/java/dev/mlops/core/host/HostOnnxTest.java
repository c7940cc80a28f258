package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models in the host: no model class, the graph in the artifact folder, the host's ONNX Runtime. The graphs
 * are those of {@code src/test/onnx/make_models.py}.
 */
class HostOnnxTest {

    private static final Path MODELS = Path.of("src/test/resources/onnx");

    @TempDir
    static Path shared;

    @TempDir
    static Path deployments;

    private static TestModels models;
    private static HostHarness harness;
    private static BundleDescriptor stacked;
    private static BundleDescriptor columns;

    @BeforeAll
    static void start() throws Exception {
        models = new TestModels(shared);
        artifact("stacked_artifact", "matmul_add.onnx", "model.onnx");
        artifact("columns_artifact", "two_inputs.onnx", "graphs/two.onnx");
        stacked = deploy("""
                model_name: stacked
                human_friendly_model_name: 'Stacked'
                model_format: onnx
                input_columns: [ACS, RDEP, DEN]
                output_names:
                  variable: AC
                artifact_folder: stacked_artifact
                test_file: null
                info:
                  prediction:
                    description: 'MatMul and Add'
                    owner: team@example.com
                """);
        columns = deploy("""
                model_name: columns
                human_friendly_model_name: 'Columns'
                model_format: onnx
                onnx_file: graphs/two.onnx
                onnx_threads: 2
                artifact_folder: columns_artifact
                test_file: null
                info:
                  prediction:
                    description: 'One input per column'
                    owner: team@example.com
                """);
        // Settings that do not fit the graph: listed as failed, every call told why.
        deploy("""
                model_name: unfit
                human_friendly_model_name: 'Unfit'
                model_format: onnx
                artifact_folder: stacked_artifact
                test_file: null
                info:
                  prediction:
                    description: 'No input_columns for a [N, 3] input'
                    owner: team@example.com
                """);
        harness = new HostHarness(models, deployments);
        harness.start(harness.options());
        for (String id : List.of("stacked-prediction-test-1", "columns-prediction-test-1")) {
            HostHarness.await(id + " ready", () -> harness.ready(id));
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static void artifact(String folder, String model, String as) throws Exception {
        Path target = shared.resolve(folder).resolve(as);
        Files.createDirectories(target.getParent());
        Files.copy(MODELS.resolve(model), target);
    }

    private static BundleDescriptor deploy(String settings) throws Exception {
        ModelSettings read = models.settings(settings);
        return models.bundle(read, Service.PREDICTION, 1, List.of(), deployments);
    }

    @Test
    void aStackedGraphAnswersACallWithItsRenamedOutput() throws Exception {
        HostHarness.Response answer = harness.call("stacked-prediction-test-1", HostHarness.ROW);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        // 0.5 * 1 - 1.25 * 3 + 2 * 2 + 10, in float32
        assertThat(answer.json().at("/prediction/AC/0").asDouble()).isEqualTo(10.75);
        assertThat(answer.json().path("model_id").asText()).isEqualTo("stacked/test/1");
    }

    @Test
    void columnsAreRequiredAndMustFitTheirType() throws Exception {
        HostHarness.Response missing = harness.call("stacked-prediction-test-1", "{\"ACS\": [1.0], \"RDEP\": [3.0]}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error_message").asText()).startsWith("missing required input: DEN");
        HostHarness.Response text = harness.call("stacked-prediction-test-1",
                "{\"ACS\": [\"one\"], \"RDEP\": [3.0], \"DEN\": [2.0]}");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().path("error_message").asText()).contains("ACS");
        HostHarness.Response tooBig = harness.call("stacked-prediction-test-1",
                "{\"ACS\": [1e300], \"RDEP\": [3.0], \"DEN\": [2.0]}");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().path("error_message").asText()).contains("ACS");
        HostHarness.Response uneven = harness.call("stacked-prediction-test-1",
                "{\"ACS\": [1.0, 2.0], \"RDEP\": [3.0], \"DEN\": [2.0, 1.0]}");
        assertThat(uneven.status()).isEqualTo(400);
        assertThat(uneven.json().path("error_message").asText()).contains("ACS has 2, RDEP has 1");
        HostHarness.Response scalar = harness.call("stacked-prediction-test-1",
                "{\"ACS\": 1.0, \"RDEP\": [3.0], \"DEN\": [2.0]}");
        assertThat(scalar.status()).isEqualTo(400);
        assertThat(scalar.json().path("error_message").asText()).contains("ACS");
    }

    @Test
    void theBundleCarriesItsSessionThreads() {
        assertThat(stacked.onnxThreads()).isEqualTo(1);
        assertThat(columns.onnxThreads()).isEqualTo(2);
    }

    @Test
    void aGraphWithOneInputPerColumnTakesDoublesLongsAndBooleansByName() throws Exception {
        HostHarness.Response answer = harness.call("columns-prediction-test-1",
                "{\"depth\": [1.5, 2.0], \"count\": [3, 4], \"valid\": [true, false], \"other\": {\"x\": 1}}");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().at("/prediction/total").toString()).isEqualTo("[7.5,-1.0]");
        assertThat(answer.json().at("/prediction/invalid").toString()).isEqualTo("[false,true]");
        HostHarness.Response fraction = harness.call("columns-prediction-test-1",
                "{\"depth\": [1.5], \"count\": [1.5], \"valid\": [true]}");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.json().path("error_message").asText()).contains("count");
        // Nothing is coerced: a null, a text, a 1 or a whole number beyond int64 is refused, naming the input.
        Map<String, String> refusals = Map.of(
                "{\"depth\": [1.5], \"count\": [1], \"valid\": [\"maybe\"]}", "valid",
                "{\"depth\": [1.5], \"count\": [1], \"valid\": [null]}", "valid",
                "{\"depth\": [1.5], \"count\": [1], \"valid\": [1]}", "valid",
                "{\"depth\": [1.5], \"count\": [\"3\"], \"valid\": [true]}", "count",
                "{\"depth\": [1.5], \"count\": [null], \"valid\": [true]}", "count",
                "{\"depth\": [1.5], \"count\": [9223372036854775808], \"valid\": [true]}", "count",
                "{\"depth\": [null], \"count\": [1], \"valid\": [true]}", "depth");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HostHarness.Response refused = harness.call("columns-prediction-test-1", refusal.getKey());
            assertThat(refused.status()).as(refusal.getKey()).isEqualTo(400);
            assertThat(refused.json().path("error_message").asText()).as(refusal.getKey())
                    .contains(refusal.getValue());
        }
    }

    @Test
    void theOpenInferenceProtocolInfersAndDescribesTheRealGraph() throws Exception {
        HostHarness.Response answer = harness.post("/v2/models/stacked-prediction-test-1/infer", """
                {"inputs": [
                  {"name": "ACS", "shape": [2], "datatype": "FP32", "data": [1.0, 2.0]},
                  {"name": "RDEP", "shape": [2], "datatype": "FP32", "data": [3.0, 0.0]},
                  {"name": "DEN", "shape": [2], "datatype": "FP32", "data": [2.0, 0.0]}]}
                """);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.json().at("/outputs/0/name").asText()).isEqualTo("AC");
        assertThat(answer.json().at("/outputs/0/data").toString()).isEqualTo("[10.75,11.0]");
        // As the metadata describes it: the graph's own input, [N, 3].
        HostHarness.Response whole = harness.post("/v2/models/stacked-prediction-test-1/infer", """
                {"inputs": [{"name": "input", "shape": [2, 3], "datatype": "FP32", "data": [1, 3, 2, 2, 0, 0]}]}
                """);
        assertThat(whole.status()).as(whole.text()).isEqualTo(200);
        assertThat(whole.json().at("/outputs/0/data").toString()).isEqualTo("[10.75,11.0]");
        HostHarness.Response rows = harness.call("stacked-prediction-test-1", "{\"input\": [[1, 3, 2], [2, 0]]}");
        assertThat(rows.status()).isEqualTo(400);
        assertThat(rows.json().path("error_message").asText()).contains("row 2 of input input has 2 values, not 3");
        HostHarness.Response metadata = harness.get("/v2/models/stacked-prediction-test-1");
        assertThat(metadata.json().path("platform").asText()).isEqualTo("onnxruntime");
        assertThat(metadata.json().path("inputs").toString())
                .isEqualTo("[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,3]}]");
        assertThat(metadata.json().path("outputs").toString())
                .isEqualTo("[{\"name\":\"AC\",\"datatype\":\"FP32\",\"shape\":[-1,1]}]");
    }

    @Test
    void settingsThatDoNotFitTheGraphLeaveAFunctionThatSaysWhy() throws Exception {
        HostHarness.await("unfit listed", () -> {
            try {
                return harness.get("/functions/unfit-prediction-test-1").status() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        HostHarness.Response answer = harness.call("unfit-prediction-test-1", HostHarness.ROW);
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.json().path("error_message").asText())
                .contains("cannot load the ONNX model: the graph's input 'input' has shape [N, 3]")
                .contains("input_columns");
    }

    @Test
    void aBundleNeedsTheGraphInItsArtifactFolder() throws Exception {
        models.folder("empty_artifact", Map.of("readme.txt", "no graph"));
        ModelSettings settings = models.settings("""
                model_name: nograph
                human_friendly_model_name: 'No graph'
                model_format: onnx
                artifact_folder: empty_artifact
                test_file: null
                info:
                  prediction:
                    description: 'd'
                    owner: o
                """);
        assertThatThrownBy(() -> models.bundle(settings, Service.PREDICTION, 1, List.of(), shared))
                .isInstanceOf(BundleException.class).hasMessageContaining("has no model.onnx; export the ONNX model"
                        + " there (or name its file with onnx_file)");
    }

    @Test
    void settingsRefuseWhatAnOnnxModelCannotHave() {
        assertThatThrownBy(() -> models.settings("""
                model_name: both
                human_friendly_model_name: 'Both'
                model_format: onnx
                model_class: com.example.Model
                onnx_file: ../outside.onnx
                artifact_folder: null
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                  training: {description: d, owner: o}
                """)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("model_class is not used with model_format: onnx")
                .hasMessageContaining("onnx_file '../outside.onnx' must be a path inside the artifact folder")
                .hasMessageContaining("artifact_folder cannot be null with model_format: onnx")
                .hasMessageContaining("info.training needs a model class that trains");
        assertThatThrownBy(() -> models.settings("""
                model_name: java
                human_friendly_model_name: 'Java'
                model_class: com.example.Model
                input_columns: [a]
                model_format: java
                artifact_folder: null
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                """)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("input_columns is only for model_format: onnx");
        assertThatThrownBy(() -> models.settings("""
                model_name: unknown
                human_friendly_model_name: 'Unknown'
                input_columns: [a]
                model_format: pytorch
                artifact_folder: null
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                """)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("model_format 'pytorch' is not known; use java")
                .hasMessageNotContaining("model_class is missing")
                .hasMessageNotContaining("input_columns");
    }
}
