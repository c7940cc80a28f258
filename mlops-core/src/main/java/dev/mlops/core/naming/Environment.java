package dev.mlops.core.naming;

import java.util.Locale;
import java.util.Optional;

/** The environments a model moves through: built in {@code dev}, checked in {@code test}, served in {@code prod}. */
public enum Environment {
    DEV, TEST, PROD;

    /**
     * @return the name used in external ids, artifact ids and on the command line: {@code dev}, {@code test},
     *         {@code prod}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code dev}, {@code test} or {@code prod}
     * @return the environment, or empty for any other text
     */
    public static Optional<Environment> parse(String id) {
        for (Environment environment : values()) {
            if (environment.id().equals(id)) {
                return Optional.of(environment);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
