package dev.mlops.core.platform;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.bundle.ExtractedBundle;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.VersionsInUse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code local} platform's deployments: the bundles in the function host's deployment folder. Knows which
 * artifact versions they run, so the Model Manager deletes none of those.
 */
public final class LocalDeployments implements VersionsInUse {

    private final Path folder;

    /**
     * @param folder the deployment folder, such as {@code ~/.mlops/local/deployments}
     */
    public LocalDeployments(Path folder) {
        this.folder = folder;
    }

    @Override
    public List<String> deploymentsOf(ArtifactVersion version) throws IOException {
        List<String> users = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return users;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path bundle : files.filter(f -> f.toString().endsWith(BundleWriter.EXTENSION)).sorted().toList()) {
                try {
                    BundleDescriptor descriptor = ExtractedBundle.descriptor(bundle);
                    if (descriptor.modelId().equals(version.id())
                            && descriptor.artifactSha256().equals(version.sha256())) {
                        users.add(descriptor.externalId());
                    }
                } catch (BundleException e) {
                    // not a bundle of ours: it runs no version
                }
            }
        }
        return users;
    }
}
