package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import java.nio.file.Path;

/**
 * A bundle built for deployment.
 *
 * @param id         the external id it deploys as
 * @param file       the bundle file
 * @param descriptor what it says about itself
 */
public record BuiltBundle(ExternalId id, Path file, BundleDescriptor descriptor) {
}
