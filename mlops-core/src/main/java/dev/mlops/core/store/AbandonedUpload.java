package dev.mlops.core.store;

import java.time.Instant;

/**
 * What a writer that died left behind: a partial file in a local store, an unfinished multipart upload on S3. It is
 * never visible as content, but takes space until removed.
 *
 * @param id      how the store names it
 * @param key     the key it was to become
 * @param started when it was begun
 */
public record AbandonedUpload(String id, String key, Instant started) {
}
