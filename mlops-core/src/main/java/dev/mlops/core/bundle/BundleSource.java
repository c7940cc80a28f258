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
 */
public record BundleSource(ModelSettings settings, ExternalId id, List<Path> classPath,
                           Optional<Path> artifactFolder, String gitCommit, Instant createdTime,
                           String mlopsVersion) {
}
