package dev.mlops.core.registry;

/**
 * The outcome of a promotion.
 *
 * @param version the version in the target environment
 * @param created false when the target already held the source, so nothing was done
 */
public record Promotion(ArtifactVersion version, boolean created) {
}
