package dev.mlops.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.Deadline;
import dev.mlops.core.platform.LocalPlatform;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.store.LocalArtifactStore;
import java.io.File;
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
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deployment to the local platform with real function hosts (the service test's and the platform's). */
@Tag("integration")
class LocalDeploymentIT {

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
        ModelManager manager = new ModelManager(new LocalArtifactStore(folder.resolve("home/store")), "mlops",
                Clock.systemUTC(), "tester");
        Deployment deployment = new Deployment(new FixedInfrastructure(manager, platform), hostClassPath, folder.resolve("work"), new ServiceTestPasses(folder.resolve("passes")), Clock.systemUTC(),
                log::add);
        DeploymentPlan plan = new DeploymentPlan(List.of(settings), Optional.empty(), Environment.DEV,
                List.of(Service.PREDICTION), List.of(jar), Optional.of("abc"), "tester", "test", Instant.now(),
                OptionalInt.empty(), false, false, false);
        Alias alias = new Alias("labelled", Service.PREDICTION, Environment.DEV);
        JsonNode empty = Json.DATA.createObjectNode();

        assertThat(deployment.run(plan).results()).singleElement().satisfies(r -> {
            assertThat(r.failure()).isEmpty();
            assertThat(r.id()).contains(alias.version(1));
        });
        assertThat(platform.call(alias, empty, false, Duration.ofSeconds(10)).body().path("prediction").asText())
                .isEqualTo("good");

        // The service test's host initializes the model first; the platform's host then fails to.
        Files.writeString(artifact.resolve("label.txt"), "broken\n" + folder.resolve("marker"));
        assertThat(deployment.run(plan).failures()).singleElement().satisfies(e -> assertThat(e.getMessage())
                .startsWith("labelled: the smoke call of labelled-prediction-dev-1 failed (")
                .endsWith("); what it served before was put back and labelled-prediction-dev still points where it"
                        + " did"));
        assertThat(log).anyMatch(line -> line.contains("service test of labelled-prediction-dev-1 passed"));

        Optional<String> answer = Deadline.in(Duration.ofSeconds(10)).await(() -> Optional.of(platform.call(alias,
                empty, false, Duration.ofSeconds(10)).body().path("prediction").asText()).filter("good"::equals));
        assertThat(answer).as("the previous version serves again").contains("good");
        assertThat(platform.records(alias)).hasSize(1);
    }

}
