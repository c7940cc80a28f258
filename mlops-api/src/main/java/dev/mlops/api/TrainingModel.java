package dev.mlops.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model that trains itself: writes a new artifact into a folder and describes it. The class named by
 * {@code model_class} may implement this interface, {@link PredictionModel}, or both.
 *
 * <p>{@code mvn mlops:train} calls {@link #train} with a fresh, empty folder and uploads what it wrote as the next
 * {@code dev} version of the model, with the returned metadata.
 */
public interface TrainingModel {

    /**
     * Trains the model and writes its artifact.
     *
     * @param artifactFolder an empty folder to write the artifact into
     * @param secrets        the secrets the settings name
     * @return metadata of the artifact (metrics, data used, parameters), kept with the uploaded version; values are
     *         written as JSON
     * @throws ModelException when training fails; the message is reported to the caller
     */
    Map<String, Object> train(Path artifactFolder, Secrets secrets) throws ModelException;
}
