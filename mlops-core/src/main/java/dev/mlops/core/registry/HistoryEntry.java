package dev.mlops.core.registry;

import java.util.Map;

/**
 * A later promotion of content a version already held, from another source: versions never change, so the source
 * and its metadata are kept beside the version instead of being dropped.
 *
 * @param promotedFrom the source version, such as {@code model1/test/4}
 * @param metadata     the source's metadata
 * @param by           who promoted
 * @param at           when, ISO-8601 UTC
 */
public record HistoryEntry(String promotedFrom, Map<String, String> metadata, String by, String at) {
}
