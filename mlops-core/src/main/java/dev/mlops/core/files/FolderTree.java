package dev.mlops.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The regular files of a folder, at any depth, in a stable order, with their SHA-256 and a digest of the whole
 * folder. A symbolic link is followed only while it stays inside the folder; one that points outside is refused by
 * name, so an artifact can never carry files from elsewhere on the machine.
 *
 * @param root  the folder
 * @param files its files, sorted by relative path (with {@code /} separators)
 */
public record FolderTree(Path root, List<Entry> files) {

    /**
     * A file of the folder.
     *
     * @param path   relative path with {@code /} separators
     * @param size   bytes
     * @param sha256 lower-case hex SHA-256 of the content
     */
    public record Entry(String path, long size, String sha256) {
    }

    /**
     * @param root a folder
     * @return its files with their digests
     * @throws IOException when a file cannot be read, or {@link IllegalArgumentException} for a link that leaves
     *                     the folder
     */
    public static FolderTree of(Path root) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Long> file : list(root).entrySet()) {
            entries.add(new Entry(file.getKey(), file.getValue(), sha256(root.resolve(file.getKey()))));
        }
        return new FolderTree(root, List.copyOf(entries));
    }

    /**
     * A folder's files, in order, without reading them: where each is and how big.
     *
     * @param root a folder
     * @return relative paths (with {@code /}) to sizes, sorted by path
     * @throws IllegalArgumentException for a link that leaves the folder
     */
    public static java.util.SortedMap<String, Long> list(Path root) throws IOException {
        Path real = root.toRealPath();
        java.util.SortedMap<String, Long> files = new java.util.TreeMap<>();
        // A file with more names than the folder holds is a hard link to something outside it.
        Map<Object, Integer> namesInside = new java.util.HashMap<>();
        Map<Object, String> firstName = new java.util.HashMap<>();
        Map<Object, Integer> links = new java.util.HashMap<>();
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(file) && !file.toRealPath().startsWith(real)) {
                    throw new IllegalArgumentException("'" + relative(root, file) + "' in " + root + " is a"
                            + " symbolic link to " + file.toRealPath() + ", outside the folder; copy the file in"
                            + " or remove the link");
                }
                if (Files.isRegularFile(file)) {
                    files.put(relative(root, file), Files.size(file));
                    if (!Files.isSymbolicLink(file)) {
                        countLinks(root, file, namesInside, firstName, links);
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.nio.file.FileSystemLoopException loop) {
                throw new IllegalArgumentException("'" + relative(root, Path.of(loop.getFile())) + "' in " + root
                        + " is a symbolic link that leads back into its own folder (a loop); remove the link");
            }
            throw e.getCause();
        }
        for (Map.Entry<Object, Integer> inode : links.entrySet()) {
            if (inode.getValue() > namesInside.get(inode.getKey())) {
                throw new IllegalArgumentException("'" + firstName.get(inode.getKey()) + "' in " + root + " is a"
                        + " hard link shared with a file outside the folder; copy the file in or remove the link");
            }
        }
        return files;
    }

    private static void countLinks(Path root, Path file, Map<Object, Integer> namesInside,
                                   Map<Object, String> firstName, Map<Object, Integer> links) throws IOException {
        int count;
        Object key;
        try {
            count = ((Number) Files.getAttribute(file, "unix:nlink")).intValue();
            key = List.of(Files.getAttribute(file, "unix:dev"), Files.getAttribute(file, "unix:ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no link counts on this file system
        }
        if (count > 1) {
            namesInside.merge(key, 1, Integer::sum);
            firstName.putIfAbsent(key, relative(root, file));
            links.put(key, count);
        }
    }

    /**
     * @param files the files of a folder with their digests, in any order
     * @return the tree of those files, in order
     */
    public static FolderTree of(Path root, List<Entry> files) {
        List<Entry> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(Entry::path));
        return new FolderTree(root, List.copyOf(sorted));
    }

    /**
     * @return the SHA-256 of the folder: of each file's relative path and SHA-256, in order; equal folders have equal
     *         digests whatever their location or file times
     */
    public String sha256() {
        MessageDigest digest = newDigest();
        for (Entry entry : files) {
            digest.update((entry.path() + "\0" + entry.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * @return bytes of all files
     */
    public long size() {
        return files.stream().mapToLong(Entry::size).sum();
    }

    /**
     * @param file a file
     * @return lower-case hex SHA-256 of its content
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
