package dev.mlops.core.deployment;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.Libraries;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.settings.HelperModel;
import dev.mlops.core.settings.ModelSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Each of a model's {@code helper_models} must be deployed in its environment (by default the one deployed to), and
 * every library that the helper's deployment and the model both use must be the same version in both.
 */
final class HelperCheck {

    private final DeploymentPlatform platform;
    private final Consumer<String> log;

    HelperCheck(DeploymentPlatform platform, Consumer<String> log) {
        this.platform = platform;
        this.log = log;
    }

    void check(ModelSettings model, Environment env, List<Path> classPath)
            throws DeploymentException, PlatformException, BundleException {
        Map<String, String> ours = null;
        List<String> problems = new ArrayList<>();
        for (HelperModel helper : model.helperModels()) {
            Alias alias = new Alias(helper.modelName(), Service.PREDICTION, helper.environment().orElse(env));
            FunctionId target = helper.version().isPresent() ? alias.version(helper.version().getAsInt()) : alias;
            Optional<BundleDescriptor> deployed = platform.deployed(target);
            if (deployed.isEmpty()) {
                problems.add("helper model " + helper.modelName() + " is not deployed as " + target + " on the "
                        + platform.name() + " platform");
                continue;
            }
            if (ours == null) {
                ours = Libraries.versions(Libraries.of(classPath));
            }
            Map<String, String> theirs = Libraries.versions(deployed.get().libraries() == null ? List.of()
                    : deployed.get().libraries());
            for (Map.Entry<String, String> library : ours.entrySet()) {
                String other = theirs.get(library.getKey());
                if (other != null && !other.equals(library.getValue())) {
                    problems.add("helper model " + helper.modelName() + ": " + library.getKey() + " is "
                            + library.getValue() + " here but " + other + " in " + deployed.get().externalId()
                            + "; use the same version in both");
                }
            }
            log.accept(model.modelName() + ": helper " + helper.modelName() + " is deployed as "
                    + deployed.get().externalId());
        }
        if (!problems.isEmpty()) {
            throw new DeploymentException(model.modelName(), String.join("; ", problems) + "; nothing was deployed",
                    Fix.DEPLOY_HELPERS_FIRST);
        }
    }
}
