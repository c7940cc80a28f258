package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.HistoryEntry;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.registry.VersionsReport;
import dev.mlops.core.naming.Environment;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows the versions in the Model Manager, filtered by {@code -Dmodel}, {@code -Denv} and metadata
 * ({@code -Dmlops.metadata.<key>=<value>}), as a table in the log or, with {@code -Dmlops.format=json}, as JSON on
 * standard output ({@code mvn -q mlops:versions -Dmlops.format=json > versions.json}).
 */
@Mojo(name = "versions", requiresProject = false, threadSafe = true)
public class VersionsMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.versions.skip", defaultValue = "false")
    private boolean skipVersions;

    /**
     * With {@code -Dmodel} and {@code -Denv}: a version whose history (later promotions of the content it holds, with their metadata) is shown too.
     *
     * @since 0.1.0
     */
    @Parameter(property = "version")
    private Integer version;

    /**
     * The overview's form: {@code table} or {@code json}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.format", defaultValue = "table")
    private String format;

    @Inject
    public VersionsMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("versions", skipVersions)) {
            return;
        }
        if (model != null || version != null) {
            chooseModel();
        }
        Optional<Environment> environment = env == null && System.getenv("MODEL_ENV") == null ? Optional.empty()
                : Optional.of(environment(Environment.DEV));
        List<ArtifactVersion> versions;
        try {
            ModelManager manager = manager();
            versions = manager.overview(Optional.ofNullable(model), environment, metadata());
            for (String damage : manager.damaged(Optional.ofNullable(model), environment)) {
                getLog().warn("damaged: " + damage);
            }
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
        switch (format) {
            case "json" -> System.out.println(VersionsReport.json(versions));
            case "table" -> {
                if (versions.isEmpty()) {
                    getLog().info("no versions" + (model == null ? "" : " of " + model) + " in "
                            + manager().describe());
                } else {
                    VersionsReport.table(versions).forEach(getLog()::info);
                }
                if (version != null && environment.isPresent()) {
                    history(environment.get());
                }
            }
            default -> throw new MojoFailureException("mlops.format '" + format + "' is not table or json");
        }
    }

    /** With {@code -Dversion}: the promotions of content the version held already, with their metadata. */
    private void history(Environment environment) throws MojoFailureException {
        try {
            for (HistoryEntry entry : manager().history(model, environment, requestedVersion(version).getAsInt())) {
                getLog().info(model + "/" + environment + "/" + version + " promoted again from "
                        + entry.promotedFrom() + " by " + entry.by() + " at " + entry.at() + ", metadata "
                        + new java.util.TreeMap<>(entry.metadata()));
            }
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }
}
