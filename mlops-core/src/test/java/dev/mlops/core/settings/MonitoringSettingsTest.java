package dev.mlops.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringSettingsTest {

    private static final String MODEL = """
            model_name: model1
            human_friendly_model_name: 'My First Model'
            model_class: com.example.Model1
            artifact_folder: model_artifact
            test_file: null
            info:
              prediction:
                description: Predicts AC
                owner: data-science@example.com
            """;

    @TempDir
    Path folder;

    private ModelSettings read(String extra) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, MODEL + extra);
        return SettingsFile.read(file).models().get(0);
    }

    private List<String> problems(String extra) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, MODEL + extra);
        try {
            SettingsFile.read(file);
        } catch (SettingsException e) {
            return e.problems().stream().map(SettingsProblem::toString).toList();
        }
        throw new AssertionError("expected the settings to be rejected");
    }

    @Test
    void withoutMonitoringNothingIsLogged() throws Exception {
        assertThat(read("").monitoring()).isEqualTo(MonitoringSettings.NONE);
        assertThat(read("monitoring: null\n").monitoring().sampleRate()).isZero();
        assertThat(read("monitoring: {}\n").monitoring().sampleRate()).isZero();
    }

    @Test
    void aSampleRateIsANumberFromZeroToOne() throws Exception {
        assertThat(read("monitoring:\n  sample_rate: 0.25\n").monitoring().sampleRate()).isEqualTo(0.25);
        assertThat(read("monitoring:\n  sample_rate: 1\n").monitoring().sampleRate()).isEqualTo(1.0);
        assertThat(read("monitoring:\n  sample_rate: 0\n").monitoring().sampleRate()).isZero();
        assertThat(read("monitoring:\n  sample_rate: 1.0e-3\n").monitoring().sampleRate()).isEqualTo(0.001);
        ModelSettings model = read("monitoring:\n  sample_rate: 0.5\n");
        assertThat(model.locationOf("monitoring.sample_rate").line()).isEqualTo(11);
    }

    @Test
    void anythingElseIsRefusedAtItsValue() throws Exception {
        for (String bad : List.of("1.5", "-0.1", "half", "'0.5'", ".nan", ".inf", "true", "[0.5]", "null")) {
            assertThat(problems("monitoring:\n  sample_rate: " + bad + "\n")).as(bad).containsExactly(
                    "mlops_settings.yaml:11:16: monitoring.sample_rate must be a number from 0 to 1, found "
                            + describe(bad) + "; 0.1 logs one call in ten, 1 every call, 0 none");
        }
    }

    private static String describe(String bad) {
        return switch (bad) {
            case "'0.5'" -> "'0.5'";
            case "[0.5]" -> "a list";
            case "null" -> "null";
            default -> "'" + bad + "'";
        };
    }

    @Test
    void unknownFieldsAreNamedWithTheNearestKnownOne() throws Exception {
        assertThat(problems("monitoring:\n  sample_rat: 0.5\n")).containsExactly(
                "mlops_settings.yaml:11:3: unknown field 'sample_rat' in monitoring; perhaps you meant"
                        + " 'sample_rate'");
        assertThat(problems("monitoring: 0.5\n")).containsExactly(
                "mlops_settings.yaml:10:13: monitoring must be a mapping of fields, found '0.5'");
        assertThat(problems("monitorin:\n  sample_rate: 0.5\n")).containsExactly(
                "mlops_settings.yaml:10:1: unknown field 'monitorin'; perhaps you meant 'monitoring'");
    }

    @Test
    void theReferenceIsACsvOrJsonLinesFileInsideTheArtifactFolder() throws Exception {
        assertThat(read("monitoring:\n  reference: reference.csv\n").monitoring().reference()).contains("reference.csv");
        assertThat(read("monitoring:\n  reference: data/train.jsonl\n").monitoring().reference())
                .contains("data/train.jsonl");
        assertThat(problems("monitoring:\n  reference: ../train.csv\n")).containsExactly(
                "mlops_settings.yaml:11:14: monitoring.reference '../train.csv' must be a path inside the artifact"
                        + " folder, such as reference.csv: relative, without '..'");
        assertThat(problems("monitoring:\n  reference: train.parquet\n")).containsExactly(
                "mlops_settings.yaml:11:14: monitoring.reference 'train.parquet' must be a CSV file with a header"
                        + " (.csv) or a JSON Lines file (.jsonl)");
        assertThat(problems("monitoring:\n  reference: [a.csv]\n")).containsExactly(
                "mlops_settings.yaml:11:14: monitoring.reference must be text, found a list");
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, MODEL.replace("artifact_folder: model_artifact", "artifact_folder: null")
                + "monitoring:\n  reference: reference.csv\n");
        assertThatSettings(file).containsExactly("mlops_settings.yaml:11:14: monitoring.reference is a file inside"
                + " the artifact folder, and artifact_folder is null; give the model an artifact_folder, or remove"
                + " the reference");
    }

    private static org.assertj.core.api.ListAssert<String> assertThatSettings(Path file) throws Exception {
        try {
            SettingsFile.read(file);
        } catch (SettingsException e) {
            return assertThat(e.problems().stream().map(SettingsProblem::toString).toList());
        }
        throw new AssertionError("expected the settings to be rejected");
    }

    @Test
    void aColumnMayNameItsTestAndThreshold() throws Exception {
        MonitoringSettings monitoring = read("""
                monitoring:
                  columns:
                    ACS: {test: ks, threshold: 0.01}
                    DEN:
                      test: psi
                    RDEP: {test: wasserstein, threshold: 0.2}
                """).monitoring();
        assertThat(monitoring.columns().get("ACS").test()).contains(DriftTest.KS);
        assertThat(monitoring.columns().get("ACS").threshold().getAsDouble()).isEqualTo(0.01);
        assertThat(monitoring.columns().get("DEN").test()).contains(DriftTest.PSI);
        assertThat(monitoring.columns().get("DEN").threshold()).isEmpty();
        assertThat(monitoring.columns().get("RDEP").threshold().getAsDouble()).isEqualTo(0.2);
    }

    @Test
    void aColumnsTestAndThresholdAreChecked() throws Exception {
        assertThat(problems("monitoring:\n  columns:\n    ACS: {test: kss}\n")).containsExactly(
                "mlops_settings.yaml:12:17: monitoring.columns.ACS.test 'kss' is not a drift test; the tests are ks,"
                        + " chi2, z, wasserstein, jensen_shannon, psi");
        assertThat(problems("monitoring:\n  columns:\n    ACS: {test: ks, threshold: 1.5}\n")).containsExactly(
                "mlops_settings.yaml:12:32: monitoring.columns.ACS.threshold must be a number above 0 and below 1"
                        + " (a p-value), found '1.5'");
        assertThat(problems("monitoring:\n  columns:\n    ACS: {test: psi, threshold: 0}\n")).containsExactly(
                "mlops_settings.yaml:12:33: monitoring.columns.ACS.threshold must be a number above 0, found '0'");
        assertThat(problems("monitoring:\n  columns:\n    ACS: {threshold: 0.1}\n")).containsExactly(
                "mlops_settings.yaml:12:11: monitoring.columns.ACS.threshold needs a test: the default test depends"
                        + " on the data, and a p-value and a distance take different thresholds; add"
                        + " monitoring.columns.ACS.test");
        assertThat(problems("monitoring:\n  columns:\n    ACS: {tset: ks}\n")).containsExactly(
                "mlops_settings.yaml:12:11: unknown field 'tset' in monitoring.columns.ACS; perhaps you meant 'test'");
        assertThat(problems("monitoring:\n  columns:\n    ACS: ks\n")).containsExactly(
                "mlops_settings.yaml:12:10: monitoring.columns.ACS must be a mapping of fields, found 'ks'");
    }
}
