package dev.mlops.core.bundle;

import dev.mlops.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A bundle unpacked into a folder, ready to load: its descriptor, its jars in class-path order and its artifact
 * folder (empty when the model has none).
 *
 * @param descriptor     what the bundle says about itself
 * @param classPath      the jars, in order
 * @param artifactFolder the artifact
 */
public record ExtractedBundle(BundleDescriptor descriptor, List<Path> classPath, Path artifactFolder) {

    /**
     * @param bundle a bundle file
     * @param folder an empty folder to unpack into
     * @return the unpacked bundle
     * @throws BundleException when the file is not a bundle, lacks its descriptor, or names a path outside the folder
     */
    public static ExtractedBundle extract(Path bundle, Path folder) throws BundleException {
        Path root = folder.toAbsolutePath().normalize();
        BundleDescriptor descriptor = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
            Files.createDirectories(root.resolve("artifact"));
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new BundleException(bundle + " holds an entry outside the bundle (" + entry.getName()
                            + "); it was not made by mlops");
                }
                if (entry.getName().equals(BundleDescriptor.FILE_NAME)) {
                    descriptor = Json.FILES.readValue(zip.readAllBytes(), BundleDescriptor.class);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        } catch (IOException e) {
            throw new BundleException("cannot read bundle " + bundle + ": " + e.getMessage(), e);
        }
        if (descriptor == null) {
            throw new BundleException(bundle + " has no " + BundleDescriptor.FILE_NAME + "; it was not made by mlops");
        }
        List<Path> classPath = new ArrayList<>();
        for (String jar : descriptor.classPath()) {
            Path path = root.resolve(jar).normalize();
            if (!path.startsWith(root) || !Files.isRegularFile(path)) {
                throw new BundleException(bundle + " lacks " + jar + ", which its descriptor lists");
            }
            classPath.add(path);
        }
        return new ExtractedBundle(descriptor, List.copyOf(classPath), root.resolve("artifact"));
    }

    /**
     * @return the descriptor of a bundle file, read without unpacking the rest
     */
    public static BundleDescriptor descriptor(Path bundle) throws BundleException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(bundle.toFile())) {
            ZipEntry entry = zip.getEntry(BundleDescriptor.FILE_NAME);
            if (entry == null) {
                throw new BundleException(bundle + " has no " + BundleDescriptor.FILE_NAME + "; it was not made by"
                        + " mlops");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Json.FILES.readValue(in.readAllBytes(), BundleDescriptor.class);
            }
        } catch (IOException e) {
            throw new BundleException("cannot read bundle " + bundle + ": " + e.getMessage(), e);
        }
    }

}
