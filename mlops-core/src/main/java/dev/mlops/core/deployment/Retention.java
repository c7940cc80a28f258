package dev.mlops.core.deployment;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code models_to_keep}: after a deployment, versioned deployments beyond the newest {@code models_to_keep} (besides
 * the one just deployed) are removed, oldest first; never the one the alias points to.
 */
final class Retention {

    private final DeploymentPlatform platform;

    Retention(DeploymentPlatform platform) {
        this.platform = platform;
    }

    /**
     * @return what was removed
     */
    List<BundleDescriptor> keep(ExternalId deployed, int modelsToKeep) throws PlatformException {
        Alias alias = deployed.alias();
        Optional<ExternalId> target = platform.target(alias);
        List<BundleDescriptor> others = platform.versions(alias).stream()
                .filter(d -> !d.externalId().equals(deployed.toString())).toList();
        List<BundleDescriptor> removed = new ArrayList<>();
        for (BundleDescriptor old : others.subList(0, Math.max(0, others.size() - modelsToKeep))) {
            Optional<FunctionId> id = FunctionId.parse(old.externalId());
            if (id.isEmpty() || target.map(t -> t.equals(id.get())).orElse(false)) {
                continue;
            }
            platform.remove(id.get());
            removed.add(old);
        }
        return removed;
    }
}
