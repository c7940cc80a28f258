package dev.mlops.core.registry;

/**
 * The outcome of a promotion.
 *
 * @param version        the version in the target environment
 * @param created        false when the target already held the source's content, so no version was made
 * @param historyAdded   true when the target held that content from another source, and the source's metadata was
 *                       added to the version's history
 */
public record Promotion(ArtifactVersion version, boolean created, boolean historyAdded) {

    /**
     * A promotion that added nothing to a history.
     */
    public Promotion(ArtifactVersion version, boolean created) {
        this(version, created, false);
    }
}
