package dev.mlops.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Model Manager keeps artifacts: content blobs named by their SHA-256, and small records named by keys.
 * Records are created with a conditional write that fails when the key exists; that one operation is what keeps
 * version numbers free of races, on a local folder (an atomic link) as on S3-compatible storage
 * ({@code If-None-Match: *}). Blobs and records live apart, so no record key can ever name a blob.
 *
 * <p>Failures the user can fix (credentials, a missing bucket, permissions, an endpoint that does not answer) are
 * {@link StoreException}s whose message names the store and what to check.
 */
public interface ArtifactStore {

    /**
     * Opens the store at an address: a folder, or a bucket checked to be reachable with the credentials found.
     *
     * @param address where
     * @param s3      how to reach an S3 address
     * @return the store
     */
    static ArtifactStore open(StoreAddress address, S3Options s3) throws StoreException {
        return address.isS3() ? S3ArtifactStore.connect(address, s3)
                : new LocalArtifactStore(address.folder().orElseThrow());
    }

    /**
     * @return whether a blob with this SHA-256 is stored
     */
    boolean hasBlob(String sha256) throws IOException;

    /**
     * Stores a file's content as a blob, computing its SHA-256 as it copies, in one pass. When a blob with that
     * SHA-256 is stored already, the copy is dropped and the blob is only marked as used now. A blob becomes visible
     * only when complete.
     *
     * @param file     the file
     * @param progress told of the bytes copied
     * @return the content's SHA-256
     */
    String putBlob(Path file, Progress progress) throws IOException;

    /**
     * Copies a blob into a file.
     *
     * @return the SHA-256 of what was copied, for the caller to compare with the one it expects
     * @throws java.nio.file.NoSuchFileException when the blob is not stored
     */
    String copyBlob(String sha256, Path to, Progress progress) throws IOException;

    /**
     * @return a blob's content; the caller verifies it
     * @throws java.nio.file.NoSuchFileException when it is not stored
     */
    InputStream openBlob(String sha256) throws IOException;

    /**
     * Stores small content (a record) under its SHA-256, as {@link #putBlob} does.
     */
    void putBlob(String sha256, byte[] content) throws IOException;

    /**
     * Removes a blob unless it was stored or reused after {@code cutoff}; no error when it is gone already.
     */
    void deleteBlobIfUnusedSince(String sha256, Instant cutoff) throws IOException;

    /**
     * Creates a record, atomically, only if no record has this key.
     *
     * @return false when a record with this key exists; nothing was written then
     */
    boolean createIfAbsent(String key, byte[] content) throws IOException;

    /**
     * @return a record's content, or empty when there is none
     */
    Optional<byte[]> read(String key) throws IOException;

    /**
     * @param prefix a key prefix ending with {@code /}
     * @return the keys directly under it (names, not full keys), files and folders alike, in no order
     */
    List<String> list(String prefix) throws IOException;

    /**
     * @param prefix a key prefix ending with {@code /}
     * @return every record under it at any depth, by key relative to the prefix, with a tag that changes whenever
     *         the record's content does (an ETag on S3)
     */
    Map<String, String> listAll(String prefix) throws IOException;

    /**
     * Reads a record whose tag {@link #listAll} gave: a store may answer from a copy it keeps of that tag.
     *
     * @return its content, or empty when there is none
     */
    default Optional<byte[]> read(String key, String tag) throws IOException {
        return read(key);
    }

    /**
     * Removes a record; no error when it is gone already.
     */
    void delete(String key) throws IOException;

    /**
     * @return every stored blob with when it was last used, for garbage collection
     */
    List<StoredBlob> blobs() throws IOException;

    /**
     * @param startedBefore only uploads begun before this
     * @return what writers that died left behind: never visible, but taking space
     */
    List<AbandonedUpload> abandonedUploads(Instant startedBefore) throws IOException;

    /**
     * Removes what a dead writer left; no error when it is gone already.
     */
    void removeAbandonedUpload(AbandonedUpload upload) throws IOException;

    /**
     * @return where the store is, for messages
     */
    String describe();

    /**
     * @return the store's address, for a process elsewhere (a function host) to open the same store
     */
    StoreAddress address();
}
