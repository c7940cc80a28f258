package dev.mlops.core.settings;

import java.util.Locale;
import java.util.Optional;

/** Where a model's services are deployed: the {@code platform} field of the settings. */
public enum Platform {
    /** The function host's deployment directory on this machine. */
    LOCAL,
    /** A Kubernetes cluster: a Deployment and a Service per external id. */
    KUBERNETES;

    /**
     * @return the name written in the settings file
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param id {@code local} or {@code kubernetes}
     * @return the platform, or empty for any other text
     */
    public static Optional<Platform> parse(String id) {
        for (Platform platform : values()) {
            if (platform.id().equals(id)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
