package dev.mlops.core.host;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExtractedBundle;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Puts the bundle a Kubernetes pod serves into its host's deployment folder: downloaded from the team's store by its
 * SHA-256, checked against it, and only then moved in under its external id, so the host never loads bytes other
 * than those deployment uploaded. (KServe's storage initializer, with the digest check its users ask for.)
 */
final class BundleFetch {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BundleFetch() {
    }

    /**
     * @return the bundle's descriptor, once it is in {@code deployments}
     * @throws IOException naming the store and the SHA-256, when the bundle is not there, cannot be read, or is
     *                     not what its SHA-256 says
     */
    static BundleDescriptor fetch(ArtifactStore store, String sha256, Path deployments) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IOException("--bundle-sha256 takes the bundle's SHA-256 as 64 lower-case hexadecimal digits,"
                    + " not '" + sha256 + "'");
        }
        Files.createDirectories(deployments);
        Path download = Files.createTempFile(deployments, ".fetch-", ".part");
        try {
            String copied;
            try {
                copied = store.copyBlob(sha256, download, Progress.NONE);
            } catch (NoSuchFileException e) {
                throw new IOException("the bundle " + sha256 + " is not in " + store.describe()
                        + "; deploy it again (deployment uploads it before it applies the Deployment)", e);
            }
            if (!copied.equals(sha256)) {
                throw new IOException("the bundle downloaded from " + store.describe() + " has SHA-256 " + copied
                        + ", not " + sha256 + "; it is not loaded");
            }
            BundleDescriptor descriptor;
            try {
                descriptor = ExtractedBundle.descriptor(download);
            } catch (BundleException e) {
                throw new IOException("the bundle " + sha256 + " from " + store.describe() + " is not a bundle: "
                        + e.getMessage(), e);
            }
            Files.move(download, deployments.resolve(descriptor.externalId() + BundleWriter.EXTENSION),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return descriptor;
        } finally {
            Files.deleteIfExists(download);
        }
    }
}
