package dev.mlops.core.deployment;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An alias's ledger read as a history: the stack of deployments a rollback can return to, newest last. A deployment
 * pushes its target unless it is the top already (a redeployment of the same version is not its own previous); a
 * rollback to a target on the stack pops everything above it (so the next rollback goes further back), and a
 * rollback to one that is not (a version named by hand) pushes it.
 */
final class Ledger {

    private final List<DeploymentRecord> records;

    Ledger(List<DeploymentRecord> records) {
        this.records = records;
    }

    /**
     * @return the deployments a rollback walks back through, oldest first; the last is where the alias points
     */
    List<ExternalId> history() {
        List<ExternalId> stack = new ArrayList<>();
        for (DeploymentRecord record : records) {
            Optional<ExternalId> target = versioned(record.target());
            if (target.isEmpty()) {
                continue;
            }
            boolean top = !stack.isEmpty() && stack.get(stack.size() - 1).equals(target.get());
            if (record.action().equals(DeploymentRecord.ROLLBACK) && stack.contains(target.get())) {
                stack.subList(stack.lastIndexOf(target.get()) + 1, stack.size()).clear();
            } else if (!top) {
                stack.add(target.get());
            }
        }
        return stack;
    }

    /**
     * @return every version a deployment (not a rollback) made the alias's target, in the order first deployed
     */
    List<ExternalId> deployed() {
        return records.stream().filter(r -> r.action().equals(DeploymentRecord.DEPLOY))
                .flatMap(r -> versioned(r.target()).stream()).distinct().toList();
    }

    /**
     * @return whether a deployment of this artifact ({@code <model>/<env>/<version>}) succeeded
     */
    boolean deployedSuccessfully(String modelId) {
        return records.stream().anyMatch(r -> r.action().equals(DeploymentRecord.DEPLOY)
                && r.modelId().equals(modelId));
    }

    private static Optional<ExternalId> versioned(String text) {
        return FunctionId.parse(text).filter(ExternalId.class::isInstance).map(ExternalId.class::cast);
    }
}
