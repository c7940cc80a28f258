package dev.mlops.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.settings.DriftTest;
import dev.mlops.core.settings.MonitoringSettings;
import dev.mlops.core.store.LocalArtifactStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY = Instant.parse("2026-12-03T00:00:00Z");

    @TempDir
    Path folder;

    private LocalArtifactStore store;
    private LogTarget version;

    @BeforeEach
    void store() {
        store = new LocalArtifactStore(folder.resolve("store"));
        version = new LogTarget(store.address().toString(), "mlops", "model1", "prod", 2, 1);
    }

    /** Stores one log file of records, as the prediction log writes them. */
    private void log(String day, List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(store.createIfAbsent(version.prefix() + day + "/" + System.nanoTime() + "-h-1.jsonl.gz",
                bytes.toByteArray())).isTrue();
    }

    private static String record(String time, int status, String input) {
        return "{\"time\":\"" + time + "\",\"external_id\":\"model1-prediction-prod-2\",\"model_id\":\"model1/prod/2\","
                + "\"status\":" + status + ",\"latency_ms\":1.0,\"input\":" + input + ",\"output\":null}";
    }

    private Path reference(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }

    private static String column(Random random, int rows, double mean) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add(String.format(java.util.Locale.ROOT, "%.4f", mean + random.nextGaussian()));
        }
        return "[" + String.join(",", values) + "]";
    }

    @Test
    void theShiftedColumnDriftsAndTheReportHasExactlyItsFields() throws Exception {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("x,y,colour,note\n");
        for (int i = 0; i < 300; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%s,\"a, b\"%n", random.nextGaussian(),
                    random.nextGaussian(), i % 3 == 0 ? "red" : "blue"));
        }
        Path reference = reference("reference.csv", csv.toString());
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(record("2026-12-03T10:00:0" + i + "Z", 200, "{\"x\":" + column(random, 40, 2) + ",\"y\":"
                    + column(random, 40, 0) + ",\"colour\":[" + "\"red\",".repeat(13) + "\"blue\"" + ",\"blue\"".repeat(26)
                    + "]}"));
        }
        calls.add(record("2026-12-03T10:00:09Z", 400, "{\"x\":[1000]}"));
        calls.add(record("2026-12-02T23:59:59Z", 200, "{\"x\":[1000]}"));
        log("2026-12-03", calls);
        log("2026-12-01", List.of(record("2026-12-01T10:00:00Z", 200, "{\"x\":[1000]}")));

        DriftReport report = DriftReport.compute(store, version, reference, MonitoringSettings.NONE, DAY,
                DAY.plusSeconds(86_400));
        assertThat(report.calls()).as("the refused call and the calls before the range are left out").isEqualTo(5);
        assertThat(report.currentRows()).isEqualTo(200);
        assertThat(report.referenceRows()).isEqualTo(300);
        assertThat(report.columns()).extracting(ColumnDrift::name).containsExactly("x", "y", "colour");
        assertThat(report.columns()).extracting(ColumnDrift::test)
                .containsExactly(DriftTest.KS, DriftTest.KS, DriftTest.Z);
        assertThat(report.drifted()).containsExactly("x");
        assertThat(report.notCompared()).containsExactly("note");
        assertThat(report.datasetDrift()).isFalse();

        JsonNode json = JSON.readTree(report.json());
        assertThat(json.fieldNames()).toIterable().containsExactly("model", "env", "version", "reference_rows",
                "current_rows", "drift_share", "dataset_drift", "columns");
        assertThat(json.get("columns").get(0).fieldNames()).toIterable()
                .containsExactly("name", "test", "statistic", "p_value", "threshold", "drift");
        assertThat(json.get("drift_share").asDouble()).isEqualTo(1.0 / 3);
        assertThat(json.get("columns").get(2).get("test").asText()).isEqualTo("z");

        Path written = report.write(folder.resolve("out"));
        assertThat(written.getFileName().toString()).isEqualTo("model1-prod.json");
        String html = Files.readString(folder.resolve("out/model1-prod.html"));
        assertThat(html).contains("<svg", "No dataset drift", "<td>x</td>").doesNotContainPattern("(src|href)=");
    }

    @Test
    void referenceRowsDecideBetweenTestsAndDistances() {
        assertThat(ColumnDrift.defaultTest(true, 6, 1000)).isEqualTo(DriftTest.KS);
        assertThat(ColumnDrift.defaultTest(true, 5, 1000)).isEqualTo(DriftTest.CHI2);
        assertThat(ColumnDrift.defaultTest(true, 2, 1000)).isEqualTo(DriftTest.Z);
        assertThat(ColumnDrift.defaultTest(false, 30, 10)).isEqualTo(DriftTest.CHI2);
        assertThat(ColumnDrift.defaultTest(true, 6, 1001)).isEqualTo(DriftTest.WASSERSTEIN);
        assertThat(ColumnDrift.defaultTest(true, 5, 1001)).isEqualTo(DriftTest.JENSEN_SHANNON);
        assertThat(ColumnDrift.defaultTest(false, 50, 5000)).isEqualTo(DriftTest.JENSEN_SHANNON);
    }

    @Test
    void aColumnsTestAndThresholdComeFromTheSettings() throws Exception {
        reference("reference.jsonl", "{\"x\": 1.0, \"label\": \"a\"}\n\n{\"x\": 2.0, \"label\": \"b\"}\n"
                + "{\"x\": 3.0, \"label\": null}\n");
        log("2026-12-03", List.of(record("2026-12-03T10:00:00Z", 200,
                "[{\"x\": 1.5, \"label\": \"a\"}, {\"x\": 2.5, \"label\": \"b\"}]"),
                record("2026-12-03T10:00:01Z", 200, "{\"x\": 2.0, \"label\": \"a\"}")));
        MonitoringSettings settings = new MonitoringSettings(1, Optional.of("reference.jsonl"), Map.of(
                "x", new MonitoringSettings.ColumnTest(Optional.of(DriftTest.PSI), OptionalDouble.of(5)),
                "label", new MonitoringSettings.ColumnTest(Optional.of(DriftTest.JENSEN_SHANNON),
                        OptionalDouble.empty())));
        DriftReport report = DriftReport.compute(store, version, folder.resolve("reference.jsonl"), settings, DAY,
                DAY.plusSeconds(86_400));
        assertThat(report.referenceRows()).isEqualTo(3);
        assertThat(report.currentRows()).isEqualTo(3);
        ColumnDrift x = report.columns().get(0);
        assertThat(x.test()).isEqualTo(DriftTest.PSI);
        assertThat(x.threshold()).isEqualTo(5);
        assertThat(x.pValue()).isEmpty();
        ColumnDrift label = report.columns().get(1);
        assertThat(label.reference()).containsExactly("a", "b");
        assertThat(label.threshold()).isEqualTo(0.1);
    }

    @Test
    void whatCannotBeComparedIsSaid() throws Exception {
        Path reference = reference("reference.csv", "x,label\n1,a\n2,b\n3,c\n");
        MonitoringSettings none = MonitoringSettings.NONE;
        Instant until = DAY.plusSeconds(86_400);
        assertThatThrownBy(() -> DriftReport.compute(store, version, reference, none, DAY, until))
                .isInstanceOf(DriftException.class).hasMessage("no answered calls of model1/prod/2 were logged from"
                        + " 2026-12-03T00:00:00Z to 2026-12-04T00:00:00Z (0 log file(s) in that range); set"
                        + " monitoring.sample_rate above 0, deploy, and call it, or widen the range");
        log("2026-12-03", List.of(record("2026-12-03T10:00:00Z", 200, "{\"other\": [1, 2]}")));
        assertThatThrownBy(() -> DriftReport.compute(store, version, reference, none, DAY, until))
                .hasMessage("the logged calls of model1/prod/2 give none of the reference's columns (x, label):"
                        + " their inputs are named otherwise");
        log("2026-12-03", List.of(record("2026-12-03T11:00:00Z", 200, "{\"x\": [1, 2], \"label\": [\"a\", \"z\"]}")));
        MonitoringSettings ksOnText = new MonitoringSettings(1, Optional.empty(), Map.of("label",
                new MonitoringSettings.ColumnTest(Optional.of(DriftTest.KS), OptionalDouble.empty())));
        assertThatThrownBy(() -> DriftReport.compute(store, version, reference, ksOnText, DAY, until))
                .hasMessage("monitoring.columns.label: column label holds text, and ks compares numbers; choose"
                        + " chi2, z, jensen_shannon or psi for it");
        MonitoringSettings unknown = new MonitoringSettings(1, Optional.empty(), Map.of("nope",
                new MonitoringSettings.ColumnTest(Optional.of(DriftTest.KS), OptionalDouble.empty())));
        assertThatThrownBy(() -> DriftReport.compute(store, version, reference, unknown, DAY, until))
                .hasMessage("monitoring.columns names nope, which the reference reference.csv has not; its columns"
                        + " are x, label");
        assertThatThrownBy(() -> DriftReport.compute(store, version, folder.resolve("missing.csv"), none, DAY,
                until)).hasMessageStartingWith("the reference missing.csv is not in the artifact of model1/prod/2");
        Path ragged = reference("ragged.csv", "x,label\n1,a\n2\n");
        assertThatThrownBy(() -> DriftReport.compute(store, version, ragged, none, DAY, until))
                .isInstanceOf(IOException.class).hasMessageEndingWith("ragged.csv record 3 has 1 fields where the"
                        + " header names 2");
        Path unclosed = reference("unclosed.csv", "x,label\n1,\"a\n");
        assertThatThrownBy(() -> DriftReport.compute(store, version, unclosed, none, DAY, until))
                .isInstanceOf(IOException.class).hasMessageContaining("not closed");
    }
}
