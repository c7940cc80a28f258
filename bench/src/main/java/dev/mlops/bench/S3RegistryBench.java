package dev.mlops.bench;

import dev.mlops.core.registry.ModelManager;
import dev.mlops.core.naming.Environment;
import dev.mlops.core.store.ArtifactStore;
import dev.mlops.core.store.Progress;
import dev.mlops.core.store.S3Options;
import dev.mlops.core.store.StoreAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * The Model Manager on an S3 store against the AWS CLI ({@code aws s3 cp --recursive}) to the same S3 server in the
 * same run, interleaved: upload and download of a 1 GiB folder of 8 files (target: mlops no slower than the CLI in
 * both directions), promotion of 1 GiB and of 1 KiB (same time: no bytes are copied), and the overview of 10,000
 * versions (target: under 1 s). The server is S3Proxy, in this process, on loopback, keeping objects on disk.
 *
 * <p>Usage: {@code S3RegistryBench WORK_FOLDER [GiB] [rounds]}; needs Debian's {@code awscli} ({@code -Daws=} names another).
 */
public final class S3RegistryBench {

    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret-0123456789";
    private static final String BUCKET = "bench";
    /** Debian's awscli (version 2), which bench/registry.sh installs. */
    private static final String AWS = System.getProperty("aws", "/usr/bin/aws");

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        double gib = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path big = work.resolve("artifact");
        long bytes = (long) (gib * 1024 * 1024 * 1024);
        RegistryBench.writeFolder(big, bytes);

        Properties properties = new Properties();
        Path data = Files.createDirectories(work.resolve("s3"));
        properties.setProperty("jclouds.filesystem.basedir", data.toString());
        var blobStore = BlobStores.create("filesystem-nio2", properties);
        S3Proxy proxy = S3Proxy.builder().blobStore(blobStore).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        for (int i = 0; i < 1000 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(10);
        }
        blobStore.createContainer(BUCKET);
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        S3Options options = new S3Options(Optional.of(endpoint), Optional.of("us-east-1"), Optional.empty(),
                Optional.of(new S3Options.Keys(ACCESS, SECRET, "the bench's keys")))
                .withCache(work.resolve("cache"));
        try {
            ModelManager source = manager("source", options);
            source.upload("big", Environment.DEV, big, Map.of(), Progress.NONE);
            aws(endpoint, "s3", "cp", "--recursive", "--quiet", big.toString(), "s3://" + BUCKET + "/cli-source/");

            double[] mlopsUp = new double[rounds];
            double[] cliUp = new double[rounds];
            double[] mlopsDown = new double[rounds];
            double[] cliDown = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                int r = round;
                for (int step = 0; step < 4; step++) {
                    Path out = work.resolve("out");
                    switch ((round + step) % 4) {
                        case 0 -> {
                            ModelManager fresh = manager("up-" + r, options);
                            mlopsUp[r] = RegistryBench.seconds(() -> fresh.upload("big", Environment.DEV, big,
                                    Map.of(), Progress.NONE));
                        }
                        case 1 -> cliUp[r] = RegistryBench.seconds(() -> aws(endpoint, "s3", "cp", "--recursive",
                                "--quiet", big.toString(), "s3://" + BUCKET + "/cli-up-" + r + "/"));
                        case 2 -> mlopsDown[r] = RegistryBench.seconds(() -> source.download("big", Environment.DEV,
                                OptionalInt.empty(), out, false, Progress.NONE));
                        default -> cliDown[r] = RegistryBench.seconds(() -> aws(endpoint, "s3", "cp", "--recursive",
                                "--quiet", "s3://" + BUCKET + "/cli-source/", out.toString()));
                    }
                    RegistryBench.delete(out);
                }
                // Each round's uploads are removed so the server's disk holds the same each round.
                RegistryBench.delete(data.resolve(BUCKET).resolve("up-" + r));
                RegistryBench.delete(data.resolve(BUCKET).resolve("cli-up-" + r));
            }

            double promoteBig = RegistryBench.seconds(() -> source.promote("big", Environment.TEST,
                    OptionalInt.empty()));
            Path small = Files.createDirectories(work.resolve("small"));
            Files.write(small.resolve("weights.bin"), new byte[1024]);
            source.upload("small", Environment.DEV, small, Map.of(), Progress.NONE);
            double promoteSmall = RegistryBench.seconds(() -> source.promote("small", Environment.TEST,
                    OptionalInt.empty()));

