package dev.mlops.maven;

import dev.mlops.core.naming.Alias;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import dev.mlops.core.platform.DeploymentRecord;
import dev.mlops.core.platform.LocalPlatform;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Writes the model report into {@code target/mlops-report/}: the versions of the settings' models per environment
 * (metadata, uploader, where each was promoted from, which one each alias serves), the deployment ledger as a
 * timeline (what each alias served, when, who moved it, rollbacks with their reason), and the latest drift reports
 * of {@code mlops:drift}. Plain HTML pages that fetch nothing.
 */
@Mojo(name = "report", requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractRegistryMojo {

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

    @Inject
    public ReportMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoFailureException {
        if (skipped("report", skipReport)) {
            return;
        }
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
        LocalPlatform platform = localPlatform(port);
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
            Path index = new ModelReport(versions, ledger, drift).write(outputDirectory.toPath());
            getLog().info("model report of " + String.join(", ", models) + ": " + versions.size() + " version(s), "
                    + ledger.values().stream().mapToInt(List::size).sum() + " ledger record(s), " + drift.size()
                    + " drift report(s); open " + index);
        } catch (IOException e) {
            throw new MojoFailureException("cannot write the model report into " + outputDirectory + ": "
                    + e.getMessage(), e);
        }
    }
}
