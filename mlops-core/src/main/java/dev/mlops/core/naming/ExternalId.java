package dev.mlops.core.naming;

/**
 * The name a versioned deployment is called by: {@code <model>-<service>-<env>-<version>}.
 *
 * @param model       {@code model_name}
 * @param service     the service
 * @param environment the environment
 * @param version     the artifact version the service runs
 */
public record ExternalId(String model, Service service, Environment environment, int version) implements FunctionId {

    /**
     * @throws IllegalArgumentException for a model name that could not be part of an id, or a version below 1
     *                                  (callers check both first)
     */
    public ExternalId {
        if (model == null || !MODEL_NAME.matcher(model).matches() || service == null || environment == null
                || version < 1) {
            throw new IllegalArgumentException("not an external id: " + model + ", " + service + ", " + environment
                    + ", " + version);
        }
    }

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
    @Override
    public Alias alias() {
        return new Alias(model, service, environment);
    }

    /**
     * @return {@code <model>/<env>/<version>}, the artifact the service runs, as reported in {@code model_id}
     */
    public String modelId() {
        return model + "/" + environment.id() + "/" + version;
    }
}
