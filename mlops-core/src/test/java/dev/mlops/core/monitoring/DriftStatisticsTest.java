package dev.mlops.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.settings.DriftTest;
import dev.mlops.core.settings.MonitoringSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drift statistics against SciPy itself: {@code scipy_drift.py} (beside the fixtures) computes each figure with
 * {@code ks_2samp}, {@code chisquare}, {@code wasserstein_distance}, {@code jensenshannon} and {@code norm}, applied
 * as Evidently applies them, and mlops's must agree to 1e-9, p-values to 1e-6. {@code .ci/run} installs Debian's
 * {@code python3-scipy}; without it this test fails rather than pass unchecked.
 */
class DriftStatisticsTest {

    private static final double STATISTIC = 1e-9;
    private static final double P_VALUE = 1e-6;
    private static Path fixtures;
    private static JsonNode scipy;

    @BeforeAll
    static void runScipy() throws IOException, InterruptedException, URISyntaxException {
        fixtures = Path.of(DriftStatisticsTest.class.getResource("/drift/scipy_drift.py").toURI()).getParent();
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process process = new ProcessBuilder(python, fixtures.resolve("scipy_drift.py").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("python3 with SciPy (Debian's python3-scipy) ran the reference script:"
                + " " + new String(out, StandardCharsets.UTF_8)).isZero();
        scipy = new ObjectMapper().readTree(out);
        System.out.println("compared with SciPy " + scipy.get("scipy").asText());
    }

    private static List<Object> values(String file, boolean numeric) throws IOException {
        return Files.readAllLines(fixtures.resolve(file)).stream().filter(line -> !line.isBlank())
                .map(line -> numeric ? (Object) Double.parseDouble(line.strip()) : line.strip()).toList();
    }

    private static void numericPair(String pair, String a, String b) throws IOException {
        JsonNode expected = scipy.get("pairs").get(pair);
        List<Object> ref = values(a, true);
        List<Object> cur = values(b, true);
        double[] r = ColumnDrift.numbers(ref);
        double[] c = ColumnDrift.numbers(cur);
        Statistics.Result ks = Statistics.kolmogorovSmirnov(r, c);
        assertThat(ks.statistic()).as(pair + " KS statistic")
                .isCloseTo(expected.get("ks_statistic").asDouble(), within(STATISTIC));
        assertThat(ks.pValue()).as(pair + " KS p-value")
                .isCloseTo(expected.get("ks_p_value").asDouble(), within(P_VALUE));
        // Relative too: a small p-value is a sum of small terms, not 1 minus a number near 1.
        assertThat(ks.pValue()).as(pair + " KS p-value, relative")
                .isCloseTo(expected.get("ks_p_value").asDouble(), org.assertj.core.data.Percentage.withPercentage(1e-4));
        assertThat(Statistics.wasserstein(r, c)).as(pair + " Wasserstein")
                .isCloseTo(expected.get("wasserstein").asDouble(), within(STATISTIC));
        assertThat(Statistics.standardDeviation(r)).as(pair + " standard deviation")
                .isCloseTo(expected.get("reference_std").asDouble(), within(STATISTIC));
        double[][] shares = ColumnDrift.binned(ref, cur, true, false);
        assertThat(Statistics.jensenShannon(shares[0], shares[1])).as(pair + " Jensen-Shannon")
                .isCloseTo(expected.get("jensen_shannon").asDouble(), within(STATISTIC));
        double[][] filled = ColumnDrift.binned(ref, cur, true, true);
        assertThat(Statistics.populationStability(filled[0], filled[1])).as(pair + " PSI")
                .isCloseTo(expected.get("psi").asDouble(), within(STATISTIC));
        ColumnDrift wasserstein = ColumnDrift.compare(pair, ref, cur, chosen(DriftTest.WASSERSTEIN));
        assertThat(wasserstein.statistic()).isCloseTo(expected.get("wasserstein").asDouble()
                / Math.max(expected.get("reference_std").asDouble(), 0.001), within(STATISTIC));
    }

    private static Optional<MonitoringSettings.ColumnTest> chosen(DriftTest test) {
        return Optional.of(new MonitoringSettings.ColumnTest(Optional.of(test), OptionalDouble.empty()));
    }

    @Test
    void shiftedNormalSamplesOfDifferentSizes() throws IOException {
        numericPair("normal", "normal-300.txt", "normal-shifted-250.txt");
    }

    @Test
    void samplesWithTiesOfEqualSize() throws IOException {
        numericPair("ties", "ties-200.txt", "ties-200-b.txt");
    }

    @Test
    void samplesFromOneDistribution() throws IOException {
        numericPair("same", "same-400.txt", "same-350.txt");
    }

    @Test
    void largerSkewedSamples() throws IOException {
        numericPair("gamma", "gamma-1500.txt", "gamma-1200-wider.txt");
    }

    @Test
    void samplesNearTheExactMethodsLimit() throws IOException {
        numericPair("uniform", "uniform-9000.txt", "uniform-7000.txt");
    }

    @Test
    void categoriesByChiSquaredAndJensenShannon() throws IOException {
        JsonNode expected = scipy.get("pairs").get("colours");
        List<Object> ref = values("colours-800.txt", false);
        List<Object> cur = values("colours-600.txt", false);
        ColumnDrift chi2 = ColumnDrift.compare("colour", ref, cur, Optional.empty());
        assertThat(chi2.test()).isEqualTo(DriftTest.CHI2);
        assertThat(chi2.statistic()).isCloseTo(expected.get("chi2_statistic").asDouble(), within(STATISTIC));
        assertThat(chi2.pValue().orElseThrow()).isCloseTo(expected.get("chi2_p_value").asDouble(), within(P_VALUE));
        ColumnDrift js = ColumnDrift.compare("colour", ref, cur, chosen(DriftTest.JENSEN_SHANNON));
        assertThat(js.statistic()).isCloseTo(expected.get("jensen_shannon").asDouble(), within(STATISTIC));
        assertThat(js.pValue()).isEmpty();
    }

    @Test
    void twoValuesByTheZTest() throws IOException {
        JsonNode expected = scipy.get("pairs").get("binary");
        ColumnDrift z = ColumnDrift.compare("answer", values("binary-500.txt", false),
                values("binary-450.txt", false), Optional.empty());
        assertThat(z.test()).isEqualTo(DriftTest.Z);
        assertThat(z.statistic()).isCloseTo(expected.get("z_statistic").asDouble(), within(STATISTIC));
        assertThat(z.pValue().orElseThrow()).isCloseTo(expected.get("z_p_value").asDouble(), within(P_VALUE));
        assertThat(expected.get("chi2_p_value").asDouble()).isPositive();
    }
}
