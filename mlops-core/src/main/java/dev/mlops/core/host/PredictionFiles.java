package dev.mlops.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Results kept on the host for callers that asked {@code "to_file": true}: predictions as JSON, trained artifacts as
 * zip files. Each has an id that {@code GET /files/{id}} answers with.
 */
final class PredictionFiles {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + "\\.(json|zip)");

    private final Path folder;

    PredictionFiles(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    String store(byte[] content, String extension) throws IOException {
        String id = UUID.randomUUID() + "." + extension;
        Path partial = Files.write(folder.resolve(id + ".partial"), content);
        Files.move(partial, folder.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    String store(Path file, String extension) throws IOException {
        String id = UUID.randomUUID() + "." + extension;
        Files.move(file, folder.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        return id;
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
}
