package dev.mlops.core.settings;

import dev.mlops.core.naming.Environment;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model whose deployed service this model uses for feature engineering; an entry of {@code helper_models}.
 *
 * @param modelName   the helper's {@code model_name}
 * @param environment the environment to use it from; empty means the one being deployed to
 * @param version     the deployed version to use; empty means the latest
 */
public record HelperModel(String modelName, Optional<Environment> environment, OptionalInt version) {
}
