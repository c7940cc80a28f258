package dev.mlops.core.servicetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.bundle.BundleDescriptor;
import dev.mlops.core.naming.Service;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.json.Json;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class ServiceTestIT {

    private static final String MODEL = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Doubler implements PredictionModel<Map<String, List<Double>>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, List<Double>> data, Void state, Secrets secrets)
                        throws ModelException {
                    if (!data.containsKey("x")) throw new ModelException("x is missing");
                    return data.get("x").stream().map(v -> v * 2).toList();
                }
            }
            """;

    @TempDir
    Path folder;

    private Path testFile(String json) throws Exception {
        return Files.writeString(folder.resolve("service-test.json"), json);
    }

    @Test
    void aTestFileIsAListOfRequestsWithOptionalExpectations() throws Exception {
        List<ServiceTestCase> cases = ServiceTestFile.read(testFile("""
                [{"data": {"x": [1]}},
                 {"name": "no x", "data": {}, "expect": {"status": "error"}, "to_file": false}]
                """));

        assertThat(cases).extracting(ServiceTestCase::name).containsExactly("request 1", "no x");
        assertThat(cases.get(0).expect().toString()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(cases.get(1).request().toString()).isEqualTo("{\"data\":{},\"to_file\":false}");
    }

    @Test
    void aBrokenTestFileIsNamedWithWhatIsWrong() throws Exception {
        Path file = testFile("[{\"data\": 1}, {\"expect\": {}}]");
        assertThatThrownBy(() -> ServiceTestFile.read(file)).isInstanceOf(ServiceTestException.class)
                .hasMessage(file + ": request 2 needs \"data\": what the service is called with");
        Path notJson = testFile("[{\"data\": ");
        assertThatThrownBy(() -> ServiceTestFile.read(notJson)).hasMessageStartingWith(notJson + ": not valid JSON"
                + " at line 1, column 11: ");
        Path empty = testFile("[]");
        assertThatThrownBy(() -> ServiceTestFile.read(empty)).hasMessage(empty + ": a test file is a JSON list of"
                + " requests such as [{\"data\": {…}, \"expect\": {\"status\": \"ok\"}}]");
        assertThatThrownBy(() -> ServiceTestFile.read(folder.resolve("none.json")))
                .hasMessage(folder.resolve("none.json") + ": no such test file; create it or set test_file: null");
    }

    @Test
    void expectationsMatchFieldsAndCompareNumbersByValue() throws Exception {
        var expect = Json.DATA.readTree("{\"status\": \"ok\", \"prediction\": [2, 4.0]}");
        assertThat(ServiceTest.mismatch(expect, "{\"status\":\"ok\",\"prediction\":[2.0,4],\"model_id\":\"m/dev/1\"}"))
                .isEmpty();
        assertThat(ServiceTest.mismatch(expect, "{\"status\":\"error\",\"error_message\":\"boom\"}"))
                .contains("status is \"error\", expected \"ok\"; prediction is missing (expected [2,4.0])");
        assertThat(ServiceTest.mismatch(expect, "<html>")).contains("the answer is not JSON");
    }

    @Test
    void theRealHostAnswersEachRequestAndTheReportShowsIt() throws Exception {
        TestModels models = new TestModels(folder);
        Path jar = models.jar("doubler", Map.of("com.example.Doubler", MODEL));
        ModelSettings settings = models.settings("doubler", "com.example.Doubler", "null", "");
        BundleDescriptor bundle = models.bundle(settings, Service.PREDICTION, 1, List.of(jar),
                Files.createDirectories(folder.resolve("bundles")));
        List<ServiceTestCase> cases = ServiceTestFile.read(testFile("""
                [{"data": {"x": [1, 2.5]}, "expect": {"status": "ok", "prediction": [2, 5]}},
                 {"name": "without x", "data": {}, "expect": {"status": "error", "error_message": "x is missing"}},
                 {"name": "wrong on purpose", "data": {"x": [1]}, "expect": {"prediction": [3]}}]
                """));
        List<Path> hostClassPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).toList();

        Map<String, List<ServiceTestResult>> results = ServiceTest.run(hostClassPath, folder.resolve("work"),
                List.of(new ServiceTest.Suite(bundle.externalId(),
                        folder.resolve("bundles/doubler-prediction-test-1.bundle"), cases)), Duration.ofSeconds(30));

        List<ServiceTestResult> doubler = results.get("doubler-prediction-test-1");
        assertThat(doubler).extracting(ServiceTestResult::failure)
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of("prediction is [2.0], expected [3]"));
        assertThat(doubler.get(2).status()).isEqualTo(200);
        assertThat(ServiceTestReport.describe(doubler.get(2))).isEqualTo("""
                request:  {"data":{"x":[1]}}
                expected: {"prediction":[3]}
                answer:   HTTP 200 {"status":"ok","prediction":[2.0],"model_id":"doubler/test/1"}""");

        Path report = folder.resolve("reports/TEST-doubler-prediction-test-1.xml");
        ServiceTestReport.write(report, "doubler-prediction-test-1", doubler);
        String xml = Files.readString(report);
        assertThat(xml).contains("<testsuite name=\"service-test.doubler-prediction-test-1\" tests=\"3\""
                + " failures=\"1\"").contains("<testcase classname=\"doubler-prediction-test-1\" name=\"without x\"")
                .contains("<failure message=\"prediction is [2.0], expected [3]\">");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains("FunctionHostCommand") && p.info().commandLine().orElse("").contains(folder.toString())))
                .as("the host is stopped").isEmpty();
    }
}
