package dev.mlops.core.model;

import dev.mlops.api.PredictionModel;
import dev.mlops.api.TrainingModel;
import dev.mlops.core.settings.ModelFormat;
import dev.mlops.core.settings.ModelSettings;
import dev.mlops.core.settings.Settings;
import dev.mlops.core.settings.SettingsProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that each {@code model_class} of a settings file exists among the project's compiled classes and fulfils
 * the contract of {@code mlops-api}: a public concrete class with a public no-argument constructor that implements
 * {@link PredictionModel} when the settings describe a prediction service and {@link TrainingModel} when they
 * describe a training service.
 *
 * <p>A class can only be checked once compiled. When it is not (no classes folder yet, or a source file newer than
 * the build), the check says so instead of failing: the build checks again before it deploys anything.
 */
public final class ModelClassCheck {

    /**
     * @param problems model classes that break the contract, positioned at their {@code model_class} line
     * @param notes    one line per model whose class could not be checked yet, saying why
     */
    public record Outcome(List<SettingsProblem> problems, List<String> notes) {
    }

    private ModelClassCheck() {
    }

    /**
     * @param settings         a valid settings file
     * @param classesDirectory where the project's main classes are compiled to
     * @param dependencies     the project's compile dependencies as far as they are resolved, possibly none
     * @param sourceRoots      the project's main source folders, to tell "not compiled yet" from "does not exist"
     * @return what is wrong and what could not be checked
     */
    public static Outcome check(Settings settings, Path classesDirectory, List<Path> dependencies,
                                List<Path> sourceRoots) {
        List<SettingsProblem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!Files.isDirectory(classesDirectory)) {
            for (ModelSettings model : javaModels(settings)) {
                notes.add(model.modelName() + ": model_class " + model.modelClass() + " not checked; the project is"
                        + " not compiled yet");
            }
            return new Outcome(problems, notes);
        }
        List<Path> classPath = new ArrayList<>();
        classPath.add(classesDirectory);
        classPath.addAll(dependencies);
        try (ModelClassLoader loader = new ModelClassLoader("model-class-check", classPath)) {
            for (ModelSettings model : javaModels(settings)) {
                checkOne(model, loader, classesDirectory, sourceRoots, problems, notes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(List.copyOf(problems), List.copyOf(notes));
    }

    /** ONNX models have no class; {@link OnnxCheck} checks their graphs. */
    private static List<ModelSettings> javaModels(Settings settings) {
        return settings.models().stream().filter(model -> model.modelFormat() == ModelFormat.JAVA).toList();
    }

    private static void checkOne(ModelSettings model, ClassLoader loader, Path classesDirectory,
                                 List<Path> sourceRoots, List<SettingsProblem> problems, List<String> notes) {
        String name = model.modelClass();
        String quoted = "model_class '" + name + "'";
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            if (newerSource(name, classesDirectory, sourceRoots)) {
                notes.add(model.modelName() + ": model_class " + name + " not checked; its source is newer than the"
                        + " compiled classes");
            } else {
                problems.add(model.locationOf("model_class").problem(quoted + " is not among the project's compiled"
                        + " classes; check the package and the class name"));
            }
            return;
        } catch (LinkageError e) {
            notes.add(model.modelName() + ": model_class " + name + " not checked; it needs " + e.getMessage()
                    + ", which the build resolves later");
            return;
        }
        if (newerSource(name, classesDirectory, sourceRoots)) {
            notes.add(model.modelName() + ": model_class " + name + " not checked; its source is newer than the"
                    + " compiled classes");
            return;
        }
        List<String> wrong = new ArrayList<>();
        if (model.prediction().isPresent() && !PredictionModel.class.isAssignableFrom(type)) {
            wrong.add(quoted + " does not implement " + PredictionModel.class.getName() + ", which info.prediction"
                    + " needs; implement it or remove info.prediction");
        }
        if (model.training().isPresent() && !TrainingModel.class.isAssignableFrom(type)) {
            wrong.add(quoted + " does not implement " + TrainingModel.class.getName() + ", which info.training needs;"
                    + " implement it or remove info.training");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            wrong.add(quoted + " is " + (type.isInterface() ? "an interface" : "abstract") + "; name a concrete"
                    + " class");
        } else if (!Modifier.isPublic(type.getModifiers()) || type.getEnclosingClass() != null
                && !Modifier.isStatic(type.getModifiers()) || !hasPublicNoArgumentConstructor(type)) {
            wrong.add(quoted + " must be a public class with a public constructor that takes no arguments; the"
                    + " function host creates the model with it");
        }
        for (String message : wrong) {
            problems.add(model.locationOf("model_class").problem(message));
        }
    }

    private static boolean hasPublicNoArgumentConstructor(Class<?> type) {
        try {
            return Modifier.isPublic(type.getConstructor().getModifiers());
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    /** A source file edited after its class was compiled: the compiled class may not say what the source says. */
    private static boolean newerSource(String className, Path classesDirectory, List<Path> sourceRoots) {
        String topLevel = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        String relative = topLevel.replace('.', '/');
        Path compiled = classesDirectory.resolve(relative + ".class");
        for (Path root : sourceRoots) {
            Path source = root.resolve(relative + ".java");
            if (Files.isRegularFile(source)) {
                try {
                    return !Files.exists(compiled)
                            || Files.getLastModifiedTime(source).compareTo(Files.getLastModifiedTime(compiled)) > 0;
                } catch (IOException e) {
                    return true;
                }
            }
        }
        return false;
    }
}
