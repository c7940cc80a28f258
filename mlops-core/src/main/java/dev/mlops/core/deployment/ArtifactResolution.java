package dev.mlops.core.deployment;

import dev.mlops.api.ModelException;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.files.Folders;
import dev.mlops.core.model.Training;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.store.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The first step: which artifact version a service deploys, and the bundle that deploys it. {@code dev} deploys the
 * local {@code artifact_folder} as version 1; {@code test} the pinned version or the latest; {@code prod} the pinned
 * or latest version, which must have been promoted.
 */
final class ArtifactResolution {

    private final ModelManager manager;
    private final Path work;
    private final Consumer<String> log;

    ArtifactResolution(ModelManager manager, Path work, Consumer<String> log) {
        this.manager = manager;
        this.work = work;
        this.log = log;
    }

    /**
     * @return the external id the service deploys as
     */
    ExternalId externalId(ModelSettings model, Service service, Environment env, OptionalInt pinned)
            throws DeploymentException, RegistryException {
        String name = model.modelName();
        if (env == Environment.DEV) {
            if (pinned.isPresent() && pinned.getAsInt() != 1) {
                throw new DeploymentException(name, "artifact version " + pinned.getAsInt() + " applies to test and"
                        + " prod; dev deploys the local artifact_folder as " + name + "/dev/1",
                        Fix.PIN_ONLY_TEST_AND_PROD);
            }
            return new ExternalId(name, service, env, 1);
        }
        return new ExternalId(name, service, env, version(model, env, pinned).version());
    }

    private ArtifactVersion version(ModelSettings model, Environment env, OptionalInt pinned)
            throws RegistryException, DeploymentException {
        String name = model.modelName();
        ArtifactVersion version = pinned.isPresent() ? manager.find(name, env, pinned.getAsInt())
                : manager.latest(name, env).orElseThrow(() -> env == Environment.PROD
                ? new DeploymentException(name, "no artifact of " + name + " in prod; prod deploys only versions"
                + " promoted from test", Fix.PROMOTE_TO_PROD)
                : new DeploymentException(name, "no artifact of " + name + " in " + env, Fix.UPLOAD_OR_PROMOTE_TO_TEST));
        if (env == Environment.PROD && version.promotedFrom().isEmpty()) {
            throw new DeploymentException(name, version.id() + " was not promoted; prod deploys only versions"
                    + " promoted from test", Fix.PROMOTE_TO_PROD);
        }
        return version;
    }

    /**
     * Builds the bundle a service deploys, downloading a test or prod artifact first.
     */
    BuiltBundle bundle(DeploymentPlan plan, ModelSettings model, Service service)
            throws DeploymentException, RegistryException, BundleException {
        String name = model.modelName();
        Environment env = plan.environment();
        Optional<Path> artifactFolder = model.artifactFolder();
        ExternalId id = externalId(model, service, env, plan.pinnedVersion(model));
        if (env == Environment.DEV) {
            if (artifactFolder.isPresent() && !Files.exists(artifactFolder.get())) {
                fetchDevelopmentArtifact(model, artifactFolder.get(), plan.classPath());
            }
        } else {
            Path target = work.resolve("artifacts").resolve(id.toString());
            ArtifactVersion artifact = manager.download(name, env, OptionalInt.of(id.version()), target, true,
                    Progress.NONE);
            artifactFolder = Optional.of(target);
            log.accept(name + ": artifact " + artifact.id() + " (sha256 " + artifact.sha256() + ")");
        }
        Path file = work.resolve("bundles").resolve(id + BundleWriter.EXTENSION);
        BundleDescriptor descriptor = BundleWriter.write(new BundleSource(model, id, plan.classPath(),
                artifactFolder, plan.gitCommit().orElse(""), plan.createdTime(), plan.mlopsVersion(),
                Optional.of(new BundleSource.LogStore(manager.storeAddress().toString(), manager.dataset()))), file);
        return new BuiltBundle(id, file, descriptor);
    }

    /**
     * A fresh clone has no {@code artifact_folder} (it is not in git): like the Python framework, fill it with the
     * latest {@code dev} version of the Model Manager; when there is none and the model trains, train it into the
     * folder, so that a fresh clone builds and tests with nothing but the repository. Without either, the bundle
     * says how to make it.
     */
    private void fetchDevelopmentArtifact(ModelSettings model, Path folder, List<Path> classPath)
            throws RegistryException, DeploymentException {
        String name = model.modelName();
        Optional<ArtifactVersion> latest = manager.latest(name, Environment.DEV);
        if (latest.isPresent()) {
            manager.download(name, Environment.DEV, OptionalInt.of(latest.get().version()), folder, false,
                    Progress.NONE);
            log.accept(name + ": artifact_folder " + folder.getFileName() + " was missing; downloaded "
                    + latest.get().id() + " into it");
            return;
        }
        if (model.training().isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(folder);
            Map<String, String> metadata = Training.run(model.modelClass(), classPath, folder, model.secrets(),
                    System::getenv);
            log.accept(name + ": artifact_folder " + folder.getFileName() + " was missing and no dev version is"
                    + " stored; trained it with " + model.modelClass() + " " + new TreeMap<>(metadata));
        } catch (ModelException | java.io.IOException e) {
            try {
                Folders.delete(folder);
            } catch (java.io.IOException ignored) {
                // what is left fails the bundle, naming the folder
            }
            throw new DeploymentException(name, "artifact_folder " + folder + " is missing, no dev version is"
                    + " stored, and training it failed: " + e.getMessage(), Fix.NONE, e);
        }
    }
}
