package dev.mlops.core.naming;

import java.util.Locale;
import java.util.Optional;

/** The two services a model can be deployed as. */
public enum Service {
    /** Answers prediction requests through {@code PredictionModel}. */
    PREDICTION,
    /** Trains a new artifact through {@code TrainingModel}. */
    TRAINING;

    /**
     * @return the name used in external ids: {@code prediction} or {@code training}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code prediction} or {@code training}
     * @return the service, or empty for any other text
     */
    public static Optional<Service> parse(String id) {
        for (Service service : values()) {
            if (service.id().equals(id)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
