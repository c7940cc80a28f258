package dev.mlops.core.bundle;

import java.util.List;
import java.util.Map;

/**
 * What a bundle says about itself: {@code mlops-bundle.json} at the root of the bundle, written with snake_case
 * field names. Secrets are names only; their values are resolved where the service runs.
 *
 * @param externalId     {@code <model>-<service>-<env>-<version>}
 * @param name           {@code human_friendly_model_name}
 * @param description    the service's description
 * @param owner          the service's owner
 * @param metadata       the service's metadata, values as text
 * @param model          {@code model_name}
 * @param service        {@code prediction} or {@code training}
 * @param env            {@code dev}, {@code test} or {@code prod}
 * @param version        the artifact version
 * @param modelId        {@code <model>/<env>/<version>}
 * @param modelClass     the class implementing the contract; empty for an ONNX model
 * @param modelFormat    {@code java} or {@code onnx}; null in bundles made before ONNX models, which are Java
 * @param onnxFile       the ONNX graph's path inside {@code artifact/}; empty for a Java model
 * @param inputColumns   the request columns that fill a stacked ONNX input, in order; empty otherwise
 * @param outputNames    prediction key by ONNX output name, for renamed outputs
 * @param onnxThreads    ONNX Runtime's intra-op threads for the model's session; 0 for a Java model, and in bundles
 *                       made before the setting, which the host reads as 1
 * @param javaVersion    the Java release the service needs
 * @param mlopsVersion   the mlops version that built the bundle
 * @param artifactSha256 SHA-256 of the artifact folder ({@link dev.mlops.core.files.FolderTree#sha256()}); empty
 *                       when the model has no artifact
 * @param gitCommit      the commit the model was built from; empty when unknown
 * @param createdTime    when the bundle was made, ISO-8601 UTC
 * @param secrets        names of the environment variables the service may read
 * @param requiredInput  inputs every request must have
 * @param classPath      the jars under {@code lib/}, in class-path order
 * @param libraries      the Maven coordinates ({@code groupId:artifactId:version}) of those jars, where known; what
 *                       {@code helper_models} compares
 * @param monitoring     what the host logs of the service's calls, and where; null when it logs nothing (and in
 *                       bundles made before the prediction log)
 */
public record BundleDescriptor(
        String externalId,
        String name,
        String description,
        String owner,
        Map<String, String> metadata,
        String model,
        String service,
        String env,
        int version,
        String modelId,
        String modelClass,
        String modelFormat,
        String onnxFile,
        List<String> inputColumns,
        Map<String, String> outputNames,
        int onnxThreads,
        int javaVersion,
        String mlopsVersion,
        String artifactSha256,
        String gitCommit,
        String createdTime,
        List<String> secrets,
        List<String> requiredInput,
        List<String> classPath,
        List<String> libraries,
        Monitoring monitoring) {

    /** The descriptor's name inside a bundle. */
    public static final String FILE_NAME = "mlops-bundle.json";

    /**
     * Where the host logs a sample of a prediction service's calls.
     *
     * @param sampleRate the share of calls logged, above 0 and at most 1
     * @param store      the address of the store the log goes to: the one the service was deployed from
     * @param dataset    the namespace within the store
     */
    public record Monitoring(double sampleRate, String store, String dataset) {
    }

    /** @return whether the bundle holds an ONNX graph rather than a Java model */
    public boolean onnx() {
        return "onnx".equals(modelFormat);
    }
}
