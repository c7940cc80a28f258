package dev.mlops.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.Service;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.registry.LocalArtifactStore;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.settings.Environment;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                folder.resolve("work"), log::add);
        ModelDeployment.Request request = new ModelDeployment.Request(settings, Service.PREDICTION, Environment.DEV,
                List.of(jar), Optional.of("abc"), "tester", "test", false, false);

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
}
