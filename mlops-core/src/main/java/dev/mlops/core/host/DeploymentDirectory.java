package dev.mlops.core.host;

import dev.mlops.core.bundle.AliasFile;
import dev.mlops.core.bundle.BundleException;
import dev.mlops.core.bundle.BundleWriter;
import dev.mlops.core.files.Folders;
import dev.mlops.core.naming.FunctionId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The functions a host serves: one per {@code <externalId>.bundle} file in a folder. The folder is scanned on a
 * fixed interval; a new file is loaded, a replaced one is loaded and swapped in (calls in flight finish on the old
 * one), a removed one stops being served. Writers replace bundles atomically, as {@link BundleWriter} does.
 *
 * <p>Bundles load on threads of their own, outside the scan's lock, so a model whose {@code initialization} is slow
 * or never returns holds up neither the other bundles nor listing, deleting or stopping; after the load timeout it
 * is reported failed. A bundle that cannot be loaded at all (not a bundle, or named for another function) is listed
 * as failed under the name of its file, and can be deleted like any other.
 *
 * <p>Each host unpacks into a folder of its own under the work folder, which it holds a lock on while it runs; at
 * start it removes the folders no running host holds, the leftovers of a host that was killed.
 */
final class DeploymentDirectory implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DeploymentDirectory.class.getName());
    private static final String HOST_FOLDER_PREFIX = "host-";
    private static final String LOCK_FILE = ".lock";

    private record Stamp(long size, FileTime modified, Object fileKey) {
    }

    private final Path folder;
    private final Path work;
    private final HostMetrics metrics;
    private final UnaryOperator<String> environment;
    private final Duration loadTimeout;
    private final Map<String, LoadedFunction> functions = new ConcurrentHashMap<>();
    private final Map<String, AliasFile> aliases = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Map<Path, Stamp> seen = new HashMap<>();
    /** Guarded by this: the function each bundle file is served as. */
    private final Map<Path, String> idOfFile = new HashMap<>();
    /** Guarded by this: loads under way, by file. */
    private final Map<Path, Future<?>> loading = new HashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(daemon(
            "mlops-deployment-scanner"));
    private final ExecutorService loaders = Executors.newCachedThreadPool(daemon("mlops-load"));
    private Path hostWork;
    private FileChannel lockChannel;
    private FileLock lock;

    DeploymentDirectory(Path folder, Path work, HostMetrics metrics, UnaryOperator<String> environment,
                        Duration loadTimeout) {
        this.folder = folder;
        this.work = work;
        this.metrics = metrics;
        this.environment = environment;
        this.loadTimeout = loadTimeout;
    }

    /** Takes a work folder, loads what is there now (waiting at most the load timeout), then keeps watching. */
    void start(Duration interval) throws IOException {
        Files.createDirectories(folder);
        Files.createDirectories(work);
        removeAbandonedWork();
        hostWork = Files.createTempDirectory(work, HOST_FOLDER_PREFIX);
        lockChannel = FileChannel.open(hostWork.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        lock = lockChannel.lock();
        List<Future<?>> first;
        synchronized (this) {
            scan();
            first = new ArrayList<>(loading.values());
        }
        long deadline = System.nanoTime() + loadTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Future<?> load : first) {
            try {
                load.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException | CancellationException e) {
                // reported by the load itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scanner.scheduleWithFixedDelay(this::scanQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Removes what hosts that no longer run left in the work folder: each holds a lock on its folder while it runs. */
    private void removeAbandonedWork() throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(work)) {
            folders = list.filter(Files::isDirectory).toList();
        }
        for (Path abandoned : folders) {
            if (!abandoned.getFileName().toString().startsWith(HOST_FOLDER_PREFIX) || !held(abandoned)) {
                try {
                    Folders.delete(abandoned);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove " + abandoned + ", left by a host that no"
                            + " longer runs: " + e.getMessage());
                }
            }
        }
    }

    private static boolean held(Path hostFolder) {
        Path lockFile = hostFolder.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return true;
            }
            taken.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // a host in this process holds it
        } catch (IOException e) {
            return true; // cannot tell: leave it
        }
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
        if (FunctionId.parse(externalId).isEmpty()) {
            // No file of the caller's choosing is touched: only names a function can have.
            return false;
        }
        Path aliasFile = folder.resolve(externalId + AliasFile.EXTENSION);
        if (aliases.remove(externalId) != null) {
            Files.deleteIfExists(aliasFile);
            seen.remove(aliasFile);
            return true;
        }
        Path file = folder.resolve(externalId + BundleWriter.EXTENSION);
        Future<?> load = loading.remove(file);
        if (load != null) {
            load.cancel(true);
        }
        LoadedFunction function = functions.remove(externalId);
        boolean existed = Files.deleteIfExists(file);
        seen.remove(file);
        idOfFile.remove(file);
        if (function != null) {
            function.retire();
        }
        return function != null || existed;
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot scan " + folder + ": " + e.getMessage());
        }
    }

    /** Looks at the folder's files; starts the loads they need, and stops serving what is gone. Never waits. */
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
                    startLoad(file, stamp);
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
                Future<?> load = loading.remove(gone);
                if (load != null) {
                    load.cancel(true);
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

    /** Loads on a thread of its own; a second thread reports it failed if it takes longer than the load timeout. */
    private void startLoad(Path file, Stamp stamp) {
        Future<?> previous = loading.remove(file);
        if (previous != null) {
            previous.cancel(true);
        }
        String fileName = file.getFileName().toString();
        String expectedId = fileName.substring(0, fileName.length() - BundleWriter.EXTENSION.length());
        Path workFolder = hostWork.resolve(expectedId + "-" + loads.incrementAndGet());
        AtomicInteger state = new AtomicInteger(); // 0 loading, 1 done, 2 timed out
        Future<?> load = loaders.submit(() -> {
            LoadedFunction function = loadQuietly(file, expectedId, workFolder);
            if (state.compareAndSet(0, 1)) {
                install(file, stamp, expectedId, function);
            } else {
                function.retire();
            }
        });
        loading.put(file, load);
        scanner.schedule(() -> {
            if (state.compareAndSet(0, 2)) {
                load.cancel(true);
                long seconds = loadTimeout.toSeconds();
                install(file, stamp, expectedId, LoadedFunction.rejected(expectedId, "initialization did not finish"
                        + " within " + (seconds > 0 ? seconds + " s" : loadTimeout.toMillis() + " ms")
                        + " (the host's load timeout)", metrics).orElse(null));
            }
        }, loadTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the loaded function, or one that reports why the file cannot be loaded */
    private LoadedFunction loadQuietly(Path file, String expectedId, Path workFolder) {
        LoadedFunction function;
        try {
            function = LoadedFunction.load(file, workFolder, environment, metrics);
        } catch (BundleException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
            deleteQuietly(workFolder);
            return LoadedFunction.rejected(expectedId, "the file is not a bundle mlops made", metrics).orElse(null);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, file + " cannot be loaded", e);
            deleteQuietly(workFolder);
            return LoadedFunction.rejected(expectedId, "cannot be loaded: " + ErrorText.describe(e), metrics)
                    .orElse(null);
        }
        String id = function.descriptor().externalId();
        if (!id.equals(expectedId)) {
            LOG.log(System.Logger.Level.WARNING, file + " holds " + id + "; a bundle's file must be named "
                    + id + BundleWriter.EXTENSION + ", so it is not served");
            function.retire();
            return LoadedFunction.rejected(expectedId, "the file holds " + id + "; a bundle's file must be named "
                    + id + BundleWriter.EXTENSION, metrics).orElse(null);
        }
        return function;
    }

    /** Serves what a load made, unless the file changed or went meanwhile. */
    private synchronized void install(Path file, Stamp stamp, String expectedId, LoadedFunction function) {
        if (!stamp.equals(seen.get(file)) || scanner.isShutdown()) {
            if (function != null) {
                function.retire();
            }
            return;
        }
        loading.remove(file);
        if (function == null) {
            // A file whose name is no function id: nothing can call it, so it is only logged.
            LOG.log(System.Logger.Level.WARNING, file + " is not named <externalId>" + BundleWriter.EXTENSION
                    + ", so it is not served");
            return;
        }
        idOfFile.put(file, expectedId);
        LoadedFunction previous = functions.put(expectedId, function);
        LOG.log(function.failure().isPresent() ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                expectedId + (previous == null ? ": loaded" : ": replaced")
                        + function.failure().map(f -> ", but it cannot answer: " + f).orElse(""));
        if (previous != null) {
            previous.retire();
        }
    }

    private static void deleteQuietly(Path workFolder) {
        try {
            Folders.delete(workFolder);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + workFolder + ": " + e.getMessage());
        }
    }

    /** Stops scanning and loading, unloads every function and removes the host's work folder; never waits. */
    @Override
    public void close() {
        scanner.shutdownNow();
        loaders.shutdownNow();
        synchronized (this) {
            loading.values().forEach(load -> load.cancel(true));
            loading.clear();
            functions.values().forEach(LoadedFunction::retire);
            functions.clear();
        }
        if (hostWork != null) {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                // the folder goes anyway
            }
            deleteQuietly(hostWork);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
