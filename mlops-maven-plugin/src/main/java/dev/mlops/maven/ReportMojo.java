package dev.mlops.maven;

import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentPlatform;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.PlatformException;
import dev.mlops.core.registry.ArtifactVersion;
import dev.mlops.core.registry.RegistryException;
import dev.mlops.core.report.ModelReport;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.doxia.sink.Sink;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.MavenReport;
import org.apache.maven.reporting.MavenReportException;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Writes the model report into {@code target/mlops-report/}: the versions of the settings' models per environment
 * (metadata, uploader, where each was promoted from, which one each alias serves), the deployment ledger as a
 * timeline (what each alias served, when, who moved it, rollbacks with their reason), and the latest drift reports
 * of {@code mlops:drift}. Plain HTML pages that fetch nothing.
 *
 * <p>It is also a report of {@code mvn site}: named in the POM's {@code <reporting>}, it writes the same pages into
 * the site's {@code mlops-report/} folder and adds a "Model report" page to the site's project reports.
 */
@Mojo(name = "report", requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractRegistryMojo implements MavenReport {

    private static final String SITE_FOLDER = "mlops-report";

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.report.skip", defaultValue = "false")
    private boolean skipReport;

    /**
     * Where the report goes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.report.outputDirectory", defaultValue = "${project.build.directory}/mlops-report")
    private File outputDirectory;

    /**
     * Where {@code mlops:drift} wrote its reports.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.drift.outputDirectory", defaultValue = "${project.build.directory}/mlops-drift")
    private File driftDirectory;

    /**
     * The port of the local platform's function host; the platform keeps the ledger.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.port", defaultValue = "8080")
    private int port;

    /**
     * Where {@code mvn site} writes the site; the report's pages go into its {@code mlops-report/} folder.
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.reporting.outputDirectory}", readonly = true)
    private File siteOutputDirectory;

    private File reportOutputDirectory;


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
    public ReportMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("report", skipReport)) {
            return;
        }
        Written written = write(outputDirectory.toPath());
        getLog().info(written.summary() + "; open " + written.index());
    }

    /** What one run wrote: the pages' entry point and a line saying what they hold. */
    private record Written(Path index, String summary) {
    }

    private Written write(Path folder) throws MojoFailureException {
        List<String> models = new ArrayList<>();
        Map<String, String> datasets = new TreeMap<>();
        if (model != null && !model.isBlank() || !settingsFile.isFile()) {
            chooseModel();
            models.add(model);
            datasets.put(model, modelSettings.map(ModelSettings::dataset).orElse(dataset));
        } else {
            for (ModelSettings settings : readSettings().models()) {
                models.add(settings.modelName());
                datasets.put(settings.modelName(), settings.dataset());
            }
        }
        List<ArtifactVersion> versions = new ArrayList<>();
        Map<String, List<DeploymentRecord>> ledger = new TreeMap<>();
        DeploymentPlatform platform = platform(this.platform, kubeNamespace, kubeContext, kubeConfig, port);
        try {
            for (String name : models) {
                versions.addAll(manager(datasets.get(name)).overview(Optional.of(name), Optional.empty(), Map.of()));
                for (Service service : Service.values()) {
                    for (Environment environment : Environment.values()) {
                        Alias alias = new Alias(name, service, environment);
                        List<DeploymentRecord> records = platform.records(alias);
                        if (!records.isEmpty()) {
                            ledger.put(alias.toString(), records);
                        }
                    }
                }
            }
        } catch (RegistryException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (PlatformException e) {
            throw HelpfulSuggestions.failure(e);
        }
        List<Path> drift = new ArrayList<>();
        if (driftDirectory.isDirectory()) {
            try (Stream<Path> files = Files.list(driftDirectory.toPath())) {
                files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().forEach(drift::add);
            } catch (IOException e) {
                throw new MojoFailureException("cannot read " + driftDirectory + ": " + e.getMessage(), e);
            }
        }
        try {
            Path index = new ModelReport(versions, ledger, drift).write(folder);
            return new Written(index, "model report of " + String.join(", ", models) + ": " + versions.size()
                    + " version(s), " + ledger.values().stream().mapToInt(List::size).sum() + " ledger record(s), "
                    + drift.size() + " drift report(s)");
        } catch (IOException e) {
            throw new MojoFailureException("cannot write the model report into " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    // As a report of `mvn site`: the pages go into the site's folder under mlops-report/, and the site's own page
    // for the report (mlops.html, in the site's skin and menu) says what they hold and links to them.

    @Override
    public void generate(Sink sink, Locale locale) throws MavenReportException {
        Written written;
        try {
            written = write(siteDirectory().toPath().resolve(SITE_FOLDER));
        } catch (MojoFailureException e) {
            throw new MavenReportException(e.getMessage(), e);
        }
        getLog().info(written.summary() + " in the site");
        sink.head();
        sink.title();
        sink.text(getName(locale));
        sink.title_();
        sink.head_();
        sink.body();
        sink.section1();
        sink.sectionTitle1();
        sink.text(getName(locale));
        sink.sectionTitle1_();
        sink.paragraph();
        sink.text(written.summary() + ".");
        sink.paragraph_();
        sink.list();
        for (String[] page : new String[][] {{"index.html", "Versions per environment"},
                {"ledger.html", "Deployment ledger"}, {"drift.html", "Drift reports"}}) {
            sink.listItem();
            sink.link(SITE_FOLDER + "/" + page[0]);
            sink.text(page[1]);
            sink.link_();
            sink.listItem_();
        }
        sink.list_();
        sink.section1_();
        sink.body_();
        sink.flush();
        sink.close();
    }

    @Override
    public String getOutputName() {
        return "mlops";
    }

    @Override
    public String getCategoryName() {
        return CATEGORY_PROJECT_REPORTS;
    }

    @Override
    public String getName(Locale locale) {
        return "Model report";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The models' versions per environment, the deployment ledger and the latest drift reports.";
    }

    @Override
    public void setReportOutputDirectory(File directory) {
        this.reportOutputDirectory = directory;
    }

    @Override
    public File getReportOutputDirectory() {
        return siteDirectory();
    }

    private File siteDirectory() {
        return reportOutputDirectory != null ? reportOutputDirectory : siteOutputDirectory;
    }

    @Override
    public boolean isExternalReport() {
        return false;
    }

    /**
     * @return whether there is something to report: a settings file, or a model named on the command line
     */
    @Override
    public boolean canGenerateReport() {
        return !skip && !skipReport && (settingsFile.isFile() || model != null && !model.isBlank());
    }
}
