package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.files.FolderTree;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.ModelSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

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

    @TempDir
    Path folder;

    private TestModels models;
    private Path jar;
    private ModelSettings settings;

    @BeforeEach
    void model() throws Exception {
        models = new TestModels(folder);
        jar = models.jar("model1", Map.of("com.example.Model1", MODEL));
        models.folder("model_artifact", Map.of("coefficients.txt", "1 2 3 4", "nested/deep/notes.txt", "hello"));
        settings = models.settings("model1", "com.example.Model1", "model_artifact",
                "secrets: [API_TOKEN]");
    }

    private BundleSource source(Instant created) {
        return new BundleSource(settings, new ExternalId("model1", Service.PREDICTION, Environment.TEST, 3),
                List.of(jar), settings.artifactFolder(), "abc123", created, "0.1.0-test");
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws Exception {
        Path first = folder.resolve("first.bundle");
        Path second = folder.resolve("second.bundle");
        BundleWriter.write(source(TestModels.CREATED), first);
        Thread.sleep(1100); // a writer that used the clock or file times would now differ
        Files.setLastModifiedTime(folder.resolve("model_artifact/coefficients.txt"),
                java.nio.file.attribute.FileTime.from(Instant.now()));
        BundleWriter.write(source(TestModels.CREATED), second);

        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));

        BundleWriter.write(source(TestModels.CREATED.plusSeconds(1)), second);
        assertThat(Files.readAllBytes(second)).isNotEqualTo(Files.readAllBytes(first));
    }

    @Test
    void theDescriptorSaysWhatIsDeployed() throws Exception {
        BundleDescriptor descriptor = BundleWriter.write(source(TestModels.CREATED), folder.resolve("b.bundle"));

        assertThat(descriptor.externalId()).isEqualTo("model1-prediction-test-3");
        assertThat(descriptor.modelId()).isEqualTo("model1/test/3");
        assertThat(descriptor.name()).isEqualTo("Model model1");
        assertThat(descriptor.description()).isEqualTo("Predicts for model1");
        assertThat(descriptor.owner()).isEqualTo("team@example.com");
        assertThat(descriptor.metadata()).containsExactly(Map.entry("stage", "test"));
        assertThat(descriptor.modelClass()).isEqualTo("com.example.Model1");
        assertThat(descriptor.javaVersion()).isEqualTo(17);
        assertThat(descriptor.mlopsVersion()).isEqualTo("0.1.0-test");
        assertThat(descriptor.gitCommit()).isEqualTo("abc123");
        assertThat(descriptor.createdTime()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(descriptor.secrets()).containsExactly("API_TOKEN");
        assertThat(descriptor.artifactSha256()).isEqualTo(FolderTree.of(folder.resolve("model_artifact")).sha256())
                .hasSize(64);
        assertThat(descriptor.classPath()).containsExactly("lib/000-model1.jar");
    }

    @Test
    void extractingGivesBackTheJarsAndTheArtifact() throws Exception {
        Path bundle = folder.resolve("b.bundle");
        BundleWriter.write(source(TestModels.CREATED), bundle);

        ExtractedBundle extracted = ExtractedBundle.extract(bundle, folder.resolve("out"));

        assertThat(extracted.descriptor().externalId()).isEqualTo("model1-prediction-test-3");
        assertThat(extracted.classPath()).singleElement().satisfies(p ->
                assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(jar)));
        assertThat(FolderTree.of(extracted.artifactFolder()).sha256())
                .isEqualTo(extracted.descriptor().artifactSha256());
        assertThat(extracted.artifactFolder().resolve("nested/deep/notes.txt")).hasContent("hello");
    }

    @Test
    void aClassesFolderBecomesAJar() throws Exception {
        BundleSource source = new BundleSource(settings,
                new ExternalId("model1", Service.PREDICTION, Environment.DEV, 1),
                List.of(folder.resolve("model1-classes"), jar), Optional.empty(), "", TestModels.CREATED, "x");
        Path bundle = folder.resolve("b.bundle");
        BundleDescriptor descriptor = BundleWriter.write(source, bundle);

        assertThat(descriptor.classPath()).containsExactly("lib/000-model1-classes.jar", "lib/001-model1.jar");
        assertThat(descriptor.artifactSha256()).isEmpty();
        ExtractedBundle extracted = ExtractedBundle.extract(bundle, folder.resolve("out"));
        try (var zip = new java.util.zip.ZipFile(extracted.classPath().get(0).toFile())) {
            assertThat(zip.getEntry("com/example/Model1.class")).isNotNull();
        }
    }

    @Test
    void secretValuesNeverEnterABundle() throws Exception {
        Path bundle = folder.resolve("b.bundle");
        BundleWriter.write(source(TestModels.CREATED), bundle);
        String value = System.getenv("PATH");

        StringBuilder content = new StringBuilder();
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(bundle))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                content.append(new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(content).contains("\"API_TOKEN\"").doesNotContain(value);
    }

    @Test
    void aMissingArtifactFolderOrClassPathElementIsNamed() throws Exception {
        ModelSettings noFolder = models.settings("model1", "com.example.Model1", "not_there", "");
        BundleSource source = new BundleSource(noFolder,
                new ExternalId("model1", Service.PREDICTION, Environment.TEST, 1), List.of(jar),
                noFolder.artifactFolder(), "", TestModels.CREATED, "x");
        assertThatThrownBy(() -> BundleWriter.write(source, folder.resolve("b.bundle")))
                .isInstanceOf(BundleException.class)
                .hasMessage("artifact folder " + folder.resolve("not_there") + " does not exist; create it (for"
                        + " example by training) or set artifact_folder: null if the model needs none")
                .hasFieldOrPropertyWithValue("fix", BundleException.Fix.TRAIN_FIRST);

        BundleSource noJar = new BundleSource(settings,
                new ExternalId("model1", Service.PREDICTION, Environment.TEST, 1), List.of(folder.resolve("x.jar")),
                Optional.empty(), "", TestModels.CREATED, "x");
        assertThatThrownBy(() -> BundleWriter.write(noJar, folder.resolve("b.bundle")))
                .hasMessage("class-path element " + folder.resolve("x.jar") + " does not exist; build the project"
                        + " before bundling it");
        assertThat(folder.resolve("b.bundle")).doesNotExist();
    }

    @Test
    void aLinkOutOfTheArtifactFolderIsRefusedByName() throws Exception {
        Path outside = Files.writeString(folder.resolve("secret.txt"), "do not ship");
        Files.createSymbolicLink(folder.resolve("model_artifact/link.txt"), outside);

        assertThatThrownBy(() -> BundleWriter.write(source(TestModels.CREATED), folder.resolve("b.bundle")))
                .isInstanceOf(BundleException.class)
                .hasMessage("'link.txt' in " + folder.resolve("model_artifact") + " is a symbolic link to "
                        + outside.toRealPath() + ", outside the folder; copy the file in or remove the link");
    }

    @Test
    void aServiceWithoutInfoHasNoBundle() throws Exception {
        ModelSettings predictionOnly = models.settings("""
                model_name: model1
                human_friendly_model_name: M
                model_class: com.example.Model1
                artifact_folder: null
                test_file: null
                info:
                  prediction: {description: d, owner: o}
                """);
        BundleSource source = new BundleSource(predictionOnly,
                new ExternalId("model1", Service.TRAINING, Environment.TEST, 1), List.of(jar), Optional.empty(), "",
                TestModels.CREATED, "x");
        assertThatThrownBy(() -> BundleWriter.write(source, folder.resolve("b.bundle")))
                .hasMessage("model 'model1' has no info.training in its settings, so it has no training service; add"
                        + " info.training with description and owner");
    }

    @Test
    void anEntryThatEscapesTheFolderIsRefused() throws Exception {
        Path evil = folder.resolve("evil.bundle");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("../../escaped.txt"));
            zip.write(1);
            zip.closeEntry();
        }
        assertThatThrownBy(() -> ExtractedBundle.extract(evil, folder.resolve("out")))
                .hasMessage(evil + " holds an entry outside the bundle (../../escaped.txt); it was not made by mlops");
        assertThat(folder.resolve("escaped.txt")).doesNotExist();
    }
}
