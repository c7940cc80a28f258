package dev.mlops.api;

import java.nio.file.Path;

/**
 * A model that answers prediction requests: the class named by {@code model_class} in {@code mlops_settings.yaml}.
 *
 * <p>The function host creates one instance through the public no-argument constructor, calls
 * {@link #initialization} once when the service is loaded, and then {@link #predict} for every request. Loading is
 * where slow work belongs (reading weights, building lookup tables); {@code predict} should only compute.
 *
 * <p><b>{@code predict} is called concurrently</b> from several request threads with the same {@code state}. Keep
 * the state immutable after {@code initialization}, or guard what changes.
 *
 * <p><b>What the host does with a misbehaving model.</b> Anything {@code predict} throws, an {@code Error} such as
 * {@code OutOfMemoryError} or {@code AssertionError} included, is answered at once with status 500 and the
 * throwable's class and message (absolute paths cut to their last name); the host goes on. A {@code predict} that
 * does not return within the host's call timeout is answered 504 and its thread interrupted. An
 * {@code initialization} that throws, or does not return within the host's load timeout, leaves the service listed
 * as failed with the reason; other services load and answer meanwhile. A model that calls {@code System.exit} (or
 * {@code Runtime.halt}) ends the host's process and every service in it: don't. On Kubernetes the pod is then
 * restarted; on the local platform the host has to be started again.
 *
 * <p>The type parameter {@code D} is what a request's {@code data} is bound to from JSON: declare
 * {@code PredictionModel<Map<String, Object>, S>} to receive the JSON object as a map, or a record or plain class
 * whose fields name the inputs to receive it typed.
 *
 * <pre>{@code
 * public final class Regression implements PredictionModel<Map<String, List<Double>>, double[]> {
 *     public double[] initialization(Path artifactFolder, Secrets secrets) throws ModelException {
 *         return Coefficients.read(artifactFolder.resolve("coefficients.txt"));
 *     }
 *     public Object predict(Map<String, List<Double>> data, double[] w, Secrets secrets) {
 *         ...
 *     }
 * }
 * }</pre>
 *
 * @param <D> the type a request's {@code data} is bound to
 * @param <S> the state that {@code initialization} builds and every {@code predict} call receives
 */
public interface PredictionModel<D, S> {

    /**
     * Loads what {@code predict} needs. Called once each time the service is loaded.
     *
     * @param artifactFolder the folder holding the model artifact of the deployed version; an empty folder when the
     *                       settings say {@code artifact_folder: null}
     * @param secrets        the secrets the settings name, resolved on the platform
     * @return the state passed to every {@link #predict} call; may be {@code null} if the model keeps none
     * @throws ModelException when the model cannot be loaded; the service then reports the message on every call
     */
    S initialization(Path artifactFolder, Secrets secrets) throws ModelException;

    /**
     * Computes a prediction. Called concurrently; see the class documentation.
     *
     * @param data    the request's {@code data}, bound to {@code D}
     * @param state   what {@link #initialization} returned
     * @param secrets the secrets the settings name
     * @return the prediction, written as JSON into the response's {@code prediction} field
     * @throws ModelException when the request cannot be answered; its message becomes the response's
     *                        {@code error_message}
     */
    Object predict(D data, S state, Secrets secrets) throws ModelException;
}
