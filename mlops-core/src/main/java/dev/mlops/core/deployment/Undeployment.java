package dev.mlops.core.deployment;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.RegistryException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Removing a deployment or an alias, with its rule: a versioned deployment that an alias points to stays until the
 * alias moves or goes. The Model Manager's note that the deployment served its version goes too.
 */
public final class Undeployment {

    private final DeploymentPlatform platform;
    private final Optional<ModelManager> manager;
    private final Consumer<String> warn;

    /**
     * @param platform where the function is
     * @param manager  whose serving notes are kept up to date; empty when the store is out of reach
     * @param warn     where a note that could not be removed is told
     */
    public Undeployment(DeploymentPlatform platform, Optional<ModelManager> manager, Consumer<String> warn) {
        this.platform = platform;
        this.manager = manager;
        this.warn = warn;
    }

    /**
     * Checks that a function may be removed, without removing it.
     *
     * @throws DeploymentException when it is not deployed, or an alias points to it
     */
    public void check(FunctionId id) throws DeploymentException, PlatformException {
        boolean exists = id instanceof ExternalId ? platform.deployed(id).isPresent()
                : platform.target(id.alias()).isPresent();
        if (!exists) {
            throw new DeploymentException("", id + " is not deployed on the " + platform.name() + " platform",
                    Fix.LIST_FUNCTIONS);
        }
        if (id instanceof ExternalId versioned && platform.target(versioned.alias()).filter(versioned::equals)
                .isPresent()) {
            throw new DeploymentException(versioned.model(), versioned.alias() + " points to " + id + ", so it"
                    + " stays until the alias moves or is removed", Fix.MOVE_ALIAS_FIRST);
        }
    }

    /**
     * Removes a function or alias after {@link #check}ing it.
     */
    public void remove(FunctionId id) throws DeploymentException, PlatformException {
        check(id);
        Optional<BundleDescriptor> served = id instanceof ExternalId ? platform.deployed(id) : Optional.empty();
        platform.remove(id);
        if (served.isPresent() && manager.isPresent()) {
            try {
                manager.get().forgetServing(served.get().modelId(), id.toString(), platform.where());
            } catch (RegistryException e) {
                warn.accept("the artifact store's note that " + id + " served " + served.get().modelId()
                        + " stays: " + e.getMessage());
            }
        }
    }
}
