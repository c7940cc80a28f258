package dev.mlops.core.registry;

import dev.mlops.core.files.Folders;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.json.Json;
import dev.mlops.core.settings.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned model artifacts per environment: upload to {@code dev} or {@code test}, promotion {@code dev → test →
 * prod}, overview, verified download and guarded deletion, within one dataset of an {@link ArtifactStore}.
 *
 * <p>Content is stored once by its SHA-256, so uploading the same bytes again and promoting copy nothing. A version
 * number is taken by creating its record with a conditional write, after its content is stored: concurrent
 * uploaders get distinct numbers with no gaps, a version is visible only when complete, and an uploader that dies
 * leaves nothing visible and blocks no one.
 */
public final class ModelManager {

    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final TypeReference<List<FolderTree.Entry>> FILE_LIST = new TypeReference<>() {
    };
    /** Content untouched this long and used by no version is removed when a version is deleted. */
    private static final Duration UNUSED_CONTENT_GRACE = Duration.ofHours(1);

    private final ArtifactStore store;
    private final String dataset;
    private final Clock clock;
    private final String user;

    /**
     * @param store   where artifacts are kept
     * @param dataset the namespace within the store, the settings' {@code dataset}
     * @param clock   the time versions are stamped with
     * @param user    who is working, recorded as a version's uploader
     */
    public ModelManager(ArtifactStore store, String dataset, Clock clock, String user) {
        if (!DATASET.matcher(dataset).matches()) {
            throw new IllegalArgumentException("dataset '" + dataset + "' may contain only letters, digits, '_', '.'"
                    + " and '-'");
        }
        this.store = store;
        this.dataset = dataset;
        this.clock = clock;
        this.user = user;
    }

