package dev.mlops.maven;

import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.NotServingException;
import dev.mlops.core.platform.PlatformException;
import java.io.File;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the services deployed on the local platform, aliases with what they point to, filtered by {@code -Denv},
 * {@code -Dmodel} and {@code -Dmlops.tag=key=value}. In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "functions", requiresProject = false, aggregator = true, threadSafe = true)
public class FunctionsMojo extends AbstractMlopsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.functions.skip", defaultValue = "false")
    private boolean skipFunctions;

    /**
     * Only functions of this model.
     *
     * @since 0.1.0
     */
    @Parameter(property = "model")
    private String model;

    /**
     * Only functions of this environment: {@code dev}, {@code test} or {@code prod}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "env")
    private String env;

    private static final String ROW = "%-40s %-16s %-7s %s";

    /**
     * Only functions whose metadata has this pair ({@code key=value}) or key.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.tag")
    private String tag;


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
        if (skipped("functions", skipFunctions)) {
            return;
        }
        Optional<Environment> environment = Optional.empty();
        if (env != null && !env.isBlank()) {
            environment = Optional.of(Environment.parse(env.strip()).orElseThrow(() -> new MojoFailureException(
                    "environment '" + env + "' is not one of dev, test, prod (-Denv)")));
        }
        FunctionFilter filter = new FunctionFilter(environment, Optional.ofNullable(model).filter(m -> !m.isBlank()),
                Optional.empty(), Optional.ofNullable(tag).filter(t -> !t.isBlank()));
        DeploymentPlatform platform = platform(this.platform, kubeNamespace, kubeContext, kubeConfig, 0);
        List<FunctionStatus> functions;
        try {
            functions = platform.functions(filter);
        } catch (NotServingException e) {
            getLog().info("nothing serves on the " + platform.name() + " platform; mvn mlops:deploy starts it");
            return;
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
        getLog().info(String.format(ROW, "EXTERNAL ID", "MODEL ID", "STATUS", "POINTS TO"));
        for (FunctionStatus function : functions) {
            getLog().info(String.format(ROW, function.id(), function.modelId(), function.ready() ? "ready"
                    : "failed", function.id() instanceof Alias ? function.target().toString() : ""));
        }
    }
}
