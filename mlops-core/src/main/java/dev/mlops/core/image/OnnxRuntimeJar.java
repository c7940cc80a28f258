package dev.mlops.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * ONNX Runtime's jar carries its native library for every operating system and processor (54 MB, of which Linux
 * x64's is 28 MB before compression); the host's image runs on Linux x64 only, so it takes a copy of the jar
 * without the others. ONNX Runtime loads its library from {@code ai/onnxruntime/native/<os>-<arch>/}, so nothing
 * else changes. The copy keeps every other entry, its order and its time stamps: the same jar gives the same copy.
 */
final class OnnxRuntimeJar {

    private static final String NATIVE = "ai/onnxruntime/native/";
    private static final String KEPT = NATIVE + "linux-x64/";

    private OnnxRuntimeJar() {
    }

    /**
     * @return the jar to put in the image in place of {@code jar}: itself unless it is ONNX Runtime's, whose copy
     *         for Linux x64 is written under {@code work} once
     */
    static Path forLinuxX64(Path jar, Path work) throws IOException {
        String name = jar.getFileName().toString();
        if (!name.startsWith("onnxruntime-") || !name.endsWith(".jar")) {
            return jar;
        }
        Path copy = work.resolve(name.substring(0, name.length() - ".jar".length()) + "-linux-x64-"
                + Long.toHexString(Files.size(jar)) + "-" + Long.toHexString(Files.getLastModifiedTime(jar)
                .toMillis()) + ".jar");
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        Files.createDirectories(work);
        Path partial = Files.createTempFile(work, name, ".partial");
        try (ZipFile source = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(partial))) {
            // Most of it is one native library, pushed and pulled with every new mlops version: worth the time.
            out.setLevel(Deflater.BEST_COMPRESSION);
            Enumeration<? extends ZipEntry> entries = source.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().startsWith(NATIVE) && !entry.getName().startsWith(KEPT)
                        && !entry.getName().equals(NATIVE)) {
                    continue;
                }
                ZipEntry kept = new ZipEntry(entry.getName());
                // The DOS time fields as they are: setTime would convert them through this machine's time zone.
                kept.setTimeLocal(entry.getTimeLocal());
                out.putNextEntry(kept);
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

}
