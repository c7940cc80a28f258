package dev.mlops.maven;

import javax.inject.Inject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import dev.mlops.core.bundle.GitCommit;
import dev.mlops.core.naming.Service;
import dev.mlops.core.files.Folders;
import dev.mlops.core.deployment.Deployment;
import dev.mlops.core.deployment.DeploymentException;
import dev.mlops.core.deployment.DeploymentPlan;
import dev.mlops.core.servicetest.ServiceTest;
import dev.mlops.core.servicetest.ServiceTestException;
import dev.mlops.core.servicetest.ServiceTestFile;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.servicetest.ServiceTestReport;
import dev.mlops.core.servicetest.ServiceTestResult;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * The service test: builds, for every model with a {@code test_file} (or {@code -Dmodel}), the prediction bundle
 * that {@code mlops:deploy} would deploy to the environment ({@code -Denv}, else {@code MODEL_ENV}, else {@code dev}:
 * the local {@code artifact_folder}; {@code test} and {@code prod}: the Model Manager's version), serves them with
 * the real function host in a separate JVM, sends each request of the test file over HTTP and checks its
 * expectation ({@code {"status": "ok"}} when none is given). Writes a JUnit XML report per function under
 * {@code target/mlops-service-test/}; a failing request fails the build and shows the request, the expectation and
 * the answer. A later {@code mlops:deploy} in the same build deploys the same bundle without testing it again.
 */
@Mojo(name = "service-test", defaultPhase = LifecyclePhase.INTEGRATION_TEST,
        requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public class ServiceTestMojo extends AbstractStoreMojo {

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.service-test.skip", defaultValue = "false")
    private boolean skipServiceTest;

    /**
     * Where the JUnit XML reports are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.reportsDirectory", defaultValue = "${project.build.directory}/mlops-service-test")
    private File reportsDirectory;

    /**
     * Seconds one request may take.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mlops.callTimeout", defaultValue = "60")
    private int callTimeout;

    /**
     * Skips the service test, as {@code -DskipTests} and {@code -DskipITs} do too.
     *
     * @since 0.1.0
     */
    @Parameter(property = "skipITs", defaultValue = "${skipTests}")
    private boolean skipITs;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String mlopsVersion;

    @Inject
    public ServiceTestMojo(SettingsDecrypter decrypter) {
        super(decrypter);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped("service-test", skipServiceTest)) {
            return;
        }
        if (skipITs) {
            getLog().info("mlops:service-test skipped (skipTests or skipITs)");
            return;
        }
        Settings settings = readSettings();
        Environment environment = environment(Environment.DEV);
        Path work = reportsDirectory.toPath().resolveSibling("mlops").resolve("service-test");
        Deployment deployment = deployment(0);
        DeploymentPlan plan = new DeploymentPlan(settings.models(), Optional.ofNullable(model), environment,
                List.of(Service.PREDICTION), modelClassPath(), GitCommit.of(project.getBasedir().toPath(),
                System.getenv()), who(), mlopsVersion, buildTime(), OptionalInt.empty(), false, false, false);
        try {
            Folders.delete(work);
            List<ServiceTest.Suite> suites = new ArrayList<>();
            Map<String, Path> testFiles = new LinkedHashMap<>();
            for (Deployment.TestTarget target : deployment.serviceTestTargets(plan)) {
                String id = target.bundle().id().toString();
                Path testFile = target.model().testFile().orElseThrow();
                suites.add(new ServiceTest.Suite(id, target.bundle().file(), ServiceTestFile.read(testFile)));
                testFiles.put(id, testFile);
            }
            if (suites.isEmpty()) {
                return;
            }
            Map<String, List<ServiceTestResult>> results = ServiceTest.run(hostClassPath(), work.resolve("host"),
                    suites, Duration.ofSeconds(callTimeout));
            report(results);
            ServiceTestPasses passes = serviceTestPasses();
            for (ServiceTest.Suite suite : suites) {
                passes.record(suite.externalId(), suite.bundle(), testFiles.get(suite.externalId()));
            }
        } catch (DeploymentException e) {
            throw HelpfulSuggestions.failure(e);
        } catch (ServiceTestException e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw new MojoExecutionException("the service test failed to run: " + e.getMessage(), e);
        }
    }

    private void report(Map<String, List<ServiceTestResult>> results) throws IOException, MojoFailureException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<ServiceTestResult>> function : results.entrySet()) {
            ServiceTestReport.write(reportsDirectory.toPath().resolve("TEST-" + function.getKey() + ".xml"),
                    function.getKey(), function.getValue());
            for (ServiceTestResult result : function.getValue()) {
                String line = function.getKey() + ", " + result.testCase().name();
                if (result.failure().isEmpty()) {
                    getLog().info(line + ": ok (" + String.format("%.1f", result.millis()) + " ms)");
                } else {
                    failures.add(line + ": " + result.failure().get() + "\n" + ServiceTestReport.describe(result));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new MojoFailureException("service test failed (reports in " + reportsDirectory + "):\n"
                    + String.join("\n", failures));
        }
    }
}
