package dev.mlops.maven;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.monitoring.ColumnDrift;
import dev.mlops.core.monitoring.DriftException;
import dev.mlops.core.monitoring.DriftReport;
import dev.mlops.core.monitoring.LogTarget;
import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.MonitoringSettings;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.Progress;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Compares the inputs the version an environment serves was called with (the prediction log, see
 * {@code monitoring.sample_rate}) with the data it was trained on ({@code monitoring.reference}, inside its
 * artifact), column by column as Evidently does, and writes {@code <model>-<env>.json} and an HTML report with a
 * histogram per column into {@code target/mlops-drift/}. With {@code -Dmlops.drift.failOnDrift} the build fails when
 * the dataset drifted (at least half its columns did), for a scheduled CI job.
 */
@Mojo(name = "drift", requiresProject = false, threadSafe = true)
public class DriftMojo extends AbstractRegistryMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.drift.skip", defaultValue = "false")
    private boolean skipDrift;

    /**
     * Compare calls from this time on: an ISO-8601 instant ({@code 2026-12-01T00:00:00Z}) or a duration back from
     * now ({@code P7D}, {@code PT12H}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.since", defaultValue = "P7D")
    private String since;

    /**
     * Compare calls before this time: an ISO-8601 instant, or a duration back from now; default: now.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.until")
    private String until;

    /**
     * Fail the build when the dataset drifted.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.drift.failOnDrift", defaultValue = "false")
    private boolean failOnDrift;

    /**
     * Where the reports go.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.drift.outputDirectory", defaultValue = "${project.build.directory}/mlops-drift")
    private File outputDirectory;

    /**
     * The port of the local platform's function host; the platform says which version an environment serves.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    private int port;


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
    public DriftMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("drift", skipDrift)) {
            return;
        }
        chooseModel();
        ModelSettings settings = modelSettings.orElseThrow(() -> new MojoFailureException("mlops:drift needs the"
                + " model's settings (its monitoring.reference); run it in the model's project, or pass"
                + " -Dmlops.settingsFile"));
        MonitoringSettings monitoring = settings.monitoring();
        String reference = monitoring.reference().orElseThrow(() -> new MojoFailureException("model " + model
                + " has no monitoring.reference in " + settingsFile.getName() + "; name the CSV or JSON Lines file"
                + " of training data inside artifact_folder, such as monitoring: {reference: reference.csv}"));
        if (env == null && System.getenv("MODEL_ENV") == null) {
            throw new MojoFailureException("which environment? pass -Denv=test or -Denv=prod");
        }
        Environment environment = environment(Environment.PROD);
        Instant now = Instant.now();
        Instant from = instant(since, now, "-Dmlops.since");
        Instant to = until == null || until.isBlank() ? now : instant(until, now, "-Dmlops.until");
        if (!from.isBefore(to)) {
            throw new MojoFailureException("-Dmlops.since (" + from + ") must be before -Dmlops.until (" + to + ")");
        }
        Alias alias = new Alias(model, Service.PREDICTION, environment);
        ExternalId served;
        Optional<BundleDescriptor> descriptor;
        try {
            DeploymentPlatform platform = platform(this.platform, kubeNamespace, kubeContext, kubeConfig, port);
            served = platform.target(alias).orElseThrow(() -> new MojoFailureException(alias
                    + " is not deployed, so no version of " + model + " serves " + environment + "; deploy it with"
                    + " mvn mlops:deploy -Denv=" + environment.id()));
            descriptor = platform.deployed(served);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
        int version = served.version();
        BundleDescriptor.Monitoring logged = descriptor.map(BundleDescriptor::monitoring).orElse(null);
        if (descriptor.isPresent() && logged == null) {
            throw new MojoFailureException(served + " was deployed without monitoring.sample_rate, so the host logs"
                    + " none of its calls; set monitoring.sample_rate (such as 0.1) in " + settingsFile.getName()
                    + " and deploy again");
        }
        Path artifact = artifact(settings, environment, version);
        // The log is in the store the version was deployed from, whichever store this goal names.
        ArtifactStore store = logged == null ? artifactStore() : artifactStore(logged.store());
        LogTarget target = new LogTarget(store.address().toString(), logged == null ? settings.dataset()
                : logged.dataset(), model, environment.id(), version, 1);
        DriftReport report;
        try {
            report = DriftReport.compute(store, target, artifact.resolve(reference), monitoring, from, to);
        } catch (DriftException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoFailureException("cannot make the drift report of " + model + "/" + environment.id() + "/"
                    + version + ": " + e.getMessage(), e);
        }
        Path json;
        try {
            json = report.write(outputDirectory.toPath());
        } catch (IOException e) {
            throw new MojoFailureException("cannot write the drift report into " + outputDirectory + ": "
                    + e.getMessage(), e);
        }
        getLog().info(model + "/" + environment.id() + "/" + version + ": " + report.currentRows() + " rows from "
                + report.calls() + " logged calls since " + from + " against " + report.referenceRows()
                + " reference rows");
        for (ColumnDrift column : report.columns()) {
            getLog().info(String.format(Locale.ROOT, "  %-20s %-15s statistic %.4g%s, threshold %s: %s",
                    column.name(), column.test().id(), column.statistic(),
                    column.pValue().map(p -> String.format(Locale.ROOT, ", p-value %.4g", p)).orElse(""),
                    column.threshold(), column.drift() ? "DRIFT" : "no drift"));
        }
        if (!report.notCompared().isEmpty()) {
            getLog().warn("not compared, the logged calls never gave them: " + String.join(", ",
                    report.notCompared()));
        }
        String summary = String.format(Locale.ROOT, "%s of %d columns drifted (share %.2f): %s; report %s and %s",
                report.drifted().size(), report.columns().size(), report.driftShare(),
                report.datasetDrift() ? "dataset drift" : "no dataset drift", json,
                json.resolveSibling(model + "-" + environment.id() + ".html"));
        if (report.datasetDrift() && failOnDrift) {
            throw new MojoFailureException("dataset drift in " + model + "/" + environment.id() + "/" + version
                    + ": " + String.join(", ", report.drifted()) + " drifted; " + summary);
        }
        if (report.datasetDrift()) {
            getLog().warn(summary);
        } else {
            getLog().info(summary);
        }
    }

    /** The version's artifact: in dev the local artifact folder (dev deploys it as version 1), else downloaded. */
    private Path artifact(ModelSettings settings, Environment environment, int version) throws MojoFailureException {
        if (environment == Environment.DEV) {
            return settings.artifactFolder().orElseThrow();
        }
        Path target = outputDirectory.toPath().resolve("artifacts").resolve(model + "-" + environment.id() + "-"
                + version);
        try {
            manager().download(model, environment, OptionalInt.of(version), target, true, Progress.NONE);
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        }
        return target;
    }

    private static Instant instant(String text, Instant now, String flag) throws MojoFailureException {
        String given = text.strip();
        try {
            if (given.startsWith("P") || given.startsWith("p") || given.startsWith("-P")) {
                Duration back = Duration.parse(given.startsWith("-") ? given.substring(1) : given);
                if (back.isNegative()) {
                    throw new MojoFailureException(flag + "=" + text + " is a negative duration; give how far back,"
                            + " such as P7D");
                }
                return now.minus(back);
            }
            return Instant.parse(given);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new MojoFailureException(flag + "=" + text + " is neither an ISO-8601 instant"
                    + " (2026-12-01T00:00:00Z) nor a duration back from now (P7D, PT12H)");
        }
    }
}
