package dev.mlops.core.deployment;

import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.settings.Platform;

/**
 * One Model Manager and one platform for every model, as the tests' settings need.
 *
 * @param manager  the Model Manager of every dataset
 * @param platform the platform of every model
 */
record FixedInfrastructure(ModelManager manager, DeploymentPlatform platform) implements Infrastructure {

    @Override
    public ModelManager manager(String dataset) {
        return manager;
    }

    @Override
    public DeploymentPlatform platform(Platform chosen) {
        return platform;
    }
}
