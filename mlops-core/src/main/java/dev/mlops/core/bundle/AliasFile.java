package dev.mlops.core.bundle;

import dev.mlops.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An alias in a deployment folder: {@code <model>-<service>-<env>.alias}, naming the versioned deployment it points
 * to. Replacing the file moves the alias; calls already made finish where they were sent.
 *
 * @param alias   {@code <model>-<service>-<env>}
 * @param target  {@code <model>-<service>-<env>-<version>}
 * @param version the target's version
 */
public record AliasFile(String alias, String target, int version) {

    /** File name ending of aliases in a deployment folder. */
    public static final String EXTENSION = ".alias";

    /**
     * Writes the alias into a deployment folder, replacing it atomically.
     */
    public void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, ".", ".partial");
        try {
            Files.write(partial, Json.FILES.writeValueAsBytes(this));
            Files.move(partial, folder.resolve(alias + EXTENSION), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * @return the alias a file holds
     */
    public static AliasFile read(Path file) throws IOException {
        return Json.FILES.readValue(Files.readAllBytes(file), AliasFile.class);
    }
}
