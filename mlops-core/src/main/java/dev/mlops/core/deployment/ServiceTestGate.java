package dev.mlops.core.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.bundle.BuiltBundle;
import dev.mlops.core.deployment.DeploymentException.Fix;
import dev.mlops.core.naming.Service;
import dev.mlops.core.servicetest.ServiceTest;
import dev.mlops.core.servicetest.ServiceTestCase;
import dev.mlops.core.servicetest.ServiceTestException;
import dev.mlops.core.servicetest.ServiceTestFile;
import dev.mlops.core.servicetest.ServiceTestPasses;
import dev.mlops.core.servicetest.ServiceTestReport;
import dev.mlops.core.servicetest.ServiceTestResult;
import dev.mlops.core.settings.ModelSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gate before a deployment: the bundle is served by a function host of its own and every request of the model's
 * {@code test_file} must meet its expectation. A bundle that passed earlier in the build is not tested again.
 */
final class ServiceTestGate {

    private final List<Path> hostClassPath;
    private final Path work;
    private final ServiceTestPasses passes;
    private final Consumer<String> log;

    ServiceTestGate(List<Path> hostClassPath, Path work, ServiceTestPasses passes, Consumer<String> log) {
        this.hostClassPath = hostClassPath;
        this.work = work;
        this.passes = passes;
        this.log = log;
    }

    /**
     * @return the {@code data} of the test file's first request, for the smoke calls; empty when there is no test
     * @throws DeploymentException when a request fails its expectation, showing request, expectation and answer
     */
    Optional<JsonNode> pass(ModelSettings model, BuiltBundle bundle)
            throws DeploymentException, ServiceTestException, IOException {
        String name = model.modelName();
        String id = bundle.id().toString();
        if (bundle.id().service() != Service.PREDICTION || model.testFile().isEmpty()) {
            log.accept(name + ": no service test for " + id + (model.testFile().isEmpty() ? " (test_file: null)"
                    : ""));
            return Optional.empty();
        }
        Path testFile = model.testFile().get();
        List<ServiceTestCase> cases = ServiceTestFile.read(testFile);
        Optional<JsonNode> smoke = cases.isEmpty() ? Optional.empty()
                : Optional.ofNullable(cases.get(0).request().get("data"));
        if (passes.passed(id, bundle.file(), testFile)) {
            log.accept(name + ": service test of " + id + " passed earlier in this build; not run again");
            return smoke;
        }
        ServiceTest.Suite suite = new ServiceTest.Suite(id, bundle.file(), cases);
        List<ServiceTestResult> results = ServiceTest.run(hostClassPath, work.resolve("service-test").resolve(id),
                List.of(suite), Duration.ofSeconds(60)).get(id);
        ServiceTestReport.write(work.resolve("service-test-reports").resolve("TEST-" + id + ".xml"), id, results);
        for (ServiceTestResult result : results) {
            if (result.failure().isPresent()) {
                throw new DeploymentException(name, "the service test of " + id + " failed at "
                        + result.testCase().name() + ": " + result.failure().get() + "\n"
                        + ServiceTestReport.describe(result) + "\nnothing was deployed", Fix.NONE);
            }
        }
        passes.record(id, bundle.file(), testFile);
        log.accept(name + ": service test of " + id + " passed (" + results.size() + " requests)");
        return smoke;
    }
}
