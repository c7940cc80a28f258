package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.Environment;
import java.io.IOException;
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
public class PromoteMojo extends AbstractPlatformMojo {

    /**
     * Promote to prod a version that was never deployed to test successfully.
     */
    @Parameter(property = "mlops.force", defaultValue = "false")
    private boolean force;

    @Inject
    public PromoteMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("promote")) {
            return;
        }
        chooseModel();
        Environment target = environment(Environment.TEST);
        try {
            if (target == Environment.PROD && !force) {
                ArtifactVersion source = requestedVersion().isPresent()
                        ? manager().find(model, Environment.TEST, version)
                        : manager().latest(model, Environment.TEST).orElse(null);
                if (source != null && !platform().deployedSuccessfully(source)) {
                    throw new MojoFailureException(source.id() + " was never deployed to test successfully; deploy"
                            + " it first (mvn deploy -Denv=test), or pass -Dmlops.force to promote it anyway");
                }
            }
            Promotion promotion = manager().promote(model, target, requestedVersion());
            getLog().info(promotion.created()
                    ? "promoted " + promotion.version().promotedFrom() + " to " + promotion.version().id()
                    : promotion.version().id() + " already holds " + (promotion.version().promotedFrom().isEmpty()
                    ? "that content" : promotion.version().promotedFrom()) + "; nothing promoted");
        } catch (RegistryException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoFailureException("cannot read the deployment records: " + e.getMessage());
        }
    }
}
