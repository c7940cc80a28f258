package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus rules and Grafana dashboard against the real thing: promtool (Debian's {@code prometheus},
 * which {@code .ci/test-packages} installs) checks and unit-tests the rules, then a real Prometheus on loopback
 * scrapes a function host that is being called, loads the rules, and answers every query of the dashboard with
 * data. Grafana itself is not packaged for these machines; its queries are Prometheus's.
 */
@Tag("integration")
class PrometheusIT {

    private static final String RESOURCES = "/dev/mlops/core/monitoring/";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path resource(String name, Path to) throws IOException {
        try (InputStream in = PrometheusIT.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            Files.copy(in, to);
        }
        return to;
    }

    private static String run(Path folder, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolChecksAndTestsTheRules() throws Exception {
        resource(RESOURCES + "mlops-alerts.yml", work.resolve("mlops-alerts.yml"));
        resource("/prometheus/mlops-alerts-test.yml", work.resolve("mlops-alerts-test.yml"));
        assertThat(run(work, "promtool", "check", "rules", "mlops-alerts.yml")).contains("SUCCESS: 4 rules found");
        assertThat(run(work, "promtool", "test", "rules", "mlops-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void aRealPrometheusScrapesAHostAndEveryDashboardQueryHasData() throws Exception {
        TestModels models = new TestModels(work.resolve("models"));
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        Path jar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        Path deployments = work.resolve("deployments");
        ModelSettings settings = models.settings("model1", "com.example.Linear", "linear_artifact",
                "monitoring:\n  sample_rate: 1");
        models.bundle(settings, Service.PREDICTION, 1, List.of(jar), deployments,
                Optional.of(new BundleSource.LogStore(work.resolve("store").toString(), "mlops")));
        Path rules = resource(RESOURCES + "mlops-alerts.yml", work.resolve("mlops-alerts.yml"));
        JsonNode dashboard;
        try (InputStream in = PrometheusIT.class.getResourceAsStream(RESOURCES + "grafana-dashboard.json")) {
            dashboard = Json.DATA.readTree(in);
        }
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                // Grafana's interval variable, as it would fill it for a short range
                queries.add(target.get("expr").asText().replace("$__rate_interval", "30s"));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);

        try (HostHarness host = new HostHarness(models, deployments)) {
            host.start(host.options().withPredictionLog(dev.mlops.core.monitoring.PredictionLog.Options.defaults()
                    .withFlushInterval(Duration.ofSeconds(1))));
            HostHarness.await("model1 ready", () -> host.ready("model1-prediction-test-1"));
            int port = freePort();
            Files.writeString(work.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: mlops-host
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(rules, host.host().port()));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + work.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            try {
                List<String> empty = List.copyOf(queries);
                // Bounded: 60 rounds of calls and queries, about a second each.
                for (int round = 0; round < 60 && !empty.isEmpty(); round++) {
                    for (int i = 0; i < 20; i++) {
                        host.call("model1-prediction-test-1", HostHarness.ROW);
                    }
                    Thread.sleep(1000);
                    List<String> still = new ArrayList<>();
                    for (String query : empty) {
                        if (!hasData(port, query)) {
                            still.add(query);
                        }
                    }
                    empty = still;
                }
                assertThat(empty).as("dashboard queries without data; Prometheus's log:\n"
                        + Files.readString(work.resolve("prometheus.log"))).isEmpty();
                JsonNode loaded = get(port, "/api/v1/rules");
                List<String> health = new ArrayList<>();
                loaded.at("/data/groups").forEach(group -> group.get("rules")
                        .forEach(rule -> health.add(rule.get("name").asText() + "=" + rule.get("health").asText())));
                assertThat(health).containsExactlyInAnyOrder("MlopsHighErrorRate=ok", "MlopsSlowCalls=ok",
                        "MlopsHostDown=ok", "MlopsPredictionLogDropping=ok");
            } finally {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private boolean hasData(int port, String query) {
        try {
            JsonNode answer = get(port, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            return answer.path("status").asText().equals("success") && !answer.at("/data/result").isEmpty();
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.DATA.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
