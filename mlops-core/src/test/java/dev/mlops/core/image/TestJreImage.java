package dev.mlops.core.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A base image for the tests, in place of {@code eclipse-temurin:17-jre}: these machines reach no image registry, so
 * the tests build a JRE image of their own from scratch and push it to the {@link LocalRegistry}. It holds a runtime
 * made by {@code jlink} from this machine's JDK (the modules the host uses), the C libraries {@code java} links
 * against (as {@code ldd} lists them; a scratch image has none), {@code /tmp}, and {@code java} on the
 * {@code PATH}: what the host's image needs from a base.
 */
public final class TestJreImage {

    /** The host's modules, as {@code jdeps --print-module-deps} lists them for mlops-core and its libraries. */
    private static final String MODULES = "java.base,java.desktop,java.logging,java.management,java.naming,"
            + "java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,"
            + "jdk.management,jdk.unsupported,jdk.zipfs";
    /** Native libraries of java.desktop that need a display or fonts, never loaded by a host. */
    private static final Pattern DESKTOP = Pattern.compile("lib(awt_xawt|splashscreen|fontmanager|jsound|lcms|"
            + "javajpeg|mlib_image|jawt)\\.so");
    private static final Pattern LDD = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x");
    private static final String JAVA_HOME = "/opt/java";

    private TestJreImage() {
    }

    /**
     * Builds the base image (the runtime is cached under {@code work}) and pushes it to the registry.
     *
     * @return the image's reference with its digest, to pass as {@code -Dmlops.image.base}
     */
    public static String push(LocalRegistry registry, Path work) throws Exception {
        Path runtime = work.resolve("jre");
        if (!Files.isExecutable(runtime.resolve("bin/java"))) {
            Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
            if (!Files.isExecutable(jlink)) {
                throw new IOException("the test JRE is made by jlink, and this JVM (" + System.getProperty(
                        "java.home") + ") has none: run the tests with a JDK");
            }
            Files.createDirectories(work);
            Path partial = work.resolve("jre.partial");
            dev.mlops.core.files.Folders.delete(partial);
            run(List.of(jlink.toString(), "--add-modules", MODULES, "--strip-debug", "--no-man-pages",
                    "--no-header-files", "--output", partial.toString()));
            Files.move(partial, runtime);
        }
        Instant time = Instant.ofEpochSecond(1);
        FileEntriesLayer.Builder jre = FileEntriesLayer.builder().setName("jre");
        Set<String> libraries = new TreeSet<>();
        try (Stream<Path> files = Files.walk(runtime)) {
            for (Path file : files.sorted().toList()) {
                String relative = runtime.relativize(file).toString().replace('\\', '/');
                AbsoluteUnixPath target = AbsoluteUnixPath.get(relative.isEmpty() ? JAVA_HOME
                        : JAVA_HOME + "/" + relative);
                jre.addEntry(file, target, permissions(file), time);
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".so") && !DESKTOP.matcher(name).matches()
                        || file.equals(runtime.resolve("bin/java")))) {
                    libraries.addAll(linkedLibraries(file));
                }
            }
        }
        FileEntriesLayer.Builder system = FileEntriesLayer.builder().setName("glibc");
        for (String library : libraries) {
            if (library.startsWith(runtime.toString())) {
                continue;
            }
            // The library's content under the name the loader looks for (a symbolic link's target, copied).
            Path real = Path.of(library).toRealPath();
            system.addEntry(real, AbsoluteUnixPath.get(library), FilePermissions.fromOctalString("755"), time);
        }
        Path etc = Files.createDirectories(work.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n", StandardCharsets.UTF_8);
        Files.writeString(etc.resolve("group"), "root:x:0:\nnonroot:x:65532:\n", StandardCharsets.UTF_8);
        system.addEntry(etc.resolve("passwd"), AbsoluteUnixPath.get("/etc/passwd"),
                FilePermissions.fromOctalString("644"), time);
        system.addEntry(etc.resolve("group"), AbsoluteUnixPath.get("/etc/group"),
                FilePermissions.fromOctalString("644"), time);
        // jib writes no sticky bit: 777 stands in for /tmp's usual 1777.
        system.addEntry(new FileEntry(work, AbsoluteUnixPath.get("/tmp"), FilePermissions.fromOctalString("777"),
                time, "0:0"));
        JibContainer container = Jib.fromScratch()
                .addFileEntriesLayer(jre.build())
                .addFileEntriesLayer(system.build())
                .addEnvironmentVariable("JAVA_HOME", JAVA_HOME)
                .addEnvironmentVariable("PATH", JAVA_HOME + "/bin:/usr/bin:/bin")
                .setCreationTime(Instant.EPOCH)
                .containerize(Containerizer.to(RegistryImage.named(registry.address() + "/mlops-test-jre:17"))
                        .setAllowInsecureRegistries(true));
        return registry.address() + "/mlops-test-jre:17@" + container.getDigest();
    }

    private static FilePermissions permissions(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return FilePermissions.fromOctalString("755");
        }
        Set<PosixFilePermission> own = Files.getPosixFilePermissions(file);
        return FilePermissions.fromOctalString(own.contains(PosixFilePermission.OWNER_EXECUTE) ? "755" : "644");
    }

    private static List<String> linkedLibraries(Path file) throws IOException, InterruptedException {
        Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ldd.waitFor();
        List<String> found = new java.util.ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher matcher = LDD.matcher(line);
            if (matcher.find() && !line.contains("not found")) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
