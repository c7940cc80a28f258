package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.monitoring.PredictionLog;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.store.LocalArtifactStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's side of the prediction log: which calls it logs, what a record holds, and its metrics. */
class HostPredictionLogTest {

    private static final String ECHO = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Echo implements PredictionModel<Map<String, Object>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Void state, Secrets secrets) throws ModelException {
                    if (data.containsKey("fail")) {
                        throw new ModelException("cannot predict with key " + secrets.require("API_KEY"));
                    }
                    return Map.of("echo", data, "key", secrets.require("API_KEY"));
                }
            }
            """;

    /** Answers with what it was given, and has no secrets: its records take the call's bytes as they are. */
    private static final String MIRROR = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Mirror implements PredictionModel<Map<String, Object>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Void state, Secrets secrets) {
                    return Map.of("given", data);
                }
            }
            """;

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path echoJar;
    private static Path mirrorJar;

    @TempDir
    Path work;

    private Path deployments;
    private LocalArtifactStore store;
    private HostHarness host;

    @BeforeAll
    static void compile() throws Exception {
        models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        linearJar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        echoJar = models.jar("echo", Map.of("com.example.Echo", ECHO));
        mirrorJar = models.jar("mirror", Map.of("com.example.Mirror", MIRROR));
    }

    @BeforeEach
    void folders() {
        deployments = work.resolve("deployments");
        store = new LocalArtifactStore(work.resolve("store"));
        host = new HostHarness(models, deployments);
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private void deploy(String name, String modelClass, String artifact, String monitoring, Path jar)
            throws Exception {
        ModelSettings settings = models.settings(name, modelClass, artifact, monitoring + "\nsecrets: [API_KEY]");
        models.bundle(settings, Service.PREDICTION, 1, List.of(jar), deployments,
                Optional.of(new BundleSource.LogStore(store.address().toString(), "team")));
    }

    private void start() throws Exception {
        host.start(host.options().withPredictionLog(PredictionLog.Options.defaults()
                .withFlushInterval(Duration.ofHours(1))), name -> name.equals("API_KEY") ? "k-123-secret" : null);
    }

    private List<JsonNode> logged(String model) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : loggedLines(model)) {
            records.add(Json.DATA.readTree(line));
        }
        return records;
    }

    private List<String> loggedLines(String model) throws IOException {
        List<String> lines = new ArrayList<>();
        String prefix = PredictionLog.prefix("team", model, "test", 1);
        for (String key : new java.util.TreeSet<>(store.listAll(prefix).keySet())) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(store.read(prefix + key)
                    .orElseThrow()))) {
                lines.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
            }
        }
        return lines;
    }

    @Test
    void everyCallIsLoggedAtRateOneWithItsInputOutputLatencyAndStatus() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "monitoring:\n  sample_rate: 1", linearJar);
        deploy("quiet", "com.example.Linear", "linear_artifact", "", linearJar);
        start();
        assertThat(host.call("model1-prediction-test-1", HostHarness.ROW).status()).isEqualTo(200);
        assertThat(host.call("model1-prediction-test-1", "{\"ACS\": [\"not a number\"]}").status()).isEqualTo(400);
        assertThat(host.post("/v2/models/model1-prediction-test-1/infer", """
                {"inputs": [
                  {"name": "ACS", "shape": [2], "datatype": "FP64", "data": [1.0, 2.0]},
                  {"name": "RDEP", "shape": [2], "datatype": "FP64", "data": [3.0, 4.0]},
                  {"name": "DEN", "shape": [2], "datatype": "FP64", "data": [2.0, 2.5]}]}
                """).status()).isEqualTo(200);
        assertThat(host.call("quiet-prediction-test-1", HostHarness.ROW).status()).isEqualTo(200);
        HostHarness.await("three records queued", () -> metric("mlops_prediction_log_queued_total").equals("3.0"));
        host.close();

        List<JsonNode> records = logged("model1");
        assertThat(records).hasSize(3);
        JsonNode ok = records.get(0);
        assertThat(ok.get("external_id").asText()).isEqualTo("model1-prediction-test-1");
        assertThat(ok.get("model_id").asText()).isEqualTo("model1/test/1");
        assertThat(ok.get("status").asInt()).isEqualTo(200);
        assertThat(ok.get("latency_ms").asDouble()).isPositive();
        assertThat(ok.get("input")).isEqualTo(Json.DATA.readTree(HostHarness.ROW));
        assertThat(ok.get("output").get("AC").get(0).asDouble()).isEqualTo(20.0);
        JsonNode refused = records.get(1);
        assertThat(refused.get("status").asInt()).isEqualTo(400);
        assertThat(refused.get("output").isNull()).isTrue();
        assertThat(refused.get("error").asText()).contains("data does not fit the model's input");
        assertThat(refused.get("input")).as("data the call could not bind is found again in the body")
                .isEqualTo(Json.DATA.readTree("{\"ACS\": [\"not a number\"]}"));
        JsonNode inferred = records.get(2);
        assertThat(inferred.get("input").get("ACS")).isEqualTo(Json.DATA.readTree("[1.0, 2.0]"));
        assertThat(inferred.get("output").get("AC")).isEqualTo(Json.DATA.readTree("[20.0, 27.0]"));
        assertThat(logged("quiet")).as("a model without monitoring logs nothing").isEmpty();
    }

    @Test
    void aBodyOnSeveralLinesIsLoggedOnOne() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "monitoring:\n  sample_rate: 1", linearJar);
        start();
        String body = "{\r\n  \"data\": {\n    \"ACS\": [1.0],\n    \"RDEP\": [3.0],\n    \"DEN\": [2.0]\n  }\n}";
        assertThat(host.post("/functions/model1-prediction-test-1/call", body).status()).isEqualTo(200);
        host.close();
        List<JsonNode> records = logged("model1");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("input")).isEqualTo(Json.DATA.readTree(HostHarness.ROW));
    }

    @Test
    void theLogTakesTheDataAndThePredictionAsTheyWereSentAndAnswered() throws Exception {
        ModelSettings settings = models.settings("mirror", "com.example.Mirror", "null",
                "monitoring:\n  sample_rate: 1");
        models.bundle(settings, Service.PREDICTION, 1, List.of(mirrorJar), deployments,
                Optional.of(new BundleSource.LogStore(store.address().toString(), "team")));
        start();
        String data = "{ \"ACS\" :[1.0, 2.5e0],\"RDEP\":[3,4] , \"DEN\":[2.0,2.5],\"note\":\"a \\\"}\\\" here\"}";
        String body = "{\"to_file\": false, \"data\":" + data + "  }";
        HostHarness.Response answer = host.post("/functions/mirror-prediction-test-1/call", body);
        assertThat(answer.status()).isEqualTo(200);
        host.close();
        String line = loggedLines("mirror").get(0);
        assertThat(line).contains("\"input\":" + data + ",");
        JsonNode envelope = Json.DATA.readTree(answer.text());
        assertThat(line).contains("\"output\":" + Json.DATA.writeValueAsString(envelope.get("prediction")) + "}");
        assertThat(answer.text()).startsWith("{\"status\":\"ok\",\"prediction\":")
                .endsWith(",\"model_id\":\"mirror/test/1\"}");
    }

    @Test
    void theHostsMetricsCountTheLog() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "monitoring:\n  sample_rate: 1.0", linearJar);
        start();
        host.call("model1-prediction-test-1", HostHarness.ROW);
        String metrics = host.get("/metrics").text();
        assertThat(metrics).contains("mlops_prediction_log_queued_total", "mlops_prediction_log_written_total",
                "mlops_prediction_log_dropped_total{reason=\"queue_full\"}",
                "mlops_prediction_log_dropped_total{reason=\"write_failed\"}", "mlops_prediction_log_waiting");
    }

    @Test
    void aSampleRateLogsAboutThatShareOfCalls() throws Exception {
        deploy("model1", "com.example.Linear", "linear_artifact", "monitoring:\n  sample_rate: 0.25", linearJar);
        start();
        for (int i = 0; i < 400; i++) {
            host.call("model1-prediction-test-1", HostHarness.ROW);
        }
        host.close();
        // Binomial(400, 0.25): mean 100, standard deviation 8.7; 40 to 160 is seven deviations either way.
        assertThat(logged("model1").size()).isBetween(40, 160);
    }

    @Test
    void theFunctionsSecretsNeverReachTheLog() throws Exception {
        deploy("echo", "com.example.Echo", "null", "monitoring:\n  sample_rate: 1", echoJar);
        start();
        assertThat(host.call("echo-prediction-test-1", "{\"password\": \"k-123-secret\"}").text())
                .contains("k-123-secret");
        assertThat(host.call("echo-prediction-test-1", "{\"fail\": true}").status()).isEqualTo(500);
        host.close();
        List<JsonNode> records = logged("echo");
        assertThat(records).hasSize(2);
        assertThat(records.toString()).doesNotContain("k-123-secret").contains("[secret]");
        assertThat(records.get(0).get("output").get("key").asText()).isEqualTo("[secret]");
        assertThat(records.get(1).get("error").asText()).endsWith("cannot predict with key [secret]");
    }

    private String metric(String name) {
        try {
            for (String line : host.get("/metrics").text().split("\n")) {
                if (line.startsWith(name + " ")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
        } catch (Exception e) {
            return "";
        }
        return "";
    }
}
