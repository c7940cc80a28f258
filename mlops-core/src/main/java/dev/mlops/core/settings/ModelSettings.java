package dev.mlops.core.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one model: one YAML document of {@code mlops_settings.yaml}. Paths are resolved against the
 * folder holding the settings file.
 *
 * @param modelName              {@code model_name}
 * @param humanFriendlyModelName {@code human_friendly_model_name}
 * @param modelClass             {@code model_class}, a fully-qualified class name; empty for an ONNX model
 * @param modelFormat            {@code model_format}
 * @param onnx                   {@code onnx_file}, {@code input_columns} and {@code output_names}; present exactly
 *                               when the format is {@link ModelFormat#ONNX}
 * @param artifactFolder         {@code artifact_folder}; empty when the model needs no artifact
 * @param artifactVersion        {@code artifact_version}; empty means the latest in the target environment
 * @param testFile               {@code test_file}; empty disables the service test
 * @param platform               {@code platform}
 * @param dataset                {@code dataset}, the artifact namespace
 * @param javaVersion            {@code java_version}
 * @param helperModels           {@code helper_models}
 * @param secrets                {@code secrets}: environment variable names
 * @param modelsToKeep           {@code models_to_keep}
 * @param keepAllModels          {@code keep_all_models}
 * @param resources              {@code replicas}, {@code cpu}, {@code memory} and {@code autoscaling}: what the
 *                               services run with on Kubernetes
 * @param monitoring             {@code monitoring}: what the service logs of its calls
 * @param prediction             {@code info.prediction}; empty when the model has no prediction service
 * @param training               {@code info.training}; empty when the model has no training service
 * @param locations              where each field was written, by field path ({@code model_class},
 *                               {@code info.prediction.owner}); the whole document under {@code ""}
 */
public record ModelSettings(
        String modelName,
        String humanFriendlyModelName,
        String modelClass,
        ModelFormat modelFormat,
        Optional<OnnxSettings> onnx,
        Optional<Path> artifactFolder,
        OptionalInt artifactVersion,
        Optional<Path> testFile,
        Platform platform,
        String dataset,
        int javaVersion,
        List<HelperModel> helperModels,
        List<String> secrets,
        int modelsToKeep,
        boolean keepAllModels,
        ServingResources resources,
        MonitoringSettings monitoring,
        Optional<ServiceInfo> prediction,
        Optional<ServiceInfo> training,
        Map<String, SettingsLocation> locations) {

    /**
     * @param field a field path such as {@code model_class}
     * @return where the field was written, or where the model's document starts when it was not written
     */
    public SettingsLocation locationOf(String field) {
        return locations.getOrDefault(field, locations.get(""));
    }
}
