package dev.mlops.maven;

import dev.mlops.core.client.FunctionFilter;
import dev.mlops.core.client.FunctionStatus;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.NotServingException;
import dev.mlops.core.platform.PlatformException;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Lists the services deployed on the local platform, aliases with what they point to, filtered by {@code -Denv},
 * {@code -Dmodel} and {@code -Dmlops.tag=key=value}. In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "functions", requiresProject = false, aggregator = true, threadSafe = true)
public class FunctionsMojo extends AbstractPlatformMojo {

    private static final String ROW = "%-40s %-16s %-7s %s";

    /**
     * Only functions whose metadata has this pair ({@code key=value}) or key.
     */
    @Parameter(property = "mlops.tag")
    private String tag;

    @Inject
    public FunctionsMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("functions")) {
            return;
        }
        FunctionFilter filter = new FunctionFilter(env == null ? Optional.empty()
                : Optional.of(environment(null)), Optional.ofNullable(model), Optional.empty(),
                Optional.ofNullable(tag));
        DeploymentPlatform platform = platform();
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
