package dev.mlops.core.servicetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.core.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expectations that survive retraining: approximate numbers, lengths and types, beside exact values. */
class ExpectationTest {

    private static final String ANSWER = """
            {"status": "ok", "prediction": {"AC": [87.3, 105.2], "label": "sonic"}, "model_id": "m/dev/1"}""";

    private static Optional<String> mismatch(String expect) throws Exception {
        JsonNode expectation = Json.DATA.readTree(expect);
        Expectation.check(expectation, "service-test.json: request 1");
        return Expectation.mismatch(expectation, Json.DATA.readTree(ANSWER));
    }

    @Test
    void approximateNumbersPassWithinTheirToleranceAndFailOutsideIt() throws Exception {
        assertThat(mismatch("""
                {"status": "ok", "prediction": {"AC": {"approx": [87.1, 105.71], "tolerance": 0.6},
                 "label": "sonic"}}""")).isEmpty();
        assertThat(mismatch("""
                {"prediction": {"AC": {"approx": [87.1, 105.71], "relative": 0.01}, "label": {"type": "string"}}}"""))
                .isEmpty();
        assertThat(mismatch("""
                {"prediction": {"AC": {"approx": [87.1, 105.71], "tolerance": 0.3}, "label": "sonic"}}"""))
                .contains("prediction.AC[1] is 105.2, expected 105.71 ± 0.3");
        assertThat(mismatch("""
                {"prediction": {"AC": {"approx": [87.1, 105.71], "relative": 0.001}, "label": "sonic"}}"""))
                .contains("prediction.AC[0] is 87.3, expected 87.1 ± 0.1 %; prediction.AC[1] is 105.2, expected"
                        + " 105.71 ± 0.1 %");
        assertThat(mismatch("""
                {"prediction": {"AC": {"approx": [87.1], "tolerance": 1}, "label": "sonic"}}"""))
                .contains("prediction.AC is [87.3,105.2], expected a list of 1 number");
    }

    @Test
    void lengthsAndTypesCheckTheShapeOnly() throws Exception {
        assertThat(mismatch("""
                {"prediction": {"AC": {"length": 2}, "label": {"type": "string"}}, "model_id": {"type": "string"}}"""))
                .isEmpty();
        assertThat(mismatch("""
                {"prediction": {"AC": {"length": 3}, "label": {"type": "number"}}}"""))
                .contains("prediction.AC is [87.3,105.2], expected a list of 3; prediction.label is \"sonic\""
                        + " (string), expected a number");
    }

    @Test
    void anObjectWithAMatcherInsideHasExactlyTheFieldsItNames() throws Exception {
        assertThat(mismatch("""
                {"prediction": {"AC": {"length": 2}}}"""))
                .contains("prediction.label is not expected (it is \"sonic\")");
        assertThat(mismatch("""
                {"prediction": {"AC": {"length": 2}, "label": "sonic", "depth": {"type": "number"}}}"""))
                .contains("prediction.depth is missing (expected {\"type\":\"number\"})");
    }

    @Test
    void exactValuesCompareAsBeforeNumbersByValue() throws Exception {
        assertThat(mismatch("""
                {"status": "ok", "prediction": {"AC": [87.30, 105.2], "label": "sonic"}}""")).isEmpty();
        assertThat(mismatch("""
                {"status": "error"}""")).contains("status is \"ok\", expected \"error\"");
    }

    @Test
    void aMatcherThatIsNotOneIsRefusedWhenTheFileIsRead() {
        assertThatThrownBy(() -> mismatch("""
                {"prediction": {"AC": {"approx": [87.1, 105.71]}}}""")).isInstanceOf(ServiceTestException.class)
                .hasMessage("service-test.json: request 1: the matcher of prediction.AC needs one of \"tolerance\""
                        + " (an absolute distance) or \"relative\" (a fraction of the expected value), a number of 0"
                        + " or more");
        assertThatThrownBy(() -> mismatch("""
                {"prediction": {"AC": {"approx": "87", "tolerance": 1}}}"""))
                .hasMessage("service-test.json: request 1: the matcher of prediction.AC needs \"approx\": a number or"
                        + " a list of numbers");
        assertThatThrownBy(() -> mismatch("""
                {"prediction": {"AC": {"length": -1}}}"""))
                .hasMessage("service-test.json: request 1: the matcher of prediction.AC needs \"length\": a whole"
                        + " number of 0 or more");
        assertThatThrownBy(() -> mismatch("""
                {"prediction": {"AC": {"type": "float"}}}"""))
                .hasMessage("service-test.json: request 1: the matcher of prediction.AC needs \"type\": one of"
                        + " number, string, boolean, array, object, null");
        assertThatThrownBy(() -> mismatch("""
                {"prediction": {"AC": {"tolerance": 1}}}"""))
                .hasMessage("service-test.json: request 1: the matcher of prediction.AC has a tolerance but no"
                        + " \"approx\" value to compare with");
    }
}
