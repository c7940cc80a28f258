package dev.mlops.maven;

import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.LocalPlatform;
import dev.mlops.core.deployment.Deployment;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.Infrastructure;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.naming.NamingException;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.settings.Platform;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that works with deployed services: the platform, the service, the bundles built for deployment. */
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

    protected AbstractPlatformMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    /**
     * @return the local platform, where goals without a model's settings (call, functions, undeploy) work
     */
    protected DeploymentPlatform platform() {
        return new LocalPlatform(mlopsHome().folder().resolve("local"), hostClassPath(), port);
    }

    /**
     * @return the platform a model's settings name
     * @throws MojoFailureException for a platform this version cannot deploy to
     */
    protected DeploymentPlatform platform(Platform chosen) throws MojoFailureException {
        if (chosen != Platform.LOCAL) {
            throw new MojoFailureException("platform " + chosen + " is not available in this version of mlops; use"
                    + " platform: local");
        }
        return platform();
    }

    /**
     * @return the build's start: the time of the bundles built for deployment, so that {@code mlops:service-test}
     *         and {@code mlops:deploy} in one build make the same bundle and the test is not run twice
     */
    protected Instant buildTime() {
        return session.getRequest().getStartTime().toInstant();
    }

    /**
     * @return where service tests that passed in this build are noted
     */
    protected ServiceTestPasses serviceTestPasses() {
        return new ServiceTestPasses(Path.of(project.getBuild().getDirectory(), "mlops", "service-test-passed"));
    }

    /**
     * @return the deployment steps over each model's Model Manager and platform, working in
     *         {@code target/mlops/deploy}
     */
    protected Deployment deployment() {
        Infrastructure infrastructure = new Infrastructure() {
            @Override
            public ModelManager manager(String dataset) throws DeploymentException {
                try {
                    return AbstractPlatformMojo.this.manager(dataset);
                } catch (MojoFailureException e) {
                    throw new DeploymentException("", e.getMessage(), DeploymentException.Fix.NONE, e);
                }
            }

            @Override
            public DeploymentPlatform platform(Platform chosen) throws DeploymentException {
                try {
                    return AbstractPlatformMojo.this.platform(chosen);
                } catch (MojoFailureException e) {
                    throw new DeploymentException("", e.getMessage(), DeploymentException.Fix.NONE, e);
                }
            }
        };
        return new Deployment(infrastructure, hostClassPath(), Path.of(project.getBuild().getDirectory(), "mlops",
                "deploy"), serviceTestPasses(), Clock.systemUTC(), getLog()::info);
    }

    /**
     * @param given the goal's {@code mlops.function} parameter
     * @return the function named by {@code -Dmlops.function}, else its short form {@code -Dfunction}
     */
    protected FunctionId functionId(String given) throws MojoFailureException {
        String text = shortForm(given, "function");
        if (text == null || text.isBlank()) {
            throw new MojoFailureException("which function? pass -Dfunction=<externalId or alias>, like"
                    + " -Dfunction=model1-prediction-test; mvn mlops:functions lists them");
        }
        try {
            return FunctionId.of(text.strip());
        } catch (NamingException e) {
            throw HelpfulSuggestions.failure(e, "-Dfunction");
        }
    }

    /**
     * @return a parameter's value, else the user property of its short form ({@code -Dfunction} beside
     *         {@code -Dmlops.function})
     */
    protected String shortForm(String given, String shortProperty) {
        if (given != null) {
            return given;
        }
        String value = session.getUserProperties().getProperty(shortProperty);
        return value != null ? value : session.getSystemProperties().getProperty(shortProperty);
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
