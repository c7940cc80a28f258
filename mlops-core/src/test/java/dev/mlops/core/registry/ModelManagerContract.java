package dev.mlops.core.registry;

import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.Progress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.files.FolderTree;
import dev.mlops.core.naming.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.mlops.core.store.StoredBlob;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the Model Manager guarantees, whatever its store: run against a local folder ({@link LocalModelManagerTest})
 * and against a real S3 server ({@link S3ModelManagerTest}).
 */
abstract class ModelManagerContract {

    @TempDir
    Path temp;

    protected ArtifactStore store;
    protected ModelManager manager;

    /**
     * @return a new, empty store
     */
    protected abstract ArtifactStore newStore() throws Exception;

    /**
     * @return the store's address and S3 endpoint ({@code -} for none), for an uploader in another process
     */
    protected abstract List<String> processArguments();

    /**
     * Overwrites a stored blob's content behind the store's back.
     */
    protected abstract void tamper(String sha256, String content) throws Exception;

    /**
     * @return what the store says of itself in messages
     */
    protected String described() {
        return store.describe();
    }

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        manager = manager("mlops", Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    protected ModelManager manager(String dataset, Clock clock) {
        return new ModelManager(store, dataset, clock, "alice");
    }

    private Path folder(String name, Map<String, String> files) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = folder.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return folder;
    }

    private long storedBytes() throws IOException {
        return store.blobs().stream().mapToLong(StoredBlob::size).sum();
    }

    private long blobCount() throws IOException {
        return store.blobs().size();
    }

    @Test
    void uploadsAreNumberedPerModelAndEnvironmentWithTheirFacts() throws Exception {
        Path artifact = folder("a", Map.of("coefficients.txt", "1 2 3 4", "deep/x/y/z.bin", "zzz"));

        ArtifactVersion first = manager.upload("model1", Environment.DEV, artifact, Map.of("git_commit", "abc"),
                Progress.NONE);
        ArtifactVersion second = manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        ArtifactVersion test = manager.upload("model1", Environment.TEST, artifact, Map.of(), Progress.NONE);
        ArtifactVersion other = manager.upload("model2", Environment.DEV, artifact, Map.of(), Progress.NONE);

        assertThat(List.of(first.id(), second.id(), test.id(), other.id()))
                .containsExactly("model1/dev/1", "model1/dev/2", "model1/test/1", "model2/dev/1");
        assertThat(first.metadata()).containsExactly(Map.entry("git_commit", "abc"));
        assertThat(first.size()).isEqualTo(10);
        assertThat(first.fileCount()).isEqualTo(2);
        assertThat(first.sha256()).isEqualTo(FolderTree.of(artifact).sha256());
        assertThat(first.uploader()).isEqualTo("alice");
        assertThat(first.createdTime()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(first.promotedFrom()).isEmpty();
    }

    @Test
    void promotingContentTheTargetHoldsFromAnotherSourceKeepsItsMetadataInTheHistoryOnce() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        manager.upload("model1", Environment.TEST, artifact, Map.of("round", "1"), Progress.NONE);
        manager.upload("model1", Environment.TEST, artifact, Map.of("round", "2"), Progress.NONE);
        Promotion first = manager.promote("model1", Environment.PROD, OptionalInt.of(1));

        Promotion again = manager.promote("model1", Environment.PROD, OptionalInt.of(2));
        Promotion twice = manager.promote("model1", Environment.PROD, OptionalInt.of(2));
        Promotion same = manager.promote("model1", Environment.PROD, OptionalInt.of(1));

        assertThat(first.created()).isTrue();
        assertThat(again).extracting(p -> p.version().id(), Promotion::created, Promotion::historyAdded)
                .containsExactly("model1/prod/1", false, true);
        assertThat(twice.historyAdded()).as("once per source").isFalse();
        assertThat(same.historyAdded()).as("the version's own source").isFalse();
        assertThat(manager.history("model1", Environment.PROD, 1)).singleElement().satisfies(entry -> {
            assertThat(entry.promotedFrom()).isEqualTo("model1/test/2");
            assertThat(entry.metadata()).containsExactly(Map.entry("round", "2"));
            assertThat(entry.by()).isEqualTo("alice");
        });
        assertThat(manager.find("model1", Environment.PROD, 1).metadata()).as("the version itself never changes")
                .containsExactly(Map.entry("round", "1"));
        assertThat(manager.history("model1", Environment.TEST, 1)).isEmpty();
    }

