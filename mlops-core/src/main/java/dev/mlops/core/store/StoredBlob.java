package dev.mlops.core.store;

import java.time.Instant;

/**
 * A blob as the store lists it, for garbage collection.
 *
 * @param sha256   its name, the SHA-256 of its content
 * @param size     bytes
 * @param lastUsed when it was stored or last reused by an upload
 */
public record StoredBlob(String sha256, long size, Instant lastUsed) {
}
