package dev.mlops.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Maven coordinates of the jars on a class path, as {@code groupId:artifactId:version}, read from the
 * {@code META-INF/maven/<groupId>/<artifactId>/pom.properties} that Maven writes into every jar it builds. They are
 * what {@code helper_models} compares: a model and its helper must run the same version of a library both use.
 */
public final class Libraries {

    private Libraries() {
    }

    /**
     * @param classPath jars and classes folders; folders and jars without Maven's properties are left out
     * @return the coordinates, in class-path order
     * @throws BundleException when a jar cannot be read
     */
    public static List<String> of(List<Path> classPath) throws BundleException {
        List<String> coordinates = new ArrayList<>();
        for (Path element : classPath) {
            if (!Files.isRegularFile(element)) {
                continue;
            }
            try (ZipFile jar = new ZipFile(element.toFile())) {
                Enumeration<? extends ZipEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.getName().startsWith("META-INF/maven/") && entry.getName().endsWith("/pom.properties")) {
                        Properties properties = new Properties();
                        try (InputStream in = jar.getInputStream(entry)) {
                            properties.load(in);
                        }
                        String group = properties.getProperty("groupId");
                        String artifact = properties.getProperty("artifactId");
                        String version = properties.getProperty("version");
                        if (group != null && artifact != null && version != null) {
                            coordinates.add(group.trim() + ":" + artifact.trim() + ":" + version.trim());
                        }
                    }
                }
            } catch (IOException e) {
                throw new BundleException("cannot read " + element + " as a jar: " + e.getMessage(), e);
            }
        }
        return List.copyOf(coordinates);
    }

    /**
     * @param coordinates {@code groupId:artifactId:version} entries
     * @return version by {@code groupId:artifactId}
     */
    public static Map<String, String> versions(List<String> coordinates) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String coordinate : coordinates) {
            int last = coordinate.lastIndexOf(':');
            if (last > 0) {
                versions.putIfAbsent(coordinate.substring(0, last), coordinate.substring(last + 1));
            }
        }
        return versions;
    }
}
