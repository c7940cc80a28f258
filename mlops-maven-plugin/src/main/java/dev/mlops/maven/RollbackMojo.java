package dev.mlops.maven;

import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.Rollback;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.platform.PlatformException;
import java.io.File;
import java.time.Clock;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Moves the alias {@code <model>-<service>-<env>} back to the most recent earlier deployment of another version that
 * is still deployed (a second rollback goes one further back), or to {@code -Dversion}, smoke-checks it, and records
 * the move in the ledger with who, when and {@code -Dmlops.reason}.
 */
@Mojo(name = "rollback", requiresProject = false, threadSafe = true)
public class RollbackMojo extends AbstractModelMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.rollback.skip", defaultValue = "false")
    private boolean skipRollback;

    /**
     * The service whose alias moves: {@code prediction} or {@code training}. Default: the environment variable
     * {@code SERVICE_NAME}, else {@code prediction}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.service")
    private String service;

    /**
     * The version to return to; default: the most recent earlier deployment of another version.
     *
     * @since 0.1.0
     */
    @Parameter(property = "version")
    private Integer version;

    /**
     * The port of the local platform's function host, when this goal starts it (a deployment starts one when none
     * runs and leaves it running); 0 picks a free one.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    private int port;

    /**
     * Why the alias is rolled back, kept in the ledger.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.reason", defaultValue = "")
    private String reason;


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

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("rollback", skipRollback)) {
            return;
        }
        chooseModel();
        Alias alias = new Alias(model, services(service, false).get(0), environment(Environment.DEV));
        try {
            new Rollback(platform(platform, kubeNamespace, kubeContext, kubeConfig, port), Clock.systemUTC(), getLog()::info).rollBack(alias, requestedVersion(version),
                    who(),
                    reason == null ? "" : reason);
        } catch (DeploymentException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }
}
