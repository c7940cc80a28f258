package dev.mlops.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HelperCheckTest {

    private static final String MODEL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Labelled implements PredictionModel<Map<String, Object>, String> {
                public String initialization(Path folder, Secrets secrets) { return "label"; }
                public Object predict(Map<String, Object> data, String label, Secrets secrets) { return label; }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void helperModelsMustBeDeployedAndShareTheVersionsOfCommonLibraries() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("labelled", Map.of("com.example.Labelled", MODEL));
        Path artifact = Files.createDirectories(folder.resolve("model_artifact"));
        Files.writeString(artifact.resolve("label.txt"), "good\n");
        ModelSettings helper = models.settings("features", "com.example.Labelled", "model_artifact", "");
        ModelSettings user = models.settings("labelled", "com.example.Labelled", "model_artifact",
                "helper_models:\n  - model_name: features");
        FakePlatform platform = new FakePlatform();
        List<String> log = new ArrayList<>();
        HelperCheck check = new HelperCheck(platform, log::add);
        Path common1 = library("common", "1.0");
        Path common2 = library("common", "2.0");
        Path other = library("other", "3.1");

        assertThatThrownBy(() -> check.check(user, Environment.TEST, List.of(jar, common2, other)))
                .isInstanceOf(DeploymentException.class)
                .hasMessage("labelled: helper model features is not deployed as features-prediction-test on the"
                        + " fake platform; nothing was deployed")
                .hasFieldOrPropertyWithValue("fix", DeploymentException.Fix.DEPLOY_HELPERS_FIRST);

        ExternalId deployed = new ExternalId("features", Service.PREDICTION, Environment.TEST, 2);
        platform.place(BundleWriter.write(new BundleSource(helper, deployed, List.of(jar, common1),
                Optional.of(artifact), "", Instant.now(), "test"), folder.resolve("features.bundle")));
        platform.point(new Alias("features", Service.PREDICTION, Environment.TEST), deployed);

        assertThatThrownBy(() -> check.check(user, Environment.TEST, List.of(jar, common2, other)))
                .hasMessage("labelled: helper model features: org.example:common is 2.0 here but 1.0 in"
                        + " features-prediction-test-2; use the same version in both; nothing was deployed");

        check.check(user, Environment.TEST, List.of(jar, common1, other));
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
