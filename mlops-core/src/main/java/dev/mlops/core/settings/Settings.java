package dev.mlops.core.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A valid settings file: its models in file order, and the warnings it raised.
 *
 * @param file     the settings file
 * @param models   one entry per YAML document, in file order; never empty
 * @param warnings things that work but deserve a look, such as a disabled service test
 */
public record Settings(Path file, List<ModelSettings> models, List<SettingsProblem> warnings) {

    /**
     * @param modelName a {@code model_name}
     * @return that model's settings, if the file has it
     */
    public Optional<ModelSettings> model(String modelName) {
        return models.stream().filter(m -> m.modelName().equals(modelName)).findFirst();
    }
}
