package dev.mlops.core.model;

import dev.mlops.api.PredictionModel;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads a model's classes in isolation: the JDK and {@code dev.mlops.api} are shared with the caller, everything else
 * comes from the model's own class path. Two models that depend on different versions of a library each see their
 * own.
 */
public final class ModelClassLoader extends URLClassLoader {

    private static final String API_PACKAGE = PredictionModel.class.getPackageName() + ".";
    private static final ClassLoader API_LOADER = PredictionModel.class.getClassLoader();

    static {
        registerAsParallelCapable();
    }

    /**
     * @param name      what the loader is for, shown in diagnostics
     * @param classPath the model's classes and jars, in lookup order
     */
    public ModelClassLoader(String name, List<Path> classPath) {
        super(name, urls(classPath), ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return API_LOADER.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    private static URL[] urls(List<Path> classPath) {
        try {
            URL[] urls = new URL[classPath.size()];
            for (int i = 0; i < urls.length; i++) {
                urls[i] = classPath.get(i).toUri().toURL();
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
