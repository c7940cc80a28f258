package dev.mlops.core.model;

import dev.mlops.api.ModelException;
import dev.mlops.api.Secrets;
import dev.mlops.api.TrainingModel;
import dev.mlops.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Runs a model's {@link TrainingModel#train} on this machine, in a class loader of its own as the function host would,
 * and returns the metadata it reports as text, ready to be kept with the uploaded version.
 */
public final class Training {

    private Training() {
    }

    /**
     * @param modelClass  the class implementing {@link TrainingModel}
     * @param classPath   the model's jar (or classes) and runtime dependencies
     * @param folder      an empty folder the model writes its artifact into
     * @param secretNames the names under {@code secrets} in the settings
     * @param environment where their values come from
     * @return the model's metadata; values that are not text are written as JSON
     * @throws ModelException when the model fails, with its message; or when the class cannot train
     */
    public static Map<String, String> run(String modelClass, List<Path> classPath, Path folder,
                                          List<String> secretNames, UnaryOperator<String> environment)
            throws ModelException {
        Map<String, String> values = new HashMap<>();
        for (String name : secretNames) {
            String value = environment.apply(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (ModelClassLoader loader = new ModelClassLoader("training " + modelClass, classPath)) {
            thread.setContextClassLoader(loader);
            Object model = Class.forName(modelClass, true, loader).getConstructor().newInstance();
            if (!(model instanceof TrainingModel training)) {
                throw new ModelException(modelClass + " does not implement " + TrainingModel.class.getName()
                        + "; implement it to train the model");
            }
            Map<String, Object> metadata = training.train(folder, Secrets.of(values));
            Map<String, String> text = new TreeMap<>();
            if (metadata != null) {
                for (Map.Entry<String, Object> entry : metadata.entrySet()) {
                    Object value = entry.getValue();
                    text.put(entry.getKey(), value instanceof String s ? s : Json.DATA.writeValueAsString(value));
                }
            }
            return text;
        } catch (InvocationTargetException e) {
            throw new ModelException("the constructor of " + modelClass + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ModelException("cannot load " + modelClass + ": " + e + "; build the project before"
                    + " training", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new ModelException("the model failed while training: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