            ModelManager many = manager("many", options);
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(16, r -> {
                Thread thread = new Thread(r, "bench-fill");
                thread.setDaemon(true);
                return thread;
            });
            List<Future<?>> uploads = new ArrayList<>();
            for (int model = 0; model < 100; model++) {
                String name = "model" + model;
                uploads.add(pool.submit(() -> {
                    for (int version = 0; version < 100; version++) {
                        many.upload(name, Environment.DEV, small, Map.of("run", Integer.toString(version)),
                                Progress.NONE);
                    }
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
            pool.shutdown();
            double filling = (System.nanoTime() - start) / 1e9;
            ArtifactStore listing = ArtifactStore.open(StoreAddress.parse("s3://" + BUCKET + "/many", Path.of(".")),
                    options);
            double[] lists = new double[3];
            for (int i = 0; i < lists.length; i++) {
                long t = System.nanoTime();
                listing.listAll("datasets/mlops/versions/");
                lists[i] = (System.nanoTime() - t) / 1e6;
            }
            // The very first overview reads the summaries the uploads left; a fresh CI runner (no copies of
            // its own) then reads the summaries; a machine that has looked before reads its copies.
            double firstEver = millis(() -> manager("many", options).overview(Optional.empty(), Optional.empty(),
                    Map.of()));
            double freshRunner = millis(() -> manager("many", options.withCache(work.resolve("cache-2")))
                    .overview(Optional.empty(), Optional.empty(), Map.of()));
            double[] overview = new double[5];
            int count = 0;
            for (int i = 0; i < overview.length; i++) {
                long t = System.nanoTime();
                count = manager("many", options).overview(Optional.empty(), Optional.empty(), Map.of()).size();
                overview[i] = (System.nanoTime() - t) / 1e6;
            }

            System.out.printf(Locale.ROOT, "model manager on S3 (S3Proxy, filesystem, loopback): %.2f GiB in 8"
                    + " files, %d rounds interleaved; each time from a flushed cache until its data is on disk%n",
                    bytes / (1024.0 * 1024 * 1024), rounds);
            line("upload   mlops", mlopsUp, cliUp);
            line("upload   aws  ", cliUp, null);
            line("download mlops", mlopsDown, cliDown);
            line("download aws  ", cliDown, null);
            System.out.printf(Locale.ROOT, "  promote 1 GiB %6.1f ms; promote 1 KiB %6.1f ms (no bytes copied)%n",
                    promoteBig * 1000, promoteSmall * 1000);
            System.out.printf(Locale.ROOT, "  versions of %d: %.1f ms the first time ever (from the summaries"
                    + " the uploads left), %.1f ms on a fresh CI runner (summaries, no copies), %.1f ms median of %s"
                    + " where it looked before (target < 1000 ms); made in %.1f s%n", count, firstEver, freshRunner,
                    median(overview), Arrays.toString(round(overview)), filling);
            System.out.printf(Locale.ROOT, "  one listing of all 10,000 records at once, for comparison: %s ms"
                    + " (S3Proxy lists about 0.3 ms a key)%n",
                    Arrays.toString(round(lists)));
        } finally {
            proxy.stop();
            RegistryBench.delete(work);
        }
    }

    private static ModelManager manager(String prefix, S3Options options) throws IOException {
        return new ModelManager(ArtifactStore.open(StoreAddress.parse("s3://" + BUCKET + "/" + prefix, Path.of(".")),
                options), "mlops", Clock.systemUTC(), "bench");
    }

    private static void line(String what, double[] times, double[] against) {
        double median = median(times);
        System.out.printf(Locale.ROOT, "  %s median %6.2f s of %s%s%n", what, median, Arrays.toString(round(times)),
                against == null ? "" : String.format(Locale.ROOT, ": %.2fx the AWS CLI (target <= 1.0x)",
                        median / median(against)));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 100) / 100.0).toArray();
    }

    private static double millis(RegistryBench.Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static Object aws(URI endpoint, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS, "--endpoint-url", endpoint.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
        return null;
    }
}
