package dev.mlops.bench;

import dev.mlops.core.store.LocalArtifactStore;
import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.store.Progress;
import dev.mlops.core.naming.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The Model Manager against {@code cp -r} on the same machine in the same run: upload and download of a 1 GiB folder
 * (target: within 1.3x of cp), promotion of a 1 GiB and a 1 KiB artifact, and the overview of 10,000 versions
 * (target: under 300 ms).
 *
 * <p>Usage: {@code RegistryBench WORK_FOLDER [GiB]}
 */
public final class RegistryBench {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        double gib = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Path big = work.resolve("artifact");
        long bytes = (long) (gib * 1024 * 1024 * 1024);
        writeFolder(big, bytes);
        // The disk of a shared machine slows as gigabytes are written (burst limits): whatever runs last in a round
        // looks slow. So each round runs the three in another order, and the medians are compared.
        ModelManager manager = new ModelManager(new LocalArtifactStore(work.resolve("store")), "mlops",
                Clock.systemUTC(), "bench");
        manager.upload("big", Environment.DEV, big, Map.of(), Progress.NONE);
        int rounds = 5;
        double[] cp = new double[rounds];
        double[] upload = new double[rounds];
        double[] download = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (int step = 0; step < 3; step++) {
                int round0 = round;
                switch ((round + step) % 3) {
                    case 0 -> {
                        Path copy = work.resolve("copy");
                        cp[round] = seconds(() -> run("cp", "-r", big.toString(), copy.toString()));
                        delete(copy);
                    }
                    case 1 -> {
                        Path store = work.resolve("fresh-store");
                        ModelManager fresh = new ModelManager(new LocalArtifactStore(store), "mlops",
                                Clock.systemUTC(), "bench");
                        upload[round] = seconds(() -> fresh.upload("big", Environment.DEV, big, Map.of(),
                                Progress.NONE));
                        delete(store);
                    }
                    default -> {
                        Path downloaded = work.resolve("downloaded");
                        download[round0] = seconds(() -> manager.download("big", Environment.DEV,
                                OptionalInt.empty(), downloaded, false, Progress.NONE));
                        delete(downloaded);
                    }
                }
            }
        }
        double cpMedian = median(cp);
        double uploadMedian = median(upload);
        double downloadMedian = median(download);
        double promoteBig = seconds(() -> manager.promote("big", Environment.TEST, OptionalInt.empty()));
        Path small = work.resolve("small");
        Files.createDirectories(small);
        Files.write(small.resolve("weights.bin"), new byte[1024]);
        manager.upload("small", Environment.DEV, small, Map.of(), Progress.NONE);
        double promoteSmall = seconds(() -> manager.promote("small", Environment.TEST, OptionalInt.empty()));

        long start = System.nanoTime();
        for (int model = 0; model < 100; model++) {
            for (int version = 0; version < 100; version++) {
                manager.upload("model" + model, Environment.DEV, small, Map.of("run", Integer.toString(version)),
                        Progress.NONE);
            }
        }
        double filling = (System.nanoTime() - start) / 1e9;
        double[] overview = new double[7];
        int count = 0;
        for (int i = 0; i < overview.length; i++) {
            long t = System.nanoTime();
            count = manager.overview(Optional.empty(), Optional.empty(), Map.of()).size();
            overview[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(overview);

        System.out.printf(Locale.ROOT, "model manager benchmark: %.2f GiB in 8 files, local store on the same disk;"
                + " each time from a flushed cache until its data is on disk (sync)%n",
                bytes / (1024.0 * 1024 * 1024));
        double cpBest = Arrays.stream(cp).min().orElseThrow();
        double uploadBest = Arrays.stream(upload).min().orElseThrow();
        double downloadBest = Arrays.stream(download).min().orElseThrow();
        System.out.printf(Locale.ROOT, "  cp -r     best %5.2f s, median %5.2f s of %s%n", cpBest, cpMedian,
                Arrays.toString(cp));
        System.out.printf(Locale.ROOT, "  upload    best %5.2f s, median %5.2f s of %s: %.2fx cp best, %.2fx cp median"
                + " (target <= 1.3x)%n", uploadBest, uploadMedian, Arrays.toString(upload), uploadBest / cpBest,
                uploadMedian / cpMedian);
        System.out.printf(Locale.ROOT, "  download  best %5.2f s, median %5.2f s of %s: %.2fx cp best, %.2fx cp median"
                + " (target <= 1.3x), every file verified%n", downloadBest, downloadMedian, Arrays.toString(download),
                downloadBest / cpBest, downloadMedian / cpMedian);
        System.out.printf(Locale.ROOT, "  promote 1 GiB    %6.1f ms; promote 1 KiB %6.1f ms%n", promoteBig * 1000,
                promoteSmall * 1000);
        System.out.printf(Locale.ROOT, "  versions         %6.1f ms median for %d versions (target < 300 ms); made in"
                + " %.1f s%n", overview[overview.length / 2], count, filling);
        delete(work);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(values[i] * 100) / 100.0;
        }
        return sorted[sorted.length / 2];
    }

    interface Work {
        Object run() throws Exception;
    }

    /** From a flushed page cache to the data on disk, so that no operation pays for another's writes. */
    static double seconds(Work work) throws Exception {
        run("sync");
        long start = System.nanoTime();
        work.run();
        run("sync");
        return (System.nanoTime() - start) / 1e9;
    }

    private static Object run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return null;
    }

    /** Eight files of random bytes: content that neither compresses nor deduplicates. */
    static void writeFolder(Path folder, long bytes) throws IOException {
        Files.createDirectories(folder.resolve("shards"));
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        for (int file = 0; file < 8; file++) {
            try (OutputStream out = Files.newOutputStream(folder.resolve("shards/part-" + file + ".bin"))) {
                for (long written = 0; written < bytes / 8; written += block.length) {
                    for (int i = 0; i < block.length; i += 8) {
                        long value = random.nextLong();
                        for (int b = 0; b < 8; b++) {
                            block[i + b] = (byte) (value >>> (8 * b));
                        }
                    }
                    out.write(block, 0, (int) Math.min(block.length, bytes / 8 - written));
                }
            }
        }
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

}
