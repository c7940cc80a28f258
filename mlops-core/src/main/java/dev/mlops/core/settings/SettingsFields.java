package dev.mlops.core.settings;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The field names a settings file may use, and what to suggest for a name it may not. */
public final class SettingsFields {

    /** Fields of a model's document, in the order the documentation lists them. */
    public static final List<String> MODEL = List.of(
            "model_name", "human_friendly_model_name", "model_class", "model_format", "onnx_file", "input_columns",
            "output_names", "onnx_threads", "artifact_folder", "artifact_version",
            "test_file", "platform", "dataset", "java_version", "helper_models", "secrets", "models_to_keep",
            "keep_all_models", "replicas", "cpu", "memory", "autoscaling", "monitoring", "info");

    /** The fields of a model's document that say what its services run with on Kubernetes. */
    public static final List<String> RESOURCES = List.of("replicas", "cpu", "memory", "autoscaling");

    /** Fields of {@code autoscaling}. */
    public static final List<String> AUTOSCALING = List.of("min", "max", "target_cpu");

    /** Fields of {@code monitoring}. */
    public static final List<String> MONITORING = List.of("sample_rate", "reference", "columns");

    /** Fields of an entry of {@code monitoring.columns}. */
    public static final List<String> DRIFT_COLUMN = List.of("test", "threshold");

    /** Fields of {@code info}. */
    public static final List<String> INFO = List.of("prediction", "training");

    /** Fields of {@code info.prediction} and {@code info.training}. */
    public static final List<String> SERVICE = List.of("description", "owner", "metadata");
    /** The fields of {@code info.training}: a service's, and when it runs on its own. */
    public static final List<String> TRAINING = List.of("description", "owner", "metadata", "schedule");

    /** Fields of an entry of {@code helper_models}. */
    public static final List<String> HELPER = List.of("model_name", "env", "version");

    /** Fields of the Python framework and what replaces each here. */
    static final Map<String, String> PYTHON_ONLY = Map.of(
            "model_file", "model_file belongs to the Python framework; mlops loads the Java class named by"
                    + " model_class from the project's build, so remove model_file",
            "req_file", "req_file belongs to the Python framework; mlops takes the model's dependencies from"
                    + " pom.xml, so remove req_file",
            "python_version", "python_version belongs to the Python framework; use java_version (default 17)"
                    + " instead");

    private SettingsFields() {
    }

    /**
     * @return the error for an unknown field {@code name} at {@code path} (empty for the top level), suggesting the
     *         nearest of {@code known}
     */
    static String unknown(String path, String name, Collection<String> known) {
        String where = path.isEmpty() ? "" : " in " + path;
        return nearest(name, known)
                .map(near -> "unknown field '" + name + "'" + where + "; perhaps you meant '" + near + "'")
                .orElseGet(() -> "unknown field '" + name + "'" + where + "; the fields here are "
                        + String.join(", ", known));
    }

    /**
     * @return the entry of {@code candidates} closest to {@code word}, if it is close enough to be a likely typo
     */
    static Optional<String> nearest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(word.toLowerCase(), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, Math.min(word.length(), best == null ? 0 : best.length()) / 3);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: edits, where swapping two neighbouring letters is one edit. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
