package dev.mlops.core.naming;

/**
 * The name {@code <model>-<service>-<env>} that always points at one versioned deployment, the one a deployment or
 * rollback chose; callers that want the current version call it.
 *
 * @param model       {@code model_name}
 * @param service     the service
 * @param environment the environment
 */
public record Alias(String model, Service service, Environment environment) implements FunctionId {

    /**
     * @throws IllegalArgumentException for a model name that could not be part of an id (callers check names first)
     */
    public Alias {
        if (model == null || !MODEL_NAME.matcher(model).matches() || service == null || environment == null) {
            throw new IllegalArgumentException("not an alias: " + model + ", " + service + ", " + environment);
        }
    }

    /**
     * @return the versioned deployment of this model, service and environment at {@code version}
     */
    public ExternalId version(int version) {
        return new ExternalId(model, service, environment, version);
    }

    @Override
    public Alias alias() {
        return this;
    }

    /**
     * @return {@code <model>-<service>-<env>}
     */
    @Override
    public String toString() {
        return model + "-" + service.id() + "-" + environment.id();
    }
}
