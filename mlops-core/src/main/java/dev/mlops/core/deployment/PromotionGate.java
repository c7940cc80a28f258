package dev.mlops.core.deployment;

import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Promotion with its rule: a version reaches prod only after a deployment of it to test succeeded (by the test
 * alias's ledger), unless forced. {@code dev → test} has no gate.
 */
public final class PromotionGate {

    private final ModelManager manager;
    private final DeploymentPlatform platform;

    /**
     * @param manager  where the versions are
     * @param platform whose ledger says what was deployed to test
     */
    public PromotionGate(ModelManager manager, DeploymentPlatform platform) {
        this.manager = manager;
        this.platform = platform;
    }

    /**
     * @param to      {@code test} (from dev) or {@code prod} (from test)
     * @param version the source environment's version; empty for its latest
     * @param force   promote to prod a version never deployed to test successfully
     */
    public Promotion promote(String model, Environment to, OptionalInt version, boolean force)
            throws DeploymentException, RegistryException, PlatformException {
        if (to == Environment.PROD && !force) {
            Optional<ArtifactVersion> source = version.isPresent()
                    ? Optional.of(manager.find(model, Environment.TEST, version.getAsInt()))
                    : manager.latest(model, Environment.TEST);
            Alias testAlias = new Alias(model, Service.PREDICTION, Environment.TEST);
            if (source.isPresent() && !new Ledger(platform.records(testAlias)).deployedSuccessfully(source.get().id())) {
                throw new DeploymentException(model, source.get().id() + " was never deployed to test successfully"
                        + " on the " + platform.name() + " platform", Fix.DEPLOY_TO_TEST_OR_FORCE);
            }
        }
        return manager.promote(model, to, version);
    }
}
