package dev.mlops.core.host;

import dev.mlops.core.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Results kept on the host for callers that asked {@code "to_file": true}: predictions as JSON, trained artifacts as
 * zip files. Each has an id that {@code GET /files/{id}} answers with. They are kept as long as the
 * {@link HostOptions.FileRetention} says, and together no larger than it says: past either, the oldest go first,
 * when a result is stored and on the host's scan. Results a previous host left are counted from the start.
 */
final class PredictionFiles {

    private static final System.Logger LOG = System.getLogger(PredictionFiles.class.getName());
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "\\.(json|zip)");

    private record Kept(String id, long size, Instant stored) {
    }

    private final Path folder;
    private final HostOptions.FileRetention retention;
    private final Clock clock;
    /** Guarded by this: oldest first. */
    private final Deque<Kept> kept = new ArrayDeque<>();
    /** Guarded by this. */
    private long bytes;

    PredictionFiles(Path folder, HostOptions.FileRetention retention, Clock clock) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.retention = retention;
        this.clock = clock;
        List<Kept> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (ID.matcher(name).matches()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    found.add(new Kept(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
                } else if (name.endsWith(".partial") || name.startsWith(".training-") || name.startsWith(".artifact-")) {
                    deleteQuietly(file); // what a stopped host was writing
                }
            }
        }
        found.sort(Comparator.comparing(Kept::stored));
        found.forEach(this::add);
        expire();
    }

    String store(byte[] content, String extension) throws IOException {
        String id = UUID.randomUUID() + "." + extension;
        Path partial = Files.write(folder.resolve(id + ".partial"), content);
        Files.move(partial, folder.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        kept(id, content.length);
        return id;
    }

    String store(Path file, String extension) throws IOException {
        String id = UUID.randomUUID() + "." + extension;
        long size = Files.size(file);
        Files.move(file, folder.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        kept(id, size);
        return id;
    }

    private void kept(String id, long size) {
        synchronized (this) {
            add(new Kept(id, size, clock.instant()));
        }
        expire();
    }

    private synchronized void add(Kept file) {
        kept.addLast(file);
        bytes += file.size();
    }

    /** Removes, oldest first, what is older than the retention's age or beyond its size. */
    void expire() {
        List<Kept> expired = new ArrayList<>();
        synchronized (this) {
            Instant oldest = clock.instant().minus(retention.maxAge());
            while (!kept.isEmpty() && (bytes > retention.maxBytes() || kept.peekFirst().stored().isBefore(oldest))) {
                Kept file = kept.removeFirst();
                bytes -= file.size();
                expired.add(file);
            }
        }
        for (Kept file : expired) {
            deleteQuietly(folder.resolve(file.id()));
        }
    }

    Path newTemporaryFolder() throws IOException {
        return Files.createTempDirectory(folder, ".training-");
    }

    /** An id is only ever one the host made: no path of the caller's choosing is read. */
    Optional<Path> find(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = folder.resolve(id);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static void deleteQuietly(Path file) {
        try {
            if (Files.isDirectory(file)) {
                Folders.delete(file);
            }
            Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            // gone already
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + file + ": " + e.getMessage());
        }
    }
}
