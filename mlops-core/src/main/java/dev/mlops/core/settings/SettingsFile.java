package dev.mlops.core.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code mlops_settings.yaml}: one YAML document per model, {@code ---} between models, anchors, aliases and
 * {@code <<} merge keys allowed. Every problem of the file is reported at once, each with file, line and column;
 * no content of the file, however broken, produces anything but a {@link SettingsException}.
 */
public final class SettingsFile {

    /** The settings file's usual name, in the project's base directory. */
    public static final String DEFAULT_NAME = "mlops_settings.yaml";

    private SettingsFile() {
    }

    /**
     * Reads a settings file, naming it in messages by its file name.
     *
     * @param file the settings file
     * @return the models it configures
     * @throws SettingsException listing every problem when the file is missing or breaks a rule
     */
    public static Settings read(Path file) throws SettingsException {
        return read(file, String.valueOf(file.getFileName()));
    }

    /**
     * Reads a settings file.
     *
     * @param file        the settings file; relative paths inside it are resolved against its folder
     * @param displayName how messages name the file, such as its path relative to the project
     * @return the models it configures
     * @throws SettingsException listing every problem when the file is missing or breaks a rule
     */
    public static Settings read(Path file, String displayName) throws SettingsException {
        Path absolute = file.toAbsolutePath().normalize();
        byte[] bytes;
        try {
            bytes = readLimited(absolute, displayName);
        } catch (NoSuchFileException e) {
            throw fileProblem(displayName, "not found at " + absolute + "; create one, or name the settings file"
                    + " you have", SettingsProblem.Fix.CREATE_THE_FILE);
        } catch (IOException e) {
            throw fileProblem(displayName, "cannot be read at " + absolute + " (" + e.getMessage() + ")",
                    SettingsProblem.Fix.NONE);
        }
        return parse(bytes, displayName, absolute);
    }

    private static byte[] readLimited(Path file, String displayName) throws IOException, SettingsException {
        if (Files.isDirectory(file)) {
            throw fileProblem(displayName, file + " is a folder; name the settings file",
                    SettingsProblem.Fix.NAME_THE_FILE);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(YamlDocuments.MAX_BYTES + 1);
            if (bytes.length > YamlDocuments.MAX_BYTES) {
                throw fileProblem(displayName, "the file has more than " + YamlDocuments.MAX_BYTES + " bytes, far"
                        + " more than model settings take; check that it is the settings file",
                        SettingsProblem.Fix.NAME_THE_FILE);
            }
            return bytes;
        }
    }

    static Settings parse(byte[] bytes, String displayName, Path file) throws SettingsException {
        Problems problems = new Problems(displayName);
        YamlDocuments yaml = new YamlDocuments(problems);
        List<Node> documents = yaml.compose(bytes);
        if (documents.isEmpty() && problems.errorCount() == 0) {
            problems.error("the file has no model settings; write model_name, human_friendly_model_name,"
                    + " model_class, artifact_folder, test_file and info for each model, or start from a template",
                    SettingsProblem.Fix.WRITE_A_TEMPLATE);
        }
        List<ModelSettings> models = new ArrayList<>();
        Map<String, SettingsLocation> names = new HashMap<>();
        for (Node root : documents) {
            ModelDocument document = new ModelDocument(yaml, problems, file.getParent());
            Optional<ModelSettings> model = document.read(root);
            if (model.isEmpty()) {
                continue;
            }
            SettingsLocation name = model.get().locationOf("model_name");
            SettingsLocation first = names.putIfAbsent(model.get().modelName(), name);
            if (first != null) {
                problems.error(name, "model_name '" + model.get().modelName() + "' is already used by the model"
                        + " at line " + first.line() + "; give each model its own model_name");
            } else {
                models.add(model.get());
            }
        }
        if (problems.errorCount() > 0) {
            throw new SettingsException(problems.errors());
        }
        return new Settings(file, List.copyOf(models), problems.warnings());
    }

    private static SettingsException fileProblem(String displayName, String message, SettingsProblem.Fix fix) {
        return new SettingsException(List.of(new SettingsProblem(displayName, 0, 0, message, fix)));
    }
}
