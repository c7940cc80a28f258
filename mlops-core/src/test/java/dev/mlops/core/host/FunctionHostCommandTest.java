package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.monitoring.PredictionLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionHostCommandTest {

    @Test
    void thePredictionLogsFlagsSetItsOptions() throws Exception {
        HostOptions options = FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-flush", "5",
                "--log-queue", "200", "--log-queue-bytes", "4096", "--log-cpu", "0.25"}).options();
        assertThat(options.predictionLog().flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.predictionLog().queueRecords()).isEqualTo(200);
        assertThat(options.predictionLog().queueBytes()).isEqualTo(4096);
        assertThat(options.predictionLog().writerCpu()).isEqualTo(0.25);
        PredictionLog.Options defaults = FunctionHostCommand.parse(new String[] {"--deployments", "d"}).options()
                .predictionLog();
        assertThat(defaults).isEqualTo(PredictionLog.Options.defaults());
    }

    @Test
    void badValuesAreRefusedWithTheirRange() {
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-flush", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--log-flush takes a whole number from 1 to 86400, not '0'");
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-queue", "x"}))
                .hasMessage("--log-queue takes a whole number from 1 to 10000000, not 'x'");
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-queue-bytes",
                "10"})).hasMessage("--log-queue-bytes takes a whole number from 1024 to 9223372036854775807, not '10'");
        for (String share : new String[] {"0", "1.5", "-0.1", "NaN", "half"}) {
            assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-cpu",
                    share})).hasMessage("--log-cpu takes a share of one core above 0 and at most 1 (such as 0.5), not '"
                    + share + "'");
        }
        assertThatThrownBy(() -> FunctionHostCommand.parse(new String[] {"--deployments", "d", "--log-flush"}))
                .hasMessage("--log-flush needs a value");
    }
}
