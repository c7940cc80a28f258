package dev.mlops.core.registry;

import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.StoreAddress;
import dev.mlops.core.store.Progress;
import dev.mlops.core.store.StoreException;
import dev.mlops.core.store.StoredBlob;
import dev.mlops.core.store.AbandonedUpload;
import dev.mlops.core.files.Folders;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.mlops.core.files.FolderTree;
import dev.mlops.core.json.Json;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.registry.RegistryException.Fix;
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
import java.util.HashMap;
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
    private static final Pattern SUMMARY = Pattern.compile("summaries/(dev|test|prod)-([1-9][0-9]{0,9})\\.json");
    private static final TypeReference<List<FolderTree.Entry>> FILE_LIST = new TypeReference<>() {
    };
    /** Content untouched this long and used by no version is removed when a version is deleted. */
    private static final Duration UNUSED_CONTENT_GRACE = Duration.ofHours(1);
    /** A promotion's claim whose holder made no version in this time is taken over. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);
    /** Where the records of datasets live in the store: apart from anything the store keeps for itself. */
    private static final String DATASETS = "datasets/";
    /** Records of the bundles stored for clusters' pods, by SHA-256: {@code bundles/<sha256>}. */
    private static final String BUNDLES = "bundles/";

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
     * @return the store's address, for a process elsewhere to open the same store
     */
    public StoreAddress storeAddress() {
        return store.address();
    }

    /**
     * @return the namespace within the store
     */
    public String dataset() {
        return dataset;
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
            throw new RegistryException("artifacts reach prod only by promotion from test", Fix.PROMOTE_TO_PROD,
                    model);
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
                    listed.get(path), putAndTell(folder.resolve(path), path, progress))));
            byte[] fileList = Json.FILES.writeValueAsBytes(tree.files());
            String fileListSha = sha256(fileList);
            store.putBlob(fileListSha, fileList);
            ArtifactVersion draft = new ArtifactVersion(model, env.id(), 0, dataset, tree.sha256(), fileListSha,
                    tree.size(), tree.files().size(), now(), user, Collections.unmodifiableMap(new TreeMap<>(metadata)), "");
            return summariseEvery(commit(draft));
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
                    + " prod", Fix.PROMOTE_TO_TEST_OR_PROD, model);
        }
        Environment from = to == Environment.TEST ? Environment.DEV : Environment.TEST;
        ArtifactVersion source = version.isPresent() ? find(model, from, version.getAsInt())
                : latest(model, from).orElseThrow(() -> new RegistryException("no version of " + model + " in "
                        + from + " to promote to " + to, from == Environment.DEV ? Fix.UPLOAD_TO_DEV
                        : Fix.PROMOTE_FROM_DEV, model));
        try {
            Optional<ArtifactVersion> done = promotedAlready(source, to);
            if (done.isPresent()) {
                return new Promotion(done.get(), false, addToHistory(done.get(), source));
            }
            if (!store.hasBlob(source.filesSha256())) {
                throw new RegistryException(source.id() + " lists content the store at " + store.describe()
                        + " lacks; the store is damaged");
            }
            // One promotion of a source version, however many run at once, on however many machines: each takes
            // the claim by a conditional create, and only its holder commits. The others wait for its version.
            // A claim whose holder died (no version after CLAIM_TIMEOUT) is taken over by the next generation.
            for (int generation = 0; generation < 100; generation++) {
                String claim = claimKey(source, generation);
                byte[] mine = Json.FILES.writeValueAsBytes(Map.of("by", user, "at", now(), "id",
                        UUID.randomUUID().toString()));
                if (store.createIfAbsent(claim, mine)) {
                    done = promotedAlready(source, to);
                    if (done.isPresent()) {
                        return new Promotion(done.get(), false);
                    }
                    ArtifactVersion draft = new ArtifactVersion(model, to.id(), 0, dataset, source.sha256(),
                            source.filesSha256(), source.size(), source.fileCount(), now(), user, source.metadata(),
                            source.id());
                    return new Promotion(summariseEvery(commit(draft)), true);
                }
                // Wait for the holder's version for what is left of its time; a claim that old is abandoned.
                Duration left = CLAIM_TIMEOUT.minus(claimAge(claim));
                long deadline = System.nanoTime() + Math.max(0, left.toNanos());
                while (System.nanoTime() < deadline) {
                    done = promotedAlready(source, to);
                    if (done.isPresent()) {
                        return new Promotion(done.get(), false);
                    }
                    pause();
                }
            }
            throw new RegistryException("could not promote " + source.id() + " to " + to + ": every claim on it"
                    + " was abandoned; the store at " + store.describe() + " may be failing");
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Keeps the source and metadata of a promotion whose content the target version held already from another
     * source; once per source.
     *
     * @return whether an entry was added
     */
    private boolean addToHistory(ArtifactVersion existing, ArtifactVersion source) throws IOException {
        if (existing.promotedFrom().equals(source.id())) {
            return false;
        }
        String key = historyFolder(existing) + sha256(source.id().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + ".json";
        return store.createIfAbsent(key, Json.FILES.writeValueAsBytes(new HistoryEntry(source.id(), source.metadata(),
                user, now())));
    }

    /**
     * @return the promotions a version received after it was made, of the content it held already, oldest first
     */
    public List<HistoryEntry> history(String model, Environment env, int version) throws RegistryException {
        ArtifactVersion found = find(model, env, version);
        try {
            List<HistoryEntry> entries = new ArrayList<>();
            String folder = historyFolder(found);
            for (String name : store.list(folder)) {
                Optional<byte[]> bytes = store.read(folder + name);
                if (bytes.isPresent()) {
                    try {
                        entries.add(Json.FILES.readValue(bytes.get(), HistoryEntry.class));
                    } catch (com.fasterxml.jackson.core.JacksonException e) {
                        // an entry that cannot be read tells nothing; the version itself is intact
                    }
                }
            }
            entries.sort(java.util.Comparator.comparing(HistoryEntry::at));
            return entries;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    private String historyFolder(ArtifactVersion version) {
        return datasetRoot() + "history/" + version.model() + "/" + version.env() + "/" + version.version() + "/";
    }

    private Optional<ArtifactVersion> promotedAlready(ArtifactVersion source, Environment to) throws IOException {
        for (ArtifactVersion existing : versions(source.model(), to)) {
            if (existing.promotedFrom().equals(source.id()) || existing.sha256().equals(source.sha256())) {
                return Optional.of(existing);
            }
        }
        return Optional.empty();
    }

    private Duration claimAge(String claim) throws IOException {
        Optional<byte[]> bytes = store.read(claim);
        if (bytes.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            String at = Json.FILES.readTree(bytes.get()).path("at").asText("");
            return Duration.between(Instant.parse(at), clock.instant());
        } catch (com.fasterxml.jackson.core.JacksonException | java.time.format.DateTimeParseException e) {
            return CLAIM_TIMEOUT; // unreadable: nobody is going to finish it
        }
    }

    private String claimKey(ArtifactVersion source, int generation) {
        return datasetRoot() + "promotions/" + source.model() + "/" + source.env() + "/" + source.version() + "/"
                + generation;
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a promotion", e);
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
            List<Checked> read = readAll(listing(model, env, new ArrayList<>()));
            return read.stream()
                    .map(Checked::version)
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
     * Version records that were added, edited or removed by hand, which {@link #overview} leaves out.
     *
     * @return a sentence for each, naming it
     */
    public List<String> damaged(Optional<String> model, Optional<Environment> env) throws RegistryException {
        try {
            List<String> damaged = new ArrayList<>();
            for (Checked read : readAll(listing(model, env, damaged))) {
                if (read.damage() != null) {
                    damaged.add(read.damage());
                }
            }
            return damaged;
        } catch (IOException | UncheckedIOException e) {
            throw storeFailure(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * A version record as listed, with its tag, and the newest summary of its model's records in its environment.
     */
    private record Listed(String model, Environment env, int number, String tag, String index) {
    }

    /**
     * A summary of a model's version records in one environment, by number: each record with the tag it was read
     * with. Records never change once written, so a reader with no copies of its own fetches this one object
     * instead of thousands, and uses an entry only while the store lists the record with the same tag.
     *
     * @param tags    each record's tag when it was summarised
     * @param records the records
     */
    record Summary(Map<Integer, String> tags, Map<Integer, ArtifactVersion> records) {
    }

    /** Summaries are written when an overview had to read at least this many records one by one. */
    private static final int SUMMARY_AFTER = 50;

    /**
     * Every version record of the dataset (or of one model) in one listing of the store, sorted into what each name
     * is; what is damaged by its name alone goes into {@code damaged}.
     */
    private List<Listed> listing(Optional<String> model, Optional<Environment> env, List<String> damaged)
            throws IOException {
        List<String> models = new ArrayList<>();
        if (model.isPresent()) {
            models.add(model.get());
        } else {
            for (String name : store.list(versionsRoot())) {
                if (MODEL_NAME.matcher(name).matches()) {
                    models.add(name);
                } else {
                    damaged.add(name + " is not where version records go (<model>/<env>/<number>.json); it was put"
                            + " there by hand");
                }
            }
        }
        // A listing per model, many at once: S3 lists 1,000 keys a request, and some servers take time per key
        // of a long listing; per model the work is spread.
        List<Map<String, String>> listings = inParallel(models, 16, name -> store.listAll(versionsRoot() + name
                + "/"));
        List<Listed> listed = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            String name = models.get(m);
            Map<String, String> all = listings.get(m);
            Map<String, List<String>> names = new TreeMap<>();
            Map<String, Integer> summaries = new HashMap<>();
            for (String key : all.keySet()) {
                String[] parts = key.split("/");
                java.util.regex.Matcher summary = SUMMARY.matcher(key);
                if (summary.matches() && Environment.parse(summary.group(1)).isPresent()) {
                    summaries.merge(summary.group(1), Integer.parseInt(summary.group(2)), Math::max);
                    continue;
                }
                if (parts.length != 2 || Environment.parse(parts[0]).isEmpty()) {
                    damaged.add(name + "/" + key + " is not where version records go (<model>/<env>/<number>.json);"
                            + " it was put there by hand");
                    continue;
                }
                if (env.isEmpty() || env.get().id().equals(parts[0])) {
                    names.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
                }
            }
            for (Map.Entry<String, List<String>> folder : names.entrySet()) {
                VersionFolder sorted = new VersionFolder(name + "/" + folder.getKey(), folder.getValue());
                damaged.addAll(sorted.damaged);
                Environment environment = Environment.parse(folder.getKey()).orElseThrow();
                Integer newest = summaries.get(folder.getKey());
                String index = newest == null ? null : versionsRoot() + name + "/summaries/" + folder.getKey() + "-"
                        + newest + ".json";
                for (int number : sorted.records) {
                    listed.add(new Listed(name, environment, number, all.get(folder.getKey() + "/" + number
                            + ".json"), index));
                }
            }
        }
        return listed;
    }

    /**
     * Reads records many at a time (on S3 each is a request, and an overview may have thousands), taking what a
     * summary holds under the same tag from the summary, and leaving a new summary where many had to be read.
     */
    private List<Checked> readAll(List<Listed> listed) throws IOException {
        Map<String, Optional<Summary>> summaries = new HashMap<>();
        List<String> indexKeys = listed.stream().map(Listed::index).filter(java.util.Objects::nonNull).distinct()
                .toList();
        List<Optional<Summary>> read = inParallel(indexKeys, 16, this::readSummary);
        for (int i = 0; i < indexKeys.size(); i++) {
            summaries.put(indexKeys.get(i), read.get(i));
        }
        Map<String, Integer> fetched = new java.util.concurrent.ConcurrentHashMap<>();
        List<Checked> checked;
        try {
            checked = inParallel(listed, 16, record -> {
                Optional<Summary> summary = record.index() == null ? Optional.empty()
                        : summaries.get(record.index());
                if (summary.isPresent() && record.tag() != null
                        && record.tag().equals(summary.get().tags().get(record.number()))
                        && summary.get().records().get(record.number()) != null) {
                    return check(record.model(), record.env(), record.number(),
                            summary.get().records().get(record.number()));
                }
                fetched.merge(record.model() + "/" + record.env().id(), 1, Integer::sum);
                return readChecked(record.model(), record.env(), record.number(), record.tag());
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Map.Entry<String, Integer> folder : fetched.entrySet()) {
            if (folder.getValue() >= SUMMARY_AFTER) {
                summarise(folder.getKey(), listed, checked, summaries);
            }
        }
        return checked;
    }

    /**
     * Every {@value #SUMMARY_AFTER}th version of a model in an environment brings its summary up to date, so that
     * even the first overview after many uploads reads a few objects, not thousands. It never fails the upload.
     */
    private ArtifactVersion summariseEvery(ArtifactVersion committed) {
        if (committed.version() % SUMMARY_AFTER == 0) {
            try {
                overview(Optional.of(committed.model()), Environment.parse(committed.env()), Map.of());
            } catch (RegistryException e) {
                // the next overview reads the records instead
            }
        }
        return committed;
    }

    private Optional<Summary> readSummary(String key) throws IOException {
        Optional<byte[]> bytes = store.read(key);
        try {
            return bytes.isEmpty() ? Optional.empty() : Optional.of(Json.FILES.readValue(bytes.get(), Summary.class));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            return Optional.empty(); // an unreadable summary is only slower: every record is read instead
        }
    }

    /** Leaves a summary of a model's records in one environment, replacing the one it was read with. */
    private void summarise(String folder, List<Listed> listed, List<Checked> checked,
                           Map<String, Optional<Summary>> summaries) {
        Map<Integer, String> tags = new TreeMap<>();
        Map<Integer, ArtifactVersion> records = new TreeMap<>();
        String previous = null;
        String model = null;
        String env = null;
        for (int i = 0; i < listed.size(); i++) {
            Listed record = listed.get(i);
            if (!folder.equals(record.model() + "/" + record.env().id()) || record.tag() == null
                    || record.tag().isEmpty()
                    || checked.get(i).version().isEmpty()) {
                continue;
            }
            tags.put(record.number(), record.tag());
            records.put(record.number(), checked.get(i).version().get());
            previous = record.index();
            model = record.model();
            env = record.env().id();
        }
        if (records.isEmpty()) {
            return;
        }
        int upTo = ((TreeMap<Integer, ArtifactVersion>) records).lastKey();
        String key = versionsRoot() + model + "/summaries/" + env + "-" + upTo + ".json";
        try {
            if (store.createIfAbsent(key, Json.FILES.writeValueAsBytes(new Summary(tags, records)))
                    && previous != null && !previous.equals(key)) {
                store.delete(previous);
            }
        } catch (IOException e) {
            // A summary that cannot be written costs the next reader time, not correctness.
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
                        + " to download", Fix.LIST_VERSIONS, model));
        Path absolute = target.toAbsolutePath().normalize();
        try {
            if (Files.isRegularFile(absolute)) {
                throw new RegistryException(absolute + " is a file; name a folder to download into");
            }
            if (!overwrite && isNonEmptyFolder(absolute)) {
                throw new RegistryException(absolute + " is not empty; choose an empty folder, or replace what it"
                        + " holds", Fix.OVERWRITE, model);
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
                List<String> found = inParallel(files, file -> {
                    String copied = copyVerifying(file.sha256(), partial.resolve(file.path()), progress);
                    progress.fileDone(file.path(), file.size());
                    return copied;
                });
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
            List<String> here = inUse.deploymentsOf(doomed);
            List<String> users = new ArrayList<>(here);
            users.addAll(servedBy(doomed, inUse, here));
            if (!users.isEmpty()) {
                throw new RegistryException(doomed.id() + " is in use by " + String.join(", ", users)
                        + "; remove those deployments first");
            }
            List<FolderTree.Entry> files = files(doomed);
            // The deletion mark first: the number stays taken, so it is never given to another version.
            store.createIfAbsent(versionFolder(model, env) + version + ".deleted", Json.FILES.writeValueAsBytes(
                    Map.of("deleted_by", user, "deleted_time", now())));
            store.delete(key(model, env, version));
            for (String name : store.list(historyFolder(doomed))) {
                store.delete(historyFolder(doomed) + name);
            }
            removeUnusedContent(doomed, files);
            return doomed;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Notes in the store that a deployment serves a version, so that a deletion asked for on any machine that
     * shares the store refuses it. Nothing is noted for content that is not this version's (a dev deployment of a
     * local folder).
     *
     * @param modelId    {@code <model>/<env>/<version>}
     * @param sha256     the SHA-256 of the artifact the deployment serves
     * @param deployment the deployment's external id
     * @param where      the platform, {@link VersionsInUse#where()}
     */
    public void recordServing(String modelId, String sha256, String deployment, String where)
            throws RegistryException {
        Optional<ArtifactVersion> version = parseId(modelId).flatMap(id -> readChecked(id.model(), id.env(),
                id.number()).version()).filter(v -> v.sha256().equals(sha256));
        if (version.isEmpty()) {
            return;
        }
        try {
            String key = servingKey(version.get(), deployment, where);
            store.delete(key);
            store.createIfAbsent(key, Json.FILES.writeValueAsBytes(new Serving(deployment, where, user, now())));
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Removes the note that a deployment serves a version; no error when there is none.
     */
    public void forgetServing(String modelId, String deployment, String where) throws RegistryException {
        Optional<Listed> id = parseId(modelId);
        if (id.isEmpty()) {
            return;
        }
        try {
            store.delete(servingFolder(id.get().model(), id.get().env(), id.get().number())
                    + servingName(deployment, where));
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /** A note that a deployment serves a version. */
    private record Serving(String deployment, String where, String by, String since) {
    }

    private Optional<Listed> parseId(String modelId) {
        String[] parts = modelId.split("/");
        if (parts.length != 3 || !MODEL_NAME.matcher(parts[0]).matches() || !parts[2].matches("[1-9][0-9]{0,8}")) {
            return Optional.empty();
        }
        return Environment.parse(parts[1]).map(env -> new Listed(parts[0], env, Integer.parseInt(parts[2]), null, null));
    }

    private String servingFolder(String model, Environment env, int number) {
        return datasetRoot() + "serving/" + model + "/" + env.id() + "/" + number + "/";
    }

    private static String servingName(String deployment, String where) {
        return sha256((deployment + "\n" + where).getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".json";
    }

    private String servingKey(ArtifactVersion version, String deployment, String where) {
        return servingFolder(version.model(), Environment.parse(version.env()).orElseThrow(), version.version())
                + servingName(deployment, where);
    }

    /**
     * The deployments the store says serve a version. Notes of the asking platform itself are checked against it,
     * and dropped when it no longer serves the version (a deployment removed by hand).
     */
    private List<String> servedBy(ArtifactVersion version, VersionsInUse inUse, List<String> onThisPlatform)
            throws IOException {
        List<String> users = new ArrayList<>();
        String folder = servingFolder(version.model(), Environment.parse(version.env()).orElseThrow(),
                version.version());
        for (String name : store.list(folder)) {
            Optional<byte[]> bytes = store.read(folder + name);
            if (bytes.isEmpty()) {
                continue;
            }
            Serving serving;
            try {
                serving = Json.FILES.readValue(bytes.get(), Serving.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                users.add("an unreadable note " + folder + name);
                continue;
            }
            if (!inUse.where().isEmpty() && inUse.where().equals(serving.where())) {
                if (!onThisPlatform.contains(serving.deployment())) {
                    store.delete(folder + name);
                }
                continue;
            }
            users.add(serving.deployment() + " (" + serving.where() + ", since " + serving.since() + ")");
        }
        return users;
    }

    /**
     * Stores a deployment's bundle for a cluster's pods, which fetch it by its SHA-256; {@link #collectGarbage} keeps
     * it. The same bundle is stored once.
     *
     * @return the bundle's SHA-256
     */
    public String storeBundle(Path bundle) throws RegistryException {
        try {
            String sha256 = store.putBlob(bundle, Progress.NONE);
            store.createIfAbsent(BUNDLES + sha256, Json.FILES.writeValueAsBytes(Map.of("stored",
                    clock.instant().toString(), "size", Files.size(bundle))));
            return sha256;
        } catch (IOException e) {
            throw storeFailure(e);
        }
    }

    /**
     * Removes what no version of any dataset uses: content blobs untouched for the grace period, and uploads begun
     * before it that never finished (a writer that was killed). The grace period protects uploads running now,
     * whose content is stored before their version record is.
     *
     * @param grace  how old unreferenced content must be
     * @param dryRun count only
     * @return what was (or would be) removed
     */
    public GarbageReport collectGarbage(Duration grace, boolean dryRun) throws RegistryException {
        if (grace.isNegative()) {
            throw new RegistryException("the grace period " + grace + " is negative; give a duration such as P1D");
        }
        Instant cutoff = clock.instant().minus(grace);
        try {
            Set<String> lists = referencedLists();
            Set<String> referenced = new HashSet<>(lists);
            // Bundles a cluster's pods fetch (storeBundle).
            referenced.addAll(store.list(BUNDLES));
            for (String list : lists) {
                try (InputStream in = store.openBlob(list)) {
                    Json.FILES.readValue(in.readAllBytes(), FILE_LIST).forEach(f -> referenced.add(f.sha256()));
                } catch (NoSuchFileException e) {
                    // a damaged version; it keeps nothing else
                }
            }
            int blobs = 0;
            long bytes = 0;
            for (StoredBlob blob : store.blobs()) {
                if (!referenced.contains(blob.sha256()) && blob.lastUsed().isBefore(cutoff)) {
                    blobs++;
                    bytes += blob.size();
                    if (!dryRun) {
                        store.deleteBlobIfUnusedSince(blob.sha256(), cutoff);
                    }
                }
            }
            List<AbandonedUpload> abandoned = store.abandonedUploads(cutoff);
            if (!dryRun) {
                for (AbandonedUpload upload : abandoned) {
                    store.removeAbandonedUpload(upload);
                }
            }
            return new GarbageReport(blobs, bytes, abandoned.size(), dryRun);
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
            VersionFolder folder = folder(model, env);
            if (folder.records.contains(version)) {
                Checked read = readChecked(model, env, version);
                if (read.damage() != null) {
                    throw new RegistryException(read.damage());
                }
                return read.version().orElseThrow();
            }
            List<Integer> numbers = valid(model, env, folder);
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
            List<Integer> numbers = folder(model, env).records;
            for (int i = numbers.size() - 1; i >= 0; i--) {
                Optional<ArtifactVersion> version = readChecked(model, env, numbers.get(i)).version();
                if (version.isPresent()) {
                    return version;
                }
            }
            return Optional.empty();
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
            int next = folder(draft.model(), env).next;
            if (next == Integer.MAX_VALUE) {
                throw new RegistryException("the version numbers of " + draft.model() + " in " + env + " are used"
                        + " up");
            }
            ArtifactVersion numbered = draft.numbered(next);
            if (store.createIfAbsent(key(draft.model(), env, next), Json.FILES.writeValueAsBytes(numbered))) {
                return numbered;
            }
        }
        throw new RegistryException("could not take a version number for " + draft.model() + " in " + env
                + " after 10000 attempts; too many uploads at once");
    }

    /** A model's versions in one environment, read as the overview reads them (many at once, through summaries). */
    private List<ArtifactVersion> versions(String model, Environment env) throws IOException {
        return readAll(listing(Optional.of(model), Optional.of(env), new ArrayList<>())).stream()
                .map(Checked::version).flatMap(Optional::stream).toList();
    }

    private List<Integer> valid(String model, Environment env, VersionFolder folder) {
        return folder.records.stream().filter(n -> readChecked(model, env, n).version().isPresent()).toList();
    }

    private VersionFolder folder(String model, Environment env) throws IOException {
        return new VersionFolder(model + "/" + env.id(), store.list(versionFolder(model, env)));
    }

    /** A record as read: the version, or why it is damaged. */
    private record Checked(Optional<ArtifactVersion> version, String damage) {
    }

    /** Reads a record and checks that it says what its name says, so that a copied or edited one is not listed. */
    private Checked readChecked(String model, Environment env, int number) {
        return readChecked(model, env, number, null);
    }

    private Checked readChecked(String model, Environment env, int number, String tag) {
        String id = model + "/" + env.id() + "/" + number;
        try {
            Optional<byte[]> bytes = tag == null ? store.read(key(model, env, number))
                    : store.read(key(model, env, number), tag);
            if (bytes.isEmpty()) {
                return new Checked(Optional.empty(), null);
            }
            ArtifactVersion version;
            try {
                version = Json.FILES.readValue(bytes.get(), ArtifactVersion.class);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                return new Checked(Optional.empty(), "the record of " + id + " is not a version record ("
                        + e.getOriginalMessage() + "); it was edited by hand");
            }
            return check(model, env, number, version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks that a record says what its name says, so that a copied or edited one is not listed. */
    private Checked check(String model, Environment env, int number, ArtifactVersion version) {
        String id = model + "/" + env.id() + "/" + number;
        if (!id.equals(version.id()) || !dataset.equals(version.dataset()) || version.sha256() == null
                || version.filesSha256() == null || !version.filesSha256().matches("[0-9a-f]{64}")) {
            return new Checked(Optional.empty(), "the record of " + id + " says it is " + version.id()
                    + " in dataset " + version.dataset() + "; it was copied or edited by hand");
        }
        return new Checked(Optional.of(version), null);
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

    private String putAndTell(Path file, String path, Progress progress) throws IOException {
        String sha256 = store.putBlob(file, progress);
        progress.fileDone(path, Files.size(file));
        return sha256;
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
        Set<String> lists = referencedLists();
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

    /** The file lists every version of every dataset uses: content is shared across datasets. */
    private Set<String> referencedLists() throws IOException {
        Set<String> lists = new HashSet<>();
        for (String anyDataset : store.list(DATASETS)) {
            String root = DATASETS + anyDataset + "/versions/";
            Map<String, String> all = store.listAll(root);
            List<String> records = all.keySet().stream().filter(key -> {
                String[] parts = key.split("/");
                return parts.length == 3 && Environment.parse(parts[1]).isPresent() && parts[2].endsWith(".json");
            }).toList();
            for (Optional<String> list : inParallel(records, 16, key -> filesOf(store.read(root + key,
                    all.get(key))))) {
                list.ifPresent(lists::add);
            }
        }
        return lists;
    }

    private static Optional<String> filesOf(Optional<byte[]> record) {
        try {
            return record.isEmpty() ? Optional.empty()
                    : Optional.ofNullable(Json.FILES.readValue(record.get(), ArtifactVersion.class).filesSha256());
        } catch (IOException e) {
            return Optional.empty(); // a damaged record; it refers to nothing we could keep
        }
    }

    /** Copying is bound by the disk and by hashing; a file per core keeps both busy. */
    private interface FileWork<T, R> {
        R apply(T item) throws IOException;
    }

    private static <T, R> List<R> inParallel(Collection<T> items, FileWork<T, R> work) throws IOException {
        return inParallel(items, Math.max(2, Runtime.getRuntime().availableProcessors()), work);
    }

    private static <T, R> List<R> inParallel(Collection<T> items, int most, FileWork<T, R> work)
            throws IOException {
        if (items.size() <= 1) {
            List<R> results = new ArrayList<>();
            for (T item : items) {
                results.add(work.apply(item));
            }
            return results;
        }
        int threads = Math.min(items.size(), most);
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
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private String datasetRoot() {
        return DATASETS + dataset + "/";
    }

    private String versionsRoot() {
        return datasetRoot() + "versions/";
    }

    private String versionFolder(String model, Environment env) {
        return versionsRoot() + model + "/" + env.id() + "/";
    }

    private String key(String model, Environment env, int version) {
        return versionFolder(model, env) + version + ".json";
    }

    private static void checkModel(String model) throws RegistryException {
        if (model == null || !MODEL_NAME.matcher(model).matches()) {
            throw new RegistryException("model '" + model + "' is not a model name: letters, digits and"
                    + " underscores, starting with a letter (like model1)", Fix.NAME_THE_MODEL, "");
        }
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private RegistryException storeFailure(IOException e) {
        if (e instanceof StoreException) {
            return new RegistryException(e.getMessage(), e);
        }
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
