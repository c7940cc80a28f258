package dev.mlops.core.settings;

import dev.mlops.core.naming.Environment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {

    private static final String VALID = """
            model_name: model1
            human_friendly_model_name: 'My First Model'
            model_class: com.example.Model1
            artifact_folder: model_artifact
            test_file: service-test.json
            info:
              prediction:
                description: Predicts AC from ACS, RDEP and DEN
                owner: data-science@example.com
            """;

    private static final String KNOWN_FIELDS = "; the fields here are model_name, human_friendly_model_name,"
            + " model_class, model_format, onnx_file, input_columns, output_names, onnx_threads,"
            + " artifact_folder,"
            + " artifact_version, test_file, platform, dataset, java_version, helper_models, secrets,"
            + " models_to_keep, keep_all_models, replicas, cpu, memory, autoscaling, monitoring, info";

    @TempDir
    Path folder;

    private Settings read(String yaml) throws Exception {
        Files.writeString(folder.resolve("service-test.json"), "[]");
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, yaml);
        return SettingsFile.read(file);
    }

    private List<String> problems(String yaml) {
        return problems(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> problems(byte[] bytes) {
        try {
            Files.writeString(folder.resolve("service-test.json"), "[]");
            Path file = folder.resolve("mlops_settings.yaml");
            Files.write(file, bytes);
            SettingsFile.read(file);
        } catch (SettingsException e) {
            assertThat(e.getMessage()).isEqualTo(String.join("\n",
                    e.problems().stream().map(SettingsProblem::toString).toList()));
            return e.problems().stream().map(SettingsProblem::toString).toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the settings to be rejected");
    }

    @Test
    void readsAValidModelWithDefaults() throws Exception {
        Settings settings = read(VALID);

        assertThat(settings.models()).hasSize(1);
        ModelSettings model = settings.models().get(0);
        assertThat(model.modelName()).isEqualTo("model1");
        assertThat(model.humanFriendlyModelName()).isEqualTo("My First Model");
        assertThat(model.modelClass()).isEqualTo("com.example.Model1");
        assertThat(model.artifactFolder()).contains(folder.resolve("model_artifact"));
        assertThat(model.artifactVersion()).isEmpty();
        assertThat(model.testFile()).contains(folder.resolve("service-test.json"));
        assertThat(model.platform()).isEqualTo(Platform.LOCAL);
        assertThat(model.dataset()).isEqualTo("mlops");
        assertThat(model.javaVersion()).isEqualTo(17);
        assertThat(model.helperModels()).isEmpty();
        assertThat(model.secrets()).isEmpty();
        assertThat(model.modelsToKeep()).isEqualTo(3);
        assertThat(model.keepAllModels()).isFalse();
        assertThat(model.prediction()).contains(new ServiceInfo("Predicts AC from ACS, RDEP and DEN",
                "data-science@example.com", Map.of(), List.of()));
        assertThat(model.training()).isEmpty();
        assertThat(model.locationOf("model_class")).isEqualTo(new SettingsLocation("mlops_settings.yaml", 3, 14));
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void readsEveryOptionalField() throws Exception {
        Settings settings = read(VALID + """
                artifact_version: 4
                platform: kubernetes
                dataset: team.models-1
                java_version: 21
                helper_models:
                  - feature_model
                  - {model_name: other_helper, env: prod, version: 2}
                secrets: [API_TOKEN, DB_PASSWORD]
                keep_all_models: true
                """);

        ModelSettings model = settings.models().get(0);
        assertThat(model.artifactVersion()).hasValue(4);
        assertThat(model.platform()).isEqualTo(Platform.KUBERNETES);
        assertThat(model.dataset()).isEqualTo("team.models-1");
        assertThat(model.javaVersion()).isEqualTo(21);
        assertThat(model.helperModels()).extracting(HelperModel::modelName)
                .containsExactly("feature_model", "other_helper");
        assertThat(model.helperModels().get(1).environment()).contains(Environment.PROD);
        assertThat(model.helperModels().get(1).version()).hasValue(2);
        assertThat(model.secrets()).containsExactly("API_TOKEN", "DB_PASSWORD");
        assertThat(model.keepAllModels()).isTrue();
    }

    @Test
    void nullArtifactFolderAndNullTestFileAreAllowedWithAWarningForTheTest() throws Exception {
        Settings settings = read(VALID.replace("artifact_folder: model_artifact", "artifact_folder: null")
                .replace("test_file: service-test.json", "test_file: null"));

        assertThat(settings.models().get(0).artifactFolder()).isEmpty();
        assertThat(settings.models().get(0).testFile()).isEmpty();
        assertThat(settings.warnings()).extracting(SettingsProblem::toString).containsExactly(
                "mlops_settings.yaml:5:12: test_file is null, so deployments of model 'model1' skip the service"
                        + " test; name a JSON file of requests to test every deployment");
    }

    @Test
    void modelNameWithADashSuggestsUnderscores() {
        assertThat(problems(VALID.replace("model_name: model1", "model_name: my-model"))).containsExactly(
                "mlops_settings.yaml:1:13: model_name 'my-model' may contain only letters, digits and underscores;"
                        + " perhaps you meant 'my_model'");
    }

    @Test
    void modelNameWithSpacesOrALeadingDigit() {
        assertThat(problems(VALID.replace("model_name: model1", "model_name: 'my first model'"))).containsExactly(
                "mlops_settings.yaml:1:13: model_name 'my first model' may contain only letters, digits and"
                        + " underscores; perhaps you meant 'my_first_model'");
        assertThat(problems(VALID.replace("model_name: model1", "model_name: 2nd_model"))).containsExactly(
                "mlops_settings.yaml:1:13: model_name '2nd_model' must start with a letter and contain only"
                        + " letters, digits and underscores; perhaps you meant 'nd_model'");
    }

    @Test
    void requiredFieldsAreReportedAtTheStartOfTheModel() {
        assertThat(problems("---\nplatform: local\n")).containsExactly(
                "mlops_settings.yaml:2:1: model_name is missing; add model_name: my_model",
                "mlops_settings.yaml:2:1: human_friendly_model_name is missing; add human_friendly_model_name:"
                        + " 'My First Model'",
                "mlops_settings.yaml:2:1: model_class is missing; add model_class: com.example.MyModel",
                "mlops_settings.yaml:2:1: artifact_folder is missing; add artifact_folder: model_artifact (or null"
                        + " when the model needs no artifact)",
                "mlops_settings.yaml:2:1: test_file is missing; add test_file: src/test/resources/service-test.json"
                        + " (or null to skip the service test)",
                "mlops_settings.yaml:2:1: info is missing; add info: with prediction: and its description: and"
                        + " owner:");
    }

    @Test
    void blankHumanFriendlyNameAndBadClassName() {
        assertThat(problems(VALID.replace("'My First Model'", "'  '")
                .replace("com.example.Model1", "com.example.My-Model"))).containsExactly(
                "mlops_settings.yaml:2:28: human_friendly_model_name must not be blank; write what a reader of the"
                        + " service needs",
                "mlops_settings.yaml:3:14: model_class 'com.example.My-Model' is not a fully-qualified Java class"
                        + " name; write package.ClassName, such as com.example.MyModel");
    }

    @Test
    void textFieldsRejectListsAndNull() {
        assertThat(problems(VALID.replace("model_name: model1", "model_name: [a, b]")
                .replace("model_class: com.example.Model1", "model_class: null"))).containsExactly(
                "mlops_settings.yaml:1:13: model_name must be text, found a list",
                "mlops_settings.yaml:3:14: model_class must be text, found null");
    }

    @Test
    void unknownKeysSuggestTheNearestKnownOne() {
        assertThat(problems(VALID + "modle_name: x\nartifact_versoin: 2\ncolour: blue\n")).containsExactly(
                "mlops_settings.yaml:10:1: unknown field 'modle_name'; perhaps you meant 'model_name'",
                "mlops_settings.yaml:11:1: unknown field 'artifact_versoin'; perhaps you meant 'artifact_version'",
                "mlops_settings.yaml:12:1: unknown field 'colour'" + KNOWN_FIELDS);
    }

    @Test
    void unknownKeysInNestedMappingsNameTheirPath() {
        assertThat(problems(VALID.replace("    owner:", "    ownr: x\n    owner:")
                .replace("  prediction:", "  predicton: {}\n  prediction:"))).containsExactly(
                "mlops_settings.yaml:7:3: unknown field 'predicton' in info; perhaps you meant 'prediction'",
                "mlops_settings.yaml:10:5: unknown field 'ownr' in info.prediction; perhaps you meant 'owner'");
    }

    @Test
    void pythonOnlyFieldsSayWhatReplacesThem() {
        assertThat(problems(VALID + "model_file: model_code/model.py\nreq_file: model_code/requirements.model\n"
                + "python_version: py39\n")).containsExactly(
                "mlops_settings.yaml:10:1: model_file belongs to the Python framework; mlops loads the Java class"
                        + " named by model_class from the project's build, so remove model_file",
                "mlops_settings.yaml:11:1: req_file belongs to the Python framework; mlops takes the model's"
                        + " dependencies from pom.xml, so remove req_file",
                "mlops_settings.yaml:12:1: python_version belongs to the Python framework; use java_version"
                        + " (default 17) instead");
    }

    @Test
    void numbersMustBeWholeAndInRange() {
        assertThat(problems(VALID + "artifact_version: 0\njava_version: 11\nmodels_to_keep: -1\n"))
                .containsExactly(
                        "mlops_settings.yaml:10:19: artifact_version must be a whole number of at least 1, found"
                                + " '0'; remove it to deploy the latest version",
                        "mlops_settings.yaml:11:15: java_version must be a whole number of at least 17, found '11';"
                                + " mlops services run on Java 17 or newer",
                        "mlops_settings.yaml:12:17: models_to_keep must be a whole number of at least 0, found"
                                + " '-1'; it counts the versioned deployments kept besides the ones an alias"
                                + " points to");
        assertThat(problems(VALID + "artifact_version: '3'\n")).containsExactly(
                "mlops_settings.yaml:10:19: artifact_version must be a whole number of at least 1, found '3';"
                        + " remove it to deploy the latest version");
    }

    @Test
    void platformDatasetAndBooleans() {
        assertThat(problems(VALID + "platform: kubernets\ndataset: 'my dataset'\nkeep_all_models: maybe\n"))
                .containsExactly(
                        "mlops_settings.yaml:10:11: platform 'kubernets' is not known; use local or kubernetes"
                                + " (perhaps you meant 'kubernetes')",
                        "mlops_settings.yaml:11:10: dataset 'my dataset' may contain only letters, digits, '_',"
                                + " '.' and '-', starting with a letter or digit; remove it to use the default"
                                + " 'mlops'",
                        "mlops_settings.yaml:12:18: keep_all_models must be true or false, found 'maybe'");
        assertThat(problems(VALID + "platform: cdf\n")).containsExactly(
                "mlops_settings.yaml:10:11: platform 'cdf' is not known; use local or kubernetes");
    }

    @Test
    void keepAllModelsWithModelsToKeepIsAContradiction() {
        assertThat(problems(VALID + "models_to_keep: 5\nkeep_all_models: true\n")).containsExactly(
                "mlops_settings.yaml:10:1: models_to_keep has no effect when keep_all_models is true; remove one of"
                        + " the two");
    }

    @Test
    void missingTestFileNamesWhereItLooked() {
        List<String> problems = problems(VALID.replace("test_file: service-test.json", "test_file: missing.json"));
        assertThat(problems).containsExactly("mlops_settings.yaml:5:12: test_file 'missing.json' is not a file"
                + " (looked for " + folder.resolve("missing.json") + "); create it, or write test_file: null to"
                + " deploy without a service test");
    }

    @Test
    void helperModelsAndSecretsAreChecked() {
        assertThat(problems(VALID + """
                helper_models:
                  - model1
                  - bad-name
                  - {model_name: helper, env: staging, version: 0, colour: red}
                  - [nested]
                secrets: [API_TOKEN, 1BAD, API_TOKEN]
                """)).containsExactly(
                "mlops_settings.yaml:11:5: helper_models[0] names this model itself; a model cannot be its own"
                        + " helper",
                "mlops_settings.yaml:12:5: helper_models[1] 'bad-name' may contain only letters, digits and"
                        + " underscores; perhaps you meant 'bad_name'",
                "mlops_settings.yaml:13:31: helper_models[2].env 'staging' is not an environment; use dev, test or"
                        + " prod",
                "mlops_settings.yaml:13:49: helper_models[2].version must be a whole number of at least 1, found"
                        + " '0'; remove it to use the latest deployed version",
                "mlops_settings.yaml:13:52: unknown field 'colour' in helper_models[2]; the fields here are"
                        + " model_name, env, version",
                "mlops_settings.yaml:14:5: helper_models[3] must be a model name or a mapping with model_name, env"
                        + " and version, found a list",
                "mlops_settings.yaml:15:22: secrets[1] '1BAD' is not an environment variable name; use letters,"
                        + " digits and underscores, not starting with a digit",
                "mlops_settings.yaml:15:28: secrets[2] 'API_TOKEN' is listed twice; list each secret once");
    }

    @Test
    void infoNeedsAServiceAndEachServiceADescriptionAndOwner() {
        assertThat(problems(VALID.replace("""
                  prediction:
                    description: Predicts AC from ACS, RDEP and DEN
                    owner: data-science@example.com
                """, "  {}\n"))).containsExactly(
                "mlops_settings.yaml:7:3: info needs prediction, training or both, each with description and"
                        + " owner");
        assertThat(problems(VALID + "  training:\n    description: ''\n")).containsExactly(
                "mlops_settings.yaml:11:5: info.training.owner is missing; add owner: team@example.com",
                "mlops_settings.yaml:11:18: info.training.description must not be blank; write what a reader of"
                        + " the service needs");
    }

    @Test
    void metadataValuesBecomeText() throws Exception {
        Settings settings = read(VALID + """
                    metadata:
                      required_input: [ACS, RDEP, DEN]
                      petrel_exposure: False
                      num_filler: -999.15
                      nested: {a: 1, b: [x, y]}
                      nothing: null
                """);

        ServiceInfo prediction = settings.models().get(0).prediction().orElseThrow();
        assertThat(prediction.metadata()).containsExactly(
                Map.entry("required_input", "[ACS, RDEP, DEN]"),
                Map.entry("petrel_exposure", "False"),
                Map.entry("num_filler", "-999.15"),
                Map.entry("nested", "{a: 1, b: [x, y]}"),
                Map.entry("nothing", "null"));
        assertThat(prediction.requiredInput()).containsExactly("ACS", "RDEP", "DEN");
    }

    @Test
    void metadataLimitsAreCheckedAtValidateTime() {
        StringBuilder pairs = new StringBuilder("    metadata:\n");
        for (int i = 0; i < 17; i++) {
            pairs.append("      k").append(i).append(": v\n");
        }
        assertThat(problems(VALID + pairs)).containsExactly(
                "mlops_settings.yaml:11:7: info.prediction.metadata has 17 pairs, more than the 16 allowed; keep"
                        + " the ones callers of the service need");

        assertThat(problems(VALID + "    metadata:\n      a_very_long_key_name: x\n      v: " + "x".repeat(513)
                + "\n")).containsExactly(
                "mlops_settings.yaml:11:7: info.prediction.metadata key 'a_very_long_key_name' has 20 characters,"
                        + " more than the 16 allowed; shorten it",
                "mlops_settings.yaml:11:7: info.prediction.metadata takes 535 bytes in all (keys and values as"
                        + " UTF-8), more than the 512 allowed; shorten keys or values",
                "mlops_settings.yaml:12:10: info.prediction.metadata.v has 513 characters, more than the 512"
                        + " allowed; shorten it");

        assertThat(problems(VALID + "    metadata:\n      a: " + "é".repeat(300) + "\n")).containsExactly(
                "mlops_settings.yaml:11:7: info.prediction.metadata takes 601 bytes in all (keys and values as"
                        + " UTF-8), more than the 512 allowed; shorten keys or values");

        assertThat(problems(VALID + "    metadata:\n      required_input: ACS\n")).containsExactly(
                "mlops_settings.yaml:11:23: info.prediction.metadata.required_input must be a list of input names,"
                        + " such as [ACS, RDEP, DEN], found 'ACS'");
    }

    @Test
    void severalModelsWithAnchorsAliasesAndMergeKeys() throws Exception {
        Settings settings = read("""
                model_name: model1
                human_friendly_model_name: 'My First Model'
                model_class: com.example.Model1
                artifact_folder: model_artifact
                test_file: service-test.json
                info:
                  prediction: &desc
                    description: 'Description prediction service, model1'
                    owner: ds@example.com
                    metadata: &meta
                      required_input: [ACS, RDEP, DEN]
                  training:
                    << : *desc
                    description: 'Description training service, model1'
                ---
                model_name: model2
                human_friendly_model_name: 'My Second Model'
                model_class: com.example.Model2
                artifact_folder: null
                test_file: service-test.json
                info:
                  prediction:
                    description: second
                    owner: ds@example.com
                    metadata:
                      required_input: [ACS, RDEP, DEN]
                ---
                """);

        assertThat(settings.models()).extracting(ModelSettings::modelName).containsExactly("model1", "model2");
        ServiceInfo training = settings.models().get(0).training().orElseThrow();
        assertThat(training.description()).isEqualTo("Description training service, model1");
        assertThat(training.owner()).isEqualTo("ds@example.com");
        assertThat(training.requiredInput()).containsExactly("ACS", "RDEP", "DEN");
        assertThat(settings.models().get(1).prediction().orElseThrow().requiredInput())
                .containsExactly("ACS", "RDEP", "DEN");
        assertThat(settings.model("model2")).isPresent();
    }

    @Test
    void mergeKeysAcceptAListAndExplicitFieldsWin() throws Exception {
        Settings settings = read(VALID.replace("  prediction:", "  prediction: &p") + """
                  training:
                    << : [*p]
                    description: trains the model
                """);
        ServiceInfo training = settings.models().get(0).training().orElseThrow();
        assertThat(training.description()).isEqualTo("trains the model");
        assertThat(training.owner()).isEqualTo("data-science@example.com");
    }

    @Test
    void anchorsDoNotReachIntoTheNextModel() {
        assertThat(problems(VALID.replace("  prediction:", "  prediction: &p") + "---\n"
                + VALID.replace("  prediction:\n", "  prediction: *p\n").replace(
                        "    description: Predicts AC from ACS, RDEP and DEN\n    owner: data-science@example.com\n",
                        ""))).containsExactly(
                "mlops_settings.yaml:17:15: not valid YAML: found undefined alias p; define the anchor (&name)"
                        + " before its alias (*name)");
    }

    @Test
    void mergeKeysTakeMappingsOnly() {
        assertThat(problems(VALID + "  training:\n    << : [plain]\n    description: d\n    owner: o\n"))
                .containsExactly("mlops_settings.yaml:11:11: a merge key (<<) takes mappings to merge, found"
                        + " 'plain'; write << : *anchor_of_a_mapping");
    }

    @Test
    void duplicateKeysAndDuplicateModelNames() {
        assertThat(problems(VALID + "model_name: again\n")).containsExactly(
                "mlops_settings.yaml:10:1: model_name is given twice here (first at line 1); keep one");
        assertThat(problems(VALID + "---\n" + VALID)).containsExactly(
                "mlops_settings.yaml:11:13: model_name 'model1' is already used by the model at line 1; give each"
                        + " model its own model_name");
    }

    @Test
    void errorsOfEveryModelAreReportedTogether() {
        assertThat(problems(VALID.replace("model1", "m-1") + "---\n" + VALID.replace("model_class: ", "modelclass: ")
                + "---\n- a list\n")).containsExactly(
                "mlops_settings.yaml:1:13: model_name 'm-1' may contain only letters, digits and underscores;"
                        + " perhaps you meant 'm_1'",
                "mlops_settings.yaml:11:1: model_class is missing; add model_class: com.example.MyModel",
                "mlops_settings.yaml:13:1: unknown field 'modelclass'; perhaps you meant 'model_class'",
                "mlops_settings.yaml:21:1: a model's settings must be a mapping of fields such as"
                        + " 'model_name: my_model', found a list");
    }

    @Test
    void emptyFileAndEmptyDocuments() throws Exception {
        String noModels = "mlops_settings.yaml: the file has no model settings; write model_name,"
                + " human_friendly_model_name, model_class, artifact_folder, test_file and info for each model, or"
                + " start from a template";
        assertThat(problems("")).containsExactly(noModels);
        assertThat(problems("# only a comment\n---\n---\n")).containsExactly(noModels);
        assertThat(read("---\n" + VALID + "---\n---\n").models()).hasSize(1);
        assertThat(problems("just some text\n")).containsExactly(
                "mlops_settings.yaml:1:1: a model's settings must be a mapping of fields such as"
                        + " 'model_name: my_model', found 'just some text'");
    }

    @Test
    void missingFileNamesThePathAndSetup() {
        Path missing = folder.resolve("mlops_settings.yaml");
        assertThatThrownBy(() -> SettingsFile.read(missing))
                .isInstanceOf(SettingsException.class)
                .hasMessage("mlops_settings.yaml: not found at " + missing + "; create one, or name the settings file"
                        + " you have")
                .satisfies(e -> assertThat(((SettingsException) e).problems().get(0).fix())
                        .isEqualTo(SettingsProblem.Fix.CREATE_THE_FILE));
        assertThatThrownBy(() -> SettingsFile.read(folder))
                .hasMessage(folder.getFileName() + ": " + folder + " is a folder; name the settings file");
    }

    @Test
    void yamlSyntaxErrorsHaveAPosition() {
        assertThat(problems(VALID + "\tplatform: local\n")).containsExactly(
                "mlops_settings.yaml:10:1: a tab cannot indent YAML; indent with spaces");
        assertThat(problems("model_name: a\n  b: c\n")).containsExactly(
                "mlops_settings.yaml:2:4: not valid YAML: mapping values are not allowed here; check the"
                        + " indentation and the ': ' after each field name");
    }

    @Test
    void binaryGarbageIsOneErrorNotAStackTrace() {
        byte[] garbage = new byte[4096];
        new java.util.Random(42).nextBytes(garbage);
        assertThat(problems(garbage)).hasSize(1).allSatisfy(problem ->
                assertThat(problem).startsWith("mlops_settings.yaml:1:").contains("save it as UTF-8"));

        assertThat(problems("model_name: a\u0000b\n")).containsExactly(
                "mlops_settings.yaml:1:14: control character U+0000 is not allowed in YAML; remove it, or check"
                        + " that it is the settings file");
        byte[] latin1 = "model_name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problems(latin1)).containsExactly(
                "mlops_settings.yaml:1:16: the file is not UTF-8 text (byte 0xE9); save it as UTF-8, or check that"
                        + " it is the settings file");
    }

    /** Ten levels of ten aliases: 10^10 leaves if anything expanded them. */
    private static String bomb(String indent) {
        StringBuilder bomb = new StringBuilder(indent + "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char previous = (char) (c - 1);
            bomb.append(indent).append(c).append(": &").append(c).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*" + previous))).append("]\n");
        }
        return bomb.toString();
    }

    @Test
    void anAliasBombIsNeverExpanded() {
        List<String> problems = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> problems(VALID + bomb("")));
        assertThat(problems).hasSize(11).first().asString()
                .isEqualTo("mlops_settings.yaml:10:1: unknown field 'a'" + KNOWN_FIELDS);
    }

    @Test
    void anAliasBombInsideMetadataStaysBounded() {
        List<String> problems = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> problems(VALID + "    metadata:\n" + bomb("      ")));
        assertThat(problems).anySatisfy(problem ->
                assertThat(problem).contains("info.prediction.metadata.k has more than 100000 characters"));
    }

    @Test
    void manyModelsMayEachMergeAnAnchor() throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            yaml.append(VALID.replace("model1", "model" + i).replace("  prediction:", "  prediction: &p"))
                    .append("  training:\n    << : *p\n    description: trains\n---\n");
        }
        assertThat(read(yaml.toString()).models()).hasSize(120);
    }

    @Test
    void aHugeFileIsRefusedBeforeParsing() throws IOException {
        byte[] big = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        assertThat(problems(big)).containsExactly(
                "mlops_settings.yaml: the file has more than 1048576 bytes, far more than model settings take; check"
                        + " that it is the settings file");
    }

    @Test
    void deepNestingIsRefused() {
        assertThat(problems("a: " + "[".repeat(200) + "]".repeat(200) + "\n")).singleElement()
                .asString().startsWith("mlops_settings.yaml");
    }

    @Test
    void aNonScalarKeyIsAProblem() {
        assertThat(problems(VALID + "? [a, b]\n: c\n")).containsExactly(
                "mlops_settings.yaml:10:3: a field name must be plain text, found a list");
    }

    @Test
    void suggestedModelNames() {
        assertThat(ModelDocument.suggestModelName("my-model")).isEqualTo("my_model");
        assertThat(ModelDocument.suggestModelName("my--model.v2")).isEqualTo("my_model_v2");
        assertThat(ModelDocument.suggestModelName("---")).isEmpty();
    }
}
