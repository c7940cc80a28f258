package dev.mlops.core.servicetest;

import dev.mlops.core.files.FolderTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service tests that passed in this build, so that {@code mlops:deploy} does not run again the test that
 * {@code mlops:service-test} ran on the same bundle. A pass is kept as {@code <externalId>.passed} holding the
 * SHA-256 of the bundle and of the test file; the deployment's bundle passes only if both are equal. Bundles are
 * reproducible and carry the build's start time, so a pass from an earlier build, or of other code, artifact or
 * requests, never matches.
 */
public final class ServiceTestPasses {

    private final Path folder;

    /**
     * @param folder where passes are kept, inside the build's output folder
     */
    public ServiceTestPasses(Path folder) {
        this.folder = folder;
    }

    /** Records that the requests of {@code testFile} passed against {@code bundle}. */
    public void record(String externalId, Path bundle, Path testFile) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(externalId + ".passed"), fingerprint(bundle, testFile),
                StandardCharsets.UTF_8);
    }

    /**
     * @return whether the requests of {@code testFile} passed against these very bytes earlier in the build
     */
    public boolean passed(String externalId, Path bundle, Path testFile) throws IOException {
        Path pass = folder.resolve(externalId + ".passed");
        return Files.isRegularFile(pass)
                && Files.readString(pass, StandardCharsets.UTF_8).equals(fingerprint(bundle, testFile));
    }

    private static String fingerprint(Path bundle, Path testFile) throws IOException {
        return "bundle " + FolderTree.sha256(bundle) + "\ntest_file " + FolderTree.sha256(testFile) + "\n";
    }
}
