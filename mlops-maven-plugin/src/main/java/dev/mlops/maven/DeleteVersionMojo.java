package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.platform.LocalPlatform;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.naming.Environment;
import java.io.Console;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes one version of a model, named by {@code -Dmodel}, {@code -Denv} and {@code -Dversion}. Shows what will be
 * deleted and asks; in batch mode ({@code mvn -B}, CI) it needs {@code -Dmlops.confirm}. A version that a
 * deployment runs is never deleted.
 */
@Mojo(name = "delete-version", requiresProject = false, threadSafe = true)
public class DeleteVersionMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.delete-version.skip", defaultValue = "false")
    private boolean skipDeleteVersion;

    /**
     * The version to delete; required.
     *
     * @since 0.1.0
     */
    @Parameter(property = "version")
    private Integer version;

    /**
     * Delete without asking; required in batch mode.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.confirm", defaultValue = "false")
    private boolean confirm;

    @Inject
    public DeleteVersionMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("delete-version", skipDeleteVersion)) {
            return;
        }
        chooseModel();
        if (env == null || version == null) {
            throw new MojoFailureException("name the version to delete in full: -Dmodel=" + model
                    + " -Denv=<dev|test|prod> -Dversion=<number>");
        }
        Environment environment = environment(Environment.DEV);
        try {
            ArtifactVersion doomed = manager().find(model, environment, requestedVersion(version).getAsInt());
            getLog().info("to delete: " + doomed.id() + " (" + doomed.fileCount() + " files, " + doomed.size()
                    + " bytes, created " + doomed.createdTime() + " by " + doomed.uploader()
                    + (doomed.promotedFrom().isEmpty() ? "" : ", promoted from " + doomed.promotedFrom()) + ")");
            if (!confirm && !askedAndAgreed(doomed)) {
                return;
            }
            manager().delete(model, environment, version,
                    new LocalPlatform(mlopsHome().folder().resolve("local"), hostClassPath(), 0));
            getLog().info("deleted " + doomed.id());
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }

    private boolean askedAndAgreed(ArtifactVersion doomed) throws MojoFailureException {
        if (!interactive()) {
            throw new MojoFailureException("mlops:delete-version cannot ask in batch mode (-B or CI); pass"
                    + " -Dmlops.confirm to delete " + doomed.id());
        }
        Console console = System.console();
        String answer = console.readLine("Delete %s? This cannot be undone. [y/N] ", doomed.id());
        if (answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            return true;
        }
        getLog().info("nothing deleted");
        return false;
    }
}
