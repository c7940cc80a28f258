package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.PromotionGate;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import java.io.File;
import dev.mlops.core.naming.Environment;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Promotes a version of a model {@code dev → test} ({@code -Denv=test}, the default) or {@code test → prod}
 * ({@code -Denv=prod}): the latest of the source environment, or {@code -Dversion}. The new version records where it
 * came from and shares its content; promoting what is already there does nothing and says so. A version reaches
 * prod only after it was deployed to test successfully, unless {@code -Dmlops.force}.
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.promote.skip", defaultValue = "false")
    private boolean skipPromote;

    /**
     * The source version to promote; default: the latest of the source environment.
     *
     * @since 0.1.0
     */
    @Parameter(property = "version")
    private Integer version;

    /**
     * Promote to prod a version that was never deployed to test successfully.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.force", defaultValue = "false")
    private boolean force;


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
    public PromoteMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("promote", skipPromote)) {
            return;
        }
        chooseModel();
        Environment target = environment(Environment.TEST);
        try {
            Promotion promotion = new PromotionGate(manager(), platform(platform, kubeNamespace, kubeContext,
                    kubeConfig, 0)).promote(model, target, requestedVersion(version),
                    force);
            getLog().info(describe(promotion, model, target));
        } catch (DeploymentException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }

    /**
     * @return what a promotion did, in one line
     */
    static String describe(Promotion promotion, String model, Environment target) {
        String id = promotion.version().id();
        if (promotion.created()) {
            return "promoted " + promotion.version().promotedFrom() + " to " + id;
        }
        if (promotion.historyAdded()) {
            return id + " already holds that content; the promotion and its metadata were added to " + id
                    + "'s history (mvn mlops:versions -Dmodel=" + model + " -Denv=" + target + " -Dversion="
                    + promotion.version().version() + " shows it)";
        }
        return id + " already holds " + (promotion.version().promotedFrom().isEmpty() ? "that content"
                : promotion.version().promotedFrom()) + "; nothing promoted";
    }
}
