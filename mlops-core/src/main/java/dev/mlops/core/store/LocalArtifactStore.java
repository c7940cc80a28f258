package dev.mlops.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.FileVisitResult;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a folder: blobs under {@code blobs/ab/abcdef…}, records as files under
 * {@code records/} by their keys.
 * Everything is written to a temporary name first and then moved or linked into place, so a reader never sees a
 * partial file and a writer killed half-way leaves only a temporary file behind.
 */
public final class LocalArtifactStore implements ArtifactStore {

    private static final int BUFFER = 1 << 20;

    private final Path root;

    /**
     * @param root the store's folder; created when needed
     */
    public LocalArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path blob(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private Path record(String key) {
        Path records = root.resolve("records");
        Path path = records.resolve(key).normalize();
        if (!path.startsWith(records) || key.contains("\\")) {
            throw new IllegalArgumentException("a key outside the store: " + key);
        }
        return path;
    }

    private Path temporary(Path next) throws IOException {
        Files.createDirectories(next.getParent());
        return next.resolveSibling("." + next.getFileName() + "." + UUID.randomUUID() + ".partial");
    }

    @Override
    public boolean hasBlob(String sha256) {
        return Files.exists(blob(sha256));
    }

    @Override
    public String putBlob(Path file, Progress progress) throws IOException {
        Path partial = temporary(root.resolve("blobs").resolve("incoming"));
        try {
            String sha256 = copyHashing(file, partial, progress);
            Path target = blob(sha256);
            if (!reuse(target)) {
                Files.createDirectories(target.getParent());
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return sha256;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Copies a file and returns the SHA-256 of what it copied, in one pass through one direct buffer: the bytes are
     * hashed and written from where they were read, with no copy through the Java heap.
     */
    static String copyHashing(Path from, Path to, Progress progress) throws IOException {
        MessageDigest digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            while (in.read(buffer) > 0) {
                buffer.flip();
                int n = buffer.remaining();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
                progress.advance(n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void putBlob(String sha256, byte[] content) throws IOException {
        Path target = blob(sha256);
        if (reuse(target)) {
            return;
        }
        Path partial = temporary(target);
        try {
            Files.write(partial, content);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public String copyBlob(String sha256, Path to, Progress progress) throws IOException {
        return copyHashing(blob(sha256), to, progress);
    }

    @Override
    public InputStream openBlob(String sha256) throws IOException {
        return Files.newInputStream(blob(sha256));
    }

    /** A blob being reused is marked as used now, so that a deletion running meanwhile keeps it. */
    private static boolean reuse(Path blob) throws IOException {
        try {
            Files.setLastModifiedTime(blob, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void deleteBlobIfUnusedSince(String sha256, Instant cutoff) throws IOException {
        Path target = blob(sha256);
        try {
            if (Files.getLastModifiedTime(target).toInstant().isBefore(cutoff)) {
                Files.deleteIfExists(target);
            }
        } catch (NoSuchFileException e) {
            // gone already
        }
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        Path target = record(key);
        Path partial = temporary(target);
        try {
            Files.write(partial, content);
            // link(2) fails when the name exists: an atomic create-if-absent, where a rename would replace.
            Files.createLink(target, partial);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(record(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path folder = record(prefix);
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public Map<String, String> listAll(String prefix) throws IOException {
        Path folder = record(prefix);
        Map<String, String> records = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return records;
        }
        // Records come and go while this walks (another writer's partial file renamed into place): one that
        // vanishes between the listing and its attributes was not there, rather than a failure of the listing.
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!file.getFileName().toString().startsWith(".") && attributes.isRegularFile()) {
                    records.put(folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
                            attributes.size() + "-" + attributes.lastModifiedTime().toMillis());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return records;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(record(key));
    }

    @Override
    public List<StoredBlob> blobs() throws IOException {
        List<StoredBlob> blobs = new ArrayList<>();
        Path folder = root.resolve("blobs");
        if (!Files.isDirectory(folder)) {
            return blobs;
        }
        try (Stream<Path> walk = Files.walk(folder, 2)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9a-f]{64}") && Files.isRegularFile(file)) {
                    try {
                        blobs.add(new StoredBlob(name, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                    } catch (NoSuchFileException e) {
                        // removed meanwhile
                    }
                }
            }
        }
        return blobs;
    }

    @Override
    public List<AbandonedUpload> abandonedUploads(Instant startedBefore) throws IOException {
        List<AbandonedUpload> uploads = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return uploads;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") || !name.endsWith(".partial")) {
                    continue;
                }
                try {
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    if (modified.isBefore(startedBefore)) {
                        uploads.add(new AbandonedUpload(root.relativize(file).toString(), name, modified));
                    }
                } catch (NoSuchFileException e) {
                    // finished or removed meanwhile
                }
            }
        }
        return uploads;
    }

    @Override
    public void removeAbandonedUpload(AbandonedUpload upload) throws IOException {
        Path file = root.resolve(upload.id()).normalize();
        if (file.startsWith(root) && file.getFileName().toString().endsWith(".partial")) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public StoreAddress address() {
        return StoreAddress.folder(root);
    }
}
