package dev.mlops.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of a model with {@code model_format: onnx}: what they read, and every mistake at its line. */
class OnnxSettingsTest {

    private static final String ONNX = """
            model_name: wells
            human_friendly_model_name: 'Wells'
            model_format: onnx
            artifact_folder: model_artifact
            test_file: null
            info:
              prediction:
                description: 'd'
                owner: o
            """;

    @TempDir
    Path folder;

    private ModelSettings read(String yaml) throws Exception {
        return SettingsFile.read(Files.writeString(folder.resolve("mlops_settings.yaml"), yaml)).models().get(0);
    }

    private List<String> problems(String yaml) throws Exception {
        try {
            SettingsFile.read(Files.writeString(folder.resolve("mlops_settings.yaml"), yaml));
        } catch (SettingsException e) {
            return e.problems().stream().map(SettingsProblem::toString).toList();
        }
        throw new AssertionError("expected the settings to be rejected");
    }

    @Test
    void anOnnxModelNeedsNoClassAndTakesTheDefaults() throws Exception {
        ModelSettings model = read(ONNX);

        assertThat(model.modelFormat()).isEqualTo(ModelFormat.ONNX);
        assertThat(model.modelClass()).isEmpty();
        assertThat(model.onnx()).contains(new OnnxSettings("model.onnx", List.of(), Map.of(), 1));
    }

    @Test
    void readsEveryOnnxField() throws Exception {
        ModelSettings model = read(ONNX + """
                onnx_file: graphs/wells.onnx
                input_columns: [ACS, RDEP, DEN]
                output_names:
                  variable: AC
                onnx_threads: 4
                """);

        assertThat(model.onnx()).contains(new OnnxSettings("graphs/wells.onnx", List.of("ACS", "RDEP", "DEN"),
                Map.of("variable", "AC"), 4));
    }

    @Test
    void aClassWithOnnxAndNoClassWithJavaAreErrors() throws Exception {
        assertThat(problems(ONNX.replace("model_format: onnx", "model_format: onnx\nmodel_class: com.example.M")))
                .singleElement().asString().startsWith("mlops_settings.yaml:4:1: model_class is not used with"
                        + " model_format: onnx");
        assertThat(problems(ONNX.replace("model_format: onnx", "model_format: java"))).singleElement().asString()
                .contains("model_class").contains("model_class: com.example.MyModel");
        assertThat(problems(ONNX.replace("model_format: onnx", "model_format: tensorflow"))).singleElement()
                .asString()
                .startsWith("mlops_settings.yaml:3:15: model_format 'tensorflow' is not known; use java");
    }

    @Test
    void onnxFieldsWithAJavaModelAreErrors() throws Exception {
        String java = ONNX.replace("model_format: onnx", "model_class: com.example.M");
        assertThat(problems(java + "onnx_file: model.onnx\nonnx_threads: 2\n")).containsExactly(
                "mlops_settings.yaml:10:1: onnx_file is only for model_format: onnx; remove it, or add model_format:"
                        + " onnx",
                "mlops_settings.yaml:11:1: onnx_threads is only for model_format: onnx; remove it, or add"
                        + " model_format: onnx");
    }

    @Test
    void badOnnxValuesAreErrorsAtTheirValues() throws Exception {
        List<String> problems = problems(ONNX + """
                onnx_file: ../outside.onnx
                input_columns: [ACS, ACS, ' ']
                output_names:
                  a: AC
                  b: AC
                onnx_threads: 0
                """);

        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).startsWith("mlops_settings.yaml:10:12: onnx_file '../outside.onnx' must be a"
                + " path inside the artifact folder");
        assertThat(problems.get(1)).startsWith("mlops_settings.yaml:11:22: input_columns[1] 'ACS' is listed twice");
        assertThat(problems.get(2)).startsWith("mlops_settings.yaml:11:27: input_columns[2] is blank");
        assertThat(problems.get(3)).startsWith("mlops_settings.yaml:14:6: output_names.b 'AC' is given to another"
                + " output too");
        assertThat(problems.get(4)).startsWith("mlops_settings.yaml:15:15: onnx_threads must be a whole number of at"
                + " least 1, found '0'");
    }

    @Test
    void threadsAreBounded() throws Exception {
        assertThat(problems(ONNX + "onnx_threads: 65\n")).singleElement().asString()
                .startsWith("mlops_settings.yaml:10:15: onnx_threads 65 is more than 64");
        assertThat(problems(ONNX + "onnx_threads: two\n")).singleElement().asString()
                .startsWith("mlops_settings.yaml:10:15: onnx_threads must be a whole number of at least 1, found");
        assertThat(read(ONNX + "onnx_threads: 64\n").onnx().orElseThrow().threads()).isEqualTo(64);
    }

    @Test
    void anOnnxModelNeedsAnArtifactFolderAndDoesNotTrain() throws Exception {
        assertThat(problems(ONNX.replace("artifact_folder: model_artifact", "artifact_folder: null")))
                .singleElement().asString().startsWith("mlops_settings.yaml:4:18: artifact_folder cannot be null"
                        + " with model_format: onnx");
        assertThat(problems(ONNX + "  training:\n    description: t\n    owner: o\n")).singleElement().asString()
                .startsWith("mlops_settings.yaml:10:3: info.training needs a model class that trains");
    }
}
