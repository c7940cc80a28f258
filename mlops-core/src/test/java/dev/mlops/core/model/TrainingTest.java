package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ModelException;
import dev.mlops.core.bundle.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

    private static final String TRAINER = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.*;
            import java.util.*;
            public class Trainer implements TrainingModel {
                public Map<String, Object> train(Path folder, Secrets secrets) throws ModelException {
                    if (secrets.get("FAIL").isPresent()) throw new ModelException("no data for this well");
                    try {
                        Files.writeString(folder.resolve("coefficients.txt"), "1 2 3 4");
                    } catch (java.io.IOException e) {
                        throw new ModelException("cannot write", e);
                    }
                    return Map.of("rmse", 0.25, "wells", List.of("A", "B"), "token", secrets.require("TOKEN").length());
                }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void trainingWritesTheArtifactAndReturnsMetadataAsText() throws Exception {
        Path jar = new TestModels(folder).jar("trainer", Map.of("com.example.Trainer", TRAINER));
        Path out = Files.createDirectories(folder.resolve("out"));

        Map<String, String> metadata = Training.run("com.example.Trainer", List.of(jar), out,
                List.of("TOKEN", "FAIL"), name -> name.equals("TOKEN") ? "abcd" : null);

        assertThat(out.resolve("coefficients.txt")).hasContent("1 2 3 4");
        assertThat(metadata).containsExactly(Map.entry("rmse", "0.25"), Map.entry("token", "4"),
                Map.entry("wells", "[\"A\",\"B\"]"));

        assertThatThrownBy(() -> Training.run("com.example.Trainer", List.of(jar), out, List.of("TOKEN", "FAIL"),
                name -> "x")).isInstanceOf(ModelException.class).hasMessage("no data for this well");
        assertThatThrownBy(() -> Training.run("java.lang.Object", List.of(jar), out, List.of(), name -> null))
                .hasMessage("java.lang.Object does not implement dev.mlops.api.TrainingModel; implement it to train"
                        + " the model");
        assertThatThrownBy(() -> Training.run("com.example.Missing", List.of(jar), out, List.of(), name -> null))
                .hasMessageStartingWith("cannot load com.example.Missing: java.lang.ClassNotFoundException");
    }
}
