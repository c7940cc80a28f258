package dev.mlops.core.deployment;

import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.settings.Platform;

/** Where a model's artifacts and services live: chosen per model by its {@code dataset} and {@code platform}. */
public interface Infrastructure {

    /**
     * @return the Model Manager of a dataset
     * @throws DeploymentException when its store cannot be opened
     */
    ModelManager manager(String dataset) throws DeploymentException;

    /**
     * @return the platform the settings name
     * @throws DeploymentException when this version of mlops cannot deploy there
     */
    DeploymentPlatform platform(Platform platform) throws DeploymentException;
}
