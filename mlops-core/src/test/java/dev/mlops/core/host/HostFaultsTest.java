package dev.mlops.core.host;

import static dev.mlops.core.host.HostHarness.ROW;
import static dev.mlops.core.host.HostHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.host.HostHarness.Response;
import dev.mlops.core.naming.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host against what model code, bundles and restarts do to it: each test fails on the host before issue 14. */
class HostFaultsTest {

    private static final String THROWER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Thrower implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) throws ModelException {
                    switch (String.valueOf(data.get("do"))) {
                        case "assert": throw new AssertionError("invariant broken");
                        case "oom": throw new OutOfMemoryError("Java heap space");
                        case "checked": throw Thrower.<RuntimeException>sneaky(new Exception("checked, thrown sneakily"));
                        case "overflow": return depth(0);
                        case "path": throw new ModelException("cannot read /srv/host/models/well/coefficients.txt");
                        case "long": throw new ModelException("x".repeat(5000));
                        default: return "fine";
                    }
                }
                @SuppressWarnings("unchecked")
                static <T extends Throwable> T sneaky(Throwable t) throws T { throw (T) t; }
                static int depth(int n) { return depth(n + 1) + 1; }
            }
            """;

    private static final String DUAL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Dual implements PredictionModel<Map<String, Object>, Object>, TrainingModel {
                public Object initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) { return 1; }
                public Map<String, Object> train(Path folder, Secrets secrets) throws ModelException {
                    try {
                        Files.writeString(folder.resolve("weights.txt"), "0.5");
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot write", e);
                    }
                    return Map.of("rmse", 0.5);
                }
            }
            """;

    /** Blocks in initialization for 20 s, deaf to interrupts: a model that hangs while loading. */
    private static final String SLOW_INIT = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class SlowInit implements PredictionModel<Map<String, Object>, Object> {
                public Object initialization(Path folder, Secrets secrets) {
                    long end = System.nanoTime() + 20_000_000_000L;
                    while (System.nanoTime() < end) {
                        try { Thread.sleep(50); } catch (InterruptedException e) { }
                    }
                    return null;
                }
                public Object predict(Map<String, Object> data, Object state, Secrets secrets) { return 1; }
            }
            """;

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path throwerJar;
    private static Path dualJar;
    private static Path slowJar;

    @TempDir
    Path deployments;

    private HostHarness harness;

    @BeforeAll
    static void compileModels() throws Exception {
        models = new TestModels(shared);
        linearJar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        throwerJar = models.jar("thrower", Map.of("com.example.Thrower", THROWER));
        dualJar = models.jar("dual", Map.of("com.example.Dual", DUAL));
        slowJar = models.jar("slow", Map.of("com.example.SlowInit", SLOW_INIT));
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
    }

    @BeforeEach
    void deployLinear() throws Exception {
        harness = new HostHarness(models, deployments);
        harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3, linearJar);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void anyThrowableOfAModelIsA500AtOnceAndTheCallThreadLivesOn() throws Exception {
        harness.deploy("thrower", "com.example.Thrower", "null", Service.PREDICTION, 1, throwerJar);
        harness.start(harness.options().withCallTimeout(Duration.ofSeconds(20)));

        for (String kind : List.of("assert", "oom", "checked", "overflow")) {
            long started = System.nanoTime();
            Response response = harness.call("thrower-prediction-test-1", "{\"do\": \"" + kind + "\"}");
            assertThat(response.status()).as(kind).isEqualTo(500);
            assertThat(response.json().get("error_message").asText()).as(kind).startsWith("the model failed: java.");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as(kind + ", not after the call timeout")
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertThat(harness.call("thrower-prediction-test-1", "{\"do\": \"checked\"}").json().get("error_message")
                .asText()).isEqualTo("the model failed: java.lang.Exception: checked, thrown sneakily");
        for (int i = 0; i < 20; i++) {
            assertThat(harness.call("thrower-prediction-test-1", "{\"do\": \"nothing\"}").status()).isEqualTo(200);
        }
        String metrics = harness.get("/metrics").text();
        assertThat(metrics).contains("mlops_calls_total{env=\"test\",function=\"thrower-prediction-test-1\","
                + "model=\"thrower\",outcome=\"model_error\",service=\"prediction\",version=\"1\"} 5.0");
    }

    @Test
    void errorBodiesNameNoFolderOfTheHostAndEchoNoLongInput() throws Exception {
        harness.deploy("thrower", "com.example.Thrower", "null", Service.PREDICTION, 1, throwerJar);
        harness.start(harness.options());

        Response path = harness.call("thrower-prediction-test-1", "{\"do\": \"path\"}");
        assertThat(path.json().get("error_message").asText()).isEqualTo("cannot read coefficients.txt");

        Response longMessage = harness.call("thrower-prediction-test-1", "{\"do\": \"long\"}");
        assertThat(longMessage.text().length()).isLessThan(600);

        String longToken = "y".repeat(20_000);
        Response garbage = harness.post("/functions/model1-prediction-test-3/call", "{\"data\": " + longToken + "}");
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text().length()).isLessThan(600);
        Response wrongType = harness.call("model1-prediction-test-3", "{\"ACS\": [\"" + longToken + "\"]}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text().length()).isLessThan(600);
        Response longId = harness.call("m".repeat(20_000) + "-prediction-test-1", "{}");
        assertThat(longId.status()).isEqualTo(404);
        assertThat(longId.text().length()).isLessThan(600);
        assertThat(path.text() + garbage.text() + wrongType.text()).doesNotContain(deployments.toString());
    }

    @Test
    void aModelThatIsBothPredictionAndTrainingServesItsTrainingService() throws Exception {
        harness.deploy("dual", "com.example.Dual", "null", Service.TRAINING, 2, dualJar);
        harness.deploy("dual", "com.example.Dual", "null", Service.PREDICTION, 2, dualJar);
        harness.start(harness.options());

        Response training = harness.call("dual-training-test-2", "{}");
        assertThat(training.status()).as(training.text()).isEqualTo(200);
        assertThat(training.json().get("training").get("metadata").get("rmse").asDouble()).isEqualTo(0.5);
        assertThat(training.json().get("training").get("artifact").get("files").asInt()).isEqualTo(1);
        assertThat(harness.call("dual-prediction-test-2", "{}").json().get("prediction").asInt()).isEqualTo(1);
    }

    @Test
    void aBlockedInitializationHoldsUpNothingAndIsReportedFailedAfterTheLoadTimeout() throws Exception {
        harness.deploy("slow", "com.example.SlowInit", "null", Service.PREDICTION, 1, slowJar);
        long started = System.nanoTime();
        // Long enough for the linear bundle to load on a busy machine; the blocking one is reported failed after it.
        harness.start(harness.options().withLoadTimeout(Duration.ofSeconds(3)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("starting: the load timeout, not the 20 s the"
                + " initialization blocks").isLessThan(Duration.ofSeconds(10));

        assertThat(harness.call("model1-prediction-test-3", ROW).status()).isEqualTo(200);
        Response slow = harness.get("/functions/slow-prediction-test-1");
        assertThat(slow.json().get("status").asText()).isEqualTo("failed");
        assertThat(slow.json().get("error_message").asText())
                .isEqualTo("initialization did not finish within 3 s (the host's load timeout)");
        assertThat(harness.call("slow-prediction-test-1", "{}").status()).isEqualTo(500);

        // A second slow bundle while the first still blocks its thread: loading others, listing, metrics and
        // deleting go on.
        harness.deploy("slow", "com.example.SlowInit", "null", Service.PREDICTION, 2, slowJar);
        harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 4, linearJar);
        await("version 4 served", () -> harness.ready("model1-prediction-test-4"));
        assertThat(harness.get("/functions").status()).isEqualTo(200);
        assertThat(harness.get("/metrics").status()).isEqualTo(200);
        assertThat(harness.delete("/functions/slow-prediction-test-1").status()).isEqualTo(200);
        assertThat(harness.delete("/functions/slow-prediction-test-2").status()).isEqualTo(200);
        assertThat(Files.exists(deployments.resolve("slow-prediction-test-2.bundle"))).isFalse();

        long closing = System.nanoTime();
        harness.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("stopping").isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aHostStartedWhereAKilledOneLeftItsWorkServesEveryBundle() throws Exception {
        // What a host killed with SIGKILL leaves: its unpacked bundles, under names the next host would choose.
        Path work = deployments.resolve(".work");
        Files.createDirectories(work.resolve("model1-prediction-test-3-1/artifact"));
        Files.writeString(work.resolve("model1-prediction-test-3-1/artifact/coefficients.txt"), "9 9 9 9");
        Files.createDirectories(work.resolve("host-123/model1-prediction-test-3-1/artifact"));
        Files.writeString(work.resolve("host-123/.lock"), "");
        harness.start(harness.options());

        Response response = harness.call("model1-prediction-test-3", ROW);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().get("prediction").get("AC").get(0).asDouble()).isEqualTo(20.0);
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).as("only this host's folder")
                    .singleElement().asString().startsWith("host-").isNotEqualTo("host-123");
        }
    }

    @Test
    void bundlesThatCannotBeLoadedAreListedFailedLeaveNothingBehindAndCanBeDeleted() throws Exception {
        Files.writeString(deployments.resolve("junk-prediction-test-1.bundle"), "not a zip");
        Files.copy(deployments.resolve("model1-prediction-test-3.bundle"),
                deployments.resolve("stray-prediction-test-1.bundle"));
        harness.start(harness.options());

        Response junk = harness.get("/functions/junk-prediction-test-1");
        assertThat(junk.json().get("status").asText()).isEqualTo("failed");
        assertThat(junk.json().get("error_message").asText()).isEqualTo("the file is not a bundle mlops made");
        Response stray = harness.get("/functions/stray-prediction-test-1");
        assertThat(stray.json().get("error_message").asText()).isEqualTo("the file holds model1-prediction-test-3;"
                + " a bundle's file must be named model1-prediction-test-3.bundle");
        assertThat(harness.get("/functions").json()).hasSize(3);
        assertThat(harness.call("junk-prediction-test-1", "{}").status()).isEqualTo(500);
        try (Stream<Path> unpacked = Files.walk(deployments.resolve(".work"), 2)) {
            assertThat(unpacked.map(p -> p.getFileName().toString()).filter(n -> n.contains("-test-")).toList())
                    .singleElement().asString().startsWith("model1-prediction-test-3-");
        }

        // The stray copy did not take the real function's series.
        harness.call("model1-prediction-test-3", ROW);
        assertThat(harness.get("/metrics").text()).contains("function=\"model1-prediction-test-3\"");

        assertThat(harness.delete("/functions/junk-prediction-test-1").status()).isEqualTo(200);
        assertThat(harness.delete("/functions/stray-prediction-test-1").status()).isEqualTo(200);
        assertThat(Files.exists(deployments.resolve("junk-prediction-test-1.bundle"))).isFalse();
        assertThat(harness.get("/functions").json()).hasSize(1);
        assertThat(harness.get("/functions/junk-prediction-test-1").status()).isEqualTo(404);
    }

    @Test
    void callsDuringReplacementsAreAllServedAndTheSeriesGoOn() throws Exception {
        harness.start(harness.options());
        harness.call("model1-prediction-test-3", ROW);
        AtomicBoolean replacing = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<List<Integer>>> results = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            results.add(callers.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                while (replacing.get() && statuses.size() < 20_000) {
                    statuses.add(harness.call("model1-prediction-test-3", ROW).status());
                }
                return statuses;
            }));
        }
        for (int i = 0; i < 8; i++) {
            harness.deploy("model1", "com.example.Linear", "linear_artifact", Service.PREDICTION, 3, linearJar);
            Thread.sleep(150);
        }
        replacing.set(false);
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> result : results) {
            statuses.addAll(result.get());
        }
        callers.shutdown();
        assertThat(statuses).hasSizeGreaterThan(100).containsOnly(200);

        String metrics = harness.get("/metrics").text();
        String okSeries = "mlops_calls_total{env=\"test\",function=\"model1-prediction-test-3\",model=\"model1\","
                + "outcome=\"ok\",service=\"prediction\",version=\"3\"} ";
        assertThat(metrics).contains(okSeries);
        double counted = Double.parseDouble(metrics.split(java.util.regex.Pattern.quote(okSeries))[1].split("\n")[0]);
        assertThat(counted).as("every call since the first, across 8 reloads").isEqualTo(statuses.size() + 1);
    }
}
