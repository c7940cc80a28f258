package dev.mlops.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.kubernetes.DeployerRole;
import dev.mlops.core.kubernetes.HostManifests;
import dev.mlops.core.kubernetes.KubeletStandIn;
import dev.mlops.core.kubernetes.KubernetesOptions;
import dev.mlops.core.kubernetes.KubernetesPlatform;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.ServingResources;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on the Kubernetes platform (fabric8's mock API server with the kubelet stand-in, as no cluster runs
 * here): versions beyond {@code models_to_keep} lose their Deployment, Service, autoscaler and disruption budget;
 * the version an alias serves is never removed.
 */
class KubernetesRetentionTest {

    private static final String MODEL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Echo implements PredictionModel<Map<String, Object>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Void state, Secrets secrets) { return data; }
            }
            """;
    private static final Alias ALIAS = new Alias("model1", Service.PREDICTION, Environment.TEST);
    private static final ServingResources SCALED = new ServingResources(2, Optional.of("100m"), Optional.empty(),
            Optional.of(new ServingResources.Autoscaling(2, 3, 80)));

    @TempDir
    Path work;

    private KubeletStandIn cluster;
    private KubernetesPlatform platform;
    private TestModels models;
    private Path jar;

    @BeforeEach
    void start() throws Exception {
        models = new TestModels(work.resolve("models"));
        jar = models.jar("echo", Map.of("com.example.Echo", MODEL));
        cluster = new KubeletStandIn(work.resolve("pods"));
        LocalArtifactStore store = new LocalArtifactStore(work.resolve("store"));
        platform = new KubernetesPlatform(cluster.deployer(), KubernetesOptions.of("models", "registry.test/host:1")
                .withRolloutTimeout(Duration.ofSeconds(20)), KubernetesPlatform.BundleUpload.to(store.address().toString(),
                file -> store.putBlob(file, Progress.NONE)), model -> SCALED);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            DeployerRole.assertGrants(cluster.deployerRequests());
        } finally {
            cluster.close();
        }
    }

    private void deploy(int version) throws Exception {
        Path folder = Files.createDirectories(work.resolve("bundle-" + version));
        ModelSettings settings = models.settings("model1", "com.example.Echo", "null", "");
        BundleDescriptor descriptor = models.bundle(settings, Service.PREDICTION, version, List.of(jar), folder);
        ExternalId id = ALIAS.version(version);
        platform.deploy(new BuiltBundle(id, folder.resolve(id + ".bundle"), descriptor)).keep();
    }

    private boolean anyObjectOf(int version) {
        String name = ALIAS.version(version).toString();
        var client = cluster.client();
        return client.apps().deployments().inNamespace("models").withName(name).get() != null
                || client.services().inNamespace("models").withName(name).get() != null
                || client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("models").withName(name).get()
                != null
                || client.policy().v1().podDisruptionBudget().inNamespace("models").withName(name).get() != null;
    }

    @Test
    void versionsBeyondModelsToKeepGoButNeverTheAliasTarget() throws Exception {
        for (int version = 1; version <= 4; version++) {
            deploy(version);
        }
        // the alias serves an old version (a rollback, say) while 4 is the latest deployed
        platform.point(ALIAS, ALIAS.version(1));
        assertThat(cluster.client().autoscaling().v2().horizontalPodAutoscalers().inNamespace("models")
                .withName("model1-prediction-test-2").get()).as("each version has its autoscaler").isNotNull();

        List<BundleDescriptor> removed = new Retention(platform).keep(ALIAS.version(4), 1);

        assertThat(removed).map(BundleDescriptor::version).containsExactly(2);
        assertThat(anyObjectOf(2)).as("its Deployment, Service, HPA and PDB are gone").isFalse();
        assertThat(anyObjectOf(1)).as("the alias target stays").isTrue();
        assertThat(anyObjectOf(3)).as("one kept besides the one deployed").isTrue();
        assertThat(platform.versions(ALIAS)).map(BundleDescriptor::version).containsExactly(1, 3, 4);
        assertThat(platform.target(ALIAS)).contains(ALIAS.version(1));
    }
}
