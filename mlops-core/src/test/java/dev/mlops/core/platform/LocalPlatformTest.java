package dev.mlops.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.settings.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform's folder work, without a host: listing and calling never start one. */
class LocalPlatformTest {

    @TempDir
    Path folder;

    @Test
    void aDevDeploymentServesItsLocalFolderNotTheStoredVersionOfTheSameName() throws Exception {
        TestModels models = new TestModels(folder);
        Path artifact = models.folder("model_artifact", Map.of("weights.txt", "1 2 3"));
        ModelSettings settings = models.settings("model1", "com.example.Linear", "model_artifact", "");
        LocalPlatform platform = new LocalPlatform(folder.resolve("local"), List.of(), 0);
        Files.createDirectories(platform.deployments());
        String sha = FolderTree.of(artifact).sha256();
        Path jar = models.jar("m", Map.of("com.example.Linear", """
                package com.example;
                import dev.mlops.api.*;
                import java.nio.file.Path;
                import java.util.Map;
                public class Linear implements PredictionModel<Map<String, Object>, Object> {
                    public Object initialization(Path folder, Secrets secrets) { return null; }
                    public Object predict(Map<String, Object> data, Object state, Secrets secrets) { return 1; }
                }
                """));
        for (Environment env : List.of(Environment.DEV, Environment.TEST)) {
            ExternalId id = new ExternalId("model1", Service.PREDICTION, env, 1);
            BundleWriter.write(new BundleSource(settings, id, List.of(jar),
                    Optional.of(artifact), "", TestModels.CREATED, "test"),
                    platform.deployments().resolve(id + BundleWriter.EXTENSION));
        }

        assertThat(platform.deploymentsOf(version("dev", sha))).as("dev serves the local folder").isEmpty();
        assertThat(platform.deploymentsOf(version("test", sha))).containsExactly("model1-prediction-test-1");
        assertThat(platform.deploymentsOf(version("test", "other"))).as("other content").isEmpty();
        assertThat(platform.versions(new Alias("model1", Service.PREDICTION, Environment.TEST)))
                .extracting(BundleDescriptor::externalId).containsExactly("model1-prediction-test-1");
    }

    @Test
    void listingAndCallingWithoutAHostSayNothingServesAndStartNothing() {
        LocalPlatform platform = new LocalPlatform(folder.resolve("local"), List.of(), 0);
        Alias alias = new Alias("model1", Service.PREDICTION, Environment.TEST);

        assertThatThrownBy(() -> platform.functions(FunctionFilter.ALL)).isInstanceOf(NotServingException.class)
                .hasMessage("no function host runs for the local platform in " + folder.resolve("local"));
        assertThatThrownBy(() -> platform.status(alias)).isInstanceOf(NotServingException.class);
        assertThatThrownBy(() -> platform.call(alias, null, false, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(NotServingException.class);
        assertThat(folder.resolve("local/host.properties")).doesNotExist();
    }

    private static ArtifactVersion version(String env, String sha) {
        return new ArtifactVersion("model1", env, 1, "mlops", sha, "files", 5, 1, "t", "u", Map.of(), "");
    }
}
