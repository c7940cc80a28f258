package dev.mlops.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExternalId;
import dev.mlops.core.bundle.Service;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.Environment;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDeploymentTest {

    /** Answers with its artifact's label; initializes only once per marker file, so a second host fails. */
    private static final String MODEL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Labelled implements PredictionModel<Map<String, Object>, String> {
                public String initialization(Path folder, Secrets secrets) throws ModelException {
                    try {
                        List<String> lines = Files.readAllLines(folder.resolve("label.txt"));
                        if (lines.size() > 1) {
                            Path marker = Path.of(lines.get(1));
                            if (Files.exists(marker)) throw new ModelException("initialized once already");
                            Files.writeString(marker, "x");
                        }
                        return lines.get(0);
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot read label.txt", e);
                    }
                }
                public Object predict(Map<String, Object> data, String label, Secrets secrets) { return label; }
            }
            """;

    @TempDir
    Path folder;

    private LocalPlatform platform;

    @AfterEach
    void stopHost() throws Exception {
        if (platform != null) {
            platform.stopHost();
        }
    }

    @Test
    void aRedeploymentWhoseSmokeCallFailsPutsBackWhatServedBefore() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("labelled", Map.of("com.example.Labelled", MODEL));
        Files.writeString(folder.resolve("service-test.json"), "[{\"data\": {}}]");
        Path artifact = Files.createDirectories(folder.resolve("model_artifact"));
        Files.writeString(artifact.resolve("label.txt"), "good\n");
        ModelSettings settings = models.settings("""
                model_name: labelled
                human_friendly_model_name: Labelled
                model_class: com.example.Labelled
                artifact_folder: model_artifact
                test_file: service-test.json
                info:
                  prediction: {description: d, owner: o}
                """);
        List<Path> hostClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();
        platform = new LocalPlatform(folder.resolve("home/local"), hostClassPath, 0);
        List<String> log = new ArrayList<>();
        ModelDeployment deployment = new ModelDeployment(new ModelManager(new LocalArtifactStore(
                folder.resolve("home/store")), "mlops", Clock.systemUTC(), "tester"), platform, hostClassPath,
                folder.resolve("work"), new ServiceTestPasses(folder.resolve("passes")), log::add);
        ModelDeployment.Request request = new ModelDeployment.Request(settings, Service.PREDICTION, Environment.DEV,
                List.of(jar), Optional.of("abc"), "tester", "test", Instant.now(), false, false);

        assertThat(deployment.deploy(request)).isEqualTo("labelled-prediction-dev-1");
        assertThat(platform.call("labelled-prediction-dev", "{\"data\": {}}", Duration.ofSeconds(10)).body())
                .contains("\"prediction\":\"good\"");

        // The service test's host initializes the model first; the platform's host then fails to.
        Files.writeString(artifact.resolve("label.txt"), "broken\n" + folder.resolve("marker"));
        assertThatThrownBy(() -> deployment.deploy(request)).isInstanceOf(DeploymentException.class)
                .hasMessageStartingWith("labelled: the smoke call of labelled-prediction-dev-1 failed (")
                .hasMessageEndingWith("); the bundle it replaced was put back and labelled-prediction-dev still"
                        + " points where it did");
        assertThat(log).anyMatch(line -> line.contains("service test of labelled-prediction-dev-1 passed"));

        String answer = "";
        for (int i = 0; i < 100 && !answer.contains("\"prediction\":\"good\""); i++) {
            answer = platform.call("labelled-prediction-dev", "{\"data\": {}}", Duration.ofSeconds(10)).body();
            Thread.sleep(100);
        }
        assertThat(answer).as("the previous version serves again").contains("\"prediction\":\"good\"");
        assertThat(platform.records("labelled-prediction-dev")).hasSize(1);
    }

    @Test
    void helperModelsMustBeDeployedAndShareTheVersionsOfCommonLibraries() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("labelled", Map.of("com.example.Labelled", MODEL));
        Path artifact = Files.createDirectories(folder.resolve("model_artifact"));
        Files.writeString(artifact.resolve("label.txt"), "good\n");
        ModelSettings helper = models.settings("""
                model_name: features
                human_friendly_model_name: Features
                model_class: com.example.Labelled
                artifact_folder: model_artifact
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                """);
        ModelSettings user = models.settings("""
                model_name: labelled
                human_friendly_model_name: Labelled
                model_class: com.example.Labelled
                artifact_folder: model_artifact
                test_file: null
                helper_models:
                  - model_name: features
                info:
                  prediction: {description: d, owner: o}
                """);
        platform = new LocalPlatform(folder.resolve("home/local"), List.of(), 0);
        List<String> log = new ArrayList<>();
        ModelDeployment deployment = new ModelDeployment(new ModelManager(new LocalArtifactStore(
                folder.resolve("home/store")), "mlops", Clock.systemUTC(), "tester"), platform, List.of(),
                folder.resolve("work"), new ServiceTestPasses(folder.resolve("passes")), log::add);
        Path common1 = library("common", "1.0");
        Path common2 = library("common", "2.0");
        Path other = library("other", "3.1");

        ModelDeployment.Request request = new ModelDeployment.Request(user, Service.PREDICTION, Environment.TEST,
                List.of(jar, common2, other), Optional.empty(), "tester", "test", Instant.now(), false, true);
        assertThatThrownBy(() -> deployment.deploy(request)).isInstanceOf(DeploymentException.class)
                .hasMessage("labelled: helper model features is not deployed as features-prediction-test on the"
                        + " local platform; deploy it first; nothing was deployed");

        // the helper, deployed by hand with common 1.0
        Path bundle = folder.resolve("features-prediction-test-2.bundle");
        BundleWriter.write(new BundleSource(helper, new ExternalId("features", Service.PREDICTION, Environment.TEST,
                2), List.of(jar, common1), Optional.of(artifact), "", Instant.now(), "test"), bundle);
        platform.deploy(bundle, "features-prediction-test-2");
        platform.moveAlias(new AliasFile("features-prediction-test", "features-prediction-test-2", 2));

        assertThatThrownBy(() -> deployment.deploy(request)).isInstanceOf(DeploymentException.class)
                .hasMessage("labelled: helper model features: org.example:common is 2.0 here but 1.0 in"
                        + " features-prediction-test-2; use the same version in both; nothing was deployed");

        ModelDeployment.Request matching = new ModelDeployment.Request(user, Service.PREDICTION, Environment.TEST,
                List.of(jar, common1, other), Optional.empty(), "tester", "test", Instant.now(), false, true);
        assertThatThrownBy(() -> deployment.deploy(matching)).as("the helper passes; the artifact is what is missing")
                .isInstanceOf(DeploymentException.class).hasMessageStartingWith("labelled: no artifact of labelled"
                        + " in test");
        assertThat(log).contains("labelled: helper features is deployed as features-prediction-test-2");
    }

    /** An empty jar with the properties Maven writes into the jars it builds. */
    private Path library(String artifactId, String version) throws Exception {
        Path jar = folder.resolve(artifactId + "-" + version + ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/org.example/" + artifactId + "/pom.properties"));
            zip.write(("groupId=org.example\nartifactId=" + artifactId + "\nversion=" + version + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
