package dev.mlops.core.bundle;

import dev.mlops.core.settings.Environment;

/**
 * The name a deployed service is called by: {@code <model>-<service>-<env>-<version>} for a version, and
 * {@code <model>-<service>-<env>} for the alias that points at the latest.
 *
 * @param model       {@code model_name}
 * @param service     the service
 * @param environment the environment
 * @param version     the artifact version the service runs
 */
public record ExternalId(String model, Service service, Environment environment, int version) {

    /**
     * @return {@code <model>-<service>-<env>-<version>}
     */
    @Override
    public String toString() {
        return alias() + "-" + version;
    }

    /**
     * @return {@code <model>-<service>-<env>}, the alias of the latest deployment
     */
    public String alias() {
        return model + "-" + service.id() + "-" + environment.id();
    }

    /**
     * @return {@code <model>/<env>/<version>}, the artifact the service runs, as reported in {@code model_id}
     */
    public String modelId() {
        return model + "/" + environment.id() + "/" + version;
    }
}
