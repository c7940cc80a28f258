package dev.mlops.maven;

import dev.mlops.core.registry.RegistryException;
import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.platform.DeploymentPlatform;
import java.io.IOException;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Removes a deployed service or alias from the local platform ({@code -Dfunction}). Asks first; in batch mode it
 * needs {@code -Dmlops.confirm}. A versioned deployment that an alias points to is kept until the alias is removed.
 * In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "undeploy", requiresProject = false, aggregator = true, threadSafe = true)
public class UndeployMojo extends AbstractPlatformMojo {

    /**
     * The versioned deployment or alias to remove.
     */
    @Parameter(property = "function", required = true)
    private String function;

    /**
     * Remove without asking; required in batch mode.
     */
    @Parameter(property = "mlops.confirm", defaultValue = "false")
    private boolean confirm;

    @Inject
    public UndeployMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("undeploy")) {
            return;
        }
        DeploymentPlatform platform = platform();
        try {
            boolean isAlias = platform.alias(function).isPresent();
            boolean isBundle = !isAlias && platform.deployed(function).isPresent();
            if (!isAlias && !isBundle) {
                throw new MojoFailureException(function + " is not deployed on the " + platform.name()
                        + " platform; mvn mlops:functions lists what is");
            }
            if (!isAlias) {
                int dash = function.lastIndexOf('-');
                Optional<AliasFile> alias = platform.alias(function.substring(0, Math.max(0, dash)));
                if (alias.isPresent() && alias.get().target().equals(function)) {
                    throw new MojoFailureException(alias.get().alias() + " points to " + function + "; roll it back"
                            + " (mvn mlops:rollback) or undeploy the alias first");
                }
            }
            if (!confirm) {
                if (!interactive()) {
                    throw new MojoFailureException("mlops:undeploy cannot ask in batch mode (-B or CI); pass"
                            + " -Dmlops.confirm to remove " + function);
                }
                String answer = System.console().readLine("Remove %s from the %s platform? [y/N] ", function,
                        platform.name());
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    getLog().info("nothing removed");
                    return;
                }
            }
            Optional<String> served = isBundle ? platform.deployed(function).map(d -> d.modelId()) : Optional.empty();
            platform.remove(function);
            getLog().info("removed " + function);
            if (served.isPresent()) {
                forgetServing(served.get(), platform);
            }
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("cannot undeploy " + function + ": " + e.getMessage(), e);
        }
    }

    /** The store's note that the deployment served its version goes too; a store out of reach only warns. */
    private void forgetServing(String modelId, DeploymentPlatform platform) {
        try {
            manager(dataset).forgetServing(modelId, function, platform.where());
        } catch (MojoFailureException | RegistryException e) {
            getLog().warn("the artifact store's note that " + function + " served " + modelId + " stays: "
                    + e.getMessage());
        }
    }
}
