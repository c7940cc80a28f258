package dev.mlops.core.deployment;

import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment run did: one result per model and service, in the order they were deployed.
 *
 * @param results   the results
 * @param endpoints where each platform used serves, by platform name
 */
public record DeploymentReport(List<Result> results, Map<String, URI> endpoints) {

    /** What happened to one service of one model. */
    public enum Outcome {
        /** Deployed and the alias moved. */
        DEPLOYED,
        /** Service-tested only. */
        TESTED,
        /** A dry run: what would be deployed. */
        PLANNED,
        /** Failed; nothing changed for it. */
        FAILED
    }

    /**
     * @param model    the model; empty for a failure of the whole plan
     * @param service  the service
     * @param outcome  what happened
     * @param id       the external id deployed, tested or planned
     * @param previous where the alias pointed before a deployment
     * @param failure  why it failed
     * @param sha256   the SHA-256 of the artifact deployed or tested, when a bundle was built
     */
    public record Result(String model, Optional<Service> service, Outcome outcome, Optional<ExternalId> id,
                         Optional<ExternalId> previous, Optional<DeploymentException> failure,
                         Optional<String> sha256) {
    }

    /**
     * @return the failures, in order
     */
    public List<DeploymentException> failures() {
        return results.stream().flatMap(r -> r.failure().stream()).toList();
    }
}