    @Test
    void prodIsReachedOnlyByPromotion() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        assertThatThrownBy(() -> manager.upload("model1", Environment.PROD, artifact, Map.of(), Progress.NONE))
                .isInstanceOf(RegistryException.class)
                .hasMessage("artifacts reach prod only by promotion from test")
                .hasFieldOrPropertyWithValue("fix", RegistryException.Fix.PROMOTE_TO_PROD);
    }

    @Test
    void identicalBytesAreStoredOnce() throws Exception {
        Path artifact = folder("a", Map.of("weights.bin", "w".repeat(10_000), "copy.bin", "w".repeat(10_000)));
        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        long bytes = storedBytes();
        long blobs = blobCount();

        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        manager.upload("model2", Environment.TEST, artifact, Map.of(), Progress.NONE);

        assertThat(storedBytes()).isEqualTo(bytes);
        assertThat(blobs).as("two identical files, one blob, plus the file list").isEqualTo(2);
        assertThat(blobCount()).isEqualTo(blobs);
    }

    @Test
    void promotionRecordsItsSourceAndCopiesNoBytes() throws Exception {
        Path artifact = folder("a", Map.of("weights.bin", "w".repeat(100_000)));
        manager.upload("model1", Environment.DEV, artifact, Map.of("rmse", "0.3"), Progress.NONE);
        manager.upload("model1", Environment.DEV, artifact.resolveSibling("a"), Map.of(), Progress.NONE);
        long bytes = storedBytes();

        Promotion toTest = manager.promote("model1", Environment.TEST, OptionalInt.of(1));
        Promotion toProd = manager.promote("model1", Environment.PROD, OptionalInt.empty());

        assertThat(toTest.created()).isTrue();
        assertThat(toTest.version().id()).isEqualTo("model1/test/1");
        assertThat(toTest.version().promotedFrom()).isEqualTo("model1/dev/1");
        assertThat(toTest.version().metadata()).containsEntry("rmse", "0.3");
        assertThat(toProd.version().id()).isEqualTo("model1/prod/1");
        assertThat(toProd.version().promotedFrom()).isEqualTo("model1/test/1");
        assertThat(storedBytes()).isEqualTo(bytes);

        Promotion again = manager.promote("model1", Environment.TEST, OptionalInt.of(1));
        assertThat(again.created()).isFalse();
        assertThat(again.version().id()).isEqualTo("model1/test/1");
        assertThat(manager.overview(Optional.of("model1"), Optional.of(Environment.TEST), Map.of())).hasSize(1);
    }

    @Test
    void promotionRefusals() throws Exception {
        assertThatThrownBy(() -> manager.promote("model1", Environment.DEV, OptionalInt.empty()))
                .hasMessage("versions reach dev by upload, not promotion; promotion goes dev → test → prod");
        assertThatThrownBy(() -> manager.promote("model1", Environment.TEST, OptionalInt.empty()))
                .hasMessage("no version of model1 in dev to promote to test")
                .hasFieldOrPropertyWithValue("fix", RegistryException.Fix.UPLOAD_TO_DEV);
        assertThatThrownBy(() -> manager.promote("model1", Environment.PROD, OptionalInt.empty()))
                .hasMessage("no version of model1 in test to promote to prod")
                .hasFieldOrPropertyWithValue("fix", RegistryException.Fix.PROMOTE_FROM_DEV);
        manager.upload("model1", Environment.DEV, folder("a", Map.of("f", "x")), Map.of(), Progress.NONE);
        assertThatThrownBy(() -> manager.promote("model1", Environment.TEST, OptionalInt.of(7)))
                .hasMessage("there is no model1/dev/7; model1 has versions 1 to 1 in dev");
    }

    @Test
    void theOverviewFiltersByModelEnvironmentAndMetadata() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        manager.upload("model1", Environment.DEV, artifact, Map.of("team", "wells"), Progress.NONE);
        manager.upload("model1", Environment.TEST, artifact, Map.of("team", "wells"), Progress.NONE);
        manager.upload("model2", Environment.DEV, artifact, Map.of("team", "seismic"), Progress.NONE);

        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of())).extracting(ArtifactVersion::id)
                .containsExactly("model1/dev/1", "model1/test/1", "model2/dev/1");
        assertThat(manager.overview(Optional.of("model1"), Optional.empty(), Map.of())).hasSize(2);
        assertThat(manager.overview(Optional.empty(), Optional.of(Environment.DEV), Map.of())).hasSize(2);
        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of("team", "seismic")))
                .extracting(ArtifactVersion::id).containsExactly("model2/dev/1");
        assertThat(manager.overview(Optional.of("nobody"), Optional.empty(), Map.of())).isEmpty();
    }

    @Test
    void downloadGivesBackTheFilesVerified() throws Exception {
        Path artifact = folder("a", Map.of("coefficients.txt", "1 2 3 4", "deep/notes.txt", "hi"));
        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        manager.upload("model1", Environment.DEV, folder("b", Map.of("coefficients.txt", "5 6 7 8")), Map.of(),
                Progress.NONE);

        ArtifactVersion latest = manager.download("model1", Environment.DEV, OptionalInt.empty(),
                temp.resolve("out1"), false, Progress.NONE);
        ArtifactVersion first = manager.download("model1", Environment.DEV, OptionalInt.of(1), temp.resolve("out2"),
                false, Progress.NONE);

        assertThat(latest.id()).isEqualTo("model1/dev/2");
        assertThat(temp.resolve("out1/coefficients.txt")).hasContent("5 6 7 8");
        assertThat(first.id()).isEqualTo("model1/dev/1");
        assertThat(FolderTree.of(temp.resolve("out2")).sha256()).isEqualTo(FolderTree.of(artifact).sha256());
    }

    @Test
    void aNonEmptyTargetIsRefusedUnlessOverwriting() throws Exception {
        manager.upload("model1", Environment.DEV, folder("a", Map.of("f", "new")), Map.of(), Progress.NONE);
        Path target = folder("target", Map.of("mine.txt", "keep me"));

        assertThatThrownBy(() -> manager.download("model1", Environment.DEV, OptionalInt.empty(), target, false,
                Progress.NONE)).hasMessage(target + " is not empty; choose an empty folder, or replace what it holds")
                .hasFieldOrPropertyWithValue("fix", RegistryException.Fix.OVERWRITE);
        assertThat(target.resolve("mine.txt")).hasContent("keep me");

        manager.download("model1", Environment.DEV, OptionalInt.empty(), target, true, Progress.NONE);
        assertThat(target.resolve("f")).hasContent("new");
        assertThat(target.resolve("mine.txt")).doesNotExist();
    }

    @Test
    void aTamperedStoredFileFailsTheDownloadByName() throws Exception {
        ArtifactVersion version = manager.upload("model1", Environment.DEV,
                folder("a", Map.of("good.txt", "fine", "weights.bin", "original")), Map.of(), Progress.NONE);
        String sha = FolderTree.sha256(temp.resolve("a/weights.bin"));
        tamper(sha, "tampered");
        Path target = folder("target", Map.of("old.txt", "previous download"));

        assertThatThrownBy(() -> manager.download("model1", Environment.DEV, OptionalInt.empty(), target, true,
                Progress.NONE)).isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("file 'weights.bin' of model1/dev/1 does not match its SHA-256 (expected "
                        + sha + ", found ")
                .hasMessageEndingWith("); the store at " + described() + " is damaged, so nothing was written to "
                        + target);
        assertThat(target.resolve("old.txt")).as("a failed download changes nothing").hasContent("previous download");
        assertThat(version.id()).isEqualTo("model1/dev/1");
    }

    @Test
    void aVersionInUseCannotBeDeletedAndDeletingFreesItsContent() throws Exception {
        ArtifactVersion kept = manager.upload("model1", Environment.DEV, folder("a", Map.of("shared", "s")), Map.of(),
                Progress.NONE);
        ArtifactVersion doomed = manager.upload("model1", Environment.DEV,
                folder("b", Map.of("shared", "s", "own", "o".repeat(5000))), Map.of(), Progress.NONE);

        assertThatThrownBy(() -> manager.delete("model1", Environment.DEV, 2,
                v -> v.id().equals("model1/dev/2") ? List.of("model1-prediction-dev-2") : List.of()))
                .hasMessage("model1/dev/2 is in use by model1-prediction-dev-2; remove those deployments first");

        ModelManager later = manager("mlops", Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.delete("model1", Environment.DEV, 2, VersionsInUse.NONE).id()).isEqualTo(doomed.id());

        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of())).extracting(ArtifactVersion::id)
                .containsExactly(kept.id());
        assertThat(storedBytes()).as("only what version 1 still uses is left").isLessThan(5000);
        manager.download("model1", Environment.DEV, OptionalInt.empty(), temp.resolve("out"), false, Progress.NONE);
        assertThat(temp.resolve("out/shared")).hasContent("s");
        assertThatThrownBy(() -> manager.delete("model1", Environment.DEV, 2, VersionsInUse.NONE))
                .hasMessage("there is no model1/dev/2; model1 has versions 1 to 1 in dev");
    }

    @Test
    void aLinkOutOfTheFolderIsRefusedByName() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        Path outside = Files.writeString(temp.resolve("secret"), "no");
        Files.createSymbolicLink(artifact.resolve("link"), outside);

        assertThatThrownBy(() -> manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE))
                .hasMessage("'link' in " + artifact + " is a symbolic link to " + outside.toRealPath() + ", outside"
                        + " the folder; copy the file in or remove the link");
    }

    @Test
    void badNamesAndFoldersAreRefused() throws Exception {
        assertThatThrownBy(() -> manager.upload("my-model", Environment.DEV, temp, Map.of(), Progress.NONE))
                .hasMessage("model 'my-model' is not a model name: letters, digits and underscores, starting with a"
                        + " letter (like model1)");
        assertThatThrownBy(() -> manager.upload("model1", Environment.DEV, temp.resolve("nope"), Map.of(),
                Progress.NONE)).hasMessage("artifact folder " + temp.resolve("nope") + " does not exist or is not a"
                + " folder");
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> manager.upload("model1", Environment.DEV, empty, Map.of(), Progress.NONE))
                .hasMessage("artifact folder " + empty + " holds no files; nothing to upload");
    }

    private Process uploader(String model, Path folder, String writer) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), UploadProcess.class.getName()));
        command.addAll(processArguments());
        command.addAll(List.of(model, folder.toString(), writer));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    @Test
    @Tag("integration")
    void sixteenConcurrentUploaderProcessesGetVersionsOneToSixteen() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            processes.add(uploader("model1", folder("f" + i, Map.of("weights.bin", "content " + i)), "w" + i));
        }
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
        }

        List<ArtifactVersion> versions = manager.overview(Optional.of("model1"), Optional.of(Environment.DEV),
                Map.of());
        assertThat(versions).extracting(ArtifactVersion::version)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertThat(versions).extracting(v -> v.metadata().get("writer")).doesNotHaveDuplicates().hasSize(16);
    }

    @Test
    void threadsReleasedTogetherStillGetDistinctGapFreeVersions() throws Exception {
        int writers = 32;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        List<java.util.concurrent.Future<ArtifactVersion>> uploads = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            Path artifact = folder("t" + i, Map.of("f", "thread " + i));
            uploads.add(pool.submit(() -> {
                start.await();
                return manager.upload("model1", Environment.TEST, artifact, Map.of(), Progress.NONE);
            }));
        }
        List<Integer> numbers = new ArrayList<>();
        for (var upload : uploads) {
            numbers.add(upload.get(60, TimeUnit.SECONDS).version());
        }
        pool.shutdown();
        numbers.sort(null);
        assertThat(numbers).isEqualTo(java.util.stream.IntStream.rangeClosed(1, writers).boxed().toList());
    }

    @Test
    @Tag("integration")
    void anUploaderKilledMidUploadLeavesNothingVisibleAndBlocksNothingAndGcRemovesWhatItLeft() throws Exception {
        Path big = Files.createDirectories(temp.resolve("big"));
        try (RandomAccessFile file = new RandomAccessFile(big.resolve("weights.bin").toFile(), "rw")) {
            file.setLength(300L * 1024 * 1024);
        }
        Process process = uploader("model1", big, "doomed");
        Instant future = Instant.now().plus(Duration.ofDays(1));
        boolean copying = false;
        for (int i = 0; i < 2400 && !copying && process.isAlive(); i++) {
            Thread.sleep(5);
            copying = !store.abandonedUploads(future).isEmpty();
        }
        assertThat(copying).as("the child was caught uploading").isTrue();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL on Linux

        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of())).isEmpty();
        ArtifactVersion next = manager.upload("model1", Environment.DEV, folder("small", Map.of("f", "x")), Map.of(),
                Progress.NONE);
        assertThat(next.id()).isEqualTo("model1/dev/1");

        ModelManager later = manager("mlops", Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC));
        GarbageReport dry = later.collectGarbage(Duration.ofHours(1), true);
        assertThat(dry.abandonedUploads()).isPositive();
        assertThat(store.abandonedUploads(future)).as("a dry run removes nothing").isNotEmpty();
        GarbageReport report = later.collectGarbage(Duration.ofHours(1), false);
        assertThat(report.abandonedUploads()).isEqualTo(dry.abandonedUploads());
        assertThat(store.abandonedUploads(future)).isEmpty();
        manager.download("model1", Environment.DEV, OptionalInt.empty(), temp.resolve("out"), false, Progress.NONE);
        assertThat(temp.resolve("out/f")).hasContent("x");
    }

    @Test
    void sixteenThreadsPromotingOneVersionAtOnceMakeOne() throws Exception {
        manager.upload("model1", Environment.DEV, folder("a", Map.of("f", "x")), Map.of(), Progress.NONE);
        int promoters = 16;
        CyclicBarrier start = new CyclicBarrier(promoters);
        ExecutorService pool = Executors.newFixedThreadPool(promoters);
        List<Future<Promotion>> promotions = new ArrayList<>();
        for (int i = 0; i < promoters; i++) {
            promotions.add(pool.submit(() -> {
                start.await();
                return manager.promote("model1", Environment.TEST, OptionalInt.of(1));
            }));
        }
        int created = 0;
        for (Future<Promotion> promotion : promotions) {
            Promotion done = promotion.get(60, TimeUnit.SECONDS);
            assertThat(done.version().id()).isEqualTo("model1/test/1");
            created += done.created() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(manager.overview(Optional.of("model1"), Optional.of(Environment.TEST), Map.of()))
                .extracting(ArtifactVersion::id).containsExactly("model1/test/1");
    }

    @Test
    void aDatasetMayBeNamedLikeAnythingTheStoreKeepsForItself() throws Exception {
        Path shared = folder("a", Map.of("weights.bin", "shared content"));
        ModelManager blobs = manager("blobs", Clock.systemUTC());
        ModelManager later = manager("mlops", Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        blobs.upload("model1", Environment.DEV, shared, Map.of(), Progress.NONE);
        manager.upload("model1", Environment.DEV, shared, Map.of(), Progress.NONE);

        later.delete("model1", Environment.DEV, 1, VersionsInUse.NONE);

        assertThat(blobs.overview(Optional.empty(), Optional.empty(), Map.of())).extracting(ArtifactVersion::id)
                .containsExactly("model1/dev/1");
        blobs.download("model1", Environment.DEV, OptionalInt.empty(), temp.resolve("out"), false, Progress.NONE);
        assertThat(temp.resolve("out/weights.bin")).hasContent("shared content");
    }

    @Test
    void recordsAddedOrEditedByHandAreReportedByNameAndNeverListedOrNumberedFrom() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        ArtifactVersion first = manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        ArtifactVersion second = manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        String folder = "datasets/mlops/versions/model1/dev/";
        byte[] record = store.read(folder + "2.json").orElseThrow();
        store.createIfAbsent(folder + "999999999.json", new String(record, StandardCharsets.UTF_8)
                .replaceAll("\"version\"\\s*:\\s*2,", "\"version\" : 999999999,").getBytes(StandardCharsets.UTF_8));
        store.createIfAbsent(folder + "3.json", record);
        store.createIfAbsent(folder + "notes.txt", "hello".getBytes(StandardCharsets.UTF_8));

        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of())).extracting(ArtifactVersion::id)
                .containsExactly(first.id(), second.id());
        assertThat(manager.damaged(Optional.empty(), Optional.empty())).containsExactlyInAnyOrder(
                "model1/dev/notes.txt is not a version record (records are <number>.json); it was put there by hand",
                "model1/dev/999999999 follows a gap (there is no record or deletion mark for versions 4 to 999999998):"
                        + " records were added or removed by hand; it is ignored until the gap is mended",
                "the record of model1/dev/3 says it is model1/dev/2 in dataset mlops; it was copied or edited by"
                        + " hand");
        assertThat(manager.latest("model1", Environment.DEV)).contains(second);
        assertThatThrownBy(() -> manager.find("model1", Environment.DEV, 3)).hasMessage("the record of model1/dev/3"
                + " says it is model1/dev/2 in dataset mlops; it was copied or edited by hand");
        assertThat(manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE).id())
                .isEqualTo("model1/dev/4");
    }

    @Test
    void aDeletedVersionsNumberIsNeverGivenAgain() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        manager.delete("model1", Environment.DEV, 2, VersionsInUse.NONE);

        assertThat(manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE).id())
                .isEqualTo("model1/dev/3");
        assertThat(manager.damaged(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void aBundleStoredForAClustersPodsIsStoredOnceAndKeptByGarbageCollection() throws Exception {
        Path bundle = Files.writeString(temp.resolve("model1-prediction-test-1.bundle"), "bundle bytes");
        String sha256 = manager.storeBundle(bundle);
        assertThat(manager.storeBundle(bundle)).isEqualTo(sha256);
        assertThat(store.hasBlob(sha256)).isTrue();
        ModelManager later = manager("mlops", Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC));
        assertThat(later.collectGarbage(Duration.ofHours(1), false).blobs()).isZero();
        try (InputStream in = store.openBlob(sha256)) {
            assertThat(in.readAllBytes()).isEqualTo("bundle bytes".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void garbageCollectionRemovesOnlyUnreferencedContentOlderThanTheGrace() throws Exception {
        manager.upload("model1", Environment.DEV, folder("a", Map.of("kept", "k")), Map.of(), Progress.NONE);
        manager.upload("model1", Environment.DEV, folder("b", Map.of("doomed", "d".repeat(3000))), Map.of(),
                Progress.NONE);
        ModelManager later = manager("mlops", Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        // Deleting with a clock that says the content is fresh leaves it: then only collection can free it.
        manager("mlops", Clock.systemUTC()).delete("model1", Environment.DEV, 2, VersionsInUse.NONE);
        long before = storedBytes();

        assertThat(manager("mlops", Clock.systemUTC()).collectGarbage(Duration.ofHours(1), false).blobs())
                .as("within the grace period nothing goes").isZero();
        GarbageReport dry = later.collectGarbage(Duration.ofHours(1), true);
        assertThat(dry.blobs()).isEqualTo(2);
        assertThat(storedBytes()).isEqualTo(before);
        GarbageReport report = later.collectGarbage(Duration.ofHours(1), false);
        assertThat(report.blobs()).isEqualTo(2);
        assertThat(report.bytes()).isGreaterThanOrEqualTo(3000);
        assertThat(storedBytes()).isLessThan(before - 3000 + 1);
        manager.download("model1", Environment.DEV, OptionalInt.empty(), temp.resolve("out"), false, Progress.NONE);
        assertThat(temp.resolve("out/kept")).hasContent("k");
    }

    @Test
    void largeFilesGoUpAndComeDownIntactAndAreStoredOnce() throws Exception {
        Path artifact = Files.createDirectories(temp.resolve("large"));
        byte[] content = new byte[20 * 1024 * 1024 + 12345];
        new java.util.Random(7).nextBytes(content);
        Files.write(artifact.resolve("weights.bin"), content);
        Files.write(artifact.resolve("small.txt"), new byte[] {1, 2, 3});
        long[] reported = new long[1];

        ArtifactVersion version = manager.upload("model1", Environment.DEV, artifact, Map.of(), bytes -> {
            synchronized (reported) {
                reported[0] += bytes;
            }
        });
        manager.upload("model1", Environment.TEST, artifact, Map.of(), Progress.NONE);

        assertThat(reported[0]).isEqualTo(content.length + 3);
        assertThat(storedBytes()).isLessThan(2L * content.length);
        manager.download("model1", Environment.DEV, OptionalInt.empty(), temp.resolve("out"), false, Progress.NONE);
        assertThat(Files.readAllBytes(temp.resolve("out/weights.bin"))).isEqualTo(content);
        assertThat(version.size()).isEqualTo(content.length + 3);
    }

    private static VersionsInUse platform(String where, List<String> serving) {
        return new VersionsInUse() {
            @Override
            public List<String> deploymentsOf(ArtifactVersion version) {
                return serving;
            }

            @Override
            public String where() {
                return where;
            }
        };
    }

    @Test
    void aVersionServedFromAnotherMachineSharingTheStoreCannotBeDeleted() throws Exception {
        ArtifactVersion version = manager.upload("model1", Environment.DEV, folder("a", Map.of("f", "x")), Map.of(),
                Progress.NONE);
        String laptop = "the local platform on laptop in /home/ann/.mlops/local";
        manager.recordServing(version.id(), version.sha256(), "model1-prediction-dev-1", laptop);

        assertThatThrownBy(() -> manager.delete("model1", Environment.DEV, 1, platform("the local platform on ci in"
                + " /runner/.mlops/local", List.of()))).isInstanceOf(RegistryException.class)
                .hasMessage("model1/dev/1 is in use by model1-prediction-dev-1 (" + laptop + ", since"
                        + " 2026-11-22T10:00:00Z); remove those deployments first");

        // Asked on the laptop itself, whose platform no longer serves it (removed by hand): the note is stale.
        manager.delete("model1", Environment.DEV, 1, platform(laptop, List.of()));
        assertThat(manager.overview(Optional.empty(), Optional.empty(), Map.of())).isEmpty();
    }

    @Test
    void aForgottenOrForeignServingNoteBlocksNothing() throws Exception {
        ArtifactVersion version = manager.upload("model1", Environment.DEV, folder("a", Map.of("f", "x")), Map.of(),
                Progress.NONE);
        VersionsInUse elsewhere = platform("the local platform on ci in /runner/.mlops/local", List.of());
        // A dev deployment of a local folder serves other content under the same id: nothing is noted.
        manager.recordServing(version.id(), "0".repeat(64), "model1-prediction-dev-1", "laptop");
        manager.recordServing(version.id(), version.sha256(), "model1-prediction-dev-2", "laptop");
        manager.forgetServing(version.id(), "model1-prediction-dev-2", "laptop");

        assertThat(manager.delete("model1", Environment.DEV, 1, elsewhere).id()).isEqualTo("model1/dev/1");
    }

    @Test
    void summariesOfManyVersionsAreUsedOnlyWhileTheRecordsAreUnchanged() throws Exception {
        Path artifact = folder("a", Map.of("f", "x"));
        for (int i = 1; i <= 60; i++) {
            manager.upload("model1", Environment.DEV, artifact, Map.of("run", Integer.toString(i)), Progress.NONE);
        }
        assertThat(store.listAll("datasets/mlops/versions/model1/")).as("the 50th upload summarises")
                .containsKey("summaries/dev-50.json");
        List<ArtifactVersion> first = manager.overview(Optional.empty(), Optional.empty(), Map.of());
        assertThat(first).hasSize(60);

        String record = "datasets/mlops/versions/model1/dev/5.json";
        String edited = new String(store.read(record).orElseThrow(), StandardCharsets.UTF_8)
                .replaceAll("\"version\"\\s*:\\s*5,", "\"version\" : 55,");
        assertThat(edited).contains("55");
        store.delete(record);
        store.createIfAbsent(record, edited.getBytes(StandardCharsets.UTF_8));
        ModelManager another = manager("mlops", Clock.systemUTC());

        assertThat(another.overview(Optional.empty(), Optional.empty(), Map.of())).hasSize(59)
                .isEqualTo(first.stream().filter(v -> v.version() != 5).toList());
        assertThat(another.damaged(Optional.empty(), Optional.empty())).containsExactly("the record of model1/dev/5"
                + " says it is model1/dev/55 in dataset mlops; it was copied or edited by hand");
        manager.upload("model1", Environment.DEV, artifact, Map.of(), Progress.NONE);
        assertThat(another.overview(Optional.of("model1"), Optional.of(Environment.DEV), Map.of())).hasSize(60);
    }
}
