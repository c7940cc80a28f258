package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.settings.ModelSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a bundle is made from. The same source always gives the same bundle, byte for byte.
 *
 * @param settings       the model's settings
 * @param id             the external id the bundle is deployed under
 * @param classPath      the model's jar (or classes folder) first, then its runtime dependencies
 * @param artifactFolder the artifact to ship; empty for a model without one
 * @param gitCommit      the commit the model was built from; empty when unknown
 * @param createdTime    when the bundle counts as made
 * @param mlopsVersion   the version of mlops making it
 * @param logStore       the store a prediction service's sampled calls are logged to (its address and dataset);
 *                       empty for none, as in a bundle for development
 */
public record BundleSource(ModelSettings settings, ExternalId id, List<Path> classPath,
                           Optional<Path> artifactFolder, String gitCommit, Instant createdTime,
                           String mlopsVersion, Optional<LogStore> logStore) {

    /** A source whose service logs nowhere. */
    public BundleSource(ModelSettings settings, ExternalId id, List<Path> classPath, Optional<Path> artifactFolder,
                        String gitCommit, Instant createdTime, String mlopsVersion) {
        this(settings, id, classPath, artifactFolder, gitCommit, createdTime, mlopsVersion, Optional.empty());
    }

    /**
     * @param store   a store's address, as {@link dev.mlops.core.store.StoreAddress#toString()} writes it
     * @param dataset the namespace within it
     */
    public record LogStore(String store, String dataset) {
    }
}
