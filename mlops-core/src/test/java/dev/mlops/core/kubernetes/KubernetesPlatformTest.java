package dev.mlops.core.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.client.FunctionAnswer;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.ServingResources;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes platform against fabric8's mock API server in CRUD mode, with {@link KubeletStandIn} running the
 * pods' hosts (no cluster can run on these machines): deployments, the alias, calls through the service proxy,
 * rollouts that fail and are undone with their reason, the ledger, removal.
 */
class KubernetesPlatformTest {

    private static final String LINEAR = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Linear implements PredictionModel<Map<String, List<Double>>, double[]> {
                public double[] initialization(Path folder, Secrets secrets) throws ModelException {
                    try {
                        String[] parts = Files.readString(folder.resolve("coefficients.txt")).trim().split(" ");
                        double[] w = new double[parts.length];
                        for (int i = 0; i < w.length; i++) w[i] = Double.parseDouble(parts[i]);
                        return w;
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot read coefficients", e);
                    }
                }
                public Object predict(Map<String, List<Double>> data, double[] w, Secrets secrets) {
                    List<Double> acs = data.get("ACS");
                    double[] ac = new double[acs.size()];
                    for (int i = 0; i < ac.length; i++) {
                        ac[i] = w[0] * acs.get(i) + w[1] * data.get("RDEP").get(i) + w[2] * data.get("DEN").get(i) + w[3];
                    }
                    return Map.of("AC", ac);
                }
            }
            """;
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
    private static final String ROW = "{\"ACS\": [1.0], \"RDEP\": [3.0], \"DEN\": [2.0]}";
    private static final Alias ALIAS = new Alias("model1", Service.PREDICTION, Environment.TEST);

    @TempDir
    static Path shared;

    private static TestModels models;
    private static Path linearJar;
    private static Path brokenJar;

    @TempDir
    Path work;

    private KubeletStandIn cluster;
    private LocalArtifactStore store;
    private KubernetesPlatform platform;
    private final AtomicReference<String> uploadInstead = new AtomicReference<>();

    @BeforeAll
    static void compile() throws Exception {
        models = new TestModels(shared);
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        linearJar = models.jar("linear", Map.of("com.example.Linear", LINEAR));
        brokenJar = models.jar("broken", Map.of("com.example.Broken", BROKEN));
    }

    @BeforeEach
    void start() {
        cluster = new KubeletStandIn(work.resolve("pods"));
        store = new LocalArtifactStore(work.resolve("store"));
        KubernetesPlatform.BundleUpload upload = KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> {
                    String sha256 = store.putBlob(file, Progress.NONE);
                    return Optional.ofNullable(uploadInstead.get()).orElse(sha256);
                });
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/mlops-host:1")
                .withRolloutTimeout(Duration.ofSeconds(20)), upload, model -> ServingResources.DEFAULT,
                Duration.ofMillis(50));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            DeployerRole.assertGrants(cluster.deployerRequests());
        } finally {
            cluster.close();
        }
    }

    private BuiltBundle bundle(String modelClass, String artifact, Path jar, int version) throws Exception {
        Path folder = Files.createDirectories(work.resolve("bundles-" + version + "-" + System.nanoTime()));
        ModelSettings settings = models.settings("model1", modelClass, artifact, "");
        BundleDescriptor descriptor = models.bundle(settings, Service.PREDICTION, version, List.of(jar), folder);
        ExternalId id = ALIAS.version(version);
        return new BuiltBundle(id, folder.resolve(id + ".bundle"), descriptor);
    }

    private BuiltBundle linear(int version) throws Exception {
        return bundle("com.example.Linear", "linear_artifact", linearJar, version);
    }

    private double predicted(FunctionAnswer answer) {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().get("prediction").get("AC").get(0).asDouble();
    }

    @Test
    void versionsDeployTheAliasMovesAndCallsGoThroughTheServiceProxy() throws Exception {
        platform.deploy(linear(1)).keep();
        platform.point(ALIAS, ALIAS.version(1));
        assertThat(platform.target(ALIAS)).contains(ALIAS.version(1));
        assertThat(predicted(platform.call(ALIAS, Json.DATA.readTree(ROW), false, Duration.ofSeconds(10))))
                .isEqualTo(17.0);

        platform.deploy(linear(2)).keep();
        assertThat(predicted(platform.call(ALIAS.version(2), Json.DATA.readTree(ROW), false,
                Duration.ofSeconds(10)))).isEqualTo(17.0);
        platform.point(ALIAS, ALIAS.version(2));
        assertThat(platform.target(ALIAS)).contains(ALIAS.version(2));
        io.fabric8.kubernetes.api.model.Service alias = cluster.client().services().inNamespace("models")
                .withName("model1-prediction-test").get();
        assertThat(alias.getSpec().getSelector()).containsEntry(KubeNames.FUNCTION, "model1-prediction-test-2");

        assertThat(platform.versions(ALIAS)).map(BundleDescriptor::version).containsExactly(1, 2);
        assertThat(platform.deployed(ALIAS)).map(BundleDescriptor::externalId).contains("model1-prediction-test-2");
        List<FunctionStatus> functions = platform.functions(FunctionFilter.ALL);
        assertThat(functions).map(f -> f.id().toString()).containsExactly("model1-prediction-test",
                "model1-prediction-test-1", "model1-prediction-test-2");
        assertThat(functions).allMatch(FunctionStatus::ready);
        assertThat(platform.functions(new FunctionFilter(Optional.of(Environment.PROD), Optional.empty(),
                Optional.empty(), Optional.empty()))).isEmpty();
        assertThat(platform.functions(new FunctionFilter(Optional.of(Environment.TEST), Optional.of("model1"),
                Optional.of(Service.PREDICTION), Optional.of("stage=test")))).hasSize(3);
        assertThat(platform.functions(new FunctionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("stage")))).as("a tag is a metadata key").hasSize(3);
        assertThat(platform.functions(new FunctionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("stage=prod")))).isEmpty();
        assertThat(platform.functions(new FunctionFilter(Optional.empty(), Optional.of("model2"), Optional.empty(),
                Optional.empty()))).isEmpty();

        platform.remove(ALIAS.version(1));
        assertThat(cluster.client().apps().deployments().inNamespace("models").withName("model1-prediction-test-1")
                .get()).isNull();
        assertThat(cluster.client().services().inNamespace("models").withName("model1-prediction-test-1").get())
                .isNull();
        assertThat(platform.versions(ALIAS)).map(BundleDescriptor::version).containsExactly(2);
        platform.remove(ALIAS);
        assertThat(platform.target(ALIAS)).isEmpty();
        assertThat(platform.call(ALIAS, Json.DATA.readTree(ROW), false, Duration.ofSeconds(5)).status())
                .isEqualTo(404);
    }

    @Test
    void aVersionWhosePodsNeverBecomeReadyIsUndoneWithTheReason() throws Exception {
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/mlops-host:1")
                .withRolloutTimeout(Duration.ofSeconds(3)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> store.putBlob(file, Progress.NONE)),
                model -> ServingResources.DEFAULT, Duration.ofMillis(50));
        platform.deploy(linear(2)).keep();
        platform.point(ALIAS, ALIAS.version(2));
        assertThatThrownBy(() -> platform.deploy(bundle("com.example.Broken", "null", brokenJar, 3)))
                .isInstanceOf(PlatformException.class)
                .hasMessageStartingWith("model1-prediction-test-3 did not become ready within 3 s"
                        + " (-Dmlops.kube.rolloutTimeout): its pods run but their readiness probe (/v2/health/ready)"
                        + " fails")
                .hasMessageContaining("whose model failed to load")
                .hasMessageEndingWith("What it served before was put back.");
        assertThat(cluster.client().apps().deployments().inNamespace("models").withName("model1-prediction-test-3")
                .get()).as("a new id that failed leaves nothing behind").isNull();
        assertThat(platform.target(ALIAS)).contains(ALIAS.version(2));
        assertThat(predicted(platform.call(ALIAS, Json.DATA.readTree(ROW), false, Duration.ofSeconds(10))))
                .isEqualTo(17.0);
    }

    @Test
    void aHostThatCannotFetchItsBundleIsACrashLoopWithItsLastLogLines() throws Exception {
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/mlops-host:1")
                .withRolloutTimeout(Duration.ofSeconds(3)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> "0".repeat(64)), model -> ServingResources.DEFAULT,
                Duration.ofMillis(50));
        assertThatThrownBy(() -> platform.deploy(linear(1)))
                .hasMessageContaining("its host keeps stopping (CrashLoopBackOff); the last lines of its log:"
                        + " \"mlops function host: the bundle " + "0".repeat(64) + " is not in ");
    }

    @Test
    void anImageThatCannotBePulledIsNamed() throws Exception {
        cluster.failImagePulls(true);
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/missing:1")
                .withRolloutTimeout(Duration.ofSeconds(2)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> store.putBlob(file, Progress.NONE)),
                model -> ServingResources.DEFAULT, Duration.ofMillis(50));
        assertThatThrownBy(() -> platform.deploy(linear(1)))
                .hasMessageContaining("the host's image registry.test/missing:1 cannot be pulled (ErrImagePull:"
                        + " failed to pull image \"registry.test/missing:1\": not found)");
    }

    @Test
    void aPodThatCannotBeScheduledIsNamedWithTheSchedulersWords() throws Exception {
        cluster.failScheduling("0/3 nodes are available: 3 Insufficient memory.");
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/mlops-host:1")
                .withRolloutTimeout(Duration.ofSeconds(2)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> store.putBlob(file, Progress.NONE)),
                model -> ServingResources.DEFAULT, Duration.ofMillis(50));
        assertThatThrownBy(() -> platform.deploy(linear(1)))
                .hasMessageContaining("model1-prediction-test-1 did not become ready within 2 s")
                .hasMessageContaining("its pod model1-prediction-test-1-pod cannot be scheduled (Unschedulable: 0/3"
                        + " nodes are available: 3 Insufficient memory.); lower cpu or memory in the settings, or add"
                        + " nodes.")
                .hasMessageContaining("What it served before was put back.");
        assertThat(cluster.client().apps().deployments().inNamespace("models").withName("model1-prediction-test-1")
                .get()).isNull();
    }

    @Test
    void aFailedRedeploymentOfAnIdPutsBackWhatItServed() throws Exception {
        platform.deploy(linear(1)).keep();
        Deployment before = cluster.client().apps().deployments().inNamespace("models")
                .withName("model1-prediction-test-1").get();
        String servedSha = before.getMetadata().getAnnotations().get(HostManifests.BUNDLE_SHA256);
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/mlops-host:1")
                .withRolloutTimeout(Duration.ofSeconds(3)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> store.putBlob(file, Progress.NONE)),
                model -> ServingResources.DEFAULT, Duration.ofMillis(50));
        assertThatThrownBy(() -> platform.deploy(bundle("com.example.Broken", "null", brokenJar, 1)))
                .hasMessageEndingWith("What it served before was put back.");
        Deployment after = cluster.client().apps().deployments().inNamespace("models")
                .withName("model1-prediction-test-1").get();
        assertThat(after.getMetadata().getAnnotations().get(HostManifests.BUNDLE_SHA256)).isEqualTo(servedSha);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!platform.status(ALIAS.version(1)).map(FunctionStatus::ready).orElse(false)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(predicted(platform.call(ALIAS.version(1), Json.DATA.readTree(ROW), false,
                Duration.ofSeconds(10)))).isEqualTo(17.0);
    }

    @Test
    void hostsWithATokenAreCalledWithItThroughTheProxy() throws Exception {
        cluster.client().secrets().inNamespace("models").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("mlops-host-token").withNamespace("models").endMetadata()
                .addToStringData("token", "t0k3n-from-the-secret").build()).create();
        platform.deploy(linear(1)).keep();
        platform.point(ALIAS, ALIAS.version(1));
        assertThat(predicted(platform.call(ALIAS, Json.DATA.readTree(ROW), false, Duration.ofSeconds(10))))
                .isEqualTo(17.0);
        // a token Secret of another name, which the shipped Role grants only once it names it too
        KubernetesPlatform withoutToken = new KubernetesPlatform(cluster.client(), KubernetesOptions.of("models",
                "x").withSecrets(Optional.empty(), "no-such-secret"), KubernetesPlatform.BundleUpload.to("", file -> null), model -> ServingResources.DEFAULT);
        assertThat(withoutToken.call(ALIAS, Json.DATA.readTree(ROW), false, Duration.ofSeconds(10)).status())
                .as("the pod's host wants its token").isEqualTo(401);
    }

    @Test
    void theLedgerLivesInTheClusterOldestFirst() throws Exception {
        DeploymentRecord first = new DeploymentRecord(DeploymentRecord.DEPLOY, ALIAS.toString(),
                "model1-prediction-test-1", "", 1, "model1/test/1", "sha", "abc", "ci", "2026-12-04T10:00:00Z", "");
        DeploymentRecord second = new DeploymentRecord(DeploymentRecord.ROLLBACK, ALIAS.toString(),
                "model1-prediction-test-1", "model1-prediction-test-2", 1, "model1/test/1", "sha", "abc", "ann",
                "2026-12-04T11:00:00Z", "p99 doubled");
        assertThat(platform.records(ALIAS)).isEmpty();
        platform.record(first);
        platform.record(second);
        assertThat(platform.records(ALIAS)).containsExactly(first, second);
        KubernetesPlatform other = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "x"),
                KubernetesPlatform.BundleUpload.to("", file -> null), model -> ServingResources.DEFAULT);
        assertThat(other.records(ALIAS)).as("any machine with the namespace sees it").containsExactly(first, second);
        assertThatThrownBy(() -> platform.record(new DeploymentRecord("deploy", "not an alias", "", "", 1, "", "",
                "", "", "", ""))).hasMessage("'not an alias' is not an alias; the record was not kept");
    }
}
