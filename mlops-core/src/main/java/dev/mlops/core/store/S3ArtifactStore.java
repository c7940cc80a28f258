package dev.mlops.core.store;

import dev.mlops.core.files.FolderTree;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An {@link ArtifactStore} in a bucket of any S3-compatible server (AWS S3, MinIO, Ceph RGW, Cloudflare R2,
 * S3Proxy …), with the same guarantees as the local folder:
 *
 * <ul>
 *   <li>records are created with {@code If-None-Match: *}; a 412 means the key is taken. A 412 that answers a retry
 *       of our own winning write, and a 409 ({@code ConditionalRequestConflict}), are ambiguous: the record is read
 *       back and the write's own claim, kept in the object's metadata, decides;</li>
 *   <li>a blob is named by the SHA-256 of its content, computed before it is sent, so content already stored is
 *       never sent again; large blobs go up as parallel multipart parts and become visible only when the upload
 *       completes, so a writer killed half-way leaves nothing visible (its parts are {@link #abandonedUploads});</li>
 *   <li>downloads come as parallel ranged reads and are hashed as they arrive (S3 ETags are not checksums).</li>
 * </ul>
 *
 * <p>Layout under the prefix: {@code blobs/ab/<sha256>}, {@code used/<sha256>} (an empty object whose time says a
 * blob was reused, since S3 cannot touch an object), {@code records/<key>}.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    /** Files up to this size go up in one request; larger ones in parts of this size. */
    static final int PART_SIZE = 8 << 20;
    private static final int PARTS_IN_FLIGHT = 8;
    private static final String CLAIM = "mlops-claim";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final String credentials;
    private final ExecutorService transfers;
    private final Optional<Path> cache;
    /** When this store last marked each blob as used. */
    private final Map<String, Instant> touched = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration TOUCH_AGAIN = Duration.ofMinutes(5);

    private S3ArtifactStore(S3Client s3, String bucket, String prefix, String endpoint, String credentials,
                            Optional<Path> cache) {
        this.cache = cache;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.transfers = Executors.newFixedThreadPool(2 * PARTS_IN_FLIGHT, r -> {
            Thread thread = new Thread(r, "mlops-s3-transfer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects to a bucket and checks that it can be listed with the credentials found, so that a wrong key, a
     * missing bucket, a bucket without permission and an endpoint that does not answer are each told at once, in one
     * sentence.
     *
     * @param address an {@code s3://} address
     * @param options how to reach it
     * @return the store; {@link #credentialSource()} says which credentials it uses
     */
    public static S3ArtifactStore connect(StoreAddress address, S3Options options) throws StoreException {
        String bucket = address.bucket().orElseThrow(() -> new IllegalArgumentException("not an S3 address"));
        Region region = Region.of(options.region().filter(r -> !r.isBlank()).orElseGet(S3ArtifactStore::sdkRegion));
        String endpoint = options.endpoint().map(URI::toString).orElse("AWS S3 (" + region.id() + ")");
        String credentialSource;
        AwsCredentialsProvider provider;
        if (options.keys().isPresent()) {
            S3Options.Keys keys = options.keys().get();
            provider = StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.accessKeyId(),
                    keys.secretKey()));
            credentialSource = keys.source();
        } else {
            provider = DefaultCredentialsProvider.builder().build();
            try {
                AwsCredentials found = provider.resolveCredentials();
                credentialSource = "the AWS SDK's default chain (" + found.providerName().orElse("a provider") + ")";
            } catch (SdkClientException e) {
                throw new StoreException("no credentials for the S3 store s3://" + bucket + "/" + address.prefix()
                        + " at " + endpoint + ": none was given and the AWS SDK's default chain (environment"
                        + " variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, web identity, a"
                        + " container or instance role) found none", e);
            }
        }
        var builder = S3Client.builder()
                .region(region)
                .credentialsProvider(provider)
                .forcePathStyle(options.pathStyle().orElse(options.endpoint().isPresent()))
                // Checksums are ours (SHA-256, checked on every download); the SDK's newer default CRC trailers
                // are not understood by every S3-compatible server.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(4 * PARTS_IN_FLIGHT)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(60)));
        options.endpoint().ifPresent(builder::endpointOverride);
        S3ArtifactStore store = new S3ArtifactStore(builder.build(), bucket, address.prefix(), endpoint,
                credentialSource, options.cache().map(folder -> folder.resolve(hex(digest().digest(
                        (endpoint + "|" + bucket + "|" + address.prefix()).getBytes(StandardCharsets.UTF_8))))));
        try {
            store.s3.listObjectsV2(b -> b.bucket(bucket).prefix(address.prefix() + "records/").maxKeys(1));
        } catch (SdkException e) {
            store.close();
            throw store.failure("list", "records/", e);
        }
        return store;
    }

    private static String sdkRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            return Region.US_EAST_1.id();
        }
    }

    /**
     * @return which credentials the store uses, for the log; never the key itself
     */
    public String credentialSource() {
        return credentials;
    }

    private String blobKey(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return prefix + "blobs/" + sha256.substring(0, 2) + "/" + sha256;
    }

    private String usedKey(String sha256) {
        return prefix + "used/" + sha256;
    }

    private String recordKey(String key) {
        if (key.contains("..") || key.contains("\\") || key.startsWith("/")) {
            throw new IllegalArgumentException("a key outside the store: " + key);
        }
        return prefix + "records/" + key;
    }

    @Override
    public boolean hasBlob(String sha256) throws IOException {
        return head(blobKey(sha256)).isPresent();
    }

    private Optional<HeadObjectResponse> head(String key) throws StoreException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public String putBlob(Path file, Progress progress) throws IOException {
        long size = Files.size(file);
        if (size <= PART_SIZE) {
            byte[] content = Files.readAllBytes(file);
            String sha256 = hex(digest().digest(content));
            putBlob(sha256, content);
            progress.advance(size);
            return sha256;
        }
        FileTime modified = Files.getLastModifiedTime(file);
        String sha256 = FolderTree.sha256(file);
        if (head(blobKey(sha256)).isPresent()) {
            touch(sha256);
            progress.advance(size);
            return sha256;
        }
        uploadInParts(file, size, modified, blobKey(sha256), progress);
        return sha256;
    }

    private void uploadInParts(Path file, long size, FileTime modified, String key, Progress progress)
            throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
        boolean completed = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int parts = (int) ((size + PART_SIZE - 1) / PART_SIZE);
            List<CompletedPart> done = new ArrayList<>(parts);
            Deque<Future<CompletedPart>> inFlight = new ArrayDeque<>();
            for (int part = 1; part <= parts; part++) {
                int number = part;
                long offset = (long) (part - 1) * PART_SIZE;
                int length = (int) Math.min(PART_SIZE, size - offset);
                inFlight.add(transfers.submit(() -> {
                    ByteBuffer buffer = ByteBuffer.allocate(length);
                    while (buffer.hasRemaining()) {
                        if (channel.read(buffer, offset + buffer.position()) < 0) {
                            throw new StoreException(file + " became shorter while it was uploaded; upload again");
                        }
                    }
                    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                                    .partNumber(number).contentLength((long) length),
                            RequestBody.fromByteBuffer(buffer.flip())).eTag();
                    progress.advance(length);
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                }));
                if (inFlight.size() >= PARTS_IN_FLIGHT) {
                    done.add(await(inFlight.removeFirst(), key));
                }
            }
            while (!inFlight.isEmpty()) {
                done.add(await(inFlight.removeFirst(), key));
            }
            if (Files.size(file) != size || !Files.getLastModifiedTime(file).equals(modified)) {
                throw new StoreException(file + " changed while it was uploaded, so it was not stored; upload"
                        + " again once it is written");
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(done)));
            completed = true;
        } catch (SdkException e) {
            throw failure("write", key, e);
        } finally {
            if (!completed) {
                abort(key, uploadId);
            }
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // Left for mlops:gc, which removes stale multipart uploads.
        }
    }

    private <T> T await(Future<T> future, String key) throws IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SdkException sdk) {
                throw failure("transfer", key, sdk);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void putBlob(String sha256, byte[] content) throws IOException {
        String key = blobKey(sha256);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(content));
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw failure("write", key, e);
            }
            // Stored already (or by a racing writer): the same bytes, since the name is their SHA-256.
            touch(sha256);
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    /**
     * A blob being reused is marked as used now, so that a deletion or collection running meanwhile keeps it. Once
     * per blob and store is enough for a while (the grace periods are an hour and more), and it spares the server
     * concurrent writes of one key when many uploads share content (S3Proxy's file system back end breaks the
     * connection on those).
     */
    private void touch(String sha256) throws StoreException {
        Instant now = Instant.now();
        Instant last = touched.get(sha256);
        if (last != null && last.isAfter(now.minus(TOUCH_AGAIN))) {
            return;
        }
        if (last == null ? touched.putIfAbsent(sha256, now) != null : !touched.replace(sha256, last, now)) {
            return; // another thread of this store touches it now
        }
        String key = usedKey(sha256);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[] {'\n'}));
        } catch (SdkException e) {
            touched.remove(sha256, now);
            throw failure("write", key, e);
        }
    }

    @Override
    public String copyBlob(String sha256, Path to, Progress progress) throws IOException {
        String key = blobKey(sha256);
        long size = head(key).orElseThrow(() -> new NoSuchFileException(key)).contentLength();
        MessageDigest digest = digest();
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (size <= PART_SIZE) {
                byte[] content = getBytes(key, Optional.empty());
                digest.update(content);
                writeFully(out, ByteBuffer.wrap(content), 0);
                progress.advance(content.length);
                return hex(digest.digest());
            }
            // Ranged reads in parallel, a bounded number ahead; hashed in order as they arrive, so one pass.
            int parts = (int) ((size + PART_SIZE - 1) / PART_SIZE);
            Deque<Future<byte[]>> inFlight = new ArrayDeque<>();
            int next = 0;
            for (int part = 0; part < parts; part++) {
                while (next < parts && inFlight.size() < PARTS_IN_FLIGHT) {
                    long offset = (long) next * PART_SIZE;
                    long last = Math.min(size, offset + PART_SIZE) - 1;
                    inFlight.add(transfers.submit(() -> {
                        byte[] content = getBytes(key, Optional.of("bytes=" + offset + "-" + last));
                        writeFully(out, ByteBuffer.wrap(content), offset);
                        progress.advance(content.length);
                        return content;
                    }));
                    next++;
                }
                digest.update(await(inFlight.removeFirst(), key));
            }
        }
        return hex(digest.digest());
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
        }
    }

    private byte[] getBytes(String key, Optional<String> range) throws IOException {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> {
                b.bucket(bucket).key(key);
                range.ifPresent(b::range);
            });
            return bytes.asByteArrayUnsafe();
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public InputStream openBlob(String sha256) throws IOException {
        String key = blobKey(sha256);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public void deleteBlobIfUnusedSince(String sha256, Instant cutoff) throws IOException {
        String key = blobKey(sha256);
        Optional<HeadObjectResponse> blob = head(key);
        if (blob.isEmpty()) {
            return;
        }
        Instant used = blob.get().lastModified();
        Optional<HeadObjectResponse> marker = head(usedKey(sha256));
        if (marker.isPresent() && marker.get().lastModified().isAfter(used)) {
            used = marker.get().lastModified();
        }
        if (used.isBefore(cutoff)) {
            delete(key, "delete");
            delete(usedKey(sha256), "delete");
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String full = recordKey(key);
        String claim = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(full).ifNoneMatch("*").metadata(Map.of(CLAIM, claim)),
                        RequestBody.fromBytes(content));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw failure("write", full, e);
                }
                // The key exists, or a write of it was in progress. It may be our own: a retry of a write that
                // succeeded gets a 412. The claim in the metadata tells.
                Optional<HeadObjectResponse> existing = head(full);
                if (existing.isPresent()) {
                    return claim.equals(existing.get().metadata().get(CLAIM));
                }
                // 409 with nothing there: the racing write failed; try again.
            } catch (SdkException e) {
                throw failure("write", full, e);
            }
        }
        throw new StoreException("the S3 store " + this + " kept answering 409 (a conditional write in conflict)"
                + " for " + full + "; try again");
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(getBytes(recordKey(key), Optional.empty()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        String full = recordKey(keyPrefix);
        List<String> names = new ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(full).delimiter("/"))) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String name = common.prefix().substring(full.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
                for (S3Object object : page.contents()) {
                    String name = object.key().substring(full.length());
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (SdkException e) {
            throw failure("list", full, e);
        }
        return names;
    }

    @Override
    public Map<String, String> listAll(String keyPrefix) throws IOException {
        String full = recordKey(keyPrefix);
        Map<String, String> records = new HashMap<>();
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(full))) {
                for (S3Object object : page.contents()) {
                    // An object being written may be listed without an ETag (S3Proxy does): no tag, no copies.
                    records.put(object.key().substring(full.length()),
                            object.eTag() == null ? "" : object.eTag().replace("\"", ""));
                }
            }
        } catch (SdkException e) {
            throw failure("list", full, e);
        }
        return records;
    }

    /** Records are written once and never changed: a copy of one with the same key and ETag is the record. */
    @Override
    public Optional<byte[]> read(String key, String tag) throws IOException {
        if (cache.isEmpty() || !tag.matches("[0-9A-Za-z-]{1,80}")) {
            return read(key);
        }
        Path copy = cache.get().resolve(hex(digest().digest(key.getBytes(StandardCharsets.UTF_8))) + "-" + tag);
        try {
            return Optional.of(Files.readAllBytes(copy));
        } catch (NoSuchFileException e) {
            Optional<byte[]> content = read(key);
            if (content.isPresent()) {
                try {
                    Files.createDirectories(copy.getParent());
                    Path partial = copy.resolveSibling("." + copy.getFileName() + "." + UUID.randomUUID());
                    Files.write(partial, content.get());
                    Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException cacheFailure) {
                    // A cache that cannot be written costs time, not correctness.
                }
            }
            return content;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        delete(recordKey(key), "delete");
    }

    private void delete(String key, String action) throws StoreException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // gone already
        } catch (SdkException e) {
            throw failure(action, key, e);
        }
    }

    @Override
    public List<StoredBlob> blobs() throws IOException {
        Map<String, Instant> used = new HashMap<>();
        List<S3Object> blobs = new ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "used/"))) {
                for (S3Object object : page.contents()) {
                    used.put(object.key().substring(object.key().lastIndexOf('/') + 1), object.lastModified());
                }
            }
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "blobs/"))) {
                blobs.addAll(page.contents());
            }
        } catch (SdkException e) {
            throw failure("list", prefix + "blobs/", e);
        }
        List<StoredBlob> found = new ArrayList<>();
        for (S3Object object : blobs) {
            String sha256 = object.key().substring(object.key().lastIndexOf('/') + 1);
            Instant last = object.lastModified();
            Instant marker = used.get(sha256);
            found.add(new StoredBlob(sha256, object.size(), marker != null && marker.isAfter(last) ? marker : last));
        }
        return found;
    }

    @Override
    public List<AbandonedUpload> abandonedUploads(Instant startedBefore) throws IOException {
        List<AbandonedUpload> uploads = new ArrayList<>();
        try {
            String keyMarker = null;
            String idMarker = null;
            for (int page = 0; page < 10_000; page++) {
                String keys = keyMarker;
                String ids = idMarker;
                ListMultipartUploadsResponse response = s3.listMultipartUploads(b -> b.bucket(bucket)
                        .prefix(prefix).keyMarker(keys).uploadIdMarker(ids));
                for (MultipartUpload upload : response.uploads()) {
                    if (upload.initiated().isBefore(startedBefore)) {
                        uploads.add(new AbandonedUpload(upload.uploadId(), upload.key(), upload.initiated()));
                    }
                }
                if (!Boolean.TRUE.equals(response.isTruncated())) {
                    break;
                }
                keyMarker = response.nextKeyMarker();
                idMarker = response.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw failure("list the multipart uploads in", prefix, e);
        }
        return uploads;
    }

    @Override
    public void removeAbandonedUpload(AbandonedUpload upload) throws IOException {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.id()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("abort the upload of", upload.key(), e);
            }
        } catch (SdkException e) {
            throw failure("abort the upload of", upload.key(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix + " at " + endpoint;
    }

    @Override
    public StoreAddress address() {
        return new StoreAddress(Optional.empty(), Optional.of(bucket), prefix);
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        s3.close();
    }

    /**
     * One sentence for a failure the user can act on, naming the endpoint and bucket and what to check.
     */
    StoreException failure(String action, String key, SdkException e) {
        String store = "s3://" + bucket + "/" + prefix + " at " + endpoint;
        if (e instanceof S3Exception s3e) {
            String code = s3e.awsErrorDetails() == null ? "" : String.valueOf(s3e.awsErrorDetails().errorCode());
            int status = s3e.statusCode();
            return switch (code) {
                case "InvalidAccessKeyId" -> new StoreException("the S3 store " + store + " does not know the access"
                        + " key id from " + credentials + "; check the access key id", e);
                case "SignatureDoesNotMatch" -> new StoreException("the S3 store " + store + " rejected the"
                        + " request's signature: the secret key from " + credentials + " does not belong to its"
                        + " access key id; check the secret key", e);
                case "NoSuchBucket" -> new StoreException("bucket " + bucket + " does not exist at " + endpoint
                        + "; create it, or check the bucket name in the store address", e);
                case "AccessDenied", "AllAccessDisabled", "AccountProblem" -> new StoreException("the credentials"
                        + " from " + credentials + " may not " + action + " " + key + " in bucket " + bucket + " at "
                        + endpoint + " (" + code + "); grant them s3:ListBucket, s3:GetObject, s3:PutObject,"
                        + " s3:DeleteObject, s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on it", e);
                case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException" ->
                        new StoreException("bucket " + bucket + " is not in the region the store was signed for at "
                                + endpoint + " (" + code + "); set the store's region to the bucket's", e);
                default -> status == 403
                        ? new StoreException("the S3 store " + store + " refused to " + action + " " + key + " with"
                        + " the credentials from " + credentials + " (HTTP 403 " + code + "); check the"
                        + " credentials and the bucket's permissions", e)
                        : new StoreException("the S3 store " + store + " failed to " + action + " " + key + ": HTTP "
                        + status + " " + code + " " + message(s3e), e);
            };
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                    || cause instanceof SSLException) {
                return new StoreException("cannot reach the S3 endpoint " + endpoint + " for bucket " + bucket + " ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); check the endpoint's"
                        + " address and that the server is running", e);
            }
        }
        return new StoreException("the S3 store " + store + " failed to " + action + " " + key + ": "
                + e.getMessage(), e);
    }

    private static String message(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
                : "(" + e.awsErrorDetails().errorMessage() + ")";
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
