package dev.mlops.maven;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.DevelopmentBundles;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.settings.Settings;
import java.io.File;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Builds the {@code dev} bundle of every model in the settings: the project's jar and runtime dependencies, the
 * local {@code artifact_folder} as {@code <model>/dev/1}, and a descriptor, as one {@code <externalId>.bundle} file
 * per service. A function host serves a folder of such files. The same inputs give the same bytes.
 */
@Mojo(name = "bundle", defaultPhase = LifecyclePhase.PACKAGE, requiresDependencyResolution = ResolutionScope.RUNTIME,
        threadSafe = true)
public class BundleMojo extends AbstractSettingsMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.bundle.skip", defaultValue = "false")
    private boolean skipBundle;

    /**
     * Where the bundles are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.bundleDirectory", defaultValue = "${project.build.directory}/mlops/bundles")
    private File bundleDirectory;

    /**
     * The bundles' time, for reproducible builds; default: now. Takes the ISO-8601 form or seconds since the epoch,
     * as Maven's own {@code project.build.outputTimestamp} does.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.outputTimestamp", defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String mlopsVersion;

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("bundle", skipBundle)) {
            return;
        }
        Settings settings = readSettings();
        try {
            List<BundleDescriptor> written = DevelopmentBundles.write(settings, modelClassPath(),
                    bundleDirectory.toPath(), GitCommit.of(project.getBasedir().toPath(), System.getenv()),
                    createdTime(), mlopsVersion);
            for (BundleDescriptor bundle : written) {
                getLog().info(bundle.externalId() + ": " + bundleDirectory.toPath().resolve(bundle.externalId()
                        + ".bundle") + (bundle.artifactSha256().isEmpty() ? " (no artifact)"
                        : " (artifact " + bundle.modelId() + ", sha256 " + bundle.artifactSha256() + ")"));
            }
        } catch (BundleException e) {
            throw new MojoFailureException(HelpfulSuggestions.of(e));
        }
    }

    private Instant createdTime() throws MojoFailureException {
        if (outputTimestamp == null || outputTimestamp.isBlank() || outputTimestamp.length() < 2) {
            return Instant.now();
        }
        try {
            return outputTimestamp.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochSecond(Long.parseLong(outputTimestamp))
                    : OffsetDateTime.parse(outputTimestamp).toInstant();
        } catch (RuntimeException e) {
            throw new MojoFailureException("mlops.outputTimestamp '" + outputTimestamp + "' is neither ISO-8601"
                    + " (2026-11-22T10:00:00Z) nor seconds since the epoch");
        }
    }
}
