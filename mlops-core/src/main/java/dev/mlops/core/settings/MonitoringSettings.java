package dev.mlops.core.settings;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a model's prediction service logs of its calls, and what its logged inputs are compared with:
 * {@code monitoring} in the settings.
 *
 * @param sampleRate {@code monitoring.sample_rate}: the share of calls logged, from 0 (none, the default) to 1 (all)
 * @param reference  {@code monitoring.reference}: a CSV file (with a header) or JSON Lines file inside the artifact
 *                   folder holding the data the model was trained on; empty when there is none
 * @param columns    {@code monitoring.columns}: the drift test and threshold of columns that do not take the
 *                   default ones, by column name
 */
public record MonitoringSettings(double sampleRate, Optional<String> reference, Map<String, ColumnTest> columns) {

    /** Nothing logged: the settings of a model without {@code monitoring}. */
    public static final MonitoringSettings NONE = new MonitoringSettings(0, Optional.empty(), Map.of());

    /**
     * How one column is tested for drift.
     *
     * @param test      the test; empty for the one chosen by the column's kind and the reference's size
     * @param threshold the threshold; empty for the test's default
     */
    public record ColumnTest(Optional<DriftTest> test, OptionalDouble threshold) {
    }
}
