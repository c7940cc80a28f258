package dev.mlops.maven;

import dev.mlops.core.registry.Promotion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.Environment;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Promotes a version of a model {@code dev → test} ({@code -Denv=test}, the default) or {@code test → prod}
 * ({@code -Denv=prod}): the latest of the source environment, or {@code -Dversion}. The new version records where it
 * came from and shares its content; promoting what is already there does nothing and says so.
 */
@Mojo(name = "promote", threadSafe = true)
public class PromoteMojo extends AbstractRegistryMojo {

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("promote")) {
            return;
        }
        chooseModel();
        Environment target = environment(Environment.TEST);
        try {
            Promotion promotion = manager().promote(model, target, requestedVersion());
            getLog().info(promotion.created()
                    ? "promoted " + promotion.version().promotedFrom() + " to " + promotion.version().id()
                    : promotion.version().id() + " already holds " + (promotion.version().promotedFrom().isEmpty()
                    ? "that content" : promotion.version().promotedFrom()) + "; nothing promoted");
        } catch (RegistryException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }
}