    /**
     * Uploads a folder as the next version of a model in {@code dev} or {@code test}.
     *
     * @param metadata user metadata kept with the version
     * @return the new version
     */
    public ArtifactVersion upload(String model, Environment env, Path folder, Map<String, String> metadata,
                                  Progress progress) throws RegistryException {
        checkModel(model);
        if (env == Environment.PROD) {
            throw new RegistryException("artifacts reach prod only by promotion from test; run mvn mlops:promote"
                    + " -Dmodel=" + model + " -Denv=prod");
        }
        if (!Files.isDirectory(folder)) {
            throw new RegistryException("artifact folder " + folder + " does not exist or is not a folder");
        }
        try {
            SortedMap<String, Long> listed;
            try {
                listed = FolderTree.list(folder);
            } catch (IllegalArgumentException e) {
                throw new RegistryException(e.getMessage(), e);
            }
            if (listed.isEmpty()) {
                throw new RegistryException("artifact folder " + folder + " holds no files; nothing to upload");
            }
            FolderTree tree = FolderTree.of(folder, inParallel(listed.keySet(), path -> new FolderTree.Entry(path,
                    listed.get(path), store.putBlob(folder.resolve(path), progress))));
            byte[] fileList = Json.FILES.writeValueAsBytes(tree.files());
            String fileListSha = sha256(fileList);
            store.putBlob(fileListSha, fileList);
            ArtifactVersion draft = new ArtifactVersion(model, env.id(), 0, dataset, tree.sha256(), fileListSha,
                    tree.size(), tree.files().size(), now(), user, Collections.unmodifiableMap(new TreeMap<>(metadata)), "");
            return commit(draft);
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Promotes a version {@code dev → test} or {@code test → prod}: the target gets its next version, recording
     * where it came from and sharing its content.
     *
     * @param to      {@code test} or {@code prod}
     * @param version the source version; empty for the latest
     */
    public Promotion promote(String model, Environment to, OptionalInt version) throws RegistryException {
        checkModel(model);
        if (to == Environment.DEV) {
            throw new RegistryException("versions reach dev by upload, not promotion; promotion goes dev → test →"
                    + " prod (-Denv=test or -Denv=prod)");
        }
        Environment from = to == Environment.TEST ? Environment.DEV : Environment.TEST;
        ArtifactVersion source = version.isPresent() ? find(model, from, version.getAsInt())
                : latest(model, from).orElseThrow(() -> new RegistryException("no version of " + model + " in "
                        + from + " to promote to " + to + (from == Environment.DEV
                        ? "; upload one with mvn mlops:upload -Dmodel=" + model : "; promote one from dev first")));
        try {
            for (ArtifactVersion existing : versions(model, to)) {
                if (existing.promotedFrom().equals(source.id()) || existing.sha256().equals(source.sha256())) {
                    return new Promotion(existing, false);
                }
            }
            if (!store.hasBlob(source.filesSha256())) {
                throw new RegistryException(source.id() + " lists content the store at " + store.describe()
                        + " lacks; the store is damaged");
            }
            ArtifactVersion draft = new ArtifactVersion(model, to.id(), 0, dataset, source.sha256(),
                    source.filesSha256(), source.size(), source.fileCount(), now(), user, source.metadata(),
                    source.id());
            return new Promotion(commit(draft), true);
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * @param model    only this model, or all
     * @param env      only this environment, or all
     * @param metadata only versions whose metadata has all these pairs
     * @return the matching versions, by model, environment and version
     */
    public List<ArtifactVersion> overview(Optional<String> model, Optional<Environment> env,
                                          Map<String, String> metadata) throws RegistryException {
        try {
            List<String[]> keys = new ArrayList<>();
            for (String name : model.isPresent() ? List.of(model.get()) : store.list(versionsRoot())) {
                for (Environment environment : env.isPresent() ? List.of(env.get()) : List.of(Environment.values())) {
                    for (String file : store.list(versionsRoot() + name + "/" + environment.id() + "/")) {
                        keys.add(new String[] {name, environment.id(), file});
                    }
                }
            }
            return keys.parallelStream()
                    .map(key -> readRecord(versionsRoot() + key[0] + "/" + key[1] + "/" + key[2]))
                    .flatMap(Optional::stream)
                    .filter(v -> metadata.entrySet().stream().allMatch(e -> e.getValue().equals(v.metadata()
                            .get(e.getKey()))))
                    .sorted(Comparator.comparing(ArtifactVersion::model)
                            .thenComparing(v -> Environment.parse(v.env()).orElseThrow())
                            .thenComparingInt(ArtifactVersion::version))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw storeFailure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * Downloads a version into a folder, verifying every file's SHA-256. The folder is replaced only when the whole
     * version arrived intact.
     *
     * @param version   the version; empty for the latest
     * @param overwrite whether a non-empty target may be replaced
     * @return the version downloaded
     */
    public ArtifactVersion download(String model, Environment env, OptionalInt version, Path target,
                                    boolean overwrite, Progress progress) throws RegistryException {
        checkModel(model);
        ArtifactVersion chosen = version.isPresent() ? find(model, env, version.getAsInt())
                : latest(model, env).orElseThrow(() -> new RegistryException("no version of " + model + " in " + env
                        + " to download; see mvn mlops:versions -Dmodel=" + model));
        Path absolute = target.toAbsolutePath().normalize();
        try {
            if (Files.isRegularFile(absolute)) {
                throw new RegistryException(absolute + " is a file; name a folder to download into");
            }
            if (!overwrite && isNonEmptyFolder(absolute)) {
                throw new RegistryException(absolute + " is not empty; choose an empty folder, or pass"
                        + " -Dmlops.overwrite to replace what it holds");
            }
            Files.createDirectories(absolute.getParent());
            Path partial = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID()
                    + ".partial");
            try {
                List<FolderTree.Entry> files = files(chosen);
                for (FolderTree.Entry file : files) {
                    Path destination = partial.resolve(file.path()).normalize();
                    if (!destination.startsWith(partial)) {
                        throw new RegistryException(chosen.id() + " lists a file outside its folder: " + file.path());
                    }
                    Files.createDirectories(destination.getParent());
                }
                List<String> found = inParallel(files, file -> copyVerifying(file.sha256(),
                        partial.resolve(file.path()), progress));
                for (int i = 0; i < files.size(); i++) {
                    FolderTree.Entry file = files.get(i);
                    if (!found.get(i).equals(file.sha256())) {
                        throw new RegistryException("file '" + file.path() + "' of " + chosen.id() + " does not"
                                + " match its SHA-256 (expected " + file.sha256() + ", found " + found.get(i)
                                + "); the store at " + store.describe() + " is damaged, so nothing was written to "
                                + absolute);
                    }
                }
                Folders.delete(absolute);
                Files.move(partial, absolute);
            } finally {
                Folders.delete(partial);
            }
            return chosen;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Deletes a version that no deployment runs. Content no other version uses is removed too.
     *
     * @return the deleted version
     */
    public ArtifactVersion delete(String model, Environment env, int version, VersionsInUse inUse)
            throws RegistryException {
        ArtifactVersion doomed = find(model, env, version);
        try {
            List<String> users = inUse.deploymentsOf(doomed);
            if (!users.isEmpty()) {
                throw new RegistryException(doomed.id() + " is in use by " + String.join(", ", users)
                        + "; remove those deployments first");
            }
            List<FolderTree.Entry> files = files(doomed);
            store.delete(key(model, env, version));
            removeUnusedContent(doomed, files);
            return doomed;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * @return the version, or an error naming what exists
     */
    public ArtifactVersion find(String model, Environment env, int version) throws RegistryException {
        checkModel(model);
        try {
            Optional<ArtifactVersion> found = readRecord(key(model, env, version));
            if (found.isPresent()) {
                return found.get();
            }
            List<Integer> numbers = numbers(model, env);
            throw new RegistryException("there is no " + model + "/" + env + "/" + version + (numbers.isEmpty()
                    ? "; " + model + " has no versions in " + env
                    : "; " + model + " has versions " + numbers.get(0) + " to " + numbers.get(numbers.size() - 1)
                    + " in " + env));
        } catch (IOException | UncheckedIOException e) {
            throw storeFailure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * @return the newest version of a model in an environment, if any
     */
    public Optional<ArtifactVersion> latest(String model, Environment env) throws RegistryException {
        try {
            List<Integer> numbers = numbers(model, env);
            return numbers.isEmpty() ? Optional.empty()
                    : readRecord(key(model, env, numbers.get(numbers.size() - 1)));
        } catch (IOException | UncheckedIOException e) {
            throw storeFailure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * @return the store and dataset, for messages
     */
    public String describe() {
        return store.describe() + " (dataset " + dataset + ")";
    }

    private ArtifactVersion commit(ArtifactVersion draft) throws IOException, RegistryException {
        Environment env = Environment.parse(draft.env()).orElseThrow();
        for (int attempt = 0; attempt < 10_000; attempt++) {
            List<Integer> numbers = numbers(draft.model(), env);
            int next = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
            ArtifactVersion numbered = draft.numbered(next);
            if (store.createIfAbsent(key(draft.model(), env, next), Json.FILES.writeValueAsBytes(numbered))) {
                return numbered;
            }
        }
        throw new RegistryException("could not take a version number for " + draft.model() + " in " + env
                + " after 10000 attempts; too many uploads at once");
    }

    private List<ArtifactVersion> versions(String model, Environment env) throws IOException {
        List<ArtifactVersion> versions = new ArrayList<>();
        for (int number : numbers(model, env)) {
            readRecord(key(model, env, number)).ifPresent(versions::add);
        }
        return versions;
    }

    private List<Integer> numbers(String model, Environment env) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        for (String name : store.list(versionsRoot() + model + "/" + env.id() + "/")) {
            if (name.matches("[1-9][0-9]{0,8}\\.json")) {
                numbers.add(Integer.parseInt(name.substring(0, name.length() - 5)));
            }
        }
        numbers.sort(null);
        return numbers;
    }

    private Optional<ArtifactVersion> readRecord(String key) {
        try {
            Optional<byte[]> bytes = store.read(key);
            return bytes.isEmpty() ? Optional.empty()
                    : Optional.of(Json.FILES.readValue(bytes.get(), ArtifactVersion.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<FolderTree.Entry> files(ArtifactVersion version) throws IOException, RegistryException {
        byte[] list;
        try (InputStream in = store.openBlob(version.filesSha256())) {
            list = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new RegistryException(version.id() + " lists content the store at " + store.describe()
                    + " lacks; the store is damaged");
        }
        if (!sha256(list).equals(version.filesSha256())) {
            throw new RegistryException("the file list of " + version.id() + " does not match its SHA-256; the store"
                    + " at " + store.describe() + " is damaged");
        }
        return Json.FILES.readValue(list, FILE_LIST);
    }

    private String copyVerifying(String sha256, Path destination, Progress progress) throws IOException {
        try {
            return store.copyBlob(sha256, destination, progress);
        } catch (NoSuchFileException e) {
            return "nothing (the stored file is missing)";
        }
    }

    /**
     * Removes the content only the deleted version used. Content touched within the grace period stays: an upload
     * running now may be about to use it.
     */
    private void removeUnusedContent(ArtifactVersion deleted, List<FolderTree.Entry> files) throws IOException {
        Set<String> stillUsed = new HashSet<>();
        Set<String> lists = new HashSet<>();
        for (String name : store.list("")) {
            if (name.equals("blobs")) {
                continue;
            }
            for (String key : versionKeys(name)) {
                readRecord(key).ifPresent(v -> lists.add(v.filesSha256()));
            }
        }
        if (lists.contains(deleted.filesSha256())) {
            return;
        }
        for (String list : lists) {
            try (InputStream in = store.openBlob(list)) {
                Json.FILES.readValue(in.readAllBytes(), FILE_LIST).forEach(f -> stillUsed.add(f.sha256()));
            } catch (NoSuchFileException e) {
                // a damaged version; it uses nothing we could free
            }
        }
        Instant cutoff = clock.instant().minus(UNUSED_CONTENT_GRACE);
        for (FolderTree.Entry file : files) {
            if (!stillUsed.contains(file.sha256())) {
                store.deleteBlobIfUnusedSince(file.sha256(), cutoff);
            }
        }
        store.deleteBlobIfUnusedSince(deleted.filesSha256(), cutoff);
    }

    /** Every version record of a dataset: content is shared across datasets. */
    private List<String> versionKeys(String anyDataset) throws IOException {
        List<String> keys = new ArrayList<>();
        String root = anyDataset + "/versions/";
        for (String model : store.list(root)) {
            for (Environment env : Environment.values()) {
                for (String file : store.list(root + model + "/" + env.id() + "/")) {
                    keys.add(root + model + "/" + env.id() + "/" + file);
                }
            }
        }
        return keys;
    }

    /** Copying is bound by the disk and by hashing; a file per core keeps both busy. */
    private interface FileWork<T, R> {
        R apply(T item) throws IOException;
    }

    private static <T, R> List<R> inParallel(Collection<T> items, FileWork<T, R> work) throws IOException {
        int threads = Math.min(items.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "mlops-copy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> work.apply(item)));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private String versionsRoot() {
        return dataset + "/versions/";
    }

    private String key(String model, Environment env, int version) {
        return versionsRoot() + model + "/" + env.id() + "/" + version + ".json";
    }

    private static void checkModel(String model) throws RegistryException {
        if (model == null || !MODEL_NAME.matcher(model).matches()) {
            throw new RegistryException("model '" + model + "' is not a model name: letters, digits and"
                    + " underscores, starting with a letter (-Dmodel=model1)");
        }
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private RegistryException storeFailure(IOException e) {
        return new RegistryException("the artifact store at " + store.describe() + " failed: " + e, e);
    }

    private static boolean isNonEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isPresent();
        }
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(newDigest().digest(content));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
