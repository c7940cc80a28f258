package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.PredictionModel;
import dev.mlops.core.model.ModelClassCheck.Outcome;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsFile;
import dev.mlops.core.settings.SettingsProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelClassCheckTest {

    @TempDir
    Path project;

    private Path sources;
    private Path classes;

    @BeforeEach
    void folders() throws IOException {
        sources = Files.createDirectories(project.resolve("src/main/java"));
        classes = project.resolve("target/classes");
    }

    private void source(String className, String code) throws IOException {
        Path file = sources.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
    }

    private void compile() throws Exception {
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                Path.of(PredictionModel.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .toString()));
        try (var files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, args.toArray(String[]::new))).isZero();
        // Compiled after the sources, as a build would.
        try (var files = Files.walk(classes)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
            }
        }
    }

    private Settings settings(String modelClass, boolean training) throws Exception {
        Files.writeString(project.resolve("mlops_settings.yaml"), """
                model_name: model1
                human_friendly_model_name: Model 1
                model_class: %s
                artifact_folder: null
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                """.formatted(modelClass) + (training ? "  training: {description: t, owner: o}\n" : ""));
        return SettingsFile.read(project.resolve("mlops_settings.yaml"));
    }

    private Outcome check(Settings settings) {
        return ModelClassCheck.check(settings, classes, List.of(), List.of(sources));
    }

    private static List<String> messages(Outcome outcome) {
        return outcome.problems().stream().map(SettingsProblem::toString).toList();
    }

    private static final String MODEL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.Map;
            public class Model1 implements PredictionModel<Map<String, Object>, String> {
                public String initialization(Path folder, Secrets secrets) { return "state"; }
                public Object predict(Map<String, Object> data, String state, Secrets secrets) { return 1; }
            }
            """;

    @Test
    void aCompiledModelThatFulfilsTheContractPasses() throws Exception {
        source("com.example.Model1", MODEL);
        compile();

        Outcome outcome = check(settings("com.example.Model1", false));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.notes()).isEmpty();
    }

    @Test
    void nothingCompiledYetIsANoteNotAnError() throws Exception {
        Outcome outcome = check(settings("com.example.Model1", false));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.notes()).containsExactly(
                "model1: model_class com.example.Model1 not checked; the project is not compiled yet");
    }

    @Test
    void aMissingClassIsAnErrorAtTheModelClassLine() throws Exception {
        source("com.example.Model1", MODEL);
        compile();

        assertThat(messages(check(settings("com.example.Modle1", false)))).containsExactly(
                "mlops_settings.yaml:3:14: model_class 'com.example.Modle1' is not among the project's compiled"
                        + " classes; check the package and the class name");
    }

    @Test
    void aSourceEditedAfterCompilingIsNotJudgedByStaleClasses() throws Exception {
        source("com.example.Model1", MODEL);
        compile();
        source("com.example.Renamed", MODEL.replace("Model1", "Renamed"));

        Outcome outcome = check(settings("com.example.Renamed", false));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.notes()).containsExactly(
                "model1: model_class com.example.Renamed not checked; its source is newer than the compiled classes");
    }

    @Test
    void aClassThatImplementsNeitherInterfaceIsNamed() throws Exception {
        source("com.example.Plain", "package com.example; public class Plain {}");
        compile();

        assertThat(messages(check(settings("com.example.Plain", true)))).containsExactly(
                "mlops_settings.yaml:3:14: model_class 'com.example.Plain' does not implement"
                        + " dev.mlops.api.PredictionModel, which info.prediction needs; implement it or remove"
                        + " info.prediction",
                "mlops_settings.yaml:3:14: model_class 'com.example.Plain' does not implement"
                        + " dev.mlops.api.TrainingModel, which info.training needs; implement it or remove"
                        + " info.training");
    }

    @Test
    void abstractClassesAndMissingConstructorsAreRejected() throws Exception {
        source("com.example.Model1", MODEL.replace("public class", "public abstract class"));
        source("com.example.NoDefault", MODEL.replace("Model1", "NoDefault")
                .replace("public String initialization", "public NoDefault(int x) {}\n    public String initialization"));
        compile();

        assertThat(messages(check(settings("com.example.Model1", false)))).containsExactly(
                "mlops_settings.yaml:3:14: model_class 'com.example.Model1' is abstract; name a concrete class");
        assertThat(messages(check(settings("com.example.NoDefault", false)))).containsExactly(
                "mlops_settings.yaml:3:14: model_class 'com.example.NoDefault' must be a public class with a public"
                        + " constructor that takes no arguments; the function host creates the model with it");
    }

    @Test
    void aTrainingModelIsCheckedToo() throws Exception {
        source("com.example.Model1", MODEL.replace("implements PredictionModel<Map<String, Object>, String>",
                "implements PredictionModel<Map<String, Object>, String>, TrainingModel").replace("    public Object",
                "    public Map<String, Object> train(Path f, Secrets s) { return Map.of(); }\n    public Object"));
        compile();

        assertThat(check(settings("com.example.Model1", true)).problems()).isEmpty();
    }

    @Test
    void aClassWhoseDependencyIsNotResolvedYetIsANote() throws Exception {
        source("com.example.lib.Base", "package com.example.lib; public abstract class Base {}");
        source("com.example.Model1", MODEL.replace("public class Model1", "public class Model1 extends"
                + " com.example.lib.Base"));
        compile();
        Files.delete(classes.resolve("com/example/lib/Base.class"));

        Outcome outcome = check(settings("com.example.Model1", false));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.notes()).containsExactly("model1: model_class com.example.Model1 not checked; it needs"
                + " com/example/lib/Base, which the build resolves later");
    }
}
