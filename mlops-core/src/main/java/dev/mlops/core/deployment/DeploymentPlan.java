package dev.mlops.core.deployment;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to deploy and how: every model of a settings file, or one.
 *
 * @param models          the settings' models, in the file's order (helpers are deployed before the models using
 *                        them whatever the order)
 * @param onlyModel       deploy only this model
 * @param environment     the environment
 * @param services        the services to deploy; a model without one of them is passed over for it
 * @param classPath       the project's jar (or classes) and runtime dependencies
 * @param gitCommit       the commit being deployed
 * @param who             who deploys
 * @param mlopsVersion    the version of mlops deploying
 * @param createdTime     the bundles' time: the build's start, so that a bundle service-tested earlier in the build
 *                        has the same bytes
 * @param artifactVersion the artifact version to deploy, overriding the settings' {@code artifact_version}
 * @param testingOnly     stop after the service test
 * @param dryRun          only say what would be done
 * @param promoteFirst    with prod: first promote the version the test alias serves
 */
public record DeploymentPlan(List<ModelSettings> models, Optional<String> onlyModel, Environment environment,
                             List<Service> services, List<Path> classPath, Optional<String> gitCommit, String who,
                             String mlopsVersion, Instant createdTime, OptionalInt artifactVersion,
                             boolean testingOnly, boolean dryRun, boolean promoteFirst) {

    /**
     * @return the version to deploy for a model: the plan's, else the settings'
     */
    OptionalInt pinnedVersion(ModelSettings model) {
        return artifactVersion.isPresent() ? artifactVersion : model.artifactVersion();
    }
}
