package dev.mlops.core.registry;

/**
 * What a garbage collection removed, or would remove in a dry run.
 *
 * @param blobs            content no version references, untouched for the grace period
 * @param bytes            their size
 * @param abandonedUploads uploads begun before the grace period that never finished
 * @param dryRun           whether nothing was removed
 */
public record GarbageReport(int blobs, long bytes, int abandonedUploads, boolean dryRun) {
}
