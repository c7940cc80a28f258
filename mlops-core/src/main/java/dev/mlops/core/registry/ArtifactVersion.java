package dev.mlops.core.registry;

import java.util.Map;

/**
 * One version of a model's artifact in one environment, {@code <model>/<env>/<version>}. Once visible it never
 * changes.
 *
 * @param model        {@code model_name}
 * @param env          {@code dev}, {@code test} or {@code prod}
 * @param version      counts from 1 per model and environment
 * @param dataset      the namespace it lives in
 * @param sha256       SHA-256 of the artifact folder ({@link dev.mlops.core.files.FolderTree#sha256()})
 * @param filesSha256  the blob listing the artifact's files with their sizes and SHA-256
 * @param size         bytes of all files
 * @param fileCount    how many files
 * @param createdTime  when the version was made, ISO-8601 UTC
 * @param uploader     who made it
 * @param metadata     user metadata: git commit, metrics, anything string-valued
 * @param promotedFrom the version it was promoted from, such as {@code model1/dev/3}; empty for an upload
 */
public record ArtifactVersion(String model, String env, int version, String dataset, String sha256,
                              String filesSha256, long size, int fileCount, String createdTime, String uploader,
                              Map<String, String> metadata, String promotedFrom) {

    /**
     * @return {@code <model>/<env>/<version>}
     */
    public String id() {
        return model + "/" + env + "/" + version;
    }

    ArtifactVersion numbered(int number) {
        return new ArtifactVersion(model, env, number, dataset, sha256, filesSha256, size, fileCount, createdTime,
                uploader, metadata, promotedFrom);
    }
}
