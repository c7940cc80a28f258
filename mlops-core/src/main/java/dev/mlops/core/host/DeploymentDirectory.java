package dev.mlops.core.host;

import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.files.Folders;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The functions a host serves: one per {@code <externalId>.bundle} file in a folder. The folder is scanned on a
 * fixed interval; a new file is loaded, a replaced one is loaded and swapped in (calls in flight finish on the old
 * one), a removed one stops being served. Writers replace bundles atomically, as {@link BundleWriter} does.
 */
final class DeploymentDirectory implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeploymentDirectory.class.getName());

    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    private final Path folder;
    private final Path work;
    private final HostMetrics metrics;
    private final UnaryOperator<String> environment;
    private final Map<String, LoadedFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, AliasFile> aliases = new ConcurrentHashMap<>();
    private final Map<Path, Stamp> seen = new HashMap<>();
    private final Map<Path, String> idOfFile = new HashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mlops-deployment-scanner");
        thread.setDaemon(true);
        return thread;
    });

    DeploymentDirectory(Path folder, Path work, HostMetrics metrics, UnaryOperator<String> environment) {
        this.folder = folder;
        this.work = work;
        this.metrics = metrics;
        this.environment = environment;
    }

    /** Loads what is there now, then keeps watching. */
    void start(Duration interval) throws IOException {
        Files.createDirectories(folder);
        Files.createDirectories(work);
        scan();
        scanner.scheduleWithFixedDelay(this::scanQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * @return the function deployed under this id, or the one an alias of this name points to
     */
    LoadedFunction get(String externalId) {
        LoadedFunction function = functions.get(externalId);
        if (function != null) {
            return function;
        }
        AliasFile alias = aliases.get(externalId);
        return alias == null ? null : functions.get(alias.target());
    }

    /**
     * @return the aliases, by name
     */
    Map<String, AliasFile> aliases() {
        return aliases;
    }

    Collection<LoadedFunction> all() {
        return functions.values();
    }

    /**
     * Removes a function's bundle and stops serving it.
     *
     * @return false when no such function is served
     */
    synchronized boolean delete(String externalId) throws IOException {
        Path aliasFile = folder.resolve(externalId + AliasFile.EXTENSION);
        if (aliases.remove(externalId) != null) {
            Files.deleteIfExists(aliasFile);
            seen.remove(aliasFile);
            return true;
        }
        Path file = folder.resolve(externalId + BundleWriter.EXTENSION);
        LoadedFunction function = functions.remove(externalId);
        Files.deleteIfExists(file);
        seen.remove(file);
        idOfFile.remove(file);
        if (function != null) {
            function.retire();
        }
        return function != null;
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot scan " + folder + ": " + e.getMessage());
        }
    }

    synchronized void scan() throws IOException {
        Set<Path> present = new HashSet<>();
        List<Path> bundles;
        try (Stream<Path> list = Files.list(folder)) {
            bundles = list.filter(f -> f.getFileName().toString().endsWith(BundleWriter.EXTENSION)
                    || f.getFileName().toString().endsWith(AliasFile.EXTENSION)).sorted().toList();
        }
        for (Path file : bundles) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (IOException e) {
                continue;
            }
            present.add(file);
            Stamp stamp = new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
            if (!stamp.equals(seen.get(file))) {
                seen.put(file, stamp);
                if (file.getFileName().toString().endsWith(AliasFile.EXTENSION)) {
                    readAlias(file);
                } else {
                    load(file);
                }
            }
        }
        for (Path gone : new HashSet<>(seen.keySet())) {
            if (!present.contains(gone)) {
                seen.remove(gone);
                String name = gone.getFileName().toString();
                if (name.endsWith(AliasFile.EXTENSION)) {
                    aliases.remove(name.substring(0, name.length() - AliasFile.EXTENSION.length()));
                    continue;
                }
                String id = idOfFile.remove(gone);
                LoadedFunction function = id == null ? null : functions.remove(id);
                if (function != null) {
                    LOG.log(System.Logger.Level.INFO, id + ": bundle removed, no longer served");
                    function.retire();
                }
            }
        }
    }

    private void readAlias(Path file) {
        String name = file.getFileName().toString();
        String expected = name.substring(0, name.length() - AliasFile.EXTENSION.length());
        try {
            AliasFile alias = AliasFile.read(file);
            if (!alias.alias().equals(expected)) {
                LOG.log(System.Logger.Level.WARNING, file + " names the alias " + alias.alias() + "; it is not served");
                return;
            }
            AliasFile previous = aliases.put(expected, alias);
            if (previous == null || !previous.target().equals(alias.target())) {
                LOG.log(System.Logger.Level.INFO, expected + " now points to " + alias.target());
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read alias " + file + ": " + e.getMessage());
        }
    }

    private void load(Path file) {
        String fileName = file.getFileName().toString();
        String expectedId = fileName.substring(0, fileName.length() - BundleWriter.EXTENSION.length());
        LoadedFunction function;
        try {
            function = LoadedFunction.load(file, work.resolve(expectedId + "-" + loads.incrementAndGet()),
                    environment, metrics);
        } catch (BundleException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            return;
        }
        String id = function.descriptor().externalId();
        if (!id.equals(expectedId)) {
            LOG.log(System.Logger.Level.WARNING, file + " holds " + id + "; a bundle's file must be named "
                    + id + BundleWriter.EXTENSION + ", so it is not served");
            function.retire();
            return;
        }
        idOfFile.put(file, id);
        LoadedFunction previous = functions.put(id, function);
        LOG.log(function.failure().isPresent() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                id + (previous == null ? ": loaded" : ": replaced")
                        + function.failure().map(f -> ", but it cannot answer: " + f).orElse(""));
        if (previous != null) {
            previous.retire();
        }
    }

    @Override
    public synchronized void close() {
        scanner.shutdownNow();
        functions.values().forEach(LoadedFunction::retire);
        functions.clear();
        try {
            Folders.delete(work);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + work + ": " + e.getMessage());
        }
    }
}
