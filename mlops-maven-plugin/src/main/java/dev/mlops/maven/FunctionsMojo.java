package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.platform.DeploymentPlatform;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lists the services deployed on the local platform, aliases with what they point to, filtered by {@code -Denv},
 * {@code -Dmodel} and {@code -Dmlops.tag=key=value}.
 * In a multi-module build it runs once, not once per module.
 */
@Mojo(name = "functions", requiresProject = false, aggregator = true, threadSafe = true)
public class FunctionsMojo extends AbstractPlatformMojo {

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
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("functions")) {
            return;
        }
        List<String> filters = new ArrayList<>();
        if (env != null) {
            filters.add("env=" + environment(null));
        }
        if (model != null) {
            filters.add("model=" + URLEncoder.encode(model, StandardCharsets.UTF_8));
        }
        if (tag != null) {
            filters.add("tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8));
        }
        DeploymentPlatform platform = platform();
        Optional<List<String>> functions;
        try {
            functions = platform.functionsTable(String.join("&", filters));
        } catch (IOException e) {
            throw new MojoExecutionException("cannot ask the " + platform.name() + " platform: " + e.getMessage(), e);
        }
        if (functions.isEmpty()) {
            getLog().info("nothing serves on the " + platform.name() + " platform; mvn mlops:deploy starts it");
            return;
        }
        functions.get().forEach(getLog()::info);
    }
}
