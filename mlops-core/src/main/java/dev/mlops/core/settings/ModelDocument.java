package dev.mlops.core.settings;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.settings.YamlDocuments.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML document of a settings file into {@link ModelSettings}, reporting every broken rule as a problem
 * at the value (or key) it concerns.
 */
final class ModelDocument {

    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}"
                    + "\\p{javaJavaIdentifierPart}*)*");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    /** A CPU quantity: cores ({@code 2}, {@code 0.5}) or millicores ({@code 500m}). */
    private static final Pattern CPU = Pattern.compile("([0-9]+(?:\\.[0-9]{1,3})?)(m)?");
    /** A memory quantity in bytes, with a binary or decimal suffix ({@code 512Mi}, {@code 1G}). */
    private static final Pattern MEMORY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Map<String, Double> QUANTITY_UNITS = Map.ofEntries(Map.entry("m", 1e-3),
            Map.entry("Ki", 0x1p10), Map.entry("Mi", 0x1p20), Map.entry("Gi", 0x1p30), Map.entry("Ti", 0x1p40),
            Map.entry("Pi", 0x1p50), Map.entry("Ei", 0x1p60), Map.entry("k", 1e3), Map.entry("M", 1e6),
            Map.entry("G", 1e9), Map.entry("T", 1e12), Map.entry("P", 1e15), Map.entry("E", 1e18));
    private static final double MINIMUM_MEMORY = 128 * 0x1p20;

    static final String DEFAULT_DATASET = "mlops";
    static final int DEFAULT_JAVA_VERSION = 17;
    static final int DEFAULT_MODELS_TO_KEEP = 3;
    static final int METADATA_PAIRS = 16;
    static final int METADATA_KEY_CHARACTERS = 16;
    static final int METADATA_VALUE_CHARACTERS = 512;
    static final int METADATA_BYTES = 512;
    /** Where turning a metadata value into text stops; a value this long is far over the limit anyway. */
    private static final int RENDER_LIMIT = 100_000;

    private final YamlDocuments yaml;
    private final Problems problems;
    private final Path baseDirectory;
    private final Map<String, SettingsLocation> locations = new LinkedHashMap<>();
    private Node document;

    ModelDocument(YamlDocuments yaml, Problems problems, Path baseDirectory) {
        this.yaml = yaml;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    /**
     * @return the model's settings, or empty when the document broke a rule (the problems say which)
     */
    Optional<ModelSettings> read(Node root) {
        document = root;
        if (!(root instanceof MappingNode mapping)) {
            problems.error(root, "a model's settings must be a mapping of fields such as 'model_name: my_model',"
                    + " found " + YamlDocuments.describe(root));
            return Optional.empty();
        }
        locations.put("", problems.at(root));
        int errorsBefore = problems.errorCount();
        Map<String, Field> fields = yaml.fields(mapping);
        rejectUnknown(fields, "", SettingsFields.MODEL);

        String modelName = modelName(required(fields, "model_name", "model_name: my_model"), "model_name");
        String humanName = nonBlank(required(fields, "human_friendly_model_name",
                "human_friendly_model_name: 'My First Model'"), "human_friendly_model_name");
        ModelFormat format = modelFormat(fields.get("model_format"));
        // An unknown format has been reported; what model_class and the ONNX fields need depends on the format.
        String modelClass = format == ModelFormat.JAVA
                ? className(required(fields, "model_class", "model_class: com.example.MyModel"))
                : format == ModelFormat.ONNX ? notForOnnx(fields.get("model_class")) : "";
        Optional<OnnxSettings> onnx = onnx(fields, format);
        Optional<Path> artifactFolder = path(required(fields, "artifact_folder",
                "artifact_folder: model_artifact (or null when the model needs no artifact)"), "artifact_folder");
        if (format == ModelFormat.ONNX && fields.containsKey("artifact_folder") && artifactFolder.isEmpty()
                && YamlDocuments.isNull(fields.get("artifact_folder").value())) {
            problems.error(fields.get("artifact_folder").value(), "artifact_folder cannot be null with model_format:"
                    + " onnx; name the folder that holds the .onnx file, such as artifact_folder: model_artifact");
        }
        OptionalInt artifactVersion = wholeNumber(fields.get("artifact_version"), "artifact_version", 1,
                "remove it to deploy the latest version");
        Optional<Path> testFile = testFile(required(fields, "test_file",
                "test_file: src/test/resources/service-test.json (or null to skip the service test)"), modelName);
        Platform platform = platform(fields.get("platform"));
        String dataset = dataset(fields.get("dataset"));
        int javaVersion = wholeNumber(fields.get("java_version"), "java_version", DEFAULT_JAVA_VERSION,
                "mlops services run on Java 17 or newer").orElse(DEFAULT_JAVA_VERSION);
        List<HelperModel> helpers = helperModels(fields.get("helper_models"), modelName);
        List<String> secrets = secrets(fields.get("secrets"));
        int modelsToKeep = wholeNumber(fields.get("models_to_keep"), "models_to_keep", 0,
                "it counts the versioned deployments kept besides the ones an alias points to")
                .orElse(DEFAULT_MODELS_TO_KEEP);
        boolean keepAll = bool(fields.get("keep_all_models"), "keep_all_models");
        if (keepAll && fields.containsKey("models_to_keep")) {
            problems.error(fields.get("models_to_keep").key(), "models_to_keep has no effect when keep_all_models"
                    + " is true; remove one of the two");
        }
        ServingResources resources = resources(fields, platform);
        MonitoringSettings monitoring = monitoring(fields.get("monitoring"), fields.get("artifact_folder"));
        Field info = required(fields, "info", "info: with prediction: and its description: and owner:");
        Map<String, Field> services = mapping(info, "info");
        rejectUnknown(services, "info", SettingsFields.INFO);
        if (info != null && services.isEmpty() && info.value() instanceof MappingNode) {
            problems.error(info.value(), "info needs prediction, training or both, each with description and"
                    + " owner");
        }
        Optional<ServiceInfo> prediction = serviceInfo(services.get("prediction"), "info.prediction");
        Optional<ServiceInfo> training = serviceInfo(services.get("training"), "info.training");
        if (format == ModelFormat.ONNX && services.containsKey("training")) {
            problems.error(services.get("training").key(), "info.training needs a model class that trains, and an"
                    + " ONNX model has none (it is trained where it is exported); remove info.training, or use"
                    + " model_format: java with a model_class");
        }

        if (problems.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return Optional.of(new ModelSettings(modelName, humanName, modelClass, format, onnx, artifactFolder,
                artifactVersion,
                testFile, platform, dataset, javaVersion, helpers, secrets, modelsToKeep, keepAll, resources, monitoring,
                prediction, training, Map.copyOf(locations)));
    }

    /** Where the model's document starts, for rules that span documents. */
    SettingsLocation start() {
        return problems.at(document);
    }

    private void rejectUnknown(Map<String, Field> fields, String path, Collection<String> known) {
        for (Field field : fields.values()) {
            if (known.contains(field.name())) {
                continue;
            }
            String pythonOnly = path.isEmpty() ? SettingsFields.PYTHON_ONLY.get(field.name()) : null;
            problems.error(field.key(), pythonOnly != null ? pythonOnly
                    : SettingsFields.unknown(path, field.name(), known));
        }
    }

    private Field required(Map<String, Field> fields, String name, String example) {
        Field field = fields.get(name);
        if (field == null) {
            problems.error(document, name + " is missing; add " + example);
        }
        return field;
    }

    private Field required(Map<String, Field> fields, String path, String name, Node parent, String example) {
        Field field = fields.get(name);
        if (field == null) {
            problems.error(parent, path + "." + name + " is missing; add " + example);
        }
        return field;
    }

    /** The text of a scalar, recording where it was written; null (and a problem) for anything else. */
    private String text(Field field, String path) {
        if (field == null) {
            return null;
        }
        if (field.value() instanceof ScalarNode scalar && !YamlDocuments.isNull(scalar)) {
            locations.put(path, problems.at(scalar));
            return scalar.getValue();
        }
        problems.error(field.value(), path + " must be text, found " + YamlDocuments.describe(field.value()));
        return null;
    }

    private String nonBlank(Field field, String path) {
        String text = text(field, path);
        if (text != null && text.isBlank()) {
            problems.error(field.value(), path + " must not be blank; write what a reader of the service needs");
            return null;
        }
        return text;
    }

    private String modelName(Field field, String path) {
        String name = text(field, path);
        if (name == null || MODEL_NAME.matcher(name).matches()) {
            return name;
        }
        String rule = Character.isLetter(name.isEmpty() ? ' ' : name.charAt(0)) && name.charAt(0) < 0x80
                ? " may contain only letters, digits and underscores"
                : " must start with a letter and contain only letters, digits and underscores";
        String suggestion = suggestModelName(name);
        problems.error(field.value(), path + " '" + name + "'" + rule
                + (suggestion.isEmpty() ? "" : "; perhaps you meant '" + suggestion + "'"));
        return null;
    }

    /** {@code my-model} becomes {@code my_model}: each run of other characters an underscore. */
    static String suggestModelName(String name) {
        String replaced = name.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^[^A-Za-z]+", "")
                .replaceAll("_+$", "");
        return MODEL_NAME.matcher(replaced).matches() ? replaced : "";
    }

    private String className(Field field) {
        String name = text(field, "model_class");
        if (name != null && !CLASS_NAME.matcher(name).matches()) {
            problems.error(field.value(), "model_class '" + name + "' is not a fully-qualified Java class name;"
                    + " write package.ClassName, such as com.example.MyModel");
            return null;
        }
        return name;
    }

    /** @return the format, java when none is given, or null when the one given is not known (and reported) */
    private ModelFormat modelFormat(Field field) {
        String id = text(field, "model_format");
        if (id == null) {
            return ModelFormat.JAVA;
        }
        return ModelFormat.parse(id).orElseGet(() -> {
            problems.error(field.value(), "model_format '" + id + "' is not known; use java (a model_class) or onnx"
                    + " (a .onnx file in the artifact folder)");
            return null;
        });
    }

    private String notForOnnx(Field modelClass) {
        if (modelClass != null) {
            problems.error(modelClass.key(), "model_class is not used with model_format: onnx (the host runs the"
                    + " graph in the artifact folder); remove model_class, or use model_format: java");
        }
        return "";
    }

    private static final List<String> ONNX_FIELDS = List.of("onnx_file", "input_columns", "output_names",
            "onnx_threads");

    private Optional<OnnxSettings> onnx(Map<String, Field> fields, ModelFormat format) {
        if (format == null) {
            return Optional.empty();
        }
        if (format != ModelFormat.ONNX) {
            for (String name : ONNX_FIELDS) {
                if (fields.containsKey(name)) {
                    problems.error(fields.get(name).key(), name + " is only for model_format: onnx; remove it, or"
                            + " add model_format: onnx");
                }
            }
            return Optional.empty();
        }
        String file = OnnxSettings.DEFAULT_FILE;
        Field fileField = fields.get("onnx_file");
        String written = text(fileField, "onnx_file");
        if (written != null) {
            if (!validInnerPath(written)) {
                problems.error(fileField.value(), "onnx_file '" + written + "' must be a path inside the artifact"
                        + " folder, such as model.onnx or onnx/model.onnx: relative, without '..'");
            } else {
                file = written;
            }
        }
        List<String> columns = new ArrayList<>();
        List<Node> items = sequence(fields.get("input_columns"), "input_columns");
        for (int i = 0; i < items.size(); i++) {
            String path = "input_columns[" + i + "]";
            String column = text(new Field(fields.get("input_columns").key(), path, items.get(i)), path);
            if (column == null) {
                continue;
            }
            if (column.isBlank()) {
                problems.error(items.get(i), path + " is blank; name the request column");
            } else if (columns.contains(column)) {
                problems.error(items.get(i), path + " '" + column + "' is listed twice; list each column once");
            } else {
                columns.add(column);
            }
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        Field outputs = fields.get("output_names");
        if (outputs != null && !YamlDocuments.isNull(outputs.value())) {
            Map<String, Field> entries = mapping(outputs, "output_names");
            Set<String> keys = new HashSet<>();
            for (Field entry : entries.values()) {
                String key = text(entry, "output_names." + entry.name());
                if (key == null) {
                    continue;
                }
                if (key.isBlank()) {
                    problems.error(entry.value(), "output_names." + entry.name() + " is blank; name the prediction"
                            + " key the output becomes");
                } else if (!keys.add(key)) {
                    problems.error(entry.value(), "output_names." + entry.name() + " '" + key + "' is given to"
                            + " another output too; give each output its own key");
                } else {
                    renamed.put(entry.name(), key);
                }
            }
        }
        int threads = OnnxSettings.DEFAULT_THREADS;
        OptionalInt threadsGiven = wholeNumber(fields.get("onnx_threads"), "onnx_threads", 1, "give ONNX Runtime's"
                + " intra-op threads per session, such as onnx_threads: 1 (the default; calls already run side by"
                + " side)");
        if (threadsGiven.isPresent() && threadsGiven.getAsInt() > OnnxSettings.MAX_THREADS) {
            problems.error(fields.get("onnx_threads").value(), "onnx_threads " + threadsGiven.getAsInt() + " is more"
                    + " than " + OnnxSettings.MAX_THREADS + "; give at most as many as the host's cores");
        } else if (threadsGiven.isPresent()) {
            threads = threadsGiven.getAsInt();
        }
        return Optional.of(new OnnxSettings(file, List.copyOf(columns), Map.copyOf(renamed), threads));
    }

    private static boolean validInnerPath(String text) {
        if (text.isBlank() || text.startsWith("/") || text.startsWith("\\") || text.contains(":")) {
            return false;
        }
        for (String part : text.split("[/\\\\]")) {
            if (part.equals("..") || part.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private Optional<Path> path(Field field, String path) {
        if (field == null || YamlDocuments.isNull(field.value())) {
            return Optional.empty();
        }
        String text = text(field, path);
        if (text == null) {
            return Optional.empty();
        }
        if (text.isBlank()) {
            problems.error(field.value(), path + " must not be blank; name a path relative to the settings file,"
                    + " or write null");
            return Optional.empty();
        }
        try {
            return Optional.of(baseDirectory.resolve(text).normalize());
        } catch (InvalidPathException e) {
            problems.error(field.value(), path + " '" + text + "' is not a valid path here: " + e.getReason());
            return Optional.empty();
        }
    }

    private Optional<Path> testFile(Field field, String modelName) {
        if (field != null && YamlDocuments.isNull(field.value())) {
            problems.warning(field.value(), "test_file is null, so deployments of "
                    + (modelName == null ? "this model" : "model '" + modelName + "'")
                    + " skip the service test; name a JSON file of requests to test every deployment");
            return Optional.empty();
        }
        Optional<Path> file = path(field, "test_file");
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            problems.error(field.value(), "test_file '" + text(field, "test_file") + "' is not a file (looked for "
                    + file.get() + "); create it, or write test_file: null to deploy without a service test");
        }
        return file;
    }

    private OptionalInt wholeNumber(Field field, String path, int minimum, String hint) {
        if (field == null) {
            return OptionalInt.empty();
        }
        Node value = field.value();
        if (value instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())
                && WHOLE_NUMBER.matcher(scalar.getValue()).matches()) {
            int number = Integer.parseInt(scalar.getValue());
            if (number >= minimum) {
                locations.put(path, problems.at(scalar));
                return OptionalInt.of(number);
            }
        }
        problems.error(value, path + " must be a whole number of at least " + minimum + ", found "
                + YamlDocuments.describe(value) + "; " + hint);
        return OptionalInt.empty();
    }

    /** {@code replicas}, {@code cpu}, {@code memory} and {@code autoscaling}. */
    private ServingResources resources(Map<String, Field> fields, Platform platform) {
        List<Field> written = SettingsFields.RESOURCES.stream().map(fields::get)
                .filter(f -> f != null && !YamlDocuments.isNull(f.value())).toList();
        if (written.isEmpty()) {
            return ServingResources.DEFAULT;
        }
        OptionalInt replicas = wholeNumber(fields.get("replicas"), "replicas", 1,
                "it is how many copies of each versioned deployment run");
        Optional<String> cpu = quantity(fields.get("cpu"), "cpu", CPU, "such as 500m (half a core) or 2", 0);
        Optional<String> memory = quantity(fields.get("memory"), "memory", MEMORY, "such as 512Mi or 1Gi",
                MINIMUM_MEMORY);
        Optional<ServingResources.Autoscaling> autoscaling = Optional.empty();
        Field scaling = fields.get("autoscaling");
        if (scaling != null && !YamlDocuments.isNull(scaling.value())) {
            Map<String, Field> bounds = mapping(scaling, "autoscaling");
            rejectUnknown(bounds, "autoscaling", SettingsFields.AUTOSCALING);
            OptionalInt min = wholeNumber(bounds.get("min"), "autoscaling.min", 1, "the fewest copies");
            OptionalInt max = wholeNumber(required(bounds, "autoscaling", "max", scaling.value(), "max: 4 (the most"
                    + " copies)"), "autoscaling.max", 1, "the most copies");
            OptionalInt target = wholeNumber(bounds.get("target_cpu"), "autoscaling.target_cpu", 1,
                    "a percentage of cpu, such as 80");
            int low = min.orElse(replicas.orElse(1));
            if (target.isPresent() && target.getAsInt() > 100) {
                problems.error(bounds.get("target_cpu").value(), "autoscaling.target_cpu must be a percentage from 1"
                        + " to 100 of the cpu each copy requests, found " + target.getAsInt());
            } else if (max.isPresent() && max.getAsInt() < low) {
                problems.error(bounds.get("max").value(), "autoscaling.max (" + max.getAsInt() + ") is below "
                        + (min.isPresent() ? "autoscaling.min" : "replicas") + " (" + low + ")");
            } else if (max.isPresent()) {
                autoscaling = Optional.of(new ServingResources.Autoscaling(low, max.getAsInt(),
                        target.orElse(ServingResources.DEFAULT_TARGET_CPU)));
            }
            if (fields.get("cpu") == null || YamlDocuments.isNull(fields.get("cpu").value())) {
                problems.error(scaling.key(), "autoscaling scales on CPU use, measured against the cpu each copy"
                        + " requests, and cpu is not set; add cpu, such as cpu: 500m");
            }
        }
        if (replicas.isPresent() && autoscaling.isPresent() && (replicas.getAsInt() < autoscaling.get().min()
                || replicas.getAsInt() > autoscaling.get().max())) {
            problems.error(fields.get("replicas").value(), "replicas (" + replicas.getAsInt() + ") is outside"
                    + " autoscaling's bounds " + autoscaling.get().min() + " to " + autoscaling.get().max()
                    + "; with autoscaling, replicas is how many copies start");
        }
        if (platform == Platform.LOCAL) {
            problems.warning(written.get(0).key(), String.join(", ", written.stream().map(Field::name).toList())
                    + " take effect on platform kubernetes only: the local platform runs each version once, with"
                    + " the resources of this machine");
        }
        int start = replicas.orElse(autoscaling.map(ServingResources.Autoscaling::min).orElse(1));
        return new ServingResources(start, cpu, memory, autoscaling);
    }

    /**
     * A Kubernetes quantity of at least {@code minimum} (in cores or bytes; above 0 for a minimum of 0), recording
     * where it was written.
     */
    private Optional<String> quantity(Field field, String path, Pattern form, String example, double minimum) {
        String text = field == null || YamlDocuments.isNull(field.value()) ? null : text(field, path);
        if (text == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher matcher = form.matcher(text.trim());
        if (!matcher.matches()) {
            problems.error(field.value(), path + " '" + text + "' is not a Kubernetes quantity; write it " + example);
            return Optional.empty();
        }
        double amount = new java.math.BigDecimal(matcher.group(1)).doubleValue()
                * QUANTITY_UNITS.getOrDefault(matcher.group(2) == null ? "" : matcher.group(2), 1.0);
        if (amount <= 0 || amount < minimum) {
            problems.error(field.value(), path + " '" + text + "' is too small; " + (minimum > 0
                    ? "the function host is a JVM and needs at least 128Mi" : "it must be above 0") + ", " + example);
            return Optional.empty();
        }
        return Optional.of(text.trim());
    }

    private MonitoringSettings monitoring(Field field, Field artifactFolder) {
        if (field == null || YamlDocuments.isNull(field.value())) {
            return MonitoringSettings.NONE;
        }
        Map<String, Field> fields = mapping(field, "monitoring");
        rejectUnknown(fields, "monitoring", SettingsFields.MONITORING);
        double sampleRate = 0;
        Field rate = fields.get("sample_rate");
        if (rate != null) {
            OptionalDouble number = number(rate.value());
            if (number.isPresent() && number.getAsDouble() >= 0 && number.getAsDouble() <= 1) {
                locations.put("monitoring.sample_rate", problems.at(rate.value()));
                sampleRate = number.getAsDouble();
            } else {
                problems.error(rate.value(), "monitoring.sample_rate must be a number from 0 to 1, found "
                        + YamlDocuments.describe(rate.value()) + "; 0.1 logs one call in ten, 1 every call, 0 none");
            }
        }
        Optional<String> reference = Optional.empty();
        Field referenceField = fields.get("reference");
        String written = referenceField == null || YamlDocuments.isNull(referenceField.value()) ? null
                : text(referenceField, "monitoring.reference");
        if (written != null) {
            String lower = written.toLowerCase(Locale.ROOT);
            if (!validInnerPath(written)) {
                problems.error(referenceField.value(), "monitoring.reference '" + written + "' must be a path inside"
                        + " the artifact folder, such as reference.csv: relative, without '..'");
            } else if (!(lower.endsWith(".csv") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson"))) {
                problems.error(referenceField.value(), "monitoring.reference '" + written + "' must be a CSV file"
                        + " with a header (.csv) or a JSON Lines file (.jsonl)");
            } else if (artifactFolder != null && YamlDocuments.isNull(artifactFolder.value())) {
                problems.error(referenceField.value(), "monitoring.reference is a file inside the artifact folder,"
                        + " and artifact_folder is null; give the model an artifact_folder, or remove the reference");
            } else {
                reference = Optional.of(written);
            }
        }
        Map<String, MonitoringSettings.ColumnTest> columns = new LinkedHashMap<>();
        Field columnsField = fields.get("columns");
        if (columnsField != null && !YamlDocuments.isNull(columnsField.value())) {
            for (Field column : mapping(columnsField, "monitoring.columns").values()) {
                String path = "monitoring.columns." + column.name();
                Map<String, Field> test = mapping(column, path);
                rejectUnknown(test, path, SettingsFields.DRIFT_COLUMN);
                Optional<DriftTest> chosen = Optional.empty();
                String name = text(test.get("test"), path + ".test");
                if (name != null) {
                    chosen = DriftTest.parse(name);
                    if (chosen.isEmpty()) {
                        problems.error(test.get("test").value(), path + ".test '" + name + "' is not a drift test;"
                                + " the tests are " + String.join(", ", java.util.Arrays.stream(DriftTest.values())
                                .map(DriftTest::id).toList()));
                    }
                }
                OptionalDouble threshold = OptionalDouble.empty();
                if (test.containsKey("threshold")) {
                    Node value = test.get("threshold").value();
                    OptionalDouble number = number(value);
                    boolean pValue = chosen.map(DriftTest::pValue).orElse(false);
                    if (number.isPresent() && number.getAsDouble() > 0 && (!pValue || number.getAsDouble() < 1)) {
                        threshold = number;
                        locations.put(path + ".threshold", problems.at(value));
                    } else {
                        problems.error(value, path + ".threshold must be a number above 0" + (pValue
                                ? " and below 1 (a p-value)" : "") + ", found " + YamlDocuments.describe(value));
                    }
                }
                if (test.containsKey("threshold") && chosen.isEmpty() && name == null) {
                    problems.error(test.get("threshold").key(), path + ".threshold needs a test: the default test"
                            + " depends on the data, and a p-value and a distance take different thresholds; add"
                            + " " + path + ".test");
                }
                columns.put(column.name(), new MonitoringSettings.ColumnTest(chosen, threshold));
            }
        }
        return new MonitoringSettings(sampleRate, reference, Map.copyOf(columns));
    }

    /** A YAML number ({@code 0.25}, {@code 1}, {@code 2.5e-1}) that is finite; empty for anything else. */
    private static OptionalDouble number(Node value) {
        if (!(value instanceof ScalarNode scalar)
                || !(Tag.INT.equals(scalar.getTag()) || Tag.FLOAT.equals(scalar.getTag()))) {
            return OptionalDouble.empty();
        }
        try {
            double number = Double.parseDouble(scalar.getValue().replace("_", ""));
            return Double.isFinite(number) ? OptionalDouble.of(number) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private boolean bool(Field field, String path) {
        if (field == null) {
            return false;
        }
        if (field.value() instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            locations.put(path, problems.at(scalar));
            return Set.of("true", "yes", "on").contains(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        problems.error(field.value(), path + " must be true or false, found "
                + YamlDocuments.describe(field.value()));
        return false;
    }

    private Platform platform(Field field) {
        String id = text(field, "platform");
        if (id == null) {
            return Platform.LOCAL;
        }
        return Platform.parse(id).orElseGet(() -> {
            List<String> ids = List.of(Platform.LOCAL.id(), Platform.KUBERNETES.id());
            problems.error(field.value(), "platform '" + id + "' is not known; use local or kubernetes"
                    + SettingsFields.nearest(id, ids).map(near -> " (perhaps you meant '" + near + "')").orElse(""));
            return Platform.LOCAL;
        });
    }

    private String dataset(Field field) {
        String dataset = text(field, "dataset");
        if (dataset == null) {
            return DEFAULT_DATASET;
        }
        if (!DATASET.matcher(dataset).matches()) {
            problems.error(field.value(), "dataset '" + dataset + "' may contain only letters, digits, '_', '.'"
                    + " and '-', starting with a letter or digit; remove it to use the default '"
                    + DEFAULT_DATASET + "'");
        }
        return dataset;
    }

    private List<HelperModel> helperModels(Field field, String modelName) {
        List<HelperModel> helpers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Node> items = sequence(field, "helper_models");
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = "helper_models[" + i + "]";
            HelperModel helper = helperModel(new Field(field.key(), path, item), path);
            if (helper == null) {
                continue;
            }
            if (helper.modelName().equals(modelName)) {
                problems.error(item, path + " names this model itself; a model cannot be its own helper");
            } else if (!seen.add(helper.modelName())) {
                problems.error(item, path + " names '" + helper.modelName() + "' again; list each helper once");
            } else {
                helpers.add(helper);
            }
        }
        return List.copyOf(helpers);
    }

    private HelperModel helperModel(Field item, String path) {
        if (item.value() instanceof ScalarNode) {
            String name = modelName(item, path);
            return name == null ? null : new HelperModel(name, Optional.empty(), OptionalInt.empty());
        }
        if (!(item.value() instanceof MappingNode)) {
            problems.error(item.value(), path + " must be a model name or a mapping with model_name, env and"
                    + " version, found " + YamlDocuments.describe(item.value()));
            return null;
        }
        Map<String, Field> fields = mapping(item, path);
        rejectUnknown(fields, path, SettingsFields.HELPER);
        String name = modelName(required(fields, path, "model_name", item.value(), "model_name: helper_model"),
                path + ".model_name");
        Optional<Environment> environment = Optional.empty();
        String env = text(fields.get("env"), path + ".env");
        if (env != null) {
            environment = Environment.parse(env);
            if (environment.isEmpty()) {
                problems.error(fields.get("env").value(), path + ".env '" + env + "' is not an environment; use"
                        + " dev, test or prod");
            }
        }
        OptionalInt version = wholeNumber(fields.get("version"), path + ".version", 1,
                "remove it to use the latest deployed version");
        return name == null ? null : new HelperModel(name, environment, version);
    }

    private List<String> secrets(Field field) {
        List<String> names = new ArrayList<>();
        List<Node> items = sequence(field, "secrets");
        for (int i = 0; i < items.size(); i++) {
            String path = "secrets[" + i + "]";
            String name = text(new Field(field.key(), path, items.get(i)), path);
            if (name == null) {
                continue;
            }
            if (!VARIABLE_NAME.matcher(name).matches()) {
                problems.error(items.get(i), path + " '" + name + "' is not an environment variable name; use"
                        + " letters, digits and underscores, not starting with a digit");
            } else if (names.contains(name)) {
                problems.error(items.get(i), path + " '" + name + "' is listed twice; list each secret once");
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private List<Node> sequence(Field field, String path) {
        if (field == null || YamlDocuments.isNull(field.value())) {
            return List.of();
        }
        if (field.value() instanceof SequenceNode sequence) {
            locations.put(path, problems.at(sequence));
            return sequence.getValue();
        }
        problems.error(field.value(), path + " must be a list, found " + YamlDocuments.describe(field.value())
                + "; write one entry a line, each starting with '- '");
        return List.of();
    }

    private Map<String, Field> mapping(Field field, String path) {
        if (field == null) {
            return Map.of();
        }
        if (field.value() instanceof MappingNode mapping) {
            locations.put(path, problems.at(mapping));
            return yaml.fields(mapping);
        }
        problems.error(field.value(), path + " must be a mapping of fields, found "
                + YamlDocuments.describe(field.value()));
        return Map.of();
    }

    private Optional<ServiceInfo> serviceInfo(Field field, String path) {
        if (field == null) {
            return Optional.empty();
        }
        Map<String, Field> fields = mapping(field, path);
        if (!(field.value() instanceof MappingNode)) {
            return Optional.empty();
        }
        boolean training = path.equals("info.training");
        if (!training && fields.containsKey("schedule")) {
            problems.error(fields.get("schedule").key(), path + ".schedule: only the training service runs on a"
                    + " schedule; move it to info.training");
            fields = new LinkedHashMap<>(fields);
            fields.remove("schedule");
        }
        rejectUnknown(fields, path, training ? SettingsFields.TRAINING : SettingsFields.SERVICE);
        Optional<String> schedule = training ? schedule(fields.get("schedule"), path + ".schedule")
                : Optional.empty();
        String description = nonBlank(required(fields, path, "description", field.value(),
                "description: 'what the service does'"), path + ".description");
        String owner = nonBlank(required(fields, path, "owner", field.value(), "owner: team@example.com"),
                path + ".owner");
        List<String> requiredInput = new ArrayList<>();
        Map<String, String> metadata = metadata(fields.get("metadata"), path + ".metadata", requiredInput);
        return Optional.of(new ServiceInfo(description, owner, metadata, List.copyOf(requiredInput), schedule));
    }

    private Optional<String> schedule(Field field, String path) {
        if (field == null || YamlDocuments.isNull(field.value())) {
            return Optional.empty();
        }
        String text = text(field, path);
        if (text == null) {
            return Optional.empty();
        }
        Optional<String> problem = CronSchedule.problem(text);
        if (problem.isPresent()) {
            problems.error(field.value(), path + " '" + text + "' " + problem.get());
            return Optional.empty();
        }
        return Optional.of(CronSchedule.normalize(text));
    }

    private Map<String, String> metadata(Field field, String path, List<String> requiredInput) {
        if (field == null || YamlDocuments.isNull(field.value())) {
            return Map.of();
        }
        Map<String, Field> fields = mapping(field, path);
        Map<String, String> metadata = new LinkedHashMap<>();
        int bytes = 0;
        for (Field entry : fields.values()) {
            String key = entry.name();
            int keyLength = key.codePointCount(0, key.length());
            if (keyLength > METADATA_KEY_CHARACTERS) {
                problems.error(entry.key(), path + " key '" + key + "' has " + keyLength + " characters, more than"
                        + " the " + METADATA_KEY_CHARACTERS + " allowed; shorten it");
            }
            String value = render(entry.value());
            int valueLength = value.codePointCount(0, value.length());
            if (valueLength > RENDER_LIMIT) {
                problems.error(entry.value(), path + "." + key + " has more than " + RENDER_LIMIT
                        + " characters, far more than the " + METADATA_VALUE_CHARACTERS + " allowed; shorten it");
            } else if (valueLength > METADATA_VALUE_CHARACTERS) {
                problems.error(entry.value(), path + "." + key + " has " + valueLength + " characters, more than"
                        + " the " + METADATA_VALUE_CHARACTERS + " allowed; shorten it");
            }
            if (key.equals("required_input")) {
                requiredInput.addAll(inputNames(entry, path + ".required_input"));
            }
            bytes += key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
            metadata.put(key, value);
        }
        if (fields.size() > METADATA_PAIRS) {
            problems.error(field.value(), path + " has " + fields.size() + " pairs, more than the "
                    + METADATA_PAIRS + " allowed; keep the ones callers of the service need");
        }
        if (bytes > METADATA_BYTES) {
            problems.error(field.value(), path + " takes " + bytes + " bytes in all (keys and values as UTF-8),"
                    + " more than the " + METADATA_BYTES + " allowed; shorten keys or values");
        }
        return metadata;
    }

    private List<String> inputNames(Field field, String path) {
        List<String> names = new ArrayList<>();
        if (field.value() instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof ScalarNode scalar && !YamlDocuments.isNull(scalar)
                        && !scalar.getValue().isBlank()) {
                    names.add(scalar.getValue());
                } else {
                    problems.error(item, path + " must list input names, found " + YamlDocuments.describe(item));
                }
            }
            return names;
        }
        problems.error(field.value(), path + " must be a list of input names, such as [ACS, RDEP, DEN], found "
                + YamlDocuments.describe(field.value()));
        return names;
    }

    /** Metadata values become text: scalars as written, a list as {@code [a, b]}, a mapping as {@code {k: v}}. */
    private static String render(Node node) {
        StringBuilder text = new StringBuilder();
        render(node, text);
        return text.toString();
    }

    private static void render(Node node, StringBuilder text) {
        if (text.length() > RENDER_LIMIT) {
            return;
        }
        if (node instanceof ScalarNode scalar) {
            text.append(YamlDocuments.isNull(scalar) ? "null" : scalar.getValue());
        } else if (node instanceof SequenceNode sequence) {
            text.append('[');
            String separator = "";
            for (Node item : sequence.getValue()) {
                text.append(separator);
                render(item, text);
                separator = ", ";
            }
            text.append(']');
        } else if (node instanceof MappingNode mapping) {
            text.append('{');
            String separator = "";
            for (NodeTuple tuple : mapping.getValue()) {
                text.append(separator);
                render(tuple.getKeyNode(), text);
                text.append(": ");
                render(tuple.getValueNode(), text);
                separator = ", ";
            }
            text.append('}');
        }
    }
}
