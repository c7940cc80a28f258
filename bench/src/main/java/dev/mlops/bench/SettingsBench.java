package dev.mlops.bench;

import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Validates a settings file of 100 models in-process, the way {@code mlops:validate} does, and prints the time per
 * file after warm-up. Target: under 50 ms.
 */
public final class SettingsBench {

    private static final int MODELS = 100;
    private static final int WARM_UP = 300;
    private static final int MEASURED = 300;

    public static void main(String[] args) throws Exception {
        Path folder = Files.createTempDirectory("mlops-settings-bench");
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(folder.resolve("service-test.json"), "[]");
        Files.writeString(file, hundredModels());

        for (int i = 0; i < WARM_UP; i++) {
            check(SettingsFile.read(file));
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            Settings settings = SettingsFile.read(file);
            nanos[i] = System.nanoTime() - start;
            check(settings);
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElseThrow() / 1e6;
        System.out.printf(Locale.ROOT, "settings: %d models, %d bytes, %d runs after %d warm-up%n", MODELS,
                Files.size(file), MEASURED, WARM_UP);
        System.out.printf(Locale.ROOT, "settings: mean %.2f ms, median %.2f ms, p99 %.2f ms per file (target < 50 ms)%n",
                mean, nanos[MEASURED / 2] / 1e6, nanos[MEASURED * 99 / 100] / 1e6);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(folder);
    }

    private static void check(Settings settings) {
        if (settings.models().size() != MODELS) {
            throw new AssertionError("expected " + MODELS + " models, read " + settings.models().size());
        }
    }

    /** A realistic file: every field used, metadata near its limits, anchors and merge keys as teams write them. */
    static String hundredModels() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 1; i <= MODELS; i++) {
            yaml.append("""
                    model_name: model%1$d
                    human_friendly_model_name: 'Model number %1$d'
                    model_class: com.example.models.Model%1$d
                    artifact_folder: model_artifact_%1$d
                    artifact_version: %1$d
                    test_file: service-test.json
                    platform: local
                    dataset: mlops
                    java_version: 17
                    helper_models:
                      - feature_model
                      - {model_name: scaler, env: prod, version: 2}
                    secrets: [API_TOKEN, DB_PASSWORD]
                    models_to_keep: 3
                    info:
                      prediction: &desc%1$d
                        description: 'Predicts AC from ACS, RDEP and DEN, model %1$d'
                        owner: data-science@example.com
                        metadata:
                          required_input: [ACS, RDEP, DEN]
                          training_wells: [3/14, 2/7-18, 25/4-1]
                          input_types: [int, float, string]
                          units: [s/ft, 1, kg/m3]
                          output: [AC]
                          petrel_exposure: False
                          imputed: True
                          num_filler: -999.15
                          cat_filler: UNKNOWN
                      training:
                        << : *desc%1$d
                        description: 'Trains model %1$d'
                    ---
                    """.formatted(i));
        }
        return yaml.toString();
    }
}
