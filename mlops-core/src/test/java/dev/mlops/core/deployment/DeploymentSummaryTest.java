package dev.mlops.core.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.ExternalId;
import dev.mlops.core.naming.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentSummaryTest {

    @Test
    void eachServiceIsARowWithItsIdArtifactShaAndPreviousTarget() {
        ExternalId deployed = new ExternalId("sonic", Service.PREDICTION, Environment.TEST, 3);
        ExternalId previous = new ExternalId("sonic", Service.PREDICTION, Environment.TEST, 2);
        ExternalId first = new ExternalId("density", Service.PREDICTION, Environment.TEST, 1);
        DeploymentReport report = new DeploymentReport(List.of(
                new DeploymentReport.Result("sonic", Optional.of(Service.PREDICTION),
                        DeploymentReport.Outcome.DEPLOYED, Optional.of(deployed), Optional.of(previous),
                        Optional.empty(), Optional.of("ab12")),
                new DeploymentReport.Result("density", Optional.of(Service.PREDICTION),
                        DeploymentReport.Outcome.DEPLOYED, Optional.of(first), Optional.empty(), Optional.empty(),
                        Optional.of("cd34")),
                new DeploymentReport.Result("porosity", Optional.of(Service.PREDICTION),
                        DeploymentReport.Outcome.FAILED, Optional.empty(), Optional.empty(),
                        Optional.of(new DeploymentException("porosity", "the service test failed:\nAC | 2 != 3",
                                DeploymentException.Fix.NONE)), Optional.empty())), Map.of());

        assertThat(DeploymentSummary.markdown(report, Environment.TEST, false)).isEqualTo("""
                ### mlops: deployment to test

                | model | service | outcome | id | artifact | SHA-256 | previous |
                |---|---|---|---|---|---|---|
                | sonic | prediction | deployed | `sonic-prediction-test-3` | sonic/test/3 | `ab12` | `sonic-prediction-test-2` |
                | density | prediction | deployed | `density-prediction-test-1` | density/test/1 | `cd34` | (none) |
                | porosity | prediction | failed: the service test failed: AC \\| 2 != 3 |  |  |  |  |

                """);
    }

    @Test
    void aRunThatDeployedNothingSaysSo() {
        assertThat(DeploymentSummary.markdown(new DeploymentReport(List.of(), Map.of()), Environment.PROD, true))
                .isEqualTo("### mlops: planned deployment to prod\n\nNo model was deployed.\n\n");
    }
}
