package dev.mlops.core.bundle;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bundles of a model repository for {@code dev}: each model's services at version 1, with the local
 * {@code artifact_folder} as {@code <model>/dev/1}, uploaded nowhere.
 */
public final class DevelopmentBundles {

    private DevelopmentBundles() {
    }

    /**
     * @param settings     the repository's settings
     * @param classPath    the project's jar (or classes folder) first, then its runtime dependencies
     * @param folder       where to write {@code <externalId>.bundle} files
     * @param gitCommit    the commit, if known
     * @param createdTime  the bundles' time
     * @param mlopsVersion the version of mlops writing them
     * @return what was written, in settings order: prediction, then training when the model has it
     * @throws BundleException naming the model whose bundle could not be made
     */
    public static List<BundleDescriptor> write(Settings settings, List<Path> classPath, Path folder,
                                               Optional<String> gitCommit, Instant createdTime, String mlopsVersion)
            throws BundleException {
        List<BundleDescriptor> written = new ArrayList<>();
        for (ModelSettings model : settings.models()) {
            for (Service service : Service.values()) {
                boolean offered = service == Service.PREDICTION ? model.prediction().isPresent()
                        : model.training().isPresent();
                if (!offered) {
                    continue;
                }
                ExternalId id = new ExternalId(model.modelName(), service, Environment.DEV, 1);
                BundleSource source = new BundleSource(model, id, classPath, model.artifactFolder(),
                        gitCommit.orElse(""), createdTime, mlopsVersion);
                try {
                    written.add(BundleWriter.write(source, folder.resolve(id + BundleWriter.EXTENSION)));
                } catch (BundleException e) {
                    throw new BundleException(model.modelName() + ": " + e.getMessage(), e);
                }
            }
        }
        return written;
    }
}
