package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pod's host: it fetches its bundle from the store by SHA-256, and says it is ready only once it serves it. */
class BundleFetchTest {

    private static final String BROKEN = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Broken implements PredictionModel<Map<String, Object>, Void> {
                public Void initialization(Path folder, Secrets secrets) throws ModelException {
                    throw new ModelException("the coefficients are missing");
                }
                public Object predict(Map<String, Object> data, Void state, Secrets secrets) { return data; }
            }
            """;

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path brokenJar;

    @TempDir
    Path work;

    private LocalArtifactStore store;
    private HostHarness host;

    @BeforeAll
    static void compile() throws Exception {
        models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        linearJar = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        brokenJar = models.jar("broken", Map.of("com.example.Broken", BROKEN));
    }

    @BeforeEach
    void start() {
        store = new LocalArtifactStore(work.resolve("store"));
        host = new HostHarness(models, work.resolve("pod/deployments"));
    }

    @AfterEach
    void stop() {
        host.close();
    }

    /** Builds a bundle outside the pod and puts it into the store, as deployment does; returns its SHA-256. */
    private String upload(String name, String modelClass, String artifact, Path jar) throws Exception {
        Path built = Files.createDirectories(work.resolve("built-" + name));
        ModelSettings settings = models.settings(name, modelClass, artifact, "");
        models.bundle(settings, Service.PREDICTION, 1, List.of(jar), built);
        try (var files = Files.list(built)) {
            return store.putBlob(files.findFirst().orElseThrow(), Progress.NONE);
        }
    }

    private FunctionHostCommand.Fetch fetch(String sha256) {
        return new FunctionHostCommand.Fetch(store.address().toString(), sha256);
    }

    @Test
    void theHostIsReadyOnlyOnceItServesTheBundleItFetched() throws Exception {
        String sha256 = upload("model1", "com.example.Linear", "linear_artifact", linearJar);
        FunctionHost pod = host.startUnready(host.options(), name -> null);
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(503);
        assertThat(host.get("/v2/health/live").status()).as("alive while it fetches").isEqualTo(200);
        FunctionHostCommand.serveFetched(pod, fetch(sha256), name -> null);
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(200);
        assertThat(host.call("model1-prediction-test-1", HostHarness.ROW).json().get("prediction").get("AC").get(0)
                .asDouble()).isEqualTo(20.0);
        assertThat(host.deployments().resolve("model1-prediction-test-1.bundle")).isRegularFile();
        try (var files = Files.list(host.deployments())) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no partial download left behind")
                    .noneMatch(f -> f.startsWith(".fetch-"));
        }
    }

    @Test
    void aBundleNotInTheStoreEndsTheHostNamingStoreAndSha256() throws Exception {
        FunctionHost pod = host.startUnready(host.options(), name -> null);
        String missing = "0".repeat(64);
        assertThatThrownBy(() -> FunctionHostCommand.serveFetched(pod, fetch(missing), name -> null))
                .hasMessageStartingWith("the bundle " + missing + " is not in ")
                .hasMessageContaining("deploy it again");
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(503);
    }

    @Test
    void aBundleChangedInTheStoreIsNotLoaded() throws Exception {
        String sha256 = upload("model1", "com.example.Linear", "linear_artifact", linearJar);
        Path blob;
        try (var files = Files.walk(work.resolve("store"))) {
            blob = files.filter(f -> f.getFileName().toString().equals(sha256)).findFirst().orElseThrow();
        }
        Files.writeString(blob, "tampered");
        FunctionHost pod = host.startUnready(host.options(), name -> null);
        assertThatThrownBy(() -> FunctionHostCommand.serveFetched(pod, fetch(sha256), name -> null))
                .hasMessageContaining("has SHA-256 ").hasMessageEndingWith(", not " + sha256 + "; it is not loaded");
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(503);
        try (var files = Files.list(host.deployments())) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.endsWith(".bundle"));
        }
    }

    @Test
    void contentThatIsNotABundleIsRefused() throws Exception {
        Path text = Files.writeString(work.resolve("not-a-bundle"), "hello");
        String sha256 = store.putBlob(text, Progress.NONE);
        FunctionHost pod = host.startUnready(host.options(), name -> null);
        assertThatThrownBy(() -> FunctionHostCommand.serveFetched(pod, fetch(sha256), name -> null))
                .hasMessageContaining("is not a bundle");
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(503);
    }

    @Test
    void aBundleWhoseModelFailsToLoadKeepsTheHostUnready() throws Exception {
        String sha256 = upload("broken", "com.example.Broken", "null", brokenJar);
        FunctionHost pod = host.startUnready(host.options(), name -> null);
        FunctionHostCommand.serveFetched(pod, fetch(sha256), name -> null);
        assertThat(host.get("/v2/health/ready").status()).isEqualTo(503);
        assertThat(host.get("/v2/health/ready").text()).isEqualTo("{\"ready\":false}");
        assertThat(pod.function("broken-prediction-test-1").orElseThrow().failure().orElseThrow())
                .contains("the coefficients are missing");
    }

    @Test
    void theFlagsGoTogetherAndTakeASha256() {
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--bundle-store",
                "s3://b/p"})).hasMessageStartingWith("--bundle-store and --bundle-sha256 go together");
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--bundle-store",
                "s3://b/p", "--bundle-sha256", "ABC"})).hasMessage("--bundle-sha256 takes 64 lower-case"
                + " hexadecimal digits, not 'ABC'");
    }
}
