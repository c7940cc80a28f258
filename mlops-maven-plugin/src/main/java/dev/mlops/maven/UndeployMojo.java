package dev.mlops.maven;

import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.Undeployment;
import dev.mlops.core.naming.FunctionId;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.ModelManager;
import java.io.File;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Removes a deployed service or alias from the local platform ({@code -Dfunction}). Asks first; in batch mode it
 * needs {@code -Dmlops.confirm}. A versioned deployment that an alias points to is kept until the alias moves or is
 * removed. In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "undeploy", requiresProject = false, aggregator = true, threadSafe = true)
public class UndeployMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.undeploy.skip", defaultValue = "false")
    private boolean skipUndeploy;

    /**
     * The versioned deployment or alias to remove; {@code -Dfunction} for short.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.function")
    private String function;

    /**
     * Remove without asking; required in batch mode.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.confirm", defaultValue = "false")
    private boolean confirm;


    /**
     * The platform: {@code local} or {@code kubernetes}. Default: the one the project's {@code mlops_settings.yaml}
     * names, else local.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.platform")
    private String platform;

    /**
     * For {@code kubernetes}: the namespace. Default: the kubeconfig context's, else {@code default}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.namespace")
    private String kubeNamespace;

    /**
     * For {@code kubernetes}: the kubeconfig context; default its current context.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.context")
    private String kubeContext;

    /**
     * For {@code kubernetes}: the kubeconfig file. Default: {@code KUBECONFIG}, else {@code ~/.kube/config}, else
     * the pod's service account inside a cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.kube.config")
    private File kubeConfig;

    @Inject
    public UndeployMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("undeploy", skipUndeploy)) {
            return;
        }
        FunctionId id = functionId(function);
        DeploymentPlatform platform = platform(this.platform, kubeNamespace, kubeContext, kubeConfig, 0);
        try {
            Undeployment undeployment = new Undeployment(platform, store(id), getLog()::warn);
            undeployment.check(id);
            if (!confirm) {
                if (!interactive()) {
                    throw new MojoFailureException("mlops:undeploy cannot ask in batch mode (-B or CI); pass"
                            + " -Dmlops.confirm to remove " + id);
                }
                String answer = System.console().readLine("Remove %s from the %s platform? [y/N] ", id,
                        platform.name());
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    getLog().info("nothing removed");
                    return;
                }
            }
            undeployment.remove(id);
            getLog().info("removed " + id);
        } catch (DeploymentException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }

    /** The store whose serving notes go with the deployment; out of reach, the removal goes on and warns. */
    private Optional<ModelManager> store(FunctionId id) {
        try {
            model = id.model();
            if (settingsFile.isFile()) {
                modelSettings = readSettings().model(model);
            }
            return Optional.of(manager());
        } catch (MojoFailureException e) {
            getLog().warn("the artifact store's serving notes stay: " + e.getMessage());
            return Optional.empty();
        }
    }
}
