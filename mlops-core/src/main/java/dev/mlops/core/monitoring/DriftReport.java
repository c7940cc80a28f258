package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.core.settings.MonitoringSettings;
import dev.mlops.core.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the inputs a version was called with compare with the data it was trained on, column by column, as
 * Evidently's data drift preset compares them: a column drifts by its test, and the dataset drifts when at least
 * half of its columns do.
 *
 * @param model         the model
 * @param env           the environment
 * @param version       the version the environment serves
 * @param referenceRows rows of the reference data
 * @param currentRows   rows of logged inputs compared
 * @param calls         logged calls those rows came from
 * @param since         the start of the range compared
 * @param until         its end
 * @param columns       each compared column
 * @param notCompared   reference columns the calls never gave, so not compared
 */
public record DriftReport(String model, String env, int version, long referenceRows, long currentRows, long calls,
                          Instant since, Instant until, List<ColumnDrift> columns, List<String> notCompared) {

    /** The share of drifted columns from which the dataset counts as drifted. */
    public static final double DATASET_DRIFT_SHARE = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Compares a version's logged inputs with its reference.
     *
     * @param store     where the prediction log is
     * @param version   the version, and its namespace in the store
     * @param reference the reference file, inside the version's artifact
     * @param settings  the model's {@code monitoring} settings: per-column tests and thresholds
     * @param since     calls from this instant
     * @param until     calls before this one
     * @throws DriftException when there is nothing to compare, or the settings name a column the reference lacks
     */
    public static DriftReport compute(ArtifactStore store, LogTarget version, Path reference,
                                      MonitoringSettings settings, Instant since, Instant until)
            throws DriftException, IOException {
        Table referenceData;
        try {
            referenceData = Table.read(reference);
        } catch (NoSuchFileException e) {
            throw new DriftException("the reference " + reference.getFileName() + " is not in the artifact of "
                    + version.model() + "/" + version.env() + "/" + version.version() + "; write it into the"
                    + " artifact folder when training (monitoring.reference names it)");
        }
        if (referenceData.rows() == 0) {
            throw new DriftException("the reference " + reference.getFileName() + " has no rows");
        }
        for (String named : settings.columns().keySet()) {
            if (!referenceData.columns().containsKey(named)) {
                throw new DriftException("monitoring.columns names " + named + ", which the reference "
                        + reference.getFileName() + " has not; its columns are "
                        + String.join(", ", referenceData.columns().keySet()));
            }
        }
        LoggedInputs.Read logged = LoggedInputs.read(store, version, since, until);
        if (logged.calls() == 0) {
            throw new DriftException("no answered calls of " + version.model() + "/" + version.env() + "/"
                    + version.version() + " were logged from " + since + " to " + until + " (" + logged.files()
                    + " log file(s) in that range); set monitoring.sample_rate above 0, deploy, and call it, or"
                    + " widen the range");
        }
        List<ColumnDrift> columns = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        for (Map.Entry<String, List<Object>> column : referenceData.columns().entrySet()) {
            List<Object> current = logged.inputs().columns().getOrDefault(column.getKey(), List.of());
            if (column.getValue().isEmpty() || current.isEmpty()) {
                notCompared.add(column.getKey());
                continue;
            }
            try {
                columns.add(ColumnDrift.compare(column.getKey(), column.getValue(), current,
                        Optional.ofNullable(settings.columns().get(column.getKey()))));
            } catch (IllegalArgumentException e) {
                throw new DriftException("monitoring.columns." + column.getKey() + ": " + e.getMessage());
            }
        }
        if (columns.isEmpty()) {
            throw new DriftException("the logged calls of " + version.model() + "/" + version.env() + "/"
                    + version.version() + " give none of the reference's columns ("
                    + String.join(", ", referenceData.columns().keySet()) + "): their inputs are named otherwise");
        }
        return new DriftReport(version.model(), version.env(), version.version(), referenceData.rows(),
                logged.inputs().rows(), logged.calls(), since, until, List.copyOf(columns), List.copyOf(notCompared));
    }

    /** @return the share of compared columns that drifted */
    public double driftShare() {
        return columns.isEmpty() ? 0 : (double) columns.stream().filter(ColumnDrift::drift).count() / columns.size();
    }

    /** @return whether at least half the columns drifted */
    public boolean datasetDrift() {
        return !columns.isEmpty() && driftShare() >= DATASET_DRIFT_SHARE;
    }

    /** @return the names of the columns that drifted */
    public List<String> drifted() {
        return columns.stream().filter(ColumnDrift::drift).map(ColumnDrift::name).toList();
    }

    /**
     * @return the report as JSON with exactly {@code model}, {@code env}, {@code version}, {@code reference_rows},
     *         {@code current_rows}, {@code drift_share}, {@code dataset_drift} and {@code columns} (each
     *         {@code name}, {@code test}, {@code statistic}, {@code p_value}, {@code threshold}, {@code drift})
     */
    public byte[] json() throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", model);
        root.put("env", env);
        root.put("version", version);
        root.put("reference_rows", referenceRows);
        root.put("current_rows", currentRows);
        root.put("drift_share", driftShare());
        root.put("dataset_drift", datasetDrift());
        ArrayNode list = root.putArray("columns");
        for (ColumnDrift column : columns) {
            ObjectNode item = list.addObject();
            item.put("name", column.name());
            item.put("test", column.test().id());
            number(item, "statistic", column.statistic());
            if (column.pValue().isPresent()) {
                number(item, "p_value", column.pValue().get());
            } else {
                item.putNull("p_value");
            }
            item.put("threshold", column.threshold());
            item.put("drift", column.drift());
        }
        return JSON.writeValueAsBytes(root);
    }

    /** JSON has no infinity: a chi-squared over a category the reference never saw is written as null. */
    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** @return the report as one HTML page: a summary and a histogram per column, inline SVG, nothing fetched */
    public String html() {
        return DriftPage.render(this);
    }

    /** Writes {@code <model>-<env>.json} and {@code .html} into a folder. */
    public Path write(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path json = folder.resolve(model + "-" + env + ".json");
        Files.write(json, json());
        Files.writeString(folder.resolve(model + "-" + env + ".html"), html());
        return json;
    }
}
