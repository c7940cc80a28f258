package dev.mlops.api;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secrets a model may read: the names listed under {@code secrets} in {@code mlops_settings.yaml}, resolved on
 * the platform when the service is loaded. Values are never written into a bundle or a log, and
 * {@link #toString()} shows names only.
 */
public final class Secrets {

    private static final Secrets NONE = new Secrets(Map.of());

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * @param values secret values by name
     * @return secrets holding a copy of {@code values}
     */
    public static Secrets of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new Secrets(values);
    }

    /**
     * @return secrets with no values, for models that need none
     */
    public static Secrets none() {
        return NONE;
    }

    /**
     * @param name a name listed under {@code secrets} in the settings
     * @return the value, or empty when the platform has no value for it
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * @param name a name listed under {@code secrets} in the settings
     * @return the value
     * @throws ModelException when the platform has no value for {@code name}; the message names it, never a value
     */
    public String require(String name) throws ModelException {
        String value = values.get(name);
        if (value == null) {
            throw new ModelException("secret '" + name + "' is not set; list it under secrets in mlops_settings.yaml"
                    + " and set the environment variable " + name + " where the service runs");
        }
        return value;
    }

    /**
     * @return the names that have a value
     */
    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        return "Secrets" + values.keySet();
    }
}
