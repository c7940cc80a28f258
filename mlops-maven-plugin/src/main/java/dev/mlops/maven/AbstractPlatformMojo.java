package dev.mlops.maven;

import dev.mlops.core.bundle.Service;
import dev.mlops.core.platform.LocalPlatform;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works with the deployed services of the local platform. */
abstract class AbstractPlatformMojo extends AbstractRegistryMojo {

    /**
     * The service: {@code prediction} (default) or {@code training}; {@code deploy} also takes {@code all}. Default:
     * the environment variable {@code SERVICE_NAME}, else {@code prediction}.
     */
    @Parameter(property = "mlops.service")
    protected String service;

    /**
     * The port of the local platform's function host, started in the background when a goal first needs it and left
     * running so deployed services can be called.
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    protected int port;

    protected LocalPlatform platform() {
        return new LocalPlatform(mlopsHome().folder().resolve("local"), hostClassPath(), port);
    }

    protected List<Service> services(boolean allowAll) throws MojoFailureException {
        String chosen = service != null && !service.isBlank() ? service : System.getenv("SERVICE_NAME");
        if (chosen == null || chosen.isBlank()) {
            return List.of(Service.PREDICTION);
        }
        if (allowAll && chosen.trim().equals("all")) {
            return List.of(Service.PREDICTION, Service.TRAINING);
        }
        return List.of(Service.parse(chosen.trim()).orElseThrow(() -> new MojoFailureException("service '" + chosen
                + "' is not prediction or training" + (allowAll ? " (or all)" : "") + " (-Dmlops.service or"
                + " SERVICE_NAME)")));
    }
}
