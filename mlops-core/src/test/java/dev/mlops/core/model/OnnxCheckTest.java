package dev.mlops.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops:validate}'s check of an ONNX model against its graph, each problem at the field to change. */
class OnnxCheckTest {

    private static final String SETTINGS = """
            model_name: wells
            human_friendly_model_name: 'Wells'
            model_format: onnx
            input_columns: [ACS, RDEP]
            output_names:
              nothing: AC
            artifact_folder: model_artifact
            test_file: null
            info:
              prediction:
                description: 'd'
                owner: o
            """;

    @Test
    void mismatchesArePositionedAtTheirFields(@TempDir Path folder) throws Exception {
        Files.createDirectories(folder.resolve("model_artifact"));
        Files.copy(Path.of("src/test/resources/onnx/matmul_add.onnx"), folder.resolve("model_artifact/model.onnx"));
        Settings settings = SettingsFile.read(Files.writeString(folder.resolve("mlops_settings.yaml"), SETTINGS));
        ModelClassCheck.Outcome outcome = OnnxCheck.check(settings);
        assertThat(outcome.problems()).hasSize(2);
        assertThat(outcome.problems().get(0).toString()).contains("mlops_settings.yaml:4:16")
                .contains("input_columns lists 2 columns, but the graph's input 'input' has shape [N, 3]");
        assertThat(outcome.problems().get(1).toString()).contains("mlops_settings.yaml:6:")
                .contains("output_names renames 'nothing', which is not an output of the graph");
    }

    @Test
    void aFittingGraphIsNotedAndAMissingFolderIsNotChecked(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, SETTINGS.replace("[ACS, RDEP]", "[ACS, RDEP, DEN]").replace("nothing", "variable"));
        assertThat(OnnxCheck.check(SettingsFile.read(file)).notes()).containsExactly("wells: ONNX model not checked;"
                + " the artifact folder model_artifact does not exist yet");
        Files.createDirectories(folder.resolve("model_artifact"));
        ModelClassCheck.Outcome missing = OnnxCheck.check(SettingsFile.read(file));
        assertThat(missing.problems()).singleElement().asString().contains("mlops_settings.yaml:3:")
                .contains("the ONNX model model.onnx is not in the artifact folder");
        Files.copy(Path.of("src/test/resources/onnx/matmul_add.onnx"), folder.resolve("model_artifact/model.onnx"));
        ModelClassCheck.Outcome fits = OnnxCheck.check(SettingsFile.read(file));
        assertThat(fits.problems()).isEmpty();
        assertThat(fits.notes()).containsExactly("wells: ONNX model model.onnx fits the settings; it takes ACS, RDEP,"
                + " DEN and gives AC");
    }
}
