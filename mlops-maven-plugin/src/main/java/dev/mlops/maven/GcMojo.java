package dev.mlops.maven;

import dev.mlops.core.registry.GarbageReport;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.registry.RegistryException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Removes from the Model Manager's store what no version of any dataset uses: content left by deleted versions,
 * and uploads that never finished (a process killed mid-upload; on S3, its multipart uploads). Only what is older
 * than the grace period goes, so uploads running now are safe. {@code -Dmlops.dryRun} tells what would go.
 *
 * @since 0.1.0
 */
@Mojo(name = "gc", requiresProject = false, threadSafe = true)
public class GcMojo extends AbstractStoreMojo {

    /**
     * How long unreferenced content and unfinished uploads are kept, as an ISO-8601 duration ({@code P1D},
     * {@code PT6H}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.gc.grace", defaultValue = "P1D")
    private String grace;

    /**
     * Only tell what would be removed.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.dryRun", defaultValue = "false")
    private boolean dryRun;

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.gc.skip", defaultValue = "false")
    private boolean skipGc;

    @Inject
    public GcMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("gc", skipGc)) {
            return;
        }
        Duration period;
        try {
            period = Duration.parse(grace.strip());
        } catch (DateTimeParseException e) {
            throw new MojoFailureException("mlops.gc.grace '" + grace + "' is not an ISO-8601 duration; give one such"
                    + " as P1D (a day) or PT6H (six hours)");
        }
        // Collection spans every dataset of the store; the manager's own dataset plays no part.
        ModelManager manager = new ModelManager(artifactStore(), "mlops", Clock.systemUTC(), who());
        try {
            GarbageReport report = manager.collectGarbage(period, dryRun);
            String verb = dryRun ? "would remove" : "removed";
            getLog().info("mlops:gc " + verb + " " + report.blobs() + " unreferenced content "
                    + (report.blobs() == 1 ? "file" : "files") + " (" + report.bytes() + " bytes) and "
                    + report.abandonedUploads() + " unfinished " + (report.abandonedUploads() == 1 ? "upload"
                    : "uploads") + " older than " + period + " from " + manager.describe().replaceFirst(
                    " \\(dataset [^)]*\\)$", "") + (dryRun ? " (dry run: nothing was removed)" : ""));
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
    }
}
